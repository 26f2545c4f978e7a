//! Who and what the Questionnaire is: its canonical `url` and `version` (so a response names
//! the form it answers), status, dates, publisher, jurisdiction and copyright; the warnings
//! that name the key to set where a site or tree gives none.

use super::Codes;
use crate::diagnostics::{Diagnostic, Severity};
use crate::site::Site;
use crate::tree::{Node, Tree};
use serde_json::{Value, json};

/// The SDC profile the export follows (behaviour: enableWhen, calculations, variables).
const PROFILE: &str = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-behave";

/// The export's canonical URL (when the site has a `base_url`) and code system bases.
pub(super) struct Names {
    /// `<base_url>/checks/<slug>`.
    pub url: Option<String>,
    /// Base of this tree's own code systems (answers, variables).
    tree_base: String,
    /// Base of the site's code systems (care levels, findings).
    site_base: String,
}

impl Names {
    pub(super) fn of(site: &Site, tree: &Tree) -> Names {
        let slug = tree.slug();
        let base = site
            .config
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/').to_string());
        let url = base.as_ref().map(|b| format!("{b}/checks/{slug}"));
        let site_base = match (&site.config.fhir.code_system, &base) {
            (Some(system), _) => system.trim_end_matches('/').to_string(),
            (None, Some(base)) => format!("{base}/fhir"),
            (None, None) => "urn:carepath".into(),
        };
        Names {
            tree_base: url
                .clone()
                .unwrap_or_else(|| format!("urn:carepath:{slug}")),
            url,
            site_base,
        }
    }

    pub(super) fn codes(&self) -> Codes {
        let join = |base: &str, name: &str| {
            if base.starts_with("urn:") {
                format!("{base}:{name}")
            } else {
                format!("{base}/{name}")
            }
        };
        Codes {
            answers: join(&self.tree_base, "answers"),
            variables: join(&self.tree_base, "variables"),
            care: join(&self.site_base, "care-level"),
            pages: join(&self.site_base, "page"),
        }
    }
}

/// The resource, with `version` the tree's or the start of a SHA-256 of the rest.
pub(super) fn resource(
    site: &Site,
    tree: &Tree,
    names: &Names,
    variables: Vec<Value>,
    items: Vec<Value>,
) -> Value {
    let slug = tree.slug();
    let fhir = &site.config.fhir;
    let mut q = json!({"resourceType": "Questionnaire", "id": fhir_id(&slug)});
    q["meta"] = json!({"profile": [PROFILE]});
    if !variables.is_empty() {
        q["extension"] = Value::Array(variables);
    }
    if let Some(url) = &names.url {
        q["url"] = json!(url);
    }
    q["version"] = json!("");
    q["name"] = json!(computable_name(&slug));
    q["title"] = json!(tree.title);
    q["status"] = json!(tree.status.as_deref().unwrap_or("active"));
    q["date"] = json!(tree.reviewed.to_string());
    if let Some(publisher) = &fhir.publisher {
        q["publisher"] = json!(publisher);
    }
    q["description"] = json!(tree.summary);
    if let Some(place) = &fhir.jurisdiction {
        q["jurisdiction"] =
            json!([{"coding": [{"system": "urn:iso:std:iso:3166", "code": place}]}]);
    }
    if let Some(copyright) = &fhir.copyright {
        q["copyright"] = json!(copyright);
    }
    q["lastReviewDate"] = json!(tree.reviewed.to_string());
    q["effectivePeriod"] =
        json!({"start": tree.reviewed.to_string(), "end": tree.next_review.to_string()});
    q["item"] = Value::Array(items);
    let version = match &tree.version {
        Some(v) => v.clone(),
        None => {
            let hash = crate::signoff::hash(&q.to_string());
            hash.trim_start_matches("sha256:")
                .chars()
                .take(12)
                .collect()
        }
    };
    q["version"] = json!(version);
    q
}

/// The keys a site or tree leaves unset, said once each, and answers coded from their labels.
pub(super) fn warnings(site: &Site, tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let config = &site.config;
    let missing: Vec<&str> = [
        ("base_url", config.base_url.is_none()),
        ("[fhir] publisher", config.fhir.publisher.is_none()),
        ("[fhir] jurisdiction", config.fhir.jurisdiction.is_none()),
        ("[fhir] copyright", config.fhir.copyright.is_none()),
    ]
    .into_iter()
    .filter_map(|(key, gone)| gone.then_some(key))
    .collect();
    if !missing.is_empty() {
        let path = std::path::Path::new(crate::paths::CONTENT_DIR).join(crate::paths::CONFIG_FILE);
        out.push(Diagnostic {
            path,
            line: 1,
            col: 1,
            severity: Severity::Warning,
            message: format!(
                "the FHIR export leaves out what these keys would give: set {} in site.toml (without `base_url` the Questionnaire has no `url`, so a response cannot name the form it answers)",
                missing.join(", ")
            ),
        });
    }
    let (path, text) = tree.located();
    let src = crate::diagnostics::Located { path: &path, text };
    if tree.status.is_none() {
        out.push(src.warning(0, "the FHIR export gives this tree the status `active`: set `status = \"draft\"` (or `\"active\"`, `\"retired\"`) in the tree to say it"));
    }
    let derived: Vec<(&Node, &crate::tree::Answer)> = logic_nodes(tree)
        .flat_map(|n| n.answers.iter().map(move |a| (n, a)))
        .filter(|(n, a)| n.checklist.is_none() && a.id_offset.is_none())
        .collect();
    if let Some((node, answer)) = derived.first() {
        out.push(src.warning(answer.label_offset, format!(
            "{} answers have no `id`, so their FHIR codes come from their labels (this one is `{}:{}`): reordering answers keeps the codes, but rewording a label changes the code, and stored responses then mean something else; give each answer an `id`",
            derived.len(), node.id, answer.key)));
    }
    out
}

fn logic_nodes(tree: &Tree) -> impl Iterator<Item = &Node> {
    super::logic::ordered(tree).into_iter()
}

/// A FHIR `id`: letters, digits, `-` and `.`, at most 64 characters.
fn fhir_id(slug: &str) -> String {
    let id: String = slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if id.is_empty() { "tree".into() } else { id }
}

/// A computable `name`: starts with a capital letter, then letters and digits.
fn computable_name(slug: &str) -> String {
    let name = super::logic::ident(slug);
    match name.chars().next() {
        Some(c) if c.is_ascii_uppercase() => name,
        _ => format!("Tree{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_fhir_rules() {
        assert_eq!(
            computable_name("back-pain-after-sleeping"),
            "BackPainAfterSleeping"
        );
        assert_eq!(computable_name("2-step"), "Tree2Step");
        assert_eq!(fhir_id("back pain_x"), "back-pain-x");
    }
}

//! Synthetic sites for benchmarks and scale tests: `articles` cause pages and one balanced
//! binary decision tree of `nodes` questions, written into a folder as a content designer would.

use crate::fs;
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;

mod floor;
mod hugo;
mod leaflets;
mod photos;
pub use floor::floor;
pub use hugo::write_hugo_site;
pub use leaflets::{leaflet, write_leaflet_site, write_translated_leaflet_site};
pub use photos::{photo, write_photo_site};

const DATES: &str = "reviewed = 2026-01-01\nnext_review = 2099-01-01\n";
const SOURCE: &str = "[[sources]]\ntitle = \"Back pain\"\npublisher = \"NHS website\"\nurl = \"https://www.nhs.uk/conditions/back-pain/\"\naccessed = 2026-01-01\n";

/// Writes a site with `articles` cause pages and a tree of `nodes` questions into `dir`. It
/// prints no leaflets: it measures and tests the pages (the leaflets have their own corpus,
/// [`write_leaflet_site`]), and typesetting thousands of them would swamp what it is for.
pub fn write_site(dir: &Path, articles: usize, nodes: usize) -> Result<()> {
    let content = dir.join("content");
    fs::write(
        &content.join("site.toml"),
        b"title = \"Synthetic\"\nemergency_number = \"999\"\nprint = { enabled = false }\n",
    )?;
    let mut index = format!(
        "+++\ntitle = \"Synthetic\"\nsummary = \"A generated site.\"\n{DATES}+++\n## Causes\n\n"
    );
    for i in 0..articles {
        let _ = writeln!(index, "- [Cause {i}](causes/c{i}.md)");
        fs::write(
            &content.join(format!("causes/c{i}.md")),
            article(i).as_bytes(),
        )?;
    }
    fs::write(&content.join("index.md"), index.as_bytes())?;
    write_outcomes(&content)?;
    fs::write(
        &content.join("checks/synthetic.toml"),
        tree(nodes, articles).as_bytes(),
    )?;
    Ok(())
}

fn article(i: usize) -> String {
    format!(
        "+++\ntitle = \"Cause {i}\"\nsummary = \"Cause number {i}.\"\n{DATES}care = \"gp\"\nalso_called = [\"Other name {i}\"]\n{SOURCE}+++\n\
         ## What it is\n\nThis is a short page. It has a few plain sentences. You can read it fast.\n\n\
         ## What you can do\n\n- Rest a little.\n- Keep moving.\n\n| Sign | Do |\n|---|---|\n| Pain | Rest |\n\n\
         ## When to get help\n\nSee a [GP](../outcomes/gp.md#top) if it does not get better.[^1]\n\n[^1]: Or call 111.\n"
    )
    .replace("#top", "")
}

/// The three outcome pages every synthetic site ends its paths on.
pub(crate) fn write_outcomes(content: &Path) -> Result<()> {
    for care in ["emergency", "gp", "self-care"] {
        let text = format!(
            "+++\ntitle = \"Go: {care}\"\nsummary = \"What to do.\"\n{DATES}care = \"{care}\"\n{SOURCE}+++\nDo this now.\n"
        );
        fs::write(
            &content.join(format!("outcomes/{care}.md")),
            text.as_bytes(),
        )?;
    }
    Ok(())
}

/// A balanced binary tree: node `n` leads to `2n+1` and `2n+2`; the last level ends on outcomes.
/// The first node is the red-flag screen, with one more answer that leads to the emergency page.
pub fn tree(nodes: usize, articles: usize) -> String {
    let mut out =
        format!("title = \"Synthetic check\"\nsummary = \"Generated.\"\nstart = \"n0\"\n{DATES}");
    for n in 0..nodes {
        let _ = write!(out, "\n[nodes.n{n}]\nquestion = \"Question {n}?\"\n");
        if n == 0 {
            // The screen: its warning answer leads to the emergency page.
            out.push_str("red_flag = true\n\n[[nodes.n0.answers]]\nlabel = \"Yes, I have an emergency sign\"\nto = \"outcomes/emergency.md\"\n");
        }
        for (k, child) in [(1, 2 * n + 1), (2, 2 * n + 2)] {
            let to = if child < nodes {
                format!("n{child}")
            } else {
                "outcomes/self-care.md".to_string()
            };
            let cause = if articles > 0 {
                format!("\ncauses = [\"causes/c{}.md\"]", (n + k) % articles)
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "\n[[nodes.n{n}.answers]]\nlabel = \"Answer {k} to question {n}\"\nto = \"{to}\"{cause}\n"
            );
        }
    }
    out
}

/// Writes a site whose only tree is a chain of `questions` questions (each can end the path or
/// go on), with `settings` appended to `site.toml` (e.g. `tree_page_budget = 100000`).
pub fn write_chain_site(dir: &Path, questions: usize, settings: &str) -> Result<()> {
    write_site(dir, 0, 1)?;
    let content = dir.join("content");
    fs::write(
        &content.join("site.toml"),
        format!("title = \"Synthetic\"\nemergency_number = \"999\"\n{settings}\n").as_bytes(),
    )?;
    fs::write(
        &content.join("checks/synthetic.toml"),
        chain(questions).as_bytes(),
    )
}

/// A chain: question `n` either ends (GP) or leads to `n+1`; the last leads to self-care.
pub fn chain(questions: usize) -> String {
    let mut out =
        format!("title = \"Synthetic chain\"\nsummary = \"Generated.\"\nstart = \"n0\"\n{DATES}");
    for n in 0..questions {
        let _ = write!(out, "\n[nodes.n{n}]\nquestion = \"Question {n}?\"\n");
        if n == 0 {
            out.push_str("red_flag = true\n");
        }
        let (stop, go) = if n == 0 {
            ("outcomes/emergency.md", "outcomes/self-care.md")
        } else {
            ("outcomes/gp.md", "outcomes/self-care.md")
        };
        let next = if n + 1 < questions {
            format!("n{}", n + 1)
        } else {
            go.to_string()
        };
        let _ = write!(
            out,
            "\n[[nodes.n{n}.answers]]\nlabel = \"Stop at question {n}\"\nto = \"{stop}\"\n\n[[nodes.n{n}.answers]]\nlabel = \"Go on from question {n}\"\nto = \"{next}\"\n"
        );
    }
    out
}

/// Writes a site whose tree has `nodes` nodes in a balanced binary layout, every other one a
/// 3-sign checklist ("2 or more") whose rule records a finding; the page budget is raised to
/// `budget`.
pub fn write_checklist_site(dir: &Path, nodes: usize, budget: usize) -> Result<()> {
    write_site(dir, 0, 1)?;
    let content = dir.join("content");
    fs::write(
        &content.join("site.toml"),
        format!("title = \"Synthetic\"\nemergency_number = \"999\"\ntree_page_budget = {budget}\n")
            .as_bytes(),
    )?;
    for i in 0..10 {
        let text = format!(
            "+++\ntitle = \"Finding {i}\"\nsummary = \"What to do.\"\n{DATES}care = \"gp\"\n{SOURCE}+++\nSee a GP.\n"
        );
        fs::write(&content.join(format!("findings/f{i}.md")), text.as_bytes())?;
    }
    fs::write(
        &content.join("checks/synthetic.toml"),
        checklist_tree(nodes).as_bytes(),
    )
}

/// A red-flag screen, then `nodes` nodes where node `n` leads to `2n+1` and `2n+2` (the last
/// level ends on outcomes): even nodes are checklists whose rule records a finding, odd nodes
/// questions whose first answer does.
pub fn checklist_tree(nodes: usize) -> String {
    let mut out = format!(
        "title = \"Synthetic checklists\"\nsummary = \"Generated.\"\nstart = \"screen\"\n{DATES}\n\
         [nodes.screen]\nquestion = \"Any emergency signs?\"\nred_flag = true\n\n\
         [[nodes.screen.answers]]\nlabel = \"Yes, I have one\"\nto = \"outcomes/emergency.md\"\n\n\
         [[nodes.screen.answers]]\nlabel = \"No, I have none\"\nto = \"n0\"\n"
    );
    let to = |child: usize, end: &str| {
        if child < nodes {
            format!("n{child}")
        } else {
            format!("outcomes/{end}.md")
        }
    };
    for n in 0..nodes {
        let (left, right) = (to(2 * n + 1, "gp"), to(2 * n + 2, "self-care"));
        let finding = format!("findings/f{}.md", n % 10);
        if n % 2 == 0 {
            let _ = write!(
                out,
                "\n[nodes.n{n}]\ntitle = \"Checklist {n}\"\nsigns = [\n"
            );
            for s in 0..3 {
                let _ = writeln!(
                    out,
                    "  {{ id = \"s{s}\", question = \"Sign {s} of list {n}?\", yes = \"Yes, I have sign {s}\", no = \"No, not sign {s}\" }},"
                );
            }
            let _ = write!(
                out,
                "]\n\n[[nodes.n{n}.rules]]\nat_least = 2\nrecord = \"{finding}\"\nto = \"{left}\"\n\n[nodes.n{n}.otherwise]\nto = \"{right}\"\n"
            );
        } else {
            let _ = write!(
                out,
                "\n[nodes.n{n}]\nquestion = \"Question {n}?\"\n\n[[nodes.n{n}.answers]]\nlabel = \"Yes to question {n}\"\nrecord = \"{finding}\"\nto = \"{left}\"\n\n[[nodes.n{n}.answers]]\nlabel = \"No to question {n}\"\nto = \"{right}\"\n"
            );
        }
    }
    out
}

//! Tree variables: small, typed values (`[variables] band = ["infant", "child"]`) that an answer
//! `set`s and later nodes use to choose a target (`to = { band = { infant = "a", child = "b" } }`)
//! or a line of text (`line = { band = { … } }`), so a band does not copy the tree. This module
//! holds the types, their TOML form and the checks that need no path: declared names, allowed
//! values, every value covered. Whether a variable is set on every path that uses it is checked
//! on the tree's states (see [`super::state`]).

use crate::diagnostics::{Diagnostic, Located};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_spanned::Spanned;
use std::collections::BTreeMap;
use std::fmt;

/// One declared variable and the values it may take.
#[derive(Debug, Clone)]
pub struct Variable {
    /// Its name.
    pub name: String,
    /// Offset of its name.
    pub offset: usize,
    /// Allowed values in the order written, each with its offset.
    pub values: Vec<(String, usize)>,
}

/// A value written once, or chosen by the value of a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice<T> {
    /// The same for every reader.
    One(T),
    /// Chosen by `var`'s value.
    By {
        /// The variable's name.
        var: String,
        /// Offset of the variable's name.
        offset: usize,
        /// `(value, offset of the value's key, what it chooses)`, in the order written.
        options: Vec<(String, usize, T)>,
    },
}

impl<T> Choice<T> {
    /// Every alternative, in the order written.
    pub fn all(&self) -> Vec<&T> {
        match self {
            Choice::One(t) => vec![t],
            Choice::By { options, .. } => options.iter().map(|(_, _, t)| t).collect(),
        }
    }

    /// The alternative for these variable values; `None` when the variable is unset or the
    /// value has no option (validation reports both).
    pub fn pick(&self, vars: &BTreeMap<&str, &str>) -> Option<&T> {
        match self {
            Choice::One(t) => Some(t),
            Choice::By { var, options, .. } => {
                let value = vars.get(var.as_str())?;
                options
                    .iter()
                    .find(|(v, _, _)| v == value)
                    .map(|(_, _, t)| t)
            }
        }
    }

    /// The variable it depends on, with its offset.
    pub fn var(&self) -> Option<(&str, usize)> {
        match self {
            Choice::One(_) => None,
            Choice::By { var, offset, .. } => Some((var, *offset)),
        }
    }

    /// The same choice with every alternative mapped.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Choice<U> {
        self.map_by(|_, t| f(t))
    }

    /// The same choice with every alternative mapped, knowing the variable's value that
    /// chooses it (`None` for a value written once).
    pub fn map_by<U>(self, mut f: impl FnMut(Option<&str>, T) -> U) -> Choice<U> {
        match self {
            Choice::One(t) => Choice::One(f(None, t)),
            Choice::By {
                var,
                offset,
                options,
            } => Choice::By {
                var,
                offset,
                options: (options.into_iter())
                    .map(|(v, o, t)| {
                        let u = f(Some(&v), t);
                        (v, o, u)
                    })
                    .collect(),
            },
        }
    }
}

/// An answer's `set = { band = "infant" }`: one variable given one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    /// The variable.
    pub var: String,
    /// Offset of the variable's name.
    pub var_offset: usize,
    /// The value.
    pub value: String,
    /// Offset of the value.
    pub value_offset: usize,
}

/// A string, or `{ var = { value = "string", … } }`, as written in TOML.
#[derive(Debug)]
pub(super) enum RawChoice {
    One(String),
    By(Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawChoice;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, or a table naming one variable and a string per value, such as `{ band = { infant = \"a\", child = \"b\" } }`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawChoice, E> {
                Ok(RawChoice::One(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawChoice, A::Error> {
                let Some(var) = map.next_key::<Spanned<String>>()? else {
                    return Err(de::Error::custom(
                        "name the variable that chooses, such as `{ band = { infant = \"a\", child = \"b\" } }`",
                    ));
                };
                let options = map.next_value()?;
                if map.next_key::<Spanned<String>>()?.is_some() {
                    return Err(de::Error::custom("a choice depends on one variable only"));
                }
                Ok(RawChoice::By(var, options))
            }
        }
        d.deserialize_any(V)
    }
}

impl RawChoice {
    /// The validated form, each alternative made by `f`.
    pub(super) fn into_choice<T>(self, mut f: impl FnMut(String) -> T) -> Choice<T> {
        match self {
            RawChoice::One(s) => Choice::One(f(s)),
            RawChoice::By(var, options) => Choice::By {
                offset: var.span().start,
                var: var.into_inner(),
                options: options
                    .into_iter()
                    .map(|(k, v)| (k.get_ref().clone(), k.span().start, f(v.into_inner())))
                    .collect(),
            },
        }
    }
}

/// The `[variables]` table as variables.
pub(super) fn declared(raw: BTreeMap<Spanned<String>, Vec<Spanned<String>>>) -> Vec<Variable> {
    raw.into_iter()
        .map(|(name, values)| Variable {
            offset: name.span().start,
            name: name.into_inner(),
            values: values
                .into_iter()
                .map(|v| (v.get_ref().clone(), v.span().start))
                .collect(),
        })
        .collect()
}

/// The `set` table of an answer.
pub(super) fn sets(raw: BTreeMap<Spanned<String>, Spanned<String>>) -> Vec<Set> {
    raw.into_iter()
        .map(|(k, v)| Set {
            var_offset: k.span().start,
            var: k.into_inner(),
            value_offset: v.span().start,
            value: v.into_inner(),
        })
        .collect()
}

/// Checks that need no path: declarations have values, each once; every `set` and choice names
/// a declared variable and its allowed values, and a choice covers every value.
pub(crate) fn check(tree: &super::Tree, src: Located<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for var in &tree.variables {
        if var.values.len() < 2 {
            diags.push(src.error(var.offset, format!("variable `{}` needs at least two values, such as `{} = [\"infant\", \"child\"]`", var.name, var.name)));
        }
        for (i, (value, at)) in var.values.iter().enumerate() {
            if var.values[..i].iter().any(|(v, _)| v == value) {
                diags.push(src.error(
                    *at,
                    format!("variable `{}` lists `{value}` twice", var.name),
                ));
            }
        }
    }
    for node in tree.nodes.values() {
        if let Some(line) = &node.line {
            check_choice(tree, src, line, &mut diags);
        }
        for answer in &node.answers {
            check_choice(tree, src, &answer.to, &mut diags);
            if let Some((record, _)) = &answer.record {
                check_choice(tree, src, record, &mut diags);
            }
            for set in &answer.set {
                check_value(
                    tree,
                    src,
                    (&set.var, set.var_offset),
                    (&set.value, set.value_offset),
                    &mut diags,
                );
            }
        }
    }
    diags
}

fn check_choice<T>(
    tree: &super::Tree,
    src: Located<'_>,
    choice: &Choice<T>,
    diags: &mut Vec<Diagnostic>,
) {
    let Choice::By {
        var,
        offset,
        options,
    } = choice
    else {
        return;
    };
    let Some(declared) = check_var(tree, src, var, *offset, diags) else {
        return;
    };
    for (value, at, _) in options {
        check_value(tree, src, (var, *offset), (value, *at), diags);
    }
    let missing: Vec<&str> = declared
        .values
        .iter()
        .map(|(v, _)| v.as_str())
        .filter(|v| !options.iter().any(|(o, _, _)| o == v))
        .collect();
    if !missing.is_empty() {
        diags.push(src.error(
            *offset,
            format!(
                "this choice by `{var}` says nothing for {}: give every value of `{var}` an entry",
                quoted(&missing)
            ),
        ));
    }
}

fn check_var<'t>(
    tree: &'t super::Tree,
    src: Located<'_>,
    var: &str,
    at: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'t Variable> {
    let found = tree.variables.iter().find(|v| v.name == var);
    if found.is_none() {
        let known: Vec<&str> = tree.variables.iter().map(|v| v.name.as_str()).collect();
        let hint = crate::similar::closest(var, known.iter().copied())
            .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
        diags.push(src.error(at, format!("unknown variable `{var}`{hint}: declare it under `[variables]` with its values, such as `{var} = [\"infant\", \"child\"]`")));
    }
    found
}

fn check_value(
    tree: &super::Tree,
    src: Located<'_>,
    (var, var_at): (&str, usize),
    (value, at): (&str, usize),
    diags: &mut Vec<Diagnostic>,
) {
    let Some(declared) = check_var(tree, src, var, var_at, diags) else {
        return;
    };
    if !declared.values.iter().any(|(v, _)| v == value) {
        let values: Vec<&str> = declared.values.iter().map(|(v, _)| v.as_str()).collect();
        diags.push(src.error(
            at,
            format!(
                "`{value}` is not a value of `{var}`; its values are {}",
                quoted(&values)
            ),
        ));
    }
}

/// `a`, `b` and `c`.
pub(super) fn quoted(items: &[&str]) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

/// Uses of a variable that is unset in `state`: the node's line, and targets chosen by it (an
/// answer's own `set` counts, as it happens before the answer leads on).
pub(crate) fn unset_uses(
    tree: &super::Tree,
    state: &super::state::State<'_>,
) -> Vec<(usize, String)> {
    let Some(node) = state.node(tree) else {
        return Vec::new();
    };
    let unset =
        |var: &str, own: &[Set]| !state.vars.contains_key(var) && !own.iter().any(|s| s.var == var);
    let mut out = Vec::new();
    if let Some((var, at)) = node.line.as_ref().and_then(Choice::var)
        && unset(var, &[])
    {
        out.push((at, format!("`{var}` may be unset here: a path reaches `{}` without an answer that sets it (`set = {{ {var} = \"…\" }}`)", node.id)));
    }
    for answer in &node.answers {
        let record = answer.record.as_ref().and_then(|(r, _)| r.var());
        for (var, at) in answer.to.var().into_iter().chain(record) {
            if unset(var, &answer.set) {
                out.push((at, format!("`{var}` may be unset here: a path reaches this answer of `{}` without an answer that sets it (`set = {{ {var} = \"…\" }}`)", node.id)));
            }
        }
    }
    out
}

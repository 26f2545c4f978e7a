//! The tree drawing: an SVG laid out at build time in linear time. Questions sit in layers by
//! their longest distance from the start; every answer that ends the path gets its own small box
//! under its question, so the drawing reads top to bottom like the printed steps.

use super::{step_numbers, steps};
use crate::site::Site;
use crate::tree::{Target, Tree};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const BOX_W: f64 = 200.0;
const GAP_X: f64 = 24.0;
const LINE_H: f64 = 16.0;
const PAD: f64 = 8.0;
const LAYER_GAP: f64 = 70.0;
const WRAP: usize = 28;

/// One box of the drawing.
struct Item {
    lines: Vec<String>,
    layer: usize,
    end: bool,
    x: f64,
}

/// One arrow: from item, to item, label.
struct Edge {
    from: usize,
    to: usize,
    label: Vec<String>,
}

/// Draws the tree as a standalone SVG document.
pub fn svg(site: &Site, tree: &Tree) -> String {
    let (mut items, edges) = graph(site, tree);
    let heights = place(&mut items);
    render(tree, &items, &edges, &heights)
}

fn graph(site: &Site, tree: &Tree) -> (Vec<Item>, Vec<Edge>) {
    let numbers = step_numbers(tree);
    let order = steps(tree);
    let mut layer: BTreeMap<&str, usize> = BTreeMap::new();
    // Steps are breadth-first; relax in that order until stable (the tree is acyclic).
    layer.insert(tree.start.as_str(), 0);
    let mut changed = true;
    while changed {
        changed = false;
        for (_, node) in &order {
            let here = layer.get(node.id.as_str()).copied().unwrap_or(0);
            for next in node.answers.iter().flat_map(|a| a.next_nodes()) {
                let entry = layer.entry(next).or_insert(0);
                if *entry < here + 1 {
                    *entry = here + 1;
                    changed = true;
                }
            }
        }
    }
    let mut items = Vec::new();
    let mut index = BTreeMap::new();
    for (n, node) in &order {
        index.insert(node.id.as_str(), items.len());
        let text = format!("{n}. {}", node.question);
        items.push(Item {
            lines: wrap(&text, WRAP),
            layer: layer[node.id.as_str()],
            end: false,
            x: 0.0,
        });
    }
    let mut edges = Vec::new();
    for (_, node) in &order {
        let from = index[node.id.as_str()];
        for answer in &node.answers {
            for (target, label) in super::edges(site, answer) {
                let to = match target {
                    Target::Node(id) => index[id.as_str()],
                    Target::Page(_) | Target::Finish => {
                        let title = if answer.targets().len() == 1 {
                            super::destination(site, &numbers, answer)
                        } else {
                            super::target_words(site, &numbers, target)
                        };
                        items.push(Item {
                            lines: wrap(&title, WRAP),
                            layer: items[from].layer + 1,
                            end: true,
                            x: 0.0,
                        });
                        items.len() - 1
                    }
                };
                edges.push(Edge {
                    from,
                    to,
                    label: wrap(&label, WRAP + 4).into_iter().take(2).collect(),
                });
            }
        }
    }
    (items, edges)
}

/// Gives every item an x within its layer, in the order items were made; returns layer heights.
fn place(items: &mut [Item]) -> Vec<f64> {
    let layers = items.iter().map(|i| i.layer + 1).max().unwrap_or(0);
    let mut next_x = vec![0.0; layers];
    let mut heights = vec![0.0f64; layers];
    for item in items.iter_mut() {
        item.x = next_x[item.layer];
        next_x[item.layer] += BOX_W + GAP_X;
        heights[item.layer] = heights[item.layer].max(box_h(item));
    }
    // Centre each layer under the widest one.
    let widest = next_x.iter().copied().fold(0.0, f64::max);
    for item in items.iter_mut() {
        item.x += (widest - next_x[item.layer]) / 2.0;
    }
    heights
}

fn box_h(item: &Item) -> f64 {
    item.lines.len() as f64 * LINE_H + 2.0 * PAD
}

fn layer_y(heights: &[f64], layer: usize) -> f64 {
    heights[..layer].iter().map(|h| h + LAYER_GAP).sum::<f64>() + PAD
}

fn render(tree: &Tree, items: &[Item], edges: &[Edge], heights: &[f64]) -> String {
    let width = items.iter().map(|i| i.x + BOX_W).fold(0.0, f64::max) + PAD;
    let height = layer_y(heights, heights.len()) + PAD;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" font-family=\"Arial, sans-serif\" font-size=\"13\">\n<title>{}</title>\n",
        esc(&tree.title)
    );
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\"/></marker></defs>\n");
    for e in edges {
        let (a, b) = (&items[e.from], &items[e.to]);
        let (x1, y1) = (a.x + BOX_W / 2.0, layer_y(heights, a.layer) + box_h(a));
        let (x2, y2) = (b.x + BOX_W / 2.0, layer_y(heights, b.layer));
        let _ = writeln!(
            out,
            "<path d=\"M{x1:.0} {y1:.0}C{x1:.0} {:.0} {x2:.0} {:.0} {x2:.0} {y2:.0}\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>",
            y1 + 30.0,
            y2 - 30.0
        );
        for (k, line) in e.label.iter().enumerate() {
            let y = y2 - 30.0 + k as f64 * 13.0;
            let _ = writeln!(
                out,
                "<text x=\"{x2:.0}\" y=\"{y:.0}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                esc(line)
            );
        }
    }
    for item in items {
        let y = layer_y(heights, item.layer);
        let (fill, rx) = if item.end {
            ("#eef2f5", 12)
        } else {
            ("#ffffff", 2)
        };
        let _ = writeln!(
            out,
            "<rect x=\"{:.0}\" y=\"{y:.0}\" width=\"{BOX_W:.0}\" height=\"{:.0}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"#1d1d1d\"/>",
            item.x,
            box_h(item)
        );
        for (k, line) in item.lines.iter().enumerate() {
            let ty = y + PAD + LINE_H * (k as f64 + 0.8);
            let _ = writeln!(
                out,
                "<text x=\"{:.0}\" y=\"{ty:.0}\" text-anchor=\"middle\">{}</text>",
                item.x + BOX_W / 2.0,
                esc(line)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Splits text into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn esc(s: &str) -> String {
    crate::templates::escape_html(s)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("Do you have back pain and any of these signs?", 20),
            ["Do you have back", "pain and any of", "these signs?"]
        );
    }
}

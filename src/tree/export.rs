//! Sign-off exports of a tree: DOT, Mermaid, plain text, the numbered steps and the SVG drawing.

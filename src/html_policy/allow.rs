//! The allowlists: which elements and attributes article HTML may use, and what a theme's pages
//! may add around it. Anything not listed here is an error with a hint at what to do instead.

use html5ever::LocalName;
use std::sync::LazyLock;

/// Elements articles, snippets and tree help text may write as raw HTML (sorted, for a binary
/// search).
pub const CONTENT_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements a theme's templates may add to a page, besides [`CONTENT_ELEMENTS`].
pub const PAGE_ELEMENTS: &[&str] = &[
    "html", "head", "body", "title", "meta", "link", "header", "footer", "nav", "main", "section",
    "article", "aside", "h1", "address", "hgroup", "search",
];

/// Attributes any allowed element may carry (and every `aria-*` attribute).
pub const GLOBAL_ATTRIBUTES: &[&str] = &["class", "id", "lang", "dir", "title", "role"];

/// Attributes particular elements may carry, besides the global ones.
pub fn element_attributes(element: &str) -> &'static [&'static str] {
    match element {
        "a" => &["href", "hreflang"],
        // A focusable box (a table that scrolls sideways): keyboard users can scroll it.
        "div" => &["tabindex"],
        "img" => &["src", "alt", "width", "height"],
        "td" => &["colspan", "rowspan"],
        "th" => &["colspan", "rowspan", "scope", "abbr"],
        "ol" => &["start", "reversed", "type"],
        "li" => &["value"],
        "details" => &["open"],
        "time" => &["datetime"],
        "col" | "colgroup" => &["span"],
        _ => &[],
    }
}

/// Attributes a theme's templates may add, besides the content ones.
pub fn page_attributes(element: &str) -> &'static [&'static str] {
    match element {
        "meta" => &["charset", "name", "content", "http-equiv"],
        // `hreflang` on the alternates that name a page's other languages.
        "link" => &["rel", "href", "hreflang"],
        // Kept from content with `[html] target = "keep"` (`rel` forced to
        // `noopener noreferrer`).
        "a" => &["target", "rel"],
        // What carepath adds to the images it resized (`images::rewrite`).
        "img" => &["srcset", "sizes", "loading", "decoding"],
        _ => &[],
    }
}

/// Attributes whose value is a URL.
pub fn is_url_attribute(attribute: &str) -> bool {
    matches!(attribute, "href" | "src")
}

/// Whether `attribute` is allowed on `element` at all (its value is judged separately).
pub fn attribute_allowed(element: &str, attribute: &str, page: bool) -> bool {
    GLOBAL_ATTRIBUTES.contains(&attribute)
        || (attribute.starts_with("aria-") && attribute.len() > 5)
        || element_attributes(element).contains(&attribute)
        || page && page_attributes(element).contains(&attribute)
}

/// Whether `element` is allowed in content, or (with `page`) in a page.
pub fn element_allowed(element: &str, page: bool) -> bool {
    CONTENT_ELEMENTS.binary_search(&element).is_ok() || page && PAGE_ELEMENTS.contains(&element)
}

/// [`element_allowed`] for a name html5ever read: the lists as sets of its atoms, which hash and
/// compare as numbers (every tag of every page is looked up).
pub(crate) fn element_allowed_atom(element: &LocalName, page: bool) -> bool {
    static SETS: LazyLock<[AtomSet; 2]> = LazyLock::new(|| {
        [CONTENT_ELEMENTS, PAGE_ELEMENTS]
            .map(|list| list.iter().map(|&e| LocalName::from(e)).collect())
    });
    SETS[0].contains(element) || page && SETS[1].contains(element)
}

type AtomSet = std::collections::HashSet<LocalName, foldhash::fast::FixedState>;

/// Why `element` is not allowed, and what to write instead.
pub fn element_hint(element: &str) -> String {
    let why = match element {
        "script" | "noscript" => "carepath pages work without JavaScript",
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal"
        | "fencedframe" => {
            "it embeds another page or program: link to it instead, e.g. `<a href=\"https://…\">Watch the video</a>`"
        }
        "video" | "audio" | "source" | "track" | "picture" | "bgsound" => {
            "pages stay small and work everywhere: link to the video or recording instead"
        }
        "form" | "input" | "button" | "select" | "textarea" | "option" | "optgroup" | "label"
        | "fieldset" | "legend" | "output" | "datalist" | "isindex" | "keygen" => {
            "a static site cannot receive forms: link to the service that does (a booking or feedback page)"
        }
        "base" => "it would change where every link on the page goes",
        "meta" | "link" | "style" | "head" | "title" | "html" | "body" => {
            "pages get their head and styles from the theme: use a `class` and the theme's stylesheet"
        }
        "svg" | "math" | "canvas" => {
            "save the drawing as a file in `content/` and show it with `<img src=\"…\" alt=\"…\">`"
        }
        "h1" => "the page title is the page's only `<h1>`: start headings at `<h2>`",
        _ => {
            "it is not in the list of elements carepath pages may use (see the carepath guide: The HTML allowlist)"
        }
    };
    format!("`<{element}>` is not allowed: {why}")
}

/// Why `attribute` is not allowed on `element`, and what to write instead.
pub fn attribute_hint(element: &str, attribute: &str, page: bool) -> String {
    let why = if attribute.starts_with("on") {
        "event handlers run script, and carepath pages work without JavaScript".to_string()
    } else if attribute == "style" {
        "use a `class` and the theme's stylesheet".to_string()
    } else if attribute == "srcdoc" {
        "it embeds a page that could run script".to_string()
    } else {
        let mut allowed: Vec<&str> = GLOBAL_ATTRIBUTES.to_vec();
        allowed.extend(element_attributes(element));
        if page {
            allowed.extend(page_attributes(element));
        }
        allowed.push("aria-*");
        format!("`<{element}>` may carry {}", allowed.join(", "))
    };
    format!("attribute `{attribute}` is not allowed on `<{element}>`: {why}")
}

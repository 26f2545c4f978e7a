//! An independent reading of a built page, for the XSS corpus: html5ever's tokenizer (as a
//! browser splits the page) and a short list of what can run script, load a document or send a
//! form. It shares no code with carepath's `html_policy`, so a mistake there shows here.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

#[derive(Default)]
struct Tags(RefCell<Vec<Tag>>);

impl TokenSink for Tags {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            self.0.borrow_mut().push(tag);
        }
        TokenSinkResult::Continue
    }
}

const ACTIVE: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "svg",
    "math",
    "style",
    "template",
    "portal",
    "noscript",
    "video",
    "audio",
    "isindex",
    "xmp",
    "plaintext",
];

/// `Ok` when nothing in `html` can run script; otherwise what can.
pub(crate) fn check(html: &str) -> Result<(), String> {
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut csp = false;
    for tag in tokenizer.sink.0.borrow().iter() {
        let name: &str = &tag.name;
        if ACTIVE.contains(&name) {
            return Err(format!("a `<{name}>` element"));
        }
        for attr in &tag.attrs {
            let (key, value): (&str, &str) = (&attr.name.local, &attr.value);
            if key.starts_with("on") || matches!(key, "style" | "srcdoc" | "formaction") {
                return Err(format!("a `{key}` attribute on `<{name}>`"));
            }
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let scripted = ["javascript:", "vbscript:", "data:", "livescript:"]
                .iter()
                .any(|s| squeezed.starts_with(s));
            if matches!(key, "href" | "src" | "action" | "data") && scripted {
                return Err(format!("`{key}=\"{value}\"` on `<{name}>`"));
            }
            if name == "meta" && key == "http-equiv" {
                if !value.eq_ignore_ascii_case("content-security-policy") {
                    return Err(format!("`<meta http-equiv=\"{value}\">`"));
                }
                let content = tag.attrs.iter().find(|a| &*a.name.local == "content");
                if !content.is_some_and(|c| c.value.contains("script-src 'none'")) {
                    return Err("a Content-Security-Policy that allows script".into());
                }
                csp = true;
            }
        }
    }
    csp.then_some(())
        .ok_or_else(|| "no Content-Security-Policy `<meta>`".to_string())
}

#[test]
fn finds_what_runs() {
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">";
    assert!(check(&format!("{csp}<p>x</p>")).is_ok());
    assert!(check("<p>x</p>").is_err());
    assert!(check(&format!("{csp}<a href=\" jav&#x61;script:x\">x</a>")).is_err());
    assert!(check(&format!("{csp}<a/onclick=x>x</a>")).is_err());
}

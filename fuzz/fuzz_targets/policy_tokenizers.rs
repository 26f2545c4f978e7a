//! Any text, read by both of the HTML policy's tokenizers: html5gum (the quick reading of
//! every page) and html5ever (the placed reading that reports). They must read the same tags
//! with the same attributes, or the quick one must send the page to the placed one.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(difference) = carepath::html_policy::readings_differ(html) {
        panic!("the policy's two readings differ: {difference}");
    }
});

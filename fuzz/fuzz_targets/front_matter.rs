//! Front matter: any text, split and parsed; every problem must carry a real position.
#![no_main]

use carepath::diagnostics::Located;
use carepath::front_matter;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = Located {
        path: Path::new("content/x.md"),
        text,
    };
    match front_matter::parse(src) {
        Ok(split) => assert!(split.body_offset <= text.len()),
        Err(problems) => {
            assert!(!problems.is_empty());
            for p in problems {
                assert!(p.line >= 1 && p.col >= 1, "{p}");
            }
        }
    }
});

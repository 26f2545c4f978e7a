//! Alt text: every image says what it shows, in words a screen reader can read out. An image
//! with no words is allowed only when it is marked as decoration.

/// Extensions that make alt text look like a file name.
const IMAGE_EXTENSIONS: &[&str] = &[".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"];
/// Camera and scanner names (`IMG_1234`, `DSC0042`, `photo 3`).
const CAMERA_PREFIXES: &[&str] = &[
    "img",
    "dsc",
    "dscn",
    "image",
    "photo",
    "pic",
    "screenshot",
    "scan",
];

/// Why `alt` is not good alt text for the image at `src`, or `None` when it is. `decorative`
/// is true for an image marked `role="presentation"` (or `role="none"`), whose alt may be empty.
pub fn alt_problem(alt: &str, src: &str, decorative: bool) -> Option<String> {
    let text = alt.trim();
    if text.is_empty() {
        return (!decorative).then(|| {
            "this image has no alt text: say in words what it shows (a reader who cannot see it hears them); only a purely decorative image may have none, written as `<img src=\"…\" alt=\"\" role=\"presentation\">`".to_string()
        });
    }
    looks_like_file_name(text, src).then(|| {
        format!("alt text `{text}` looks like a file name: say in words what the image shows")
    })
}

fn looks_like_file_name(alt: &str, src: &str) -> bool {
    let alt = alt.to_lowercase();
    let file = src.rsplit('/').next().unwrap_or(src).to_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    if IMAGE_EXTENSIONS.iter().any(|e| alt.ends_with(e)) || alt == file || alt == stem {
        return true;
    }
    CAMERA_PREFIXES.iter().any(|p| {
        alt.strip_prefix(p).is_some_and(|rest| {
            let digits = rest.trim_start_matches([' ', '_', '-']);
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_words_not_file_names() {
        assert_eq!(
            alt_problem("A person lifting a box", "lift.png", false),
            None
        );
        assert_eq!(alt_problem("", "line.png", true), None);
        assert!(alt_problem("", "lift.png", false).is_some());
        assert!(alt_problem("  ", "lift.png", false).is_some());
        for name in [
            "IMG_1234",
            "lift.png",
            "lift",
            "DSC0042",
            "photo 3",
            "Screenshot-12",
            "x.JPG",
        ] {
            assert!(
                alt_problem(name, "images/lift.png", false).is_some(),
                "{name}"
            );
        }
        assert_eq!(alt_problem("Image of a spine", "spine.png", false), None);
    }
}

//! Photos for the image benchmark and tests: deterministic JPEGs of smooth gradients and soft
//! shapes under sensor-like noise, so they compress as camera photos do (1–3 MB at full size),
//! and a site of leaflets that shows them (the Parkinson's site of issue 28: 100 photos).

use crate::fs;
use anyhow::Result;
use image::codecs::jpeg::JpegEncoder;
use std::fmt::Write as _;
use std::path::Path;

/// A small, fast, seeded generator (xorshift64*): the same seed gives the same photo.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// A JPEG photo `width` × `height` made from `seed`, saved at quality 92 as a camera would.
pub fn photo(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut noise = Noise(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let phase = (noise.next() % 628) as f32 / 100.0;
    let (w, h) = (width.max(1) as f32, height.max(1) as f32);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / w, y as f32 / h);
        let shape = ((fx * 9.0 + phase).sin() * (fy * 7.0 - phase).cos()) * 60.0;
        let grain = (noise.next() % 25) as f32 - 12.0;
        let channel = |base: f32| (base + shape + grain).clamp(0.0, 255.0) as u8;
        image::Rgb([
            channel(70.0 + 120.0 * fx),
            channel(90.0 + 100.0 * fy),
            channel(150.0 - 80.0 * fx * fy),
        ])
    });
    let mut out = Vec::new();
    // Encoding an image held in memory into a Vec cannot fail.
    let _ = JpegEncoder::new_with_quality(&mut out, 92).encode_image(&image);
    out
}

/// The size of photo `i` of a site: 2,400 to 4,000 pixels wide, 3:2 or 4:3.
fn photo_size(i: usize) -> (u32, u32) {
    let width = 2400 + (i as u32 * 373) % 1601;
    let height = if i.is_multiple_of(3) {
        width * 3 / 4
    } else {
        width * 2 / 3
    };
    (width, height)
}

/// Writes a site of `pages` leaflets showing `photos` photos between them (in
/// `content/images/`), on top of the outcome pages every synthetic site has.
pub fn write_photo_site(dir: &Path, pages: usize, photos: usize) -> Result<()> {
    let content = dir.join("content");
    fs::write(
        &content.join("site.toml"),
        b"title = \"Living with Parkinson's\"\nemergency_number = \"999\"\n",
    )?;
    super::write_outcomes(&content)?;
    let mut index = String::from(
        "+++\ntitle = \"Living with Parkinson's\"\nsummary = \"Help for every day.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\n",
    );
    for p in 0..pages.max(1) {
        let _ = writeln!(index, "- [Daily life {p}](daily/p{p}.md)");
        let mut page = format!(
            "+++\ntitle = \"Daily life {p}\"\nsummary = \"Things that help.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\n## Getting started\n\nTake your time. Small steps help.\n\n"
        );
        for i in (0..photos).filter(|i| i % pages.max(1) == p) {
            let (width, height) = photo_size(i);
            fs::write(
                &content.join(format!("images/photo-{i}.jpg")),
                &photo(i as u64, width, height),
            )?;
            let _ = writeln!(
                page,
                "![A person doing exercise {i} at home](../images/photo-{i}.jpg)\n\nDo this slowly, twice a day.\n"
            );
        }
        fs::write(&content.join(format!("daily/p{p}.md")), page.as_bytes())?;
    }
    fs::write(&content.join("index.md"), index.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn photos_are_the_same_for_a_seed() {
        let a = super::photo(3, 64, 48);
        assert_eq!(a, super::photo(3, 64, 48));
        assert_ne!(a, super::photo(4, 64, 48));
        assert_eq!(image::load_from_memory(&a).expect("a JPEG").width(), 64);
    }
}

//! Resizing one image: a pure function of its bytes, the widths and the quality. JPEG stays
//! JPEG (recompressed at the quality given) and PNG stays PNG (so transparency and sharp
//! drawings survive). The camera's orientation is applied, and nothing else of the original's
//! metadata is kept (a phone photo's location included).

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Largest width or height decoded: past this, an image is not a photo for a web page, and
/// decoding it would take memory a small machine does not have.
const MAX_SIDE: u32 = 20_000;

/// Most bytes decoding one image may take.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// What every image is made into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Target widths, ascending, without repeats.
    pub(crate) widths: Vec<u32>,
    /// JPEG quality, 1 to 100.
    pub(crate) quality: u8,
}

impl Settings {
    /// The settings as text, part of the cache key: other settings make other files.
    pub(crate) fn fingerprint(&self) -> String {
        let widths: Vec<String> = self.widths.iter().map(u32::to_string).collect();
        format!("v1 q{} w{}", self.quality, widths.join(","))
    }
}

/// One resized copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Copy {
    /// Width in pixels.
    pub(crate) width: u32,
    /// Height in pixels.
    pub(crate) height: u32,
    /// The encoded file.
    pub(crate) bytes: Vec<u8>,
}

/// The kinds of image resized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A photo: recompressed as JPEG.
    Jpeg,
    /// A drawing or an image with transparency: kept lossless.
    Png,
}

impl Kind {
    /// The kind of a file by its name, if it is one carepath resizes.
    pub(crate) fn of(path: &std::path::Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Kind::Jpeg),
            "png" => Some(Kind::Png),
            _ => None,
        }
    }
}

/// The widths `settings` makes of an image `width` pixels wide: each narrower target, and the
/// image's own width in place of any wider one (an image is never enlarged).
pub(crate) fn widths_for(width: u32, settings: &Settings) -> Vec<u32> {
    let mut out: Vec<u32> = (settings.widths.iter().copied())
        .filter(|&w| w < width)
        .collect();
    if settings.widths.iter().any(|&w| w >= width) || out.is_empty() {
        out.push(width);
    }
    out
}

/// The height of an image `width` × `height` shown `to` pixels wide, rounded, at least 1.
pub(crate) fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// Decodes `bytes` (a `kind` file) and makes a copy at each width of [`widths_for`], narrowest
/// first. A copy at the original's own width that would not be smaller than the original is the
/// original. `Err` says, for the editor, why the file cannot be read as an image.
pub(crate) fn make(bytes: &[u8], kind: Kind, settings: &Settings) -> Result<Vec<Copy>, String> {
    let image = decode(bytes, kind)?;
    let (width, height) = (image.width(), image.height());
    let mut copies = Vec::new();
    let mut current = image;
    for &w in widths_for(width, settings).iter().rev() {
        if w != current.width() {
            let h = scaled_height(width, height, w);
            current = current.resize_exact(w, h, FilterType::Triangle);
        }
        let mut encoded = encode(&current, kind, settings.quality)?;
        if w == width && encoded.len() >= bytes.len() {
            encoded = bytes.to_vec();
        }
        copies.push(Copy {
            width: current.width(),
            height: current.height(),
            bytes: encoded,
        });
    }
    copies.reverse();
    Ok(copies)
}

fn decode(bytes: &[u8], kind: Kind) -> Result<DynamicImage, String> {
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let unreadable = |e: image::ImageError| {
        let name = match kind {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
        };
        format!(
            "cannot be read as a {name} image ({e}): save it again from an image editor, or replace it"
        )
    };
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    Ok(match (kind, image.color().has_alpha()) {
        (Kind::Jpeg, _) | (Kind::Png, false) => DynamicImage::ImageRgb8(image.into_rgb8()),
        (Kind::Png, true) => DynamicImage::ImageRgba8(image.into_rgba8()),
    })
}

fn encode(image: &DynamicImage, kind: Kind, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let done = match kind {
        Kind::Jpeg => image.write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality)),
        Kind::Png => image.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Best,
            PngFilter::Adaptive,
        )),
    };
    done.map_err(|e| format!("could not be saved again after resizing ({e})"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(widths: &[u32]) -> Settings {
        Settings {
            widths: widths.to_vec(),
            quality: 80,
        }
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
        });
        encode(&DynamicImage::ImageRgb8(image), Kind::Jpeg, 95).expect("encodes")
    }

    #[test]
    fn never_enlarges() {
        assert_eq!(widths_for(3000, &settings(&[400, 800])), [400, 800]);
        assert_eq!(widths_for(600, &settings(&[400, 800])), [400, 600]);
        assert_eq!(widths_for(800, &settings(&[400, 800])), [400, 800]);
        assert_eq!(widths_for(300, &settings(&[400, 800])), [300]);
    }

    #[test]
    fn heights_keep_the_shape() {
        assert_eq!(scaled_height(3000, 2000, 400), 267);
        assert_eq!(scaled_height(3000, 1, 400), 1);
    }

    #[test]
    fn makes_each_width_narrowest_first() {
        let copies = make(&jpeg(900, 600), Kind::Jpeg, &settings(&[200, 400])).expect("made");
        let sizes: Vec<_> = copies.iter().map(|c| (c.width, c.height)).collect();
        assert_eq!(sizes, [(200, 133), (400, 267)]);
        assert!(copies[0].bytes.len() < copies[1].bytes.len());
    }

    #[test]
    fn a_file_cut_short_is_refused_with_a_reason() {
        let bytes = jpeg(64, 64);
        let message = make(&bytes[..20], Kind::Jpeg, &settings(&[32]))
            .expect_err("the first bytes of a JPEG are not an image");
        assert!(
            message.starts_with("cannot be read as a JPEG image ("),
            "{message}"
        );
        let message = make(b"not a png", Kind::Png, &settings(&[32])).expect_err("not a PNG");
        assert!(
            message.starts_with("cannot be read as a PNG image ("),
            "{message}"
        );
    }
}

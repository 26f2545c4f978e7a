//! Images made for phones (issue 28): photos a page shows are resized to `[images] widths`,
//! recompressed, given `srcset`, `width`/`height` and `loading="lazy"`, cached across builds;
//! a file that is not an image is an error at the `<img>` that shows it.

use crate::harness::{Site, read, write};

/// The basic fixture with `content/images/walk.jpg` (a 3,000 × 2,000 camera photo) shown twice
/// on the muscle strain page, and `settings` added to `site.toml`.
fn site_with_photo(settings: &str) -> Site {
    let site = Site::fixture("basic");
    write(
        &site.join("content/images/walk.jpg"),
        carepath::synthetic::photo(7, 3000, 2000),
    );
    let page = site.join("content/causes/muscle-strain.md");
    let text = read(&page)
        + "\n![A person walking in a park](../images/walk.jpg)\n\nWalk a little every day.\n\n<img src=\"../images/walk.jpg\" alt=\"The same walk, later\">\n";
    write(&page, text);
    let toml = site.join("content/site.toml");
    write(&toml, read(&toml) + settings);
    site
}

fn size_of(site: &Site, rel: &str) -> (u32, u32) {
    let path = site.join("public").join(rel);
    let image = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (image.width(), image.height())
}

fn imgs(html: &str) -> Vec<&str> {
    html.split("<img")
        .skip(1)
        .filter_map(|t| t.split('>').next())
        .collect()
}

// A 3,000 px JPEG becomes the configured widths (the widest under its own name), each a
// fraction of the original's weight, and every <img> that shows it gets srcset, sizes,
// width/height, and (after the first) loading="lazy".
#[test]
fn a_camera_photo_is_resized_to_the_configured_widths() {
    let site = site_with_photo("[images]\nwidths = [300, 600]\n");
    let original = std::fs::metadata(site.join("content/images/walk.jpg"))
        .unwrap()
        .len();
    let run = site.build();
    run.assert_code(0);
    assert!(
        run.stdout.contains(", images: 1 resized, "),
        "{}",
        run.stdout
    );
    assert_eq!(size_of(&site, "images/walk-300w.jpg"), (300, 200));
    assert_eq!(size_of(&site, "images/walk.jpg"), (600, 400));
    let widest = std::fs::metadata(site.join("public/images/walk.jpg"))
        .unwrap()
        .len();
    assert!(
        widest * 20 < original,
        "the 600 px copy weighs {widest} bytes, the original {original}"
    );
    let page = site.output("causes/muscle-strain.html");
    assert_eq!(
        imgs(&page),
        [
            " src=\"../images/walk.jpg\" alt=\"A person walking in a park\" srcset=\"../images/walk-300w.jpg 300w, ../images/walk.jpg 600w\" sizes=\"(min-width: 40rem) 38rem, calc(100vw - 2rem)\" width=\"600\" height=\"400\" decoding=\"async\" /",
            " src=\"../images/walk.jpg\" alt=\"The same walk, later\" srcset=\"../images/walk-300w.jpg 300w, ../images/walk.jpg 600w\" sizes=\"(min-width: 40rem) 38rem, calc(100vw - 2rem)\" width=\"600\" height=\"400\" loading=\"lazy\" decoding=\"async\"",
        ]
    );
}

// A second build resizes nothing: every copy comes from the cache beside the output folder,
// byte for byte the same.
#[test]
fn a_rebuild_takes_every_image_from_the_cache() {
    let site = site_with_photo("");
    site.build().assert_code(0);
    let first = std::fs::read(site.join("public/images/walk-800w.jpg")).unwrap();
    assert!(site.join(".public.carepath-cache/images").is_dir());
    let run = site.build();
    run.assert_code(0);
    assert!(
        run.stdout.contains(", images: 1 from the cache, "),
        "{}",
        run.stdout
    );
    assert_eq!(size_of(&site, "images/walk-400w.jpg"), (400, 267));
    assert_eq!(size_of(&site, "images/walk.jpg"), (1200, 800));
    let second = std::fs::read(site.join("public/images/walk-800w.jpg")).unwrap();
    assert_eq!(first, second);
    // `check` reads the same cache.
    let run = site.run(&["check", "--site", "[site]"]);
    assert!(
        run.stdout.contains("images: 1 from the cache"),
        "{}",
        run.stdout
    );
}

// With `keep_original`, the original is published as it is under its own name, and every
// copy is named by its width.
#[test]
fn the_original_is_published_only_when_asked() {
    let site = site_with_photo("[images]\nwidths = [300, 600]\nkeep_original = true\n");
    site.build().assert_code(0);
    assert_eq!(
        std::fs::read(site.join("public/images/walk.jpg")).unwrap(),
        std::fs::read(site.join("content/images/walk.jpg")).unwrap()
    );
    assert_eq!(size_of(&site, "images/walk-600w.jpg"), (600, 400));
    let page = site.output("causes/muscle-strain.html");
    assert!(
        page.contains("srcset=\"../images/walk-300w.jpg 300w, ../images/walk-600w.jpg 600w\""),
        "{page}"
    );
}

// `resize = false` publishes images as they are, with no srcset.
#[test]
fn resizing_can_be_turned_off() {
    let site = site_with_photo("[images]\nresize = false\n");
    site.build().assert_code(0);
    assert_eq!(size_of(&site, "images/walk.jpg"), (3000, 2000));
    assert!(!site.join("public/images/walk-400w.jpg").exists());
    assert!(!site.output("causes/muscle-strain.html").contains("srcset"));
}

// A file named .jpg that is not a JPEG is an error at each <img> that shows it (the Markdown
// image and the raw HTML one), at its own line and column, and nothing is written.
#[test]
fn a_broken_image_is_an_error_at_the_img_that_shows_it() {
    let site = site_with_photo("");
    write(
        &site.join("content/images/walk.jpg"),
        "this was never a photo",
    );
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @r"
    [site]/content/causes/muscle-strain.md:31:1: error: `images/walk.jpg` cannot be read as a JPEG image (Format error decoding Jpeg: Error parsing image. Illegal start bytes:7468): save it again from an image editor, or replace it
    [site]/content/causes/muscle-strain.md:35:6: error: `images/walk.jpg` cannot be read as a JPEG image (Format error decoding Jpeg: Error parsing image. Illegal start bytes:7468): save it again from an image editor, or replace it
    ");
    assert!(!site.join("public").exists());
}

// Bad `[images]` settings are errors at their key.
#[test]
fn bad_image_settings_are_errors_at_their_key() {
    let site = site_with_photo("[images]\nwidths = []\nquality = 0\n");
    let run = site.build_short();
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("site.toml:6:1: error: `widths` in `[images]` lists 1 to 4 widths"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "site.toml:7:1: error: `quality` in `[images]` is a JPEG quality from 1 to 100"
        ),
        "{}",
        run.stderr
    );
}

/// The basic fixture whose muscle strain page shows two photos from the charity's old site.
fn site_with_remote_images(settings: &str) -> Site {
    let site = Site::fixture("basic");
    let page = site.join("content/causes/muscle-strain.md");
    let text = read(&page)
        + "\n![A person walking](https://www.charity.org.uk/sites/files/walk.jpg?itok=Xy)\n\n<img src=\"https://cdn.charity.org.uk/stretch.png\" alt=\"A person stretching\">\n";
    write(&page, text);
    let toml = site.join("content/site.toml");
    write(&toml, read(&toml) + settings);
    site
}

// An image from a host `[csp] img_src` does not name is an error at its <img> that names the
// setting and where to save a local copy; `check --report` ends with the list to fetch.
#[test]
fn a_remote_image_the_policy_blocks_is_an_error_with_a_local_path() {
    let site = site_with_remote_images("");
    let run = site.run(&["check", "--site", "[site]", "--format", "short", "--report"]);
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @r"
    [site]/content/causes/muscle-strain.md:31:1: error: `https://www.charity.org.uk/sites/files/walk.jpg?itok=Xy` is shown from another site, which the pages' Content-Security-Policy blocks: readers would see no picture. Save a copy as `content/images/walk.jpg` and write `../images/walk.jpg`, or, if that site may serve your images, add `https://www.charity.org.uk` to `img_src` under `[csp]` in content/site.toml
    [site]/content/causes/muscle-strain.md:33:6: error: `https://cdn.charity.org.uk/stretch.png` is shown from another site, which the pages' Content-Security-Policy blocks: readers would see no picture. Save a copy as `content/images/stretch.png` and write `../images/stretch.png`, or, if that site may serve your images, add `https://cdn.charity.org.uk` to `img_src` under `[csp]` in content/site.toml
    ");
    let list = (run.stdout.split("\nimages shown from other sites").nth(1))
        .and_then(|l| l.split("failed:").next())
        .unwrap_or("");
    insta::assert_snapshot!(list, @r"
    , which the Content-Security-Policy blocks (2): save each where shown, or add its host to `img_src` under `[csp]` in content/site.toml
    https://cdn.charity.org.uk/stretch.png  ->  content/images/stretch.png
    https://www.charity.org.uk/sites/files/walk.jpg?itok=Xy  ->  content/images/walk.jpg
    ");
}

// A host named in `[csp] img_src` may serve images: no error.
#[test]
fn a_remote_image_from_an_allowed_host_is_fine() {
    let site = site_with_remote_images(
        "[csp]\nimg_src = [\"https://www.charity.org.uk\", \"https://cdn.charity.org.uk/\"]\n",
    );
    site.build().assert_code(0);
}

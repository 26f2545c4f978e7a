//! What a site keeps of each page's body for its checks, held compactly: every page is kept
//! for the whole build, so a page's heading ids and links cost one allocation each (plus one
//! for old addresses `[links]` mapped, where there are any), not one per id and per link.

use super::{Ids, Link, Rendered};

/// The heading ids and links of a page's body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Every heading id, for `#anchor` checks.
    pub ids: Ids,
    /// Every local link and image, for existence checks.
    pub links: Links,
    /// The ids of headings that share their text, one list per text (see [`Rendered`]).
    pub shared_ids: Box<[Ids]>,
    /// Links whose `target`/`rel` were dropped (`[html] target = "drop"`), for the build's note.
    pub dropped_targets: u32,
}

impl From<Rendered> for Facts {
    fn from(body: Rendered) -> Facts {
        Facts {
            ids: body.ids,
            links: Links::from(body.links),
            shared_ids: body.shared_ids.into_boxed_slice(),
            dropped_targets: u32::try_from(body.dropped_targets).unwrap_or(u32::MAX),
        }
    }
}

/// Links in page order: their destinations joined by line breaks (a destination never holds
/// one; one from raw HTML that does is kept with a space instead), their offsets, and the old
/// addresses of the few that `[links]` mapped.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Links {
    dests: Box<str>,
    offsets: Box<[u32]>,
    /// (index of the link, the old address as written).
    mapped: Box<[(u32, Box<str>)]>,
    /// Indices of the links that are images the page shows, ascending.
    images: Box<[u32]>,
}

/// One link of a [`Links`], borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkRef<'a> {
    /// The destination, relative to the file.
    pub dest: &'a str,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// The old address as written, when `[links]` mapped it.
    pub mapped_from: Option<&'a str>,
    /// Whether it is an image the page shows.
    pub image: bool,
}

impl Link {
    /// This link, borrowed.
    pub fn as_ref(&self) -> LinkRef<'_> {
        LinkRef {
            dest: &self.dest,
            offset: self.offset,
            mapped_from: self.mapped_from.as_deref(),
            image: self.image,
        }
    }
}

impl Links {
    /// Every link, in page order.
    pub fn iter(&self) -> impl Iterator<Item = LinkRef<'_>> {
        (self.dests.split('\n').zip(self.offsets.iter()).enumerate()).map(|(i, (dest, &offset))| {
            LinkRef {
                dest,
                offset: offset as usize,
                mapped_from: (self.mapped.iter())
                    .find(|(at, _)| *at as usize == i)
                    .map(|(_, old)| &**old),
                image: self.images.binary_search(&(i as u32)).is_ok(),
            }
        })
    }

    /// How many links there are.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }
}

impl From<Vec<Link>> for Links {
    fn from(links: Vec<Link>) -> Links {
        let mut dests = String::new();
        let mut offsets = Vec::with_capacity(links.len());
        let mut mapped = Vec::new();
        let mut images = Vec::new();
        for (i, link) in links.into_iter().enumerate() {
            if link.image {
                images.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
            if i > 0 {
                dests.push('\n');
            }
            dests.push_str(&link.dest.replace('\n', " "));
            // A body over 4 GiB is far past any file size limit; its offsets would saturate.
            offsets.push(u32::try_from(link.offset).unwrap_or(u32::MAX));
            if let Some(old) = link.mapped_from {
                mapped.push((u32::try_from(i).unwrap_or(u32::MAX), old.into_boxed_str()));
            }
        }
        Links {
            dests: dests.into_boxed_str(),
            offsets: offsets.into_boxed_slice(),
            mapped: mapped.into_boxed_slice(),
            images: images.into_boxed_slice(),
        }
    }
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Link, Links};

    #[test]
    fn links_come_back_as_they_were_found() {
        let found = vec![
            Link {
                dest: "sciatica.md#what-helps".into(),
                offset: 12,
                mapped_from: None,
                image: false,
            },
            Link {
                dest: "".into(),
                offset: 40,
                mapped_from: None,
                image: true,
            },
            Link {
                dest: "../causes/sciatica.md".into(),
                offset: 77,
                mapped_from: Some("/information/sciatica".into()),
                image: false,
            },
        ];
        let links = Links::from(found.clone());
        assert_eq!(links.len(), 3);
        let back: Vec<_> = links.iter().collect();
        let expected: Vec<_> = found.iter().map(Link::as_ref).collect();
        assert_eq!(back, expected);
        let none = Links::from(Vec::new());
        assert!(none.is_empty() && none.iter().next().is_none());
    }
}

//! Typesetting with Typst, in process: a [`World`] that holds the fixed template, the leaflet's
//! data and its images, and nothing else (every other path is refused), the bundled fonts, and
//! the export to tagged PDF/UA-1.

use super::Fault;
use anyhow::{Result, anyhow};
use std::collections::HashMap;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// One file of a leaflet's world, by its name there (`/leaflet.json`, `/qr.svg`, `/img/0.png`).
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// A typeset leaflet.
#[derive(Debug, Clone)]
pub(crate) struct Typeset {
    /// The PDF.
    pub(crate) pdf: Vec<u8>,
    /// How many pages it has.
    pub(crate) pages: usize,
}

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// DejaVu Sans, regular and bold (free licence; see `fonts/README.md`): Arabic, Persian and Urdu
/// text, which typst-assets has only a monospaced face for.
const DEJAVU_SANS: [&[u8]; 2] = [
    include_bytes!("fonts/DejaVuSans.ttf"),
    include_bytes!("fonts/DejaVuSans-Bold.ttf"),
];

/// The bundled fonts (typst-assets: Libertinus Serif, DejaVu Sans Mono, New Computer
/// Modern; and DejaVu Sans), read once per process; no font of the machine is ever used.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = (typst_assets::fonts().chain(DEJAVU_SANS))
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// The file id of `name` (ids are interned for the life of the process, so every leaflet uses
/// the same few names).
fn id(name: &str) -> Result<FileId> {
    let path =
        VirtualPath::new(name).map_err(|e| anyhow!("bad leaflet file name `{name}`: {e:?}"))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
}

struct LeafletWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl World for LeafletWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        match id == self.main.id() {
            true => Ok(self.main.clone()),
            false => Err(FileError::AccessDenied),
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        (self.files.get(&id).cloned()).ok_or(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Typesets the leaflet whose data and images are `files`, as tagged PDF/UA-1 titled and in
/// the language the data says. `ident` names the document stably (its reference), so the same
/// input gives the same bytes.
pub(crate) fn typeset(template: &str, files: Files, ident: &str) -> Result<Typeset> {
    // Typst recurses deeply while it lays out: more than the 2 MiB stack of a worker thread.
    // It runs in a pool of its own with big stacks (and its own parallel work runs there too,
    // so no thread waits for a pool whose threads all wait for it).
    //
    // The caller blocks on a channel rather than `install`ing: a rayon worker that `install`s
    // into another pool runs its own pool's jobs while it waits, so each render thread started
    // the next page's leaflet, and the next, and held up to a batch of half-made leaflets at
    // once (1,000 leaflets peaked at 210 MiB; blocked, 74 MiB). Each render thread now has at
    // most one leaflet in flight.
    let pool =
        (TYPST_POOL.as_ref()).map_err(|e| anyhow!("failed to start typesetting threads: {e}"))?;
    let (send, receive) = std::sync::mpsc::sync_channel(1);
    let ident = ident.to_string();
    let template = template.to_string();
    pool.spawn(move || {
        // A panic inside Typst is one leaflet that cannot be made, not the end of the build
        // (a panic in a spawned job would abort the process).
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            typeset_here(template, files, &ident)
        }))
        .unwrap_or_else(|_| Err(anyhow!("Typst failed (it panicked) while typesetting")));
        // The caller waits for this; if it has gone there is no one to tell.
        let _ = send.send(done);
    });
    receive
        .recv()
        .map_err(|_| anyhow!("the typesetting thread stopped before it finished"))?
}

/// The stack Typst typesets on.
const TYPST_STACK: usize = 64 * 1024 * 1024;

static TYPST_POOL: LazyLock<Result<rayon::ThreadPool, rayon::ThreadPoolBuildError>> =
    LazyLock::new(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("typst-{i}"))
            .stack_size(TYPST_STACK)
            .num_threads(rayon::current_num_threads())
            .build()
    });

fn typeset_here(template: String, files: Files, ident: &str) -> Result<Typeset> {
    let main = Source::new(id("/leaflet.typ")?, template);
    let files = files
        .into_iter()
        .map(|(name, bytes)| Ok((id(&name)?, Bytes::new(bytes))))
        .collect::<Result<_>>()?;
    let world = LeafletWorld { main, files };
    let result = typst::compile::<PagedDocument>(&world).output;
    // Typst's memo cache grows by about 1 MB a document; keep only what recent ones used.
    typst::comemo::evict(4);
    let doc = result.map_err(|e| fault(&world, "Typst could not lay out the leaflet", &e))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("carepath".to_string())),
        timestamp: None,
        page_ranges: None,
        standards: PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| anyhow!("PDF/UA-1: {e:?}"))?,
        tagged: true,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&doc, &options)
        .map_err(|e| fault(&world, "Typst could not write the leaflet as PDF/UA-1", &e))?;
    Ok(Typeset {
        pdf,
        pages: doc.pages().len(),
    })
}

/// `errors` as one error: `what`, then every message; placed at the first that points into
/// the template.
fn fault(world: &LeafletWorld, what: &str, errors: &[SourceDiagnostic]) -> anyhow::Error {
    let main = world.main.id();
    let at = (errors.iter())
        .filter(|e| e.span.id() == Some(main))
        .find_map(|e| world.range(e.span))
        .map(|r| r.start);
    let messages = (errors.iter())
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    Fault {
        message: format!("{what}: {messages}"),
        at,
    }
    .into()
}

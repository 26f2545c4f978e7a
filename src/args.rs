//! The command line's arguments (clap), kept apart from what each command does (`main.rs`).

use carepath::clinical::export;
use carepath::diagnostics;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Build patient-information websites with a symptom checker that needs no JavaScript.
#[derive(Parser)]
#[command(name = "carepath", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Which site, and how strictly it is judged.
#[derive(Args, Clone)]
pub(crate) struct SiteArgs {
    /// The site folder (holding `content/` and `themes/`).
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// Treat overdue reviews as errors.
    #[arg(long)]
    strict: bool,
}

impl SiteArgs {
    /// Build options for this site: checked only, or written to `out` (default SITE/public).
    pub(crate) fn options(
        self,
        write: bool,
        out: Option<PathBuf>,
        report: bool,
    ) -> carepath::BuildOptions {
        let out = out.unwrap_or_else(|| self.site.join("public"));
        carepath::BuildOptions {
            out,
            write,
            strict: self.strict,
            figures: report,
            ..carepath::BuildOptions::new(self.site)
        }
    }
}

/// How problems are printed.
#[derive(Args, Clone, Copy)]
pub(crate) struct Problems {
    /// How to print problems: `full` (with the source line and a caret) or `short` (one line
    /// each, for editors and CI logs).
    #[arg(long, default_value = "full")]
    format: diagnostics::Format,
    #[command(flatten)]
    color: Color,
}

/// Whether problems are coloured.
#[derive(Args, Clone, Copy)]
pub(crate) struct Color {
    /// When to colour problems: `auto` (on a terminal, unless NO_COLOR is set), `always`, `never`.
    #[arg(long, default_value = "auto")]
    color: ColorChoice,
}

/// When to colour output.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl Problems {
    /// The style problems are printed in, on standard error.
    pub(crate) fn style(self) -> diagnostics::Style {
        diagnostics::Style {
            format: self.format,
            color: self.color.on(),
        }
    }
}

impl Color {
    /// Whether to colour what goes to standard error.
    pub(crate) fn on(self) -> bool {
        use std::io::IsTerminal as _;
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }

    /// Full diagnostics, coloured as asked.
    pub(crate) fn style(self) -> diagnostics::Style {
        diagnostics::Style {
            format: diagnostics::Format::Full,
            color: self.on(),
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (replaced whole, and only if the build succeeds).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: SITE/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also print every page's weight and readability.
        #[arg(long)]
        report: bool,
        #[command(flatten)]
        problems: Problems,
    },
    /// Check the whole site and report every problem, writing nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Also print every page's weight and readability.
        #[arg(long)]
        report: bool,
        #[command(flatten)]
        problems: Problems,
    },
    /// Serve the site from memory while you edit it: rebuilds what changed, reloads open pages
    /// and shows problems in them. Never writes the output folder.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (the next free one is used if it is taken; 0: any free port).
        #[arg(long, default_value_t = carepath::serve::DEFAULT_PORT)]
        port: u16,
        /// Address to listen on (anything but loopback is reachable from other machines, and
        /// serve warns so).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also answer requests addressed to this host name (repeatable; `.example.org` allows
        /// every name under it). Names other than the bound address (and `localhost` on
        /// loopback) are refused, so that no other web page can read the preview through DNS
        /// rebinding.
        #[arg(long = "allow-host", value_name = "NAME", value_parser = carepath::serve::route::allowed_host)]
        allow_host: Vec<String>,
        /// Serve the site under this folder, e.g. `/leaflets/`, as it will be hosted.
        #[arg(long, default_value = "/")]
        base_path: String,
        /// Open the site in the default browser once it is served.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        problems: Problems,
    },
    /// Create a small working starter site in DIR.
    New {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// Record a clinical sign-off: who approved a page or tree as it is now (in
    /// `content/signoff.toml`). The build lists every page changed since its approval.
    Signoff {
        /// The page or tree (`content/causes/sciatica.md`, or relative to `content/`).
        page: PathBuf,
        /// Who approves it ("Dr A Name").
        #[arg(long)]
        by: String,
        /// Their role ("GP clinical lead"), shown in the page's footer.
        #[arg(long)]
        role: String,
        /// The day of the approval (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        date: Option<time::Date>,
        /// The site folder (holding `content/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        #[command(flatten)]
        color: Color,
    },
    /// Work with translations (`NAME.TAG.md` beside `NAME.md`).
    Translate {
        #[command(subcommand)]
        action: TranslateAction,
    },
    /// Print a decision tree for clinical sign-off, or compare two versions of one.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Tree {
        /// The tree file (`content/checks/NAME.toml`).
        #[arg(required = true)]
        file: Option<PathBuf>,
        /// Output format: numbered steps, Graphviz, Mermaid, the disposition table (Markdown or
        /// CSV), an HL7 FHIR R4 Questionnaire, the end states no clinical case reaches, as
        /// `[[cases]]` entries to check and paste, or every row of the table as the answers
        /// given (JSON, for walking a forms client).
        #[arg(long, default_value = "text", value_parser = export::Format::NAMES)]
        format: String,
        #[command(flatten)]
        color: Color,
        #[command(subcommand)]
        action: Option<TreeAction>,
    },
}

/// A `YYYY-MM-DD` date from the command line.
fn parse_date(s: &str) -> Result<time::Date, String> {
    carepath::front_matter::parse_date(s.trim())
        .ok_or_else(|| format!("`{s}` is not a date: write it as YYYY-MM-DD"))
}

#[derive(Subcommand)]
pub(crate) enum TranslateAction {
    /// Record that each translation says all its source page says as the source is now (its
    /// `[translation]` table); the build then reports every later change to the source.
    Mark {
        /// The translations (`content/causes/sciatica.cy.md`, or relative to `content/`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The day it was brought up to date (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        date: Option<time::Date>,
        /// The site folder (holding `content/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Write the text a language still needs for translators (XLIFF 2.0 or gettext PO): every
    /// block of each page with no translation, and the new or changed blocks of each
    /// translation behind its source.
    Export {
        /// The language (its tag in `[languages]`, e.g. `cy`).
        #[arg(long)]
        lang: String,
        /// The file format: `xliff` (XLIFF 2.0) or `po` (gettext).
        #[arg(long, default_value = "xliff", value_parser = ["xliff", "po"])]
        format: String,
        /// Write it to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Every block of every page, with the translation where it is up to date.
        #[arg(long)]
        all: bool,
        /// The site folder (holding `content/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        #[command(flatten)]
        color: Color,
    },
    /// Write a translator's file (XLIFF 2.0 or PO, as exported) back into the translations:
    /// new translation files, or the blocks it carries replaced in place. Nothing is written
    /// if anything in it is wrong.
    Import {
        /// The file (`.xlf` or `.po`).
        file: PathBuf,
        /// The day to record in each translation written (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        date: Option<time::Date>,
        /// The site folder (holding `content/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        #[command(flatten)]
        color: Color,
    },
}

#[derive(Subcommand)]
pub(crate) enum TreeAction {
    /// List every path whose outcome changed between two versions of a tree (exit 1 if any).
    Diff {
        /// The old version (or, with --rev, the tree file to compare with its earlier self).
        old: PathBuf,
        /// The new version.
        #[arg(required_unless_present = "rev")]
        new: Option<PathBuf>,
        /// Compare OLD as it is now with OLD at this git revision (e.g. HEAD~1, main).
        #[arg(long, conflicts_with = "new")]
        rev: Option<String>,
    },
}

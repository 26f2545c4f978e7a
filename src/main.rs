//! The `carepath` command line: parses arguments, calls the library, prints diagnostics and a
//! summary, and picks the exit code (0 ok, 1 content errors or a failed build, 2 usage).

use carepath::tree::export;
use carepath::{BuildOptions, build, starter, summary};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Build patient-information websites with a symptom checker that needs no JavaScript.
#[derive(Parser)]
#[command(name = "carepath", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced whole, and only if the build succeeds).
    Build {
        /// The site folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to write the site [default: SITE/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Treat overdue reviews as errors.
        #[arg(long)]
        strict: bool,
        /// Also print every page's weight and readability.
        #[arg(long)]
        report: bool,
    },
    /// Check the whole site and report every problem, writing nothing.
    Check {
        /// The site folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Treat overdue reviews as errors.
        #[arg(long)]
        strict: bool,
        /// Also print every page's weight and readability.
        #[arg(long)]
        report: bool,
    },
    /// Create a small working starter site in DIR.
    New {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// Print a decision tree for clinical sign-off, or compare two versions of one.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Tree {
        /// The tree file (`content/checks/NAME.toml`).
        #[arg(required = true)]
        file: Option<PathBuf>,
        /// Output format: numbered steps, Graphviz, Mermaid, the disposition table (Markdown or
        /// CSV), or an HL7 FHIR R4 Questionnaire.
        #[arg(long, default_value = "text", value_parser = export::Format::NAMES)]
        format: String,
        #[command(subcommand)]
        action: Option<TreeAction>,
    },
}

#[derive(Subcommand)]
enum TreeAction {
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

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build {
            site,
            out,
            strict,
            report,
        } => {
            let out = out.unwrap_or_else(|| site.join("public"));
            run_build(
                BuildOptions {
                    out,
                    strict,
                    ..BuildOptions::new(site)
                },
                report,
            )
        }
        Command::Check {
            site,
            strict,
            report,
        } => run_build(
            BuildOptions {
                write: false,
                strict,
                ..BuildOptions::new(site)
            },
            report,
        ),
        Command::New { dir } => starter::create(&dir).map(|()| {
            println!(
                "created a starter site in {0}; build it with: carepath build --site {0}",
                dir.display()
            );
            ExitCode::SUCCESS
        }),
        Command::Tree {
            action: Some(TreeAction::Diff { old, new, rev }),
            ..
        } => run_diff(&old, new.as_deref(), rev.as_deref()),
        Command::Tree {
            file: Some(file),
            format,
            ..
        } => run_tree(&file, &format),
        Command::Tree { file: None, .. } => unreachable!("clap requires FILE without a subcommand"),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(1)
    })
}

fn run_build(opts: BuildOptions, table: bool) -> anyhow::Result<ExitCode> {
    if opts.write {
        carepath::output::remove_on_signal()?;
    }
    let report = build(&opts)?;
    eprint!("{}", summary::diagnostics(&opts.site, &report.diagnostics));
    if table {
        print!("{}", summary::table(&report));
    }
    print!("{}", summary::due(&report));
    print!("{}", summary::notes(&report));
    println!("{}", summary::line(&opts, &report));
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_tree(file: &Path, format: &str) -> anyhow::Result<ExitCode> {
    match export::for_file(file, format.parse()?)? {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            eprint!("{}", summary::diagnostics(Path::new("."), &problems));
            Ok(ExitCode::from(1))
        }
    }
}

fn run_diff(old: &Path, new: Option<&Path>, rev: Option<&str>) -> anyhow::Result<ExitCode> {
    match carepath::tree::diff::compare_files(old, new, rev)? {
        Ok((changes, report)) => {
            print!("{report}");
            Ok(ExitCode::from(u8::from(!changes.is_empty())))
        }
        Err(problems) => {
            eprint!("{}", summary::diagnostics(Path::new("."), &problems));
            Ok(ExitCode::from(1))
        }
    }
}

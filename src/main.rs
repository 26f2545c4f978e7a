//! The `carepath` command line: parses arguments, calls the library, prints diagnostics and a
//! summary, and picks the exit code (0 ok, 1 content errors or a failed build, 2 usage).

use carepath::{BuildOptions, BuildReport, build, diagnostics, starter};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
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
    /// Build the site into the output folder (replaced whole, only if the build succeeds).
    Build {
        /// The site folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to write the site [default: SITE/public].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check the whole site and report every problem, writing nothing.
    Check {
        /// The site folder (holding `content/` and `themes/`).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Create a small working starter site in DIR.
    New {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { site, out } => {
            let out = out.unwrap_or_else(|| site.join("public"));
            run_build(BuildOptions {
                site,
                out,
                write: true,
            })
        }
        Command::Check { site } => run_build(BuildOptions {
            out: site.join("public"),
            site,
            write: false,
        }),
        Command::New { dir } => starter::create(&dir).map(|()| {
            println!(
                "created a starter site in {0}; build it with: carepath build --site {0}",
                dir.display()
            );
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(1)
    })
}

fn run_build(opts: BuildOptions) -> anyhow::Result<ExitCode> {
    let report = build(&opts)?;
    for d in &report.diagnostics {
        // Name files as the user can open them from where they ran the command.
        let mut shown = d.clone();
        if opts.site != std::path::Path::new(".") && !d.path.starts_with("<built-in>") {
            shown.path = opts.site.join(&d.path);
        }
        eprintln!("{shown}");
    }
    println!("{}", summary(&opts, &report));
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn summary(opts: &BuildOptions, report: &BuildReport) -> String {
    let (errors, warnings) = diagnostics::count(&report.diagnostics);
    let ms = report.elapsed.as_millis();
    if errors > 0 {
        return format!("failed: {errors} errors, {warnings} warnings; nothing written ({ms} ms)");
    }
    let trees: Vec<String> = report
        .trees
        .iter()
        .map(|t| format!("{}: {} pages, {} paths", t.title, t.pages, t.paths))
        .collect();
    let trees = if trees.is_empty() {
        String::new()
    } else {
        format!(" [{}]", trees.join("; "))
    };
    let verb = if report.written {
        format!("wrote {} pages to {}", report.pages, opts.out.display())
    } else {
        format!("checked {} pages", report.pages)
    };
    format!("{verb}{trees}, {warnings} warnings in {ms} ms")
}

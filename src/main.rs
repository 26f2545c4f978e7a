//! The `carepath` command line: parses arguments, calls the library, prints diagnostics and a
//! summary, and picks the exit code (0 ok, 1 content errors or a failed build, 2 usage).

mod args;

use args::{Cli, Command, TranslateAction, TreeAction};
use carepath::clinical::export;
use carepath::{BuildOptions, build, diagnostics, starter, summary};
use clap::Parser;
use std::path::Path;
use std::process::ExitCode;

/// Caps glibc's malloc arenas at one per core. By default glibc gives a thread that finds the
/// arenas in use busy an arena of its own, up to eight per core, and memory freed in one arena
/// is never reused by another: with the main thread and one worker per core, which threads
/// happen to collide decides how many arenas a build ends with, and its peak memory varied by
/// more than 10 MiB from run to run (143 to 155 MiB for 100,000 leaflets). Capped, it was
/// 133 MiB in three runs, and no slower. Elsewhere the allocator is left as it is.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cap_malloc_arenas() {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let cap = std::ffi::c_int::try_from(cores).unwrap_or(std::ffi::c_int::MAX);
    // SAFETY: `mallopt` only sets one of glibc's allocator tunings, and this runs first in
    // `main`, before any other thread exists. If glibc refuses the value, nothing changes.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, cap);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn cap_malloc_arenas() {}

fn main() -> ExitCode {
    cap_malloc_arenas();
    let result = match Cli::parse().command {
        Command::Build {
            site,
            out,
            report,
            problems,
        } => run_build(site.options(true, out, report), report, problems.style()),
        Command::Check {
            site,
            report,
            problems,
        } => run_build(site.options(false, None, report), report, problems.style()),
        Command::Serve {
            site,
            port,
            bind,
            allow_host,
            base_path,
            open,
            problems,
        } => run_serve(
            site.options(false, None, true),
            (bind, port, &base_path, allow_host),
            open,
            problems.style(),
        ),
        Command::New { dir } => starter::create(&dir).map(|()| {
            println!(
                "created a starter site in {0}; build it with: carepath build --site {0}",
                dir.display()
            );
            ExitCode::SUCCESS
        }),
        Command::Signoff {
            page,
            by,
            role,
            date,
            site,
            color,
        } => run_signoff(
            carepath::SignOffRequest {
                site,
                path: page,
                by,
                role,
                date: date.unwrap_or_else(carepath::today),
            },
            color.style(),
        ),
        Command::Translate {
            action: TranslateAction::Mark { files, date, site },
        } => carepath::translate_mark(&site, &files, date.unwrap_or_else(carepath::today)).map(
            |said| {
                said.iter().for_each(|line| println!("{line}"));
                ExitCode::SUCCESS
            },
        ),
        Command::Translate {
            action:
                TranslateAction::Export {
                    lang,
                    format,
                    out,
                    all,
                    site,
                    color,
                },
        } => format.parse().and_then(|format| {
            let req = carepath::ExportRequest {
                site,
                lang,
                format,
                all,
                out,
            };
            run_export(&req, color.style())
        }),
        Command::Translate {
            action:
                TranslateAction::Import {
                    file,
                    date,
                    site,
                    color,
                },
        } => run_import(
            &site,
            &file,
            date.unwrap_or_else(carepath::today),
            color.style(),
        ),
        Command::Tree {
            action: Some(TreeAction::Diff { old, new, rev }),
            color,
            ..
        } => run_diff(&old, new.as_deref(), rev.as_deref(), color.style()),
        Command::Tree {
            file: Some(file),
            format,
            color,
            ..
        } => run_tree(&file, &format, color.style()),
        Command::Tree { file: None, .. } => unreachable!("clap requires FILE without a subcommand"),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(1)
    })
}

fn run_build(
    opts: BuildOptions,
    table: bool,
    style: diagnostics::Style,
) -> anyhow::Result<ExitCode> {
    if opts.write {
        carepath::output::remove_on_signal()?;
    }
    let report = build(&opts)?;
    eprint!(
        "{}",
        summary::diagnostics(&opts.site, &report.diagnostics, style)
    );
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

fn run_signoff(
    req: carepath::SignOffRequest,
    style: diagnostics::Style,
) -> anyhow::Result<ExitCode> {
    match carepath::sign_off(&req)? {
        Ok(said) => {
            println!("{said}");
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            eprint!("{}", summary::diagnostics(&req.site, &problems, style));
            eprintln!("error: not signed off: fix the errors in the page first");
            Ok(ExitCode::from(1))
        }
    }
}

fn run_export(
    req: &carepath::ExportRequest,
    style: diagnostics::Style,
) -> anyhow::Result<ExitCode> {
    let (text, warnings) = carepath::translate_export(req)?;
    eprint!("{}", summary::diagnostics(&req.site, &warnings, style));
    match (text, &req.out) {
        (carepath::Exported::Text(text), _) => out(&text),
        (carepath::Exported::Written, Some(file)) => eprintln!("wrote {}", file.display()),
        (carepath::Exported::Written, None) => {}
        (carepath::Exported::Nothing, _) => eprintln!(
            "nothing to translate into `{}`: every page has a translation that is up to date (`--all` exports everything), so no file was written",
            req.lang
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_import(
    site: &Path,
    file: &Path,
    date: time::Date,
    style: diagnostics::Style,
) -> anyhow::Result<ExitCode> {
    match carepath::translate_import(site, file, date)? {
        Ok(imported) => {
            imported.said.iter().for_each(|line| println!("{line}"));
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            eprint!("{}", summary::diagnostics(Path::new("."), &problems, style));
            eprintln!("error: nothing was imported: fix the problems above and import again");
            Ok(ExitCode::from(1))
        }
    }
}

fn run_tree(file: &Path, format: &str, style: diagnostics::Style) -> anyhow::Result<ExitCode> {
    match export::for_file(file, format.parse()?)? {
        Ok(exported) => {
            if !exported.warnings.is_empty() {
                eprint!(
                    "{}",
                    summary::diagnostics(Path::new("."), &exported.warnings, style)
                );
            }
            out(&exported.text);
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            eprint!("{}", summary::diagnostics(Path::new("."), &problems, style));
            Ok(ExitCode::from(1))
        }
    }
}

fn run_diff(
    old: &Path,
    new: Option<&Path>,
    rev: Option<&str>,
    style: diagnostics::Style,
) -> anyhow::Result<ExitCode> {
    match carepath::clinical::diff::compare_files(old, new, rev)? {
        Ok((comparison, report)) => {
            out(&report);
            Ok(ExitCode::from(u8::from(!comparison.is_empty())))
        }
        Err(problems) => {
            eprint!("{}", summary::diagnostics(Path::new("."), &problems, style));
            Ok(ExitCode::from(1))
        }
    }
}

fn run_serve(
    build: BuildOptions,
    (bind, port, base_path, allow_hosts): (std::net::IpAddr, u16, &str, Vec<String>),
    open: bool,
    style: diagnostics::Style,
) -> anyhow::Result<ExitCode> {
    let opts = carepath::serve::ServeOptions {
        build,
        bind,
        port,
        base_path: carepath::serve::normalise_base_path(base_path)?,
        allow_hosts,
        style,
    };
    carepath::serve::run(opts, &|url| {
        println!("serving the site at {url} (Ctrl-C to stop)");
        if open {
            open_browser(url);
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` in the desktop's browser; says so when none can be started.
fn open_browser(url: &str) {
    let opener = match std::env::consts::OS {
        "macos" => "open",
        "windows" => "explorer",
        _ => "xdg-open",
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("note: could not start `{opener}` to open a browser; open {url} yourself");
    }
}

/// Writes a command's output to standard output. A reader that stops early (`| head`) is not
/// an error: the rest is dropped quietly instead of panicking on the closed pipe.
fn out(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

//! The `deckport` command: parses flags, plans one job per deck, runs the decks in
//! parallel, prints each deck's warnings in one block as `FILE:LINE: warning:
//! message`, writes the `--json` report and exits with the worst deck's code
//! (design.md).

use clap::Parser;
use deckport::batch::{self, DeckResult, Job, Plan, progress::Progress};
use deckport::export::{ExportOptions, Format, Output, SlideRange, Target};
use deckport::source::Input;
use deckport::walker::Overflow;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

/// Export HedgeDoc slide-mode Markdown decks to PDF and PPTX.
#[derive(Parser, Debug)]
#[command(name = "deckport", version, about)]
struct Args {
    /// Decks: Markdown files, globs (`decks/*.md`), `-` for standard input, or
    /// HedgeDoc/HackMD note URLs. Without -o, deck.md is written to deck.pdf beside it.
    #[arg(required = true, value_name = "DECK")]
    decks: Vec<String>,
    /// Output file; the format comes from the extension (.pdf, .pptx, or .png for one
    /// picture per page). `-` writes to standard output (PDF, or PPTX with --pptx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write a PDF beside each input (the default when -o and --pptx are not given).
    #[arg(long)]
    pdf: bool,
    /// Write an editable PowerPoint deck beside each input.
    #[arg(long)]
    pptx: bool,
    /// Write one PNG per page beside each input (DECK-01.png, DECK-02.png, ...).
    #[arg(long)]
    png: bool,
    /// Folder for the outputs of every deck (names kept unique).
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    out_dir: Option<PathBuf>,
    /// Decks exported at once (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    jobs: Option<u16>,
    /// Write a report of every deck as JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Export only these slides, counted from 1 in export order: `3`, `2-5`, `1,4-`.
    #[arg(long, value_name = "RANGE")]
    slides: Option<SlideRange>,
    /// Page size in pixels.
    #[arg(long, value_name = "WxH", default_value = "1920x1080", value_parser = parse_size)]
    page_size: (f32, f32),
    /// What to do with content taller than the slide.
    #[arg(long, value_name = "MODE", default_value = "shrink", value_parser = parse_overflow)]
    overflow: Overflow,
    /// One page per fragment step, as reveal's print shows them (default: each slide's final state).
    #[arg(long)]
    fragments: bool,
    /// Draw no slide numbers, whatever the deck's slideNumber says.
    #[arg(long)]
    no_slide_numbers: bool,
    /// Exit with code 1 when there are warnings.
    #[arg(long)]
    strict: bool,
    /// Print no warnings, no summary and no progress bar.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    quiet: bool,
    /// Print what was written, also for a single deck.
    #[arg(long, short = 'v')]
    verbose: bool,
    /// Read pictures outside the deck's folder too.
    #[arg(long)]
    allow_local_files: bool,
    /// Use only the picture cache; never open a network connection.
    #[arg(long)]
    offline: bool,
    /// Picture cache folder (default: $XDG_CACHE_HOME/deckport or ~/.cache/deckport).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Seconds to connect and to fetch each picture; the deck's total is three times this.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    timeout: std::time::Duration,
    /// Rewrite picture URLs starting with PREFIX to another base URL or a local folder (repeatable).
    #[arg(long, value_name = "PREFIX=REPL", value_parser = parse_map)]
    map_url: Vec<(String, String)>,
    /// Server for server-relative picture paths such as /uploads/x.png.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<url::Url>,
    /// A request header for a note URL's server (and pictures on it), e.g. a login
    /// cookie: `Cookie:connect.sid=…` (repeatable; never sent to other hosts).
    #[arg(long, value_name = "NAME:VALUE", value_parser = parse_header)]
    header: Vec<(String, String)>,
    /// Archival PDF (PDF/A-2b); dated from SOURCE_DATE_EPOCH when set, else now.
    #[arg(long)]
    pdfa: bool,
    /// Speaker notes in the PDF: `pages` adds a page after each slide with notes,
    /// `annotations` attaches them to the slide as a note a viewer opens.
    #[arg(long, value_name = "MODE", value_parser = parse_notes)]
    notes: Option<NotesMode>,
    /// The author named in the document's metadata.
    #[arg(long, value_name = "NAME")]
    author: Option<String>,
    /// A folder of extra fonts (.ttf .otf .ttc .otc, read with its subfolders;
    /// repeatable): for families a deck names, and first for the scripts they cover.
    #[arg(long, value_name = "DIR")]
    font_dir: Vec<PathBuf>,
}

fn parse_header(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once(':')
        .ok_or("expected NAME:VALUE, e.g. Cookie:connect.sid=abc")?;
    let name = name.trim();
    let value = value.trim();
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return Err(format!("'{name}' is not a header name"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err("a header value cannot hold line breaks or control characters".into());
    }
    Ok((name.to_string(), value.to_string()))
}

/// The date for a PDF/A when `SOURCE_DATE_EPOCH` is not set: now, with an info line,
/// as the file then differs from run to run.
fn dated_now(quiet: bool) -> Option<i64> {
    if !quiet {
        eprintln!(
            "deckport: info: SOURCE_DATE_EPOCH is not set; the PDF/A is dated now (set it for reproducible files)"
        );
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs() as i64)
}

fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("bad number of seconds '{s}'"))?;
    if !(0.001..=3600.0).contains(&secs) {
        return Err("the timeout must be between 0.001 and 3600 seconds".into());
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

fn parse_map(s: &str) -> Result<(String, String), String> {
    let (prefix, replacement) = s
        .split_once('=')
        .ok_or("expected PREFIX=REPLACEMENT, e.g. https://md.example.org/=http://mirror/")?;
    if prefix.is_empty() || replacement.is_empty() {
        return Err("both PREFIX and REPLACEMENT must be given".into());
    }
    Ok((prefix.to_string(), replacement.to_string()))
}

fn parse_base_url(s: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(s).map_err(|e| format!("bad URL '{s}' ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the base URL must start with http:// or https://".into());
    }
    Ok(url)
}

/// The user's cache folder for pictures, if one can be named.
fn default_cache_dir() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    from("XDG_CACHE_HOME")
        .or_else(|| from("HOME").map(|h| h.join(".cache")))
        .map(|d| d.join("deckport"))
}

fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or("expected WIDTHxHEIGHT, e.g. 1920x1080")?;
    let w: f32 = w.trim().parse().map_err(|_| format!("bad width '{w}'"))?;
    let h: f32 = h.trim().parse().map_err(|_| format!("bad height '{h}'"))?;
    if !(16.0..=20000.0).contains(&w) || !(16.0..=20000.0).contains(&h) {
        return Err("width and height must be between 16 and 20000 pixels".into());
    }
    Ok((w, h))
}

/// `--notes pages`; `annotations` is refused (krilla 0.8 writes link annotations only).
/// Where `--notes` puts speaker notes in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotesMode {
    Pages,
    Annotations,
}

fn parse_notes(s: &str) -> Result<NotesMode, String> {
    match s {
        "pages" => Ok(NotesMode::Pages),
        "annotations" => Ok(NotesMode::Annotations),
        other => Err(format!("unknown notes mode '{other}' (pages, annotations)")),
    }
}

fn parse_overflow(s: &str) -> Result<Overflow, String> {
    match s {
        "shrink" => Ok(Overflow::Shrink),
        "clip" => Ok(Overflow::Clip),
        "paginate" => Ok(Overflow::Paginate),
        other => Err(format!(
            "unknown overflow mode '{other}' (shrink, clip or paginate)"
        )),
    }
}

/// `SOURCE_DATE_EPOCH`: the date written into the files' metadata, if set.
fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("SOURCE_DATE_EPOCH '{v}' is not a number of seconds")),
    }
}

/// The inputs the deck arguments name: globs expanded, URLs and `-` recognised.
fn inputs(args: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in args {
        if batch::glob::is_pattern(arg) && !Path::new(arg).exists() {
            let found = batch::glob::expand(arg);
            if found.is_empty() {
                return Err(format!("no deck matches {arg}"));
            }
            out.extend(found.into_iter().map(Input::File));
        } else {
            out.push(Input::parse(arg)?);
        }
    }
    if out.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err("standard input (-) can be read only once".into());
    }
    Ok(out)
}

/// The one job for `-o FILE` (or `-o -`).
fn single_job(input: Input, output: &Path, pdf: bool, pptx: bool) -> Result<Job, String> {
    let (target, format) = if output.as_os_str() == "-" {
        let format = match (pdf, pptx) {
            (true, true) => return Err("-o - writes one format; give --pdf or --pptx".into()),
            (_, true) => Format::Pptx,
            _ => Format::Pdf,
        };
        (Target::Stdout, format)
    } else {
        let format = Format::from_path(output).ok_or_else(|| {
            format!(
                "cannot tell the output format of {} (use a .pdf, .pptx or .png name)",
                output.display()
            )
        })?;
        (Target::File(output.to_path_buf()), format)
    };
    Ok(Job {
        input,
        outputs: vec![Output { target, format }],
    })
}

/// Stack for the thread that parses the arguments and coordinates the workers; the
/// decks themselves run on `batch` workers with a stack of the same size.
const STACK_BYTES: usize = batch::STACK_BYTES;

fn main() -> ExitCode {
    // The stack is reserved address space; only the pages used are backed by memory.
    let worker = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(run);
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("deckport: error: the export stopped unexpectedly");
            ExitCode::from(70)
        }
    }
}

/// A usage error: message and exit code 2.
fn usage(message: &str) -> ExitCode {
    eprintln!("deckport: error: {message}");
    ExitCode::from(2)
}

fn run() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let inputs = match inputs(&args.decks) {
        Ok(i) => i,
        Err(m) => return usage(&m),
    };
    let to_stdout = args.output.as_deref().is_some_and(|o| o.as_os_str() == "-");
    if to_stdout && args.json.as_deref().is_some_and(|j| j.as_os_str() == "-") {
        return usage("--json - and -o - cannot both use standard output");
    }
    let creation_date = match source_date_epoch() {
        Ok(d) => d,
        Err(m) => return usage(&m),
    };
    if let Some(dir) = &args.out_dir
        && !dir.is_dir()
    {
        eprintln!(
            "deckport: error: output folder {} does not exist",
            dir.display()
        );
        return ExitCode::from(3);
    }
    let font_warnings;
    let jobs = match args.output.as_deref() {
        Some(output) => {
            if inputs.len() > 1 {
                return usage(
                    "-o takes one deck; use --out-dir, --pdf, --pptx or --png to export several",
                );
            }
            let Some(input) = inputs.into_iter().next() else {
                return usage("no deck given");
            };
            if let Input::File(path) = &input
                && deckport::export::same_file(path, output)
            {
                eprintln!(
                    "{}: error: output {} is the input; refusing to overwrite it",
                    path.display(),
                    output.display()
                );
                return ExitCode::from(3);
            }
            match single_job(input, output, args.pdf, args.pptx) {
                Ok(job) => vec![job],
                Err(m) => return usage(&m),
            }
        }
        None => {
            let mut formats = Vec::new();
            if args.pdf {
                formats.push(Format::Pdf);
            }
            if args.pptx {
                formats.push(Format::Pptx);
            }
            if args.png {
                formats.push(Format::Png);
            }
            let plan = Plan {
                out_dir: args.out_dir.clone(),
                formats,
            };
            batch::plan(inputs, &plan)
        }
    };
    let fonts = match deckport::fonts::ExtraFonts::load(&args.font_dir) {
        Ok((fonts, report)) => {
            if !args.quiet {
                for (path, reason) in &report.skipped {
                    eprintln!("{}: warning: font skipped: {reason}", path.display());
                }
            }
            if args.verbose {
                eprintln!("deckport: {} extra font faces", report.faces);
            }
            font_warnings = !report.skipped.is_empty();
            std::sync::Arc::new(fonts)
        }
        Err((dir, e)) => {
            eprintln!("{}: error: cannot read the font folder: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let options = ExportOptions {
        page: args.page_size,
        overflow: args.overflow,
        allow_local_files: args.allow_local_files,
        offline: args.offline,
        cache_dir: args.cache_dir.clone().or_else(default_cache_dir),
        timeout: args.timeout,
        map_url: args.map_url.clone(),
        base_url: args.base_url.clone(),
        headers: args.header.clone(),
        slides: args.slides.clone(),
        creation_date: creation_date.or_else(|| args.pdfa.then(|| dated_now(args.quiet)).flatten()),
        slide_numbers: !args.no_slide_numbers,
        fragments: args.fragments,
        pdfa: args.pdfa,
        author: args.author.clone(),
        notes_pages: args.notes == Some(NotesMode::Pages),
        notes_annotations: args.notes == Some(NotesMode::Annotations),
        fonts,
    };
    let workers = args.jobs.map_or_else(batch::default_workers, usize::from);
    if jobs.len() > 1 {
        // With several decks the workers keep the cores busy; krilla's pool on top
        // only adds hand-offs (48 decks: 1.05 s with one pool thread, 1.17 s with two).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global();
    }
    let summaries = (jobs.len() > 1 || args.verbose) && !args.quiet;
    let bar = jobs.len() > 1 && !args.quiet && std::io::stderr().is_terminal();
    let progress = Mutex::new(Progress::new(jobs.len(), bar));
    let report = |_: usize, result: &DeckResult| {
        let mut progress = progress.lock().unwrap_or_else(|e| e.into_inner());
        let mut err = std::io::stderr().lock();
        progress.clear(&mut err);
        let _ = err.write_all(messages(result, args.quiet, summaries).as_bytes());
        progress.advance();
        progress.draw(&mut err);
    };
    {
        let progress = progress.lock().unwrap_or_else(|e| e.into_inner());
        progress.draw(&mut std::io::stderr().lock());
    }
    let results = batch::run(&jobs, &options, args.strict, workers, &report);
    progress
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear(&mut std::io::stderr().lock());
    let mut code = batch::exit_code(&results);
    if font_warnings && args.strict {
        code = code.max(1);
    }
    if let Some(path) = &args.json
        && let Err(m) = write_report(path, &results)
    {
        eprintln!("deckport: error: {m}");
        code = code.max(3);
    }
    ExitCode::from(code)
}

/// Everything printed about one deck, in one piece: its warnings in line order,
/// its error, and its summary line.
fn messages(result: &DeckResult, quiet: bool, summary: bool) -> String {
    let name = result.input.name();
    let mut text = String::new();
    if !quiet {
        for w in &result.warnings {
            match w.line {
                Some(line) => text.push_str(&format!("{name}:{line}: warning: {}\n", w.message)),
                None => text.push_str(&format!("{name}: warning: {}\n", w.message)),
            }
        }
    }
    if let Some(e) = &result.error {
        text.push_str(&format!("{name}: error: {e}\n"));
    } else if summary {
        let written: Vec<String> = result
            .outputs
            .iter()
            .map(|o| o.target.to_string())
            .collect();
        let warnings = match result.warnings.len() {
            0 => String::new(),
            1 => ", 1 warning".into(),
            n => format!(", {n} warnings"),
        };
        let pages = match result.pages {
            1 => "1 page".to_string(),
            n => format!("{n} pages"),
        };
        text.push_str(&format!(
            "{name}: wrote {} ({pages}{warnings}, {:.2} s)\n",
            written.join(", "),
            result.total.as_secs_f64()
        ));
    }
    text
}

/// Writes the JSON report to a file (atomically) or to standard output.
fn write_report(path: &Path, results: &[DeckResult]) -> Result<(), String> {
    let json = batch::report::to_json(results);
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(json.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| format!("cannot write the report to standard output ({e})"));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report.json".into());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, json)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write the report {} ({e})", path.display())
        })
}

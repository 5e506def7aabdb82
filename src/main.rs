//! The `deckport` command: parses flags, runs one export per deck, prints
//! warnings as `FILE:LINE: warning: message` and exits with design.md's codes.

use clap::Parser;
use deckport::export::{self, ExportError, ExportOptions, Format};
use deckport::walker::Overflow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Export HedgeDoc slide-mode Markdown decks to PDF and PPTX.
#[derive(Parser, Debug)]
#[command(name = "deckport", version, about)]
struct Args {
    /// Deck files (Markdown). Without -o, each deck.md is written to deck.pdf beside it.
    #[arg(required = true, value_name = "DECK")]
    decks: Vec<PathBuf>,
    /// Output file; the format comes from the extension (.pdf or .pptx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write a PDF beside each input (the default when -o and --pptx are not given).
    #[arg(long)]
    pdf: bool,
    /// Write an editable PowerPoint deck beside each input.
    #[arg(long)]
    pptx: bool,
    /// Page size in pixels.
    #[arg(long, value_name = "WxH", default_value = "1920x1080", value_parser = parse_size)]
    page_size: (f32, f32),
    /// What to do with content taller than the slide.
    #[arg(long, value_name = "MODE", default_value = "shrink", value_parser = parse_overflow)]
    overflow: Overflow,
    /// Exit with code 1 when there are warnings.
    #[arg(long)]
    strict: bool,
    /// Print no warnings.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    quiet: bool,
    /// Print what was written.
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
    /// Archival PDF (PDF/A-2b); dated from SOURCE_DATE_EPOCH when set, else now.
    #[arg(long)]
    pdfa: bool,
    /// Speaker notes in the PDF: `pages` adds a page after each slide with notes.
    #[arg(long, value_name = "MODE", value_parser = parse_notes)]
    notes: Option<bool>,
    /// The author named in the document's metadata.
    #[arg(long, value_name = "NAME")]
    author: Option<String>,
}

/// The date for formats that need one: `SOURCE_DATE_EPOCH` when set, else now
/// (and an info line for PDF/A, which then differs from run to run).
fn creation_date(pdfa: bool, quiet: bool) -> Option<i64> {
    if let Some(seconds) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return Some(seconds);
    }
    if !pdfa {
        return None;
    }
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
fn parse_notes(s: &str) -> Result<bool, String> {
    match s {
        "pages" => Ok(true),
        "annotations" => {
            Err("notes as annotations are not supported yet; use --notes pages".into())
        }
        other => Err(format!("unknown notes mode '{other}' (pages)")),
    }
}

fn parse_overflow(s: &str) -> Result<Overflow, String> {
    match s {
        "shrink" => Ok(Overflow::Shrink),
        "clip" => Ok(Overflow::Clip),
        other => Err(format!("unknown overflow mode '{other}' (shrink or clip)")),
    }
}

/// The outputs for a deck: `-o FILE` (format from its extension), or one file beside
/// the deck per format asked for (PDF when none is).
fn outputs_for(
    deck: &Path,
    output: Option<&Path>,
    pdf: bool,
    pptx: bool,
) -> Result<Vec<(PathBuf, Format)>, String> {
    match output {
        Some(o) => match Format::from_path(o) {
            Some(f) => Ok(vec![(o.to_path_buf(), f)]),
            None => Err(format!(
                "cannot tell the output format of {} (use a .pdf or .pptx name)",
                o.display()
            )),
        },
        None => {
            let mut out = Vec::new();
            if pdf || !pptx {
                out.push((deck.with_extension("pdf"), Format::Pdf));
            }
            if pptx {
                out.push((deck.with_extension("pptx"), Format::Pptx));
            }
            Ok(out)
        }
    }
}

/// Stack for the export thread: deeply nested decks recurse deeply in the parsers
/// and the layout engine.
const STACK_BYTES: usize = 512 * 1024 * 1024;

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

fn run() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if args.output.is_some() && args.decks.len() > 1 {
        eprintln!("deckport: error: -o takes one deck; use --pdf or --pptx to export several");
        return ExitCode::from(2);
    }
    let options = ExportOptions {
        page: args.page_size,
        overflow: args.overflow,
        allow_local_files: args.allow_local_files,
        offline: args.offline,
        cache_dir: args.cache_dir.clone().or_else(default_cache_dir),
        timeout: args.timeout,
        map_url: args.map_url.clone(),
        base_url: args.base_url.clone(),
        pdfa: args.pdfa,
        creation_date: creation_date(args.pdfa, args.quiet),
        author: args.author.clone(),
        notes_pages: args.notes.unwrap_or(false),
    };
    let mut worst = 0u8;
    for deck in &args.decks {
        let name = deck.display().to_string();
        if let Some(o) = args.output.as_deref()
            && export::same_file(deck, o)
        {
            eprintln!(
                "{name}: error: output {} is the input; refusing to overwrite it",
                o.display()
            );
            worst = worst.max(3);
            continue;
        }
        let outputs = match outputs_for(deck, args.output.as_deref(), args.pdf, args.pptx) {
            Ok(o) => o,
            Err(m) => {
                eprintln!("{name}: error: {m}");
                worst = worst.max(2);
                continue;
            }
        };
        for (output, format) in outputs {
            match export::export(deck, &output, format, &options) {
                Ok((document, warnings)) => {
                    if !args.quiet {
                        for w in &warnings {
                            match w.line {
                                Some(line) => eprintln!("{name}:{line}: warning: {}", w.message),
                                None => eprintln!("{name}: warning: {}", w.message),
                            }
                        }
                    }
                    if args.verbose {
                        eprintln!(
                            "{name}: wrote {} ({} pages)",
                            output.display(),
                            document.pages.len()
                        );
                    }
                    if args.strict && !warnings.is_empty() {
                        worst = worst.max(1);
                    }
                }
                Err(e) => {
                    eprintln!("{name}: error: {e}");
                    worst = worst.max(match e {
                        ExportError::Input(_) => 2,
                        ExportError::Output(_) => 3,
                    });
                }
            }
        }
    }
    ExitCode::from(worst)
}

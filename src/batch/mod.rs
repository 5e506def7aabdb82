//! Many decks in one call: output names planned up front, decks exported in
//! parallel, one result per deck.
//!
//! Every deck runs the whole pipeline on a worker thread; the workers share the
//! picture cache on disk (its writes are atomic) and the bundled fonts (one copy in
//! the binary, see [`crate::fonts`]). A deck that fails, or even panics, is
//! reported as failed and the others carry on. Results come back in input order,
//! whatever order the decks finished in, and each deck's messages are handed over
//! in one piece so that they never interleave with another deck's.

pub mod glob;
pub mod progress;
pub mod report;

use crate::diag::Warning;
use crate::export::{self, ExportOptions, Format, Output, Target, Timings};
use crate::source::Input;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// One deck and the files to write for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub input: Input,
    pub outputs: Vec<Output>,
}

/// How one deck went.
#[derive(Debug, Clone)]
pub struct DeckResult {
    pub input: Input,
    pub outputs: Vec<Output>,
    /// Pages written (0 when the deck failed).
    pub pages: usize,
    pub warnings: Vec<Warning>,
    /// Why nothing was written, if so.
    pub error: Option<String>,
    /// design.md's exit code for this deck alone.
    pub exit_code: u8,
    pub timings: Timings,
    /// Wall time of the whole deck.
    pub total: Duration,
}

/// Where outputs go when `-o` is not given.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// `--out-dir`: one folder for every output; `None` writes beside each deck.
    pub out_dir: Option<PathBuf>,
    /// The formats asked for (`--pdf`, `--pptx`); PDF when empty.
    pub formats: Vec<Format>,
}

/// The jobs for a list of inputs: one output per format, named after the deck.
///
/// Beside its deck a file keeps the deck's name (`talk.md` → `talk.pdf`); a note
/// or standard input, which have no folder, write into the current one. In one
/// folder (`--out-dir`, or the current one) names are kept unique: decks with the
/// same name take their folder's name in front (`a/deck.md` → `a-deck.pdf`), and
/// any name still taken gets `-2`, `-3` … in input order. The same file named twice
/// is exported once.
pub fn plan(inputs: Vec<Input>, plan: &Plan) -> Vec<Job> {
    let formats = if plan.formats.is_empty() {
        vec![Format::Pdf]
    } else {
        let mut f = plan.formats.clone();
        f.sort();
        f.dedup();
        f
    };
    let mut seen = std::collections::BTreeSet::new();
    let inputs: Vec<Input> = inputs
        .into_iter()
        .filter(|i| match i {
            Input::File(p) => seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())),
            _ => true,
        })
        .collect();

    // Inputs that share one folder, with their wanted stems.
    let folder_of = |input: &Input| -> Option<PathBuf> {
        match (&plan.out_dir, input) {
            (Some(dir), _) => Some(dir.clone()),
            (None, Input::File(_)) => None,
            (None, _) => Some(PathBuf::new()),
        }
    };
    let mut stem_count: BTreeMap<(PathBuf, String), usize> = BTreeMap::new();
    for input in &inputs {
        if let Some(folder) = folder_of(input) {
            *stem_count.entry((folder, input.stem())).or_default() += 1;
        }
    }
    let mut taken = std::collections::BTreeSet::new();
    inputs
        .into_iter()
        .map(|input| {
            let base = match folder_of(&input) {
                None => {
                    let Input::File(path) = &input else {
                        unreachable!("only files are written beside themselves")
                    };
                    path.with_extension("")
                }
                Some(folder) => {
                    let mut stem = input.stem();
                    if stem_count[&(folder.clone(), stem.clone())] > 1
                        && let Some(parent) = parent_name(&input)
                    {
                        stem = format!("{parent}-{stem}");
                    }
                    let mut name = stem.clone();
                    let mut n = 1;
                    while !taken.insert((folder.clone(), name.clone())) {
                        n += 1;
                        name = format!("{stem}-{n}");
                    }
                    folder.join(name)
                }
            };
            let outputs = formats
                .iter()
                .map(|&format| Output {
                    target: Target::File(with_extension(&base, format)),
                    format,
                })
                .collect();
            Job { input, outputs }
        })
        .collect()
}

/// `base` plus the format's extension, even when `base` has a dot of its own.
fn with_extension(base: &Path, format: Format) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(".");
    name.push(format.extension());
    PathBuf::from(name)
}

/// The name of the folder a deck sits in (for files), to tell same-named decks apart.
fn parent_name(input: &Input) -> Option<String> {
    match input {
        Input::File(p) => {
            let abs = std::path::absolute(p).ok()?;
            let parent = abs.parent()?.file_name()?;
            Some(parent.to_string_lossy().into_owned())
        }
        Input::Note(u) => u.host_str().map(str::to_string),
        Input::Stdin => None,
    }
}

/// Stack for each worker: deeply nested decks recurse deeply in the parsers and
/// the layout engine. Reserved address space; only the pages used are backed.
pub const STACK_BYTES: usize = 512 * 1024 * 1024;

/// Exports every job on `workers` threads, calling `done` (from the worker, one
/// call at a time) as each deck finishes; returns the results in job order.
pub fn run(
    jobs: &[Job],
    options: &ExportOptions,
    strict: bool,
    workers: usize,
    done: &(dyn Fn(usize, &DeckResult) + Sync),
) -> Vec<DeckResult> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<DeckResult>>> = Mutex::new(vec![None; jobs.len()]);
    let report = Mutex::new(());
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            let result = run_one(job, options, strict);
            {
                let _one_at_a_time = report.lock().unwrap_or_else(|e| e.into_inner());
                done(i, &result);
            }
            results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
        }
    };
    let workers = workers.clamp(1, jobs.len().max(1));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_BYTES)
                    .spawn_scoped(scope, worker)
            })
            .collect();
        // A worker that cannot be started leaves its share to the others; with
        // none at all, this thread does the work.
        if handles.iter().all(Result::is_err) {
            worker();
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .zip(jobs)
        .map(|(r, job)| r.unwrap_or_else(|| crashed(job, Duration::ZERO)))
        .collect()
}

/// One deck, with a panic turned into a failed deck.
fn run_one(job: &Job, options: &ExportOptions, strict: bool) -> DeckResult {
    let started = std::time::Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        export::export_input(&job.input, &job.outputs, options)
    }));
    let total = started.elapsed();
    match outcome {
        Ok(Ok(exported)) => DeckResult {
            input: job.input.clone(),
            outputs: job.outputs.clone(),
            pages: exported.document.pages.len(),
            exit_code: u8::from(strict && !exported.warnings.is_empty()),
            warnings: exported.warnings,
            error: None,
            timings: exported.timings,
            total,
        },
        Ok(Err(failed)) => DeckResult {
            input: job.input.clone(),
            outputs: job.outputs.clone(),
            pages: 0,
            warnings: Vec::new(),
            exit_code: failed.error.exit_code() as u8,
            error: Some(failed.error.to_string()),
            timings: failed.timings,
            total,
        },
        Err(_) => crashed(job, total),
    }
}

/// The result for a deck whose export stopped unexpectedly.
fn crashed(job: &Job, total: Duration) -> DeckResult {
    DeckResult {
        input: job.input.clone(),
        outputs: job.outputs.clone(),
        pages: 0,
        warnings: Vec::new(),
        error: Some("the export stopped unexpectedly (internal error)".into()),
        exit_code: 70,
        timings: Timings::default(),
        total,
    }
}

/// The exit code of a batch: the worst deck's (design.md).
pub fn exit_code(results: &[DeckResult]) -> u8 {
    results.iter().map(|r| r.exit_code).max().unwrap_or(0)
}

impl DeckResult {
    /// Whether the deck's files were written.
    pub fn written(&self) -> bool {
        self.error.is_none()
    }
}

/// The number of workers `--jobs` means by default: the machine's cores.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(jobs: &[Job]) -> Vec<String> {
        jobs.iter()
            .flat_map(|j| &j.outputs)
            .map(|o| o.target.to_string())
            .collect()
    }

    #[test]
    fn same_named_decks_get_unique_outputs() {
        let inputs = ["a/deck.md", "b/deck.md", "c/talk.md", "deck.v2.md"]
            .iter()
            .map(|s| Input::parse(s).unwrap())
            .collect();
        let jobs = plan(
            inputs,
            &Plan {
                out_dir: Some("dist".into()),
                formats: vec![Format::Pptx, Format::Pdf],
            },
        );
        assert_eq!(
            names(&jobs),
            [
                "dist/a-deck.pdf",
                "dist/a-deck.pptx",
                "dist/b-deck.pdf",
                "dist/b-deck.pptx",
                "dist/talk.pdf",
                "dist/talk.pptx",
                "dist/deck.v2.pdf",
                "dist/deck.v2.pptx",
            ]
        );
    }

    #[test]
    fn still_taken_names_are_numbered() {
        let inputs = ["x/deck.md", "y/x/deck.md", "x-deck.md"]
            .iter()
            .map(|s| Input::parse(s).unwrap())
            .collect();
        let jobs = plan(
            inputs,
            &Plan {
                out_dir: Some("out".into()),
                formats: Vec::new(),
            },
        );
        assert_eq!(
            names(&jobs),
            ["out/x-deck.pdf", "out/x-deck-2.pdf", "out/x-deck-3.pdf"]
        );
    }

    #[test]
    fn beside_the_deck_without_out_dir() {
        let inputs = vec![
            Input::parse("a/deck.md").unwrap(),
            Input::parse("https://md.example.org/s/Ab").unwrap(),
        ];
        let jobs = plan(inputs, &Plan::default());
        assert_eq!(names(&jobs), ["a/deck.pdf", "Ab.pdf"]);
    }
}

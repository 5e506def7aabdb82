//! The on-disk picture cache.
//!
//! Layout under the cache folder (`--cache-dir`, default `$XDG_CACHE_HOME/deckport` or
//! `~/.cache/deckport`):
//!
//! ```text
//! v1/urls/<sha256 of the URL, hex>.json    {"url", "body", "policy"}: the URL, the
//!                                           body's content hash, the serialised HTTP
//!                                           cache policy (validators, freshness)
//! v1/bodies/<sha256 of the body, hex>       the body bytes, shared by every URL serving them
//! ```
//!
//! Every file is written to a temporary name in its folder and renamed into place,
//! so a reader never sees half a file. A body whose hash does not match its name,
//! or a metadata file that does not parse, counts as absent.

use super::MAX_BYTES;
use http_cache_semantics::CachePolicy;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A cache folder.
#[derive(Debug)]
pub struct Cache {
    root: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    url: String,
    body: String,
    policy: CachePolicy,
}

/// The hex SHA-256 of some bytes.
pub fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Cache {
    /// A cache in `dir` (created on first write).
    pub fn new(dir: &Path) -> Self {
        Self {
            root: dir.join("v1"),
        }
    }

    fn entry_path(&self, url: &str) -> PathBuf {
        self.root
            .join("urls")
            .join(format!("{}.json", hex_sha256(url.as_bytes())))
    }

    fn body_path(&self, hash: &str) -> PathBuf {
        self.root.join("bodies").join(hash)
    }

    /// The stored policy and body for a URL, if both are there and intact.
    pub fn lookup(&self, url: &str) -> Option<(CachePolicy, Vec<u8>)> {
        let text = std::fs::read(self.entry_path(url)).ok()?;
        let entry: Entry = serde_json::from_slice(&text).ok()?;
        if entry.url != url || entry.body.len() != 64 {
            return None;
        }
        let path = self.body_path(&entry.body);
        if std::fs::metadata(&path).ok()?.len() > MAX_BYTES {
            return None;
        }
        let body = std::fs::read(path).ok()?;
        (hex_sha256(&body) == entry.body).then_some((entry.policy, body))
    }

    /// Stores a body and its policy for a URL.
    pub fn store(&self, url: &str, policy: &CachePolicy, body: &[u8]) -> Result<(), String> {
        let hash = hex_sha256(body);
        let body_path = self.body_path(&hash);
        if !body_path.exists() {
            write_atomic(&body_path, body)?;
        }
        let entry = Entry {
            url: url.to_string(),
            body: hash,
            policy: policy.clone(),
        };
        let json = serde_json::to_vec(&entry).map_err(|e| e.to_string())?;
        write_atomic(&self.entry_path(url), &json)
    }

    /// Replaces the policy of a stored URL (after a 304), keeping its body.
    pub fn refresh(&self, url: &str, policy: &CachePolicy, body: &[u8]) -> Result<(), String> {
        self.store(url, policy, body)
    }
}

/// Writes to a temporary file beside `path` and renames it into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{} ({e})", dir.display()))?;
    let tmp = dir.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{} ({e})", dir.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(etag: &str) -> CachePolicy {
        let req = ureq::http::Request::get("http://h/a.png").body(()).unwrap();
        let res = ureq::http::Response::builder()
            .header("etag", etag)
            .body(())
            .unwrap();
        CachePolicy::new(&req, &res)
    }

    #[test]
    fn stores_and_finds_by_url_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        assert!(cache.lookup("http://h/a.png").is_none());
        cache
            .store("http://h/a.png", &policy("\"1\""), b"abc")
            .unwrap();
        cache
            .store("http://h/b.png", &policy("\"2\""), b"abc")
            .unwrap();
        let (_, body) = cache.lookup("http://h/a.png").unwrap();
        assert_eq!(body, b"abc");
        // One body for both URLs, no temporary files left.
        let bodies: Vec<_> = std::fs::read_dir(dir.path().join("v1/bodies"))
            .unwrap()
            .collect();
        assert_eq!(bodies.len(), 1);
        assert_eq!(
            std::fs::read_dir(dir.path().join("v1/urls"))
                .unwrap()
                .count(),
            2
        );
    }

    #[test]
    fn a_damaged_body_counts_as_absent() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        cache
            .store("http://h/a.png", &policy("\"1\""), b"abc")
            .unwrap();
        let body = dir.path().join("v1/bodies").join(hex_sha256(b"abc"));
        std::fs::write(body, b"abd").unwrap();
        assert!(cache.lookup("http://h/a.png").is_none());
    }
}

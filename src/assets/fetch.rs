//! Remote pictures: fetched in parallel through one HTTP agent, with the cache.
//!
//! One `ureq::Agent` serves every request (connections pooled; `HTTP_PROXY`,
//! `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` read from the environment). Each
//! request has the connect and total timeout; the whole deck has three times
//! that, after which the remaining pictures fail at once. Bodies are capped at
//! [`MAX_BYTES`]; at most five redirects are followed. Failures come back as
//! plain-words reasons for the warning.

use super::cache::Cache;
use super::{Asset, MAX_BYTES, decode};
use http_cache_semantics::{AfterResponse, BeforeRequest, CacheOptions, CachePolicy};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};
use ureq::http;
use url::Url;

/// Most requests in flight at once.
const WORKERS: usize = 8;

/// How remote pictures are had.
pub struct Fetcher<'a> {
    agent: ureq::Agent,
    timeout: Duration,
    deadline: Instant,
    budget: Duration,
    cache: Option<&'a Cache>,
    offline: bool,
    cache_error: Mutex<Option<String>>,
    /// `--header` lines, sent only to URLs of `header_origin`.
    headers: Vec<(String, String)>,
    header_origin: Option<url::Origin>,
}

/// The results of [`Fetcher::fetch_all`], in the order of the URLs.
pub struct Fetched {
    pub assets: Vec<Result<Asset, String>>,
    /// The first failure to write to the cache, if any.
    pub cache_error: Option<String>,
}

impl<'a> Fetcher<'a> {
    /// A fetcher with a per-request `timeout`; the deck's budget (3×) starts now.
    pub fn new(timeout: Duration, cache: Option<&'a Cache>, offline: bool) -> Self {
        Self::with_budget(timeout, timeout * 3, cache, offline)
    }

    /// A fetcher whose requests all have to finish within `budget` from now.
    pub fn with_budget(
        timeout: Duration,
        budget: Duration,
        cache: Option<&'a Cache>,
        offline: bool,
    ) -> Self {
        let timeout = timeout.max(Duration::from_millis(1));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(timeout))
            .timeout_global(Some(timeout))
            .max_redirects(5)
            .http_status_as_error(false)
            .user_agent(concat!("deckport/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self {
            agent,
            timeout,
            deadline: Instant::now() + budget,
            budget,
            cache,
            offline,
            cache_error: Mutex::new(None),
            headers: Vec::new(),
            header_origin: None,
        }
    }

    /// Sends `headers` with every request to `origin` (scheme, host and port) and to
    /// no other: a login cookie or token for a note's server must not leak to the
    /// hosts its pictures come from.
    pub fn with_headers(mut self, headers: &[(String, String)], origin: Option<&Url>) -> Self {
        self.headers = headers.to_vec();
        self.header_origin = origin.map(Url::origin);
        self
    }

    /// The bytes behind one URL (a note's Markdown), through the cache, undecoded.
    pub fn fetch_bytes(&self, url: &Url) -> Result<Vec<u8>, String> {
        self.fetch(url)
    }

    /// Whether the `--header` lines go with a request for `url`.
    fn sends_headers_to(&self, url: &Url) -> bool {
        !self.headers.is_empty()
            && self
                .header_origin
                .as_ref()
                .is_some_and(|o| o.is_tuple() && *o == url.origin())
    }

    /// Fetches and decodes every URL, at most [`WORKERS`] at a time.
    pub fn fetch_all(self, urls: &[Url]) -> Fetched {
        let results: Mutex<Vec<Option<Result<Asset, String>>>> =
            Mutex::new((0..urls.len()).map(|_| None).collect());
        let next = AtomicUsize::new(0);
        let workers = WORKERS.min(urls.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(url) = urls.get(i) else { break };
                        let result = self.fetch(url).and_then(decode);
                        if let Ok(mut r) = results.lock() {
                            r[i] = Some(result);
                        }
                    }
                });
            }
        });
        let assets = results
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err("not fetched".into())))
            .collect();
        Fetched {
            assets,
            cache_error: self.cache_error.into_inner().ok().flatten(),
        }
    }

    fn note_cache_error(&self, result: Result<(), String>) {
        if let Err(e) = result
            && let Ok(mut slot) = self.cache_error.lock()
        {
            slot.get_or_insert(e);
        }
    }

    /// The body behind one URL: from the cache when fresh (or offline), else the network.
    fn fetch(&self, url: &Url) -> Result<Vec<u8>, String> {
        let key = url.as_str();
        let cached = self.cache.and_then(|c| c.lookup(key));
        if self.offline {
            return cached
                .map(|(_, body)| body)
                .ok_or_else(|| "not in the cache (offline)".into());
        }
        let request = http::Request::get(key)
            .body(())
            .map_err(|e| format!("not a valid URL ({e})"))?;
        let mut conditional = http::HeaderMap::new();
        if let Some((policy, body)) = &cached {
            match policy.before_request(&request, SystemTime::now()) {
                BeforeRequest::Fresh(_) => return Ok(body.clone()),
                BeforeRequest::Stale { request, .. } => {
                    for name in [http::header::IF_NONE_MATCH, http::header::IF_MODIFIED_SINCE] {
                        if let Some(v) = request.headers.get(&name) {
                            conditional.insert(name, v.clone());
                        }
                    }
                }
            }
        }
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(format!(
                "not fetched: the time for all pictures ({} s) ran out",
                self.budget.as_secs_f32()
            ));
        }
        let limit = self.timeout.min(remaining);
        let mut builder = self.agent.get(key);
        for (name, value) in &conditional {
            builder = builder.header(name, value);
        }
        if self.sends_headers_to(url) {
            for (name, value) in &self.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
        }
        let response = builder
            .config()
            .timeout_global(Some(limit))
            .build()
            .call()
            .map_err(|e| reason(&e, limit))?;
        let (parts, body) = response.into_parts();
        let status = parts.status;
        let head = http::Response::from_parts(parts, ());
        if status == http::StatusCode::NOT_MODIFIED {
            let Some((policy, body)) = cached else {
                return Err("HTTP 304 (not modified) for a picture that is not cached".into());
            };
            if let AfterResponse::NotModified(policy, _) =
                policy.after_response(&request, &head, SystemTime::now())
                && let Some(cache) = self.cache
            {
                self.note_cache_error(cache.refresh(key, &policy, &body));
            }
            return Ok(body);
        }
        if !status.is_success() {
            return Err(status_reason(status));
        }
        let bytes = body
            .into_with_config()
            .limit(MAX_BYTES)
            .read_to_vec()
            .map_err(|e| reason(&e, limit))?;
        if let Some(cache) = self.cache {
            let options = CacheOptions {
                shared: false,
                ..CacheOptions::default()
            };
            let policy = CachePolicy::new_options(&request, &head, SystemTime::now(), options);
            if policy.is_storable() {
                self.note_cache_error(cache.store(key, &policy, &bytes));
            }
        }
        Ok(bytes)
    }
}

/// A status code in plain words.
fn status_reason(status: http::StatusCode) -> String {
    let words = match status.as_u16() {
        404 | 410 => "not found",
        401 | 403 => "access denied",
        300..=399 => "redirect without a usable target",
        400..=499 => "request refused",
        _ => "server error",
    };
    format!("HTTP {} ({words})", status.as_u16())
}

/// A transport error in plain words.
fn reason(e: &ureq::Error, limit: Duration) -> String {
    use std::io::ErrorKind;
    match e {
        ureq::Error::Timeout(_) => format!(
            "timed out (no complete answer within {} s)",
            limit.as_secs_f32()
        ),
        ureq::Error::StatusCode(code) => status_reason(
            http::StatusCode::from_u16(*code).unwrap_or(http::StatusCode::BAD_GATEWAY),
        ),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("too large (more than {} MB)", MAX_BYTES / (1024 * 1024))
        }
        ureq::Error::TooManyRedirects => "too many redirects (more than 5)".into(),
        ureq::Error::RedirectFailed => "redirect to an unusable address".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "connection failed".into(),
        ureq::Error::BadUri(_) => "not a valid URL".into(),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => "connection refused".into(),
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof
            | ErrorKind::BrokenPipe => "connection closed without a complete answer".into(),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => {
                format!(
                    "timed out (no complete answer within {} s)",
                    limit.as_secs_f32()
                )
            }
            _ => format!("network error ({io})"),
        },
        ureq::Error::Protocol(_) => "the server's answer is not valid HTTP".into(),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => format!("secure connection failed ({e})"),
        ureq::Error::ConnectProxyFailed(_) | ureq::Error::InvalidProxyUrl => {
            format!("proxy failed ({e})")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn a_spent_budget_fails_at_once_without_connecting() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let urls: Vec<Url> = (0..3)
            .map(|i| Url::parse(&format!("http://127.0.0.1:{port}/{i}.png")).unwrap())
            .collect();
        let fetched = Fetcher::with_budget(Duration::from_secs(5), Duration::ZERO, None, false)
            .fetch_all(&urls);
        for r in &fetched.assets {
            let err = r.as_ref().unwrap_err();
            assert!(err.contains("ran out"), "{err}");
        }
        assert!(listener.accept().is_err(), "no connection was opened");
    }

    #[test]
    fn offline_without_a_cache_opens_no_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = Url::parse(&format!("http://127.0.0.1:{port}/a.png")).unwrap();
        let fetched = Fetcher::new(Duration::from_secs(5), None, true).fetch_all(&[url]);
        assert_eq!(
            fetched.assets[0].as_ref().unwrap_err(),
            "not in the cache (offline)"
        );
        assert!(listener.accept().is_err());
    }

    #[test]
    fn a_refused_connection_is_named() {
        // Bind, learn the port, close: nothing listens there any more.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = Url::parse(&format!("http://127.0.0.1:{port}/a.png")).unwrap();
        let fetched = Fetcher::new(Duration::from_secs(5), None, false).fetch_all(&[url]);
        let err = fetched.assets[0].as_ref().unwrap_err();
        assert_eq!(err, "connection refused");
    }
}

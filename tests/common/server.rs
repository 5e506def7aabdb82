//! A small HTTP/1.1 server on 127.0.0.1 for the picture tests: one thread per
//! connection, every answer closes its connection, every request is logged.
//! It stops when dropped, and by itself after two minutes at the latest.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server does for one request.
pub enum Reply {
    /// 200 with a content type, body and extra header lines.
    Ok {
        content_type: &'static str,
        body: Vec<u8>,
        headers: Vec<(&'static str, String)>,
    },
    /// A bare status line with an empty body.
    Status(u16),
    /// A redirect to a path.
    Redirect(String),
    /// Closes the connection without a word.
    Close,
    /// Never answers (holds the connection until the server stops).
    Hang,
    /// 200 with a body that never ends.
    Endless,
    /// 200 announcing 1000 bytes, sent one every 100 ms.
    Drip,
    /// Answers a proxy's `CONNECT` with 200, then serves the tunnelled request.
    Tunnel,
}

/// A logged request: the path and its header lines (names lower-cased).
#[derive(Debug, Clone)]
pub struct Logged {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Logged {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

type Handler = dyn Fn(&Logged) -> Reply + Send + Sync;

pub struct Server {
    pub port: u16,
    log: Arc<Mutex<Vec<Logged>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

const LIFETIME: Duration = Duration::from_secs(120);

impl Server {
    /// Starts a server answering each request with `handler`.
    pub fn start(handler: impl Fn(&Logged) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = {
            let (log, stop) = (log.clone(), stop.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                while !stop.load(Ordering::Relaxed) && started.elapsed() < LIFETIME {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (log, stop, handler) = (log.clone(), stop.clone(), handler.clone());
                            std::thread::spawn(move || serve(stream, &log, &stop, &*handler));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Server {
            port,
            log,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Logged> {
        self.log.lock().unwrap().clone()
    }

    /// How many requests asked for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.log().iter().filter(|l| l.path == path).count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, log: &Mutex<Vec<Logged>>, stop: &AtomicBool, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.lines();
    let path = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let request = Logged { path, headers };
    log.lock().unwrap().push(request.clone());
    let _ = match handler(&request) {
        Reply::Ok {
            content_type,
            body,
            headers,
        } => {
            let mut out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (n, v) in headers {
                out.push_str(&format!("{n}: {v}\r\n"));
            }
            out.push_str("\r\n");
            stream
                .write_all(out.as_bytes())
                .and_then(|_| stream.write_all(&body))
        }
        Reply::Status(code) => stream.write_all(
            format!("HTTP/1.1 {code} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        ),
        Reply::Redirect(to) => stream.write_all(
            format!(
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        ),
        Reply::Close => Ok(()),
        Reply::Tunnel => {
            if stream
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .is_ok()
            {
                return serve(stream, log, stop, handler);
            }
            Ok(())
        }
        Reply::Hang => {
            let started = Instant::now();
            while !stop.load(Ordering::Relaxed) && started.elapsed() < LIFETIME {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(())
        }
        Reply::Drip => {
            let header = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n";
            let mut result = stream.write_all(header.as_bytes());
            let mut sent = 0;
            while result.is_ok() && sent < 1000 && !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                result = stream.write_all(b"x").and_then(|_| stream.flush());
                sent += 1;
            }
            result
        }
        Reply::Endless => {
            let chunk = vec![0u8; 64 * 1024];
            let header = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n";
            let mut result = stream.write_all(header.as_bytes());
            // Ends when the client hangs up (or after 1 GiB at most).
            let mut sent = 0usize;
            while result.is_ok() && sent < 1 << 30 && !stop.load(Ordering::Relaxed) {
                result = stream.write_all(&chunk);
                sent += chunk.len();
            }
            result
        }
    };
    let _ = stream.flush();
}

/// A PNG of the given size (grey), encoded by the `image` crate.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(width, height, image::Luma([128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A JPEG of the given size.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([40, 90, 160]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A two-frame GIF of the given size (the first frame is what a PDF shows).
pub fn gif(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
        for shade in [60u8, 200] {
            let frame = image::Frame::new(image::RgbaImage::from_pixel(
                width,
                height,
                image::Rgba([shade, 100, 50, 255]),
            ));
            encoder.encode_frame(frame).unwrap();
        }
    }
    out
}

/// A lossless WebP of the given size.
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(width, height, image::Rgba([20, 160, 90, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::WebP).unwrap();
    out.into_inner()
}

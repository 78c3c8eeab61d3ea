//! The HTTP/1.1 server under `kgraph serve`: a thread a connection, up to a
//! bound, with keep-alive, and time limits on clients.
//!
//! Requests are parsed with httparse. Every read and write on a connection
//! has the client time limit: a client that sends its request (or its body)
//! too slowly gets 408 and is cut off, one that does not read its answer is
//! cut off, and an idle kept-alive connection is closed. A request head over
//! 16 KiB gets 431, a body over the limit 413 (without being read), a body
//! sent in chunks 411. So no client holds a thread for longer than the time
//! limit without sending, and memory is bounded by the connections times the
//! body limit.

use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::head::{header, parse_head};
use crate::reply::Reply;

/// The largest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;

/// A request, its body read.
pub(crate) struct Request {
    /// `GET`, `HEAD`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, without the `?`.
    pub query: String,
    headers: Vec<(String, String)>,
    /// The body, at most the server's body limit.
    pub body: Vec<u8>,
}

impl Request {
    /// The value of header `name` (any case), if given.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// The server's bounds.
pub(crate) struct Limits {
    /// Connections served at once.
    pub connections: usize,
    /// The time limit on each read from and write to a client.
    pub client_timeout: Duration,
    /// The largest body accepted.
    pub max_body: u64,
}

/// Connections open now, and the signal that one closed.
type Open = Arc<(Mutex<usize>, Condvar)>;

/// Closes a connection's place when its thread ends, even by a panic.
struct Place(Open);

impl Drop for Place {
    fn drop(&mut self) {
        let (count, closed) = &*self.0;
        if let Ok(mut n) = count.lock() {
            *n -= 1;
        }
        closed.notify_one();
    }
}

/// Serves `listener` until `stop` is set, answering each request with
/// `handler`.
pub(crate) fn serve(
    listener: TcpListener,
    limits: Limits,
    stop: Arc<AtomicBool>,
    handler: Arc<dyn Fn(&Request) -> Reply + Send + Sync>,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    // Accepting blocks: a watcher wakes it with a connection of its own once
    // the stop flag is set.
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (stop, done) = (Arc::clone(&stop), Arc::clone(&done));
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) && !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = TcpStream::connect(wake_address(addr));
        })
    };
    let open: Open = Arc::new((Mutex::new(0), Condvar::new()));
    let limits = Arc::new(limits);
    let result = loop {
        // Wait for a free place before accepting: the others wait in the
        // listen queue.
        {
            let (count, closed) = &*open;
            let mut n = count
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?;
            while *n >= limits.connections.max(1) {
                n = closed
                    .wait(n)
                    .map_err(|_| std::io::Error::other("poisoned"))?;
            }
            *n += 1;
        }
        let place = Place(Arc::clone(&open));
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            // A client that gave up before it was accepted, or a shortage
            // of file descriptors: the server goes on.
            Err(_) if !stop.load(Ordering::SeqCst) => {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            Err(_) => break Ok(()),
        };
        if stop.load(Ordering::SeqCst) {
            break Ok(());
        }
        let (limits, handler) = (Arc::clone(&limits), Arc::clone(&handler));
        std::thread::spawn(move || {
            let _place = place;
            // A client that went away is no concern of the others.
            let _ = connection(stream, &limits, &*handler);
        });
    };
    done.store(true, Ordering::SeqCst);
    let _ = watcher.join();
    result
}

/// Where to connect to reach a listener bound to `addr` (an unspecified
/// address is reached on loopback).
fn wake_address(addr: SocketAddr) -> SocketAddr {
    let mut wake = addr;
    if addr.ip().is_unspecified() {
        wake.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    wake
}

/// How reading a request ended, short of a request.
enum Cut {
    /// The client closed the connection, or kept it idle past the time
    /// limit, between requests: nothing to answer.
    Gone,
    /// An answer to send before closing.
    Answer(Reply),
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// Answers the requests of one connection, in turn.
fn connection(
    stream: TcpStream,
    limits: &Limits,
    handler: &(dyn Fn(&Request) -> Reply + Send + Sync),
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(limits.client_timeout))?;
    stream.set_write_timeout(Some(limits.client_timeout))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let (request, keep_alive) = match read_request(&mut reader, &mut writer, limits) {
            Ok(r) => r,
            Err(Cut::Gone) => return Ok(()),
            Err(Cut::Answer(reply)) => {
                write_reply(&mut writer, &reply, false, false)?;
                linger(reader, &writer);
                return Ok(());
            }
        };
        let reply = handler(&request);
        write_reply(&mut writer, &reply, request.method == "HEAD", keep_alive)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// Closes a connection answered before its request was read to the end (a
/// body over the limit, a client too slow): stops writing, then reads and
/// drops what the client still sends, for up to a second and 16 MiB. Closing
/// with unread data would reset the connection, and a client still sending
/// its body would lose the answer.
fn linger(mut reader: BufReader<TcpStream>, writer: &TcpStream) {
    use std::io::Read;
    let _ = writer.shutdown(std::net::Shutdown::Write);
    let _ = writer.set_read_timeout(Some(Duration::from_millis(250)));
    let until = Instant::now() + Duration::from_secs(1);
    let mut buffer = [0; 64 * 1024];
    let mut left: usize = 16 << 20;
    while left > 0 && Instant::now() < until {
        match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// Reads the next request, its body included; whether the connection stays
/// open after it.
fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
    limits: &Limits,
) -> Result<(Request, bool), Cut> {
    let timed_out = || {
        Cut::Answer(Reply::text(
            408,
            format!(
                "the request did not arrive within the server's client time limit of {} s",
                limits.client_timeout.as_secs_f64()
            ),
        ))
    };
    // The head, up to its blank line, whole within the time limit from its
    // first byte (so a client cannot keep a thread by trickling bytes).
    let mut head = Vec::new();
    let mut started: Option<Instant> = None;
    loop {
        let wait = match started {
            None => limits.client_timeout,
            Some(t) => limits.client_timeout.saturating_sub(t.elapsed()),
        };
        if wait.is_zero() {
            return Err(timed_out());
        }
        if reader.get_ref().set_read_timeout(Some(wait)).is_err() {
            return Err(Cut::Gone);
        }
        let buf = match reader.fill_buf() {
            Ok([]) => return Err(Cut::Gone),
            Ok(buf) => buf,
            // Idle between requests: close quietly.
            Err(e) if is_timeout(&e) && started.is_none() => return Err(Cut::Gone),
            Err(e) if is_timeout(&e) => return Err(timed_out()),
            Err(_) => return Err(Cut::Gone),
        };
        started.get_or_insert_with(Instant::now);
        let from = head.len().saturating_sub(3);
        let take = buf.len().min(MAX_HEAD + 1 - head.len());
        head.extend_from_slice(&buf[..take]);
        // Blank lines before a request are allowed (RFC 9112, 2.2).
        let blank = head
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        if let Some(end) = head_end(&head[from.max(blank)..]).map(|i| from.max(blank) + i) {
            let beyond = head.len() - end;
            reader.consume(take - beyond);
            head.truncate(end);
            head.drain(..blank);
            break;
        }
        reader.consume(take);
        if head.len() > MAX_HEAD {
            return Err(Cut::Answer(Reply::text(
                431,
                format!("the request line and headers are over {MAX_HEAD} bytes"),
            )));
        }
    }
    let parsed = parse_head(&head, limits.max_body)
        .map_err(|(status, message)| Cut::Answer(Reply::text(status, message)))?;
    let length = parsed.length;
    let keep_alive = parsed.keep_alive;
    let expect_continue = parsed.expect_continue;
    let mut request = Request {
        method: parsed.method,
        path: parsed.path,
        query: parsed.query,
        headers: parsed.headers,
        body: Vec::new(),
    };
    if length > 0 {
        if expect_continue && writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err() {
            return Err(Cut::Gone);
        }
        // The body, whole within the time limit from here.
        let started = Instant::now();
        let mut body = Vec::with_capacity(length as usize);
        while (body.len() as u64) < length {
            let wait = limits.client_timeout.saturating_sub(started.elapsed());
            if wait.is_zero() || reader.get_ref().set_read_timeout(Some(wait)).is_err() {
                return Err(timed_out());
            }
            let buf = match reader.fill_buf() {
                Ok([]) => return Err(Cut::Gone),
                Ok(buf) => buf,
                Err(e) if is_timeout(&e) => return Err(timed_out()),
                Err(_) => return Err(Cut::Gone),
            };
            let take = buf.len().min((length - body.len() as u64) as usize);
            body.extend_from_slice(&buf[..take]);
            reader.consume(take);
        }
        request.body = body;
    }
    Ok((request, keep_alive))
}

/// Where the head in `bytes` ends: just past its blank line.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The reason phrase of the statuses the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_reply(
    writer: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        // Header values are ours; a line break in one would split the head.
        if !value.contains(['\r', '\n']) {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if !keep_alive {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&reply.body);
    }
    writer.write_all(&bytes)?;
    writer.flush()
}

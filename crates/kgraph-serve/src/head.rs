//! A request's head read from its bytes: the request line, the headers,
//! whether the connection stays open, and how long the body is, or the
//! status and message that refuse it. No I/O: [`crate::http`] reads the
//! bytes from the connection, this says what they ask (and the `request`
//! fuzz target gives it arbitrary bytes).

/// The most headers a request may have.
pub(crate) const MAX_HEADERS: usize = 64;

/// What a request's head asks.
#[derive(Debug)]
pub(crate) struct Head {
    /// `GET`, `HEAD`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, without the `?`.
    pub query: String,
    /// The headers, names as sent, values trimmed.
    pub headers: Vec<(String, String)>,
    /// Whether the connection stays open after the answer.
    pub keep_alive: bool,
    /// The body's length (its Content-Length; none is 0).
    pub length: u64,
    /// Whether the client waits for `100 Continue` before the body.
    pub expect_continue: bool,
}

/// The value of header `name` (any case) of `headers`, if given.
pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Reads `head` (the bytes up to the blank line, leading blank lines
/// removed), refusing a body over `max_body`: the head, or the status and
/// message of the answer that refuses it.
pub(crate) fn parse_head(head: &[u8], max_body: u64) -> Result<Head, (u16, String)> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut slots);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => {
            return Err((400, "an incomplete request head".to_owned()))
        }
        Err(httparse::Error::TooManyHeaders) => {
            return Err((
                431,
                format!("a request may have at most {MAX_HEADERS} headers"),
            ))
        }
        Err(e) => return Err((400, format!("not an HTTP request: {e}"))),
    }
    let method = parsed.method.unwrap_or_default().to_owned();
    let target = parsed.path.unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_owned(),
                String::from_utf8_lossy(h.value).trim().to_owned(),
            )
        })
        .collect();
    let connection = |token: &str| {
        header(&headers, "Connection")
            .is_some_and(|c| c.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    let keep_alive = if connection("close") {
        false
    } else {
        connection("keep-alive") || parsed.version == Some(1)
    };
    if header(&headers, "Transfer-Encoding").is_some() {
        return Err((
            411,
            "send the request body with a Content-Length, not in chunks".to_owned(),
        ));
    }
    let length = content_length(&headers).map_err(|m| (400, m))?;
    if length > max_body {
        return Err((413, format!("the request body is over {max_body} bytes")));
    }
    let expect_continue =
        header(&headers, "Expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue"));
    Ok(Head {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        keep_alive,
        length,
        expect_continue,
    })
}

/// The body's length: its Content-Length, in ASCII digits, given once (or
/// repeated with the same value); none is 0. Anything else could make this
/// server and a proxy in front of it read different bodies from one stream
/// (request smuggling), so it is refused.
fn content_length(headers: &[(String, String)]) -> Result<u64, String> {
    let mut length = None;
    for (_, v) in headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
    {
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("Content-Length '{v}' is not a number"));
        }
        let n = v
            .parse::<u64>()
            .map_err(|_| format!("Content-Length '{v}' is too large"))?;
        if length.is_some_and(|l| l != n) {
            return Err("the request has Content-Length headers that differ".to_owned());
        }
        length = Some(n);
    }
    Ok(length.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_says_what_it_asks_or_why_it_is_refused() {
        let h = parse_head(
            b"POST /sparql?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nExpect: 100-continue\r\n\r\n",
            100,
        )
        .unwrap();
        assert_eq!(
            (h.method.as_str(), h.path.as_str(), h.query.as_str()),
            ("POST", "/sparql", "x=1")
        );
        assert!(h.keep_alive && h.expect_continue);
        assert_eq!(h.length, 12);
        assert_eq!(header(&h.headers, "host"), Some("a"));
        let refused = |bytes: &[u8]| parse_head(bytes, 100).err().map(|(status, _)| status);
        assert_eq!(
            refused(b"GET / HTTP/1.0\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            Some(400)
        );
        assert_eq!(
            refused(b"GET / HTTP/1.1\r\nContent-Length: 101\r\n\r\n"),
            Some(413)
        );
        assert_eq!(
            refused(b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Some(411)
        );
        assert_eq!(refused(b"\x00\x01 nonsense\r\n\r\n"), Some(400));
        assert!(
            !parse_head(b"GET / HTTP/1.0\r\n\r\n", 100)
                .unwrap()
                .keep_alive
        );
    }

    #[test]
    fn content_length_is_one_number_in_digits() {
        // Headers, and the length or a part of the error.
        type Case = (
            &'static [(&'static str, &'static str)],
            Result<u64, &'static str>,
        );
        let cases: &[Case] = &[
            (&[], Ok(0)),
            (&[("Content-Length", "5")], Ok(5)),
            (&[("content-length", "5"), ("Content-Length", "5")], Ok(5)),
            (
                &[("Content-Length", "5"), ("Content-Length", "6")],
                Err("differ"),
            ),
            (&[("Content-Length", "+5")], Err("not a number")),
            (&[("Content-Length", "-1")], Err("not a number")),
            (&[("Content-Length", "5, 5")], Err("not a number")),
            (&[("Content-Length", "")], Err("not a number")),
            (
                &[("Content-Length", "99999999999999999999999")],
                Err("too large"),
            ),
        ];
        for (headers, want) in cases {
            let headers: Vec<(String, String)> = headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            match (content_length(&headers), want) {
                (Ok(n), Ok(m)) => assert_eq!(n, *m, "{headers:?}"),
                (Err(e), Err(part)) => assert!(e.contains(part), "{headers:?}: {e}"),
                (got, _) => panic!("{headers:?}: {got:?}, want {want:?}"),
            }
        }
    }
}

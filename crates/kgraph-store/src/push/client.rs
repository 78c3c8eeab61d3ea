//! The Graph Store client: PUT and DELETE with retries, HTTP Basic and
//! Digest authentication, and the triple counts of a remote endpoint.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use md5::{Digest as _, Md5};
use oxigraph::model::Quad;
use sha2::Sha256;

use super::error::PushError;

/// A user name and password for HTTP authentication.
#[derive(Clone)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, ***)", self.user)
    }
}

/// The last authentication challenge the server sent.
#[derive(Debug, Clone, Default)]
struct Challenge {
    digest: bool,
    params: BTreeMap<String, String>,
    /// Requests made with this nonce (Digest `nc`).
    count: u32,
}

/// A client of one Graph Store Protocol service.
pub struct GraphStore {
    url: String,
    agent: ureq::Agent,
    credentials: Option<Credentials>,
    challenge: Mutex<Option<Challenge>>,
    /// Attempts after the first for a failure that may pass.
    pub retries: u32,
    /// The wait before the first retry; it doubles each time.
    pub backoff: Duration,
}

/// How long a request may take before it counts as failed (and is retried).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
        .timeout_global(Some(timeout))
        .user_agent(concat!("kgraph/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Answers worth another try: the server is busy, restarting or behind a
/// gateway that lost it; or its database chose this request as the victim of
/// a deadlock (SQLSTATE 40001, as Virtuoso says in an HTTP 500 when graphs are
/// written at once), which the same request sent again gets past.
fn transient(status: u16, answer: &str) -> bool {
    match status {
        408 | 429 | 502 | 503 | 504 => true,
        500 => answer.contains("40001") || answer.to_ascii_lowercase().contains("deadlock"),
        _ => false,
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn md5_hex(s: &str) -> String {
    hex(&Md5::digest(s.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Parses a `WWW-Authenticate` header: its scheme and its parameters.
fn parse_challenge(header: &str) -> Option<Challenge> {
    let header = header.trim();
    let (scheme, rest) = header.split_once(' ').unwrap_or((header, ""));
    let digest = if scheme.eq_ignore_ascii_case("digest") {
        true
    } else if scheme.eq_ignore_ascii_case("basic") {
        false
    } else {
        return None;
    };
    let mut params = BTreeMap::new();
    let mut rest = rest.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let key = key
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim(), &after[end..])
        };
        params.insert(key, value.to_owned());
        rest = tail.trim_start().trim_start_matches(',').trim_start();
    }
    Some(Challenge {
        digest,
        params,
        count: 0,
    })
}

/// The `Authorization` header answering `challenge` for `method` on `uri`
/// (RFC 7616 with MD5, qop "auth" when offered; or RFC 7617 Basic).
fn authorization(
    challenge: &mut Challenge,
    credentials: &Credentials,
    method: &str,
    uri: &str,
) -> String {
    if !challenge.digest {
        let pair = format!("{}:{}", credentials.user, credentials.password);
        return format!("Basic {}", base64(pair.as_bytes()));
    }
    challenge.count += 1;
    let get = |k: &str| challenge.params.get(k).cloned().unwrap_or_default();
    let (realm, nonce, opaque) = (get("realm"), get("nonce"), get("opaque"));
    let ha1 = md5_hex(&format!(
        "{}:{realm}:{}",
        credentials.user, credentials.password
    ));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    let qop_auth = get("qop").split(',').any(|q| q.trim() == "auth");
    let nc = format!("{:08x}", challenge.count);
    // The client nonce need not be secret, only fresh per request.
    let cnonce = md5_hex(&format!("{nonce}:{nc}:{:?}", std::time::SystemTime::now()));
    let response = if qop_auth {
        md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
    } else {
        md5_hex(&format!("{ha1}:{nonce}:{ha2}"))
    };
    let mut header = format!(
        "Digest username=\"{}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm=MD5, response=\"{response}\"",
        credentials.user
    );
    if qop_auth {
        header.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
    }
    if !opaque.is_empty() {
        header.push_str(&format!(", opaque=\"{opaque}\""));
    }
    header
}

/// A server's answer as one short line of text: tags dropped, space
/// collapsed, at most 300 characters.
fn answer_text(body: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 300 {
        format!("{}...", text.chars().take(300).collect::<String>())
    } else if text.is_empty() {
        "(no message)".to_owned()
    } else {
        text
    }
}

impl GraphStore {
    /// A client of the Graph Store at `url` (for example Virtuoso's
    /// `http://host:8890/sparql-graph-crud`, Oxigraph's `http://host:7878/store`
    /// or Fuseki's `http://host:3030/ds/data`).
    pub fn new(url: &str, credentials: Option<Credentials>) -> Result<Self, PushError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(PushError::BadUrl(url.to_owned()));
        }
        Ok(GraphStore {
            url: url.to_owned(),
            agent: agent(DEFAULT_TIMEOUT),
            credentials,
            challenge: Mutex::new(None),
            retries: 5,
            backoff: Duration::from_millis(500),
        })
    }

    /// Gives up on a request (and counts a failure that may pass) after `timeout`.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.agent = agent(timeout);
    }

    /// The service URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL that names `graph` at this service (`?graph=`, indirect identification).
    pub fn graph_url(&self, graph: &str) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{sep}graph={}", self.url, url_encode(graph))
    }

    /// Replaces `graph` with `ntriples` (N-Triples, sent as Turtle, which every
    /// Graph Store accepts).
    pub fn put(&self, graph: &str, ntriples: &[u8]) -> Result<(), PushError> {
        self.send("PUT", graph, Some(ntriples)).map(|_| ())
    }

    /// Drops `graph`; a graph the server does not have is no error.
    pub fn delete(&self, graph: &str) -> Result<(), PushError> {
        match self.send("DELETE", graph, None) {
            Err(PushError::Refused { status: 404, .. }) => Ok(()),
            other => other.map(|_| ()),
        }
    }

    fn send(
        &self,
        method: &'static str,
        graph: &str,
        body: Option<&[u8]>,
    ) -> Result<u16, PushError> {
        let body = body.map(|b| (b, "text/turtle; charset=utf-8"));
        self.exchange(method, &self.graph_url(graph), graph, body, None)
            .map(|(status, _)| status)
    }

    /// Triples a graph at the SPARQL endpoint `endpoint` (same login), for
    /// checking a push: one query, answered as SPARQL JSON results.
    pub fn remote_counts(&self, endpoint: &str) -> Result<BTreeMap<String, u64>, PushError> {
        let query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
        let sep = if endpoint.contains('?') { '&' } else { '?' };
        let url = format!("{endpoint}{sep}query={}", url_encode(query));
        let (_, answer) = self.exchange(
            "GET",
            &url,
            "(all graphs, counting their triples)",
            None,
            Some("application/sparql-results+json"),
        )?;
        let bad = |why: &str| PushError::BadAnswer {
            url: endpoint.to_owned(),
            why: format!("{why}: {}", answer_text(&answer)),
        };
        let json: serde_json::Value =
            serde_json::from_str(&answer).map_err(|_| bad("not SPARQL JSON results"))?;
        let mut counts = BTreeMap::new();
        for row in json["results"]["bindings"]
            .as_array()
            .ok_or_else(|| bad("no results"))?
        {
            let (Some(g), Some(n)) = (row["g"]["value"].as_str(), row["n"]["value"].as_str())
            else {
                continue;
            };
            counts.insert(
                g.to_owned(),
                n.parse().map_err(|_| bad("a count is not a number"))?,
            );
        }
        Ok(counts)
    }

    /// One HTTP exchange with retries and authentication: the status and the
    /// answer's text. `what` names the graph in errors.
    fn exchange(
        &self,
        method: &'static str,
        url: &str,
        what: &str,
        body: Option<(&[u8], &str)>,
        accept: Option<&str>,
    ) -> Result<(u16, String), PushError> {
        // The request target, as Digest signs it.
        let uri = url
            .find("://")
            .and_then(|i| url[i + 3..].find('/').map(|j| url[i + 3 + j..].to_owned()))
            .unwrap_or_else(|| "/".to_owned());
        let mut attempts = 0;
        let mut auth_tries = 0;
        loop {
            attempts += 1;
            let auth = match (&self.credentials, self.lock_challenge().as_mut()) {
                (Some(credentials), Some(challenge)) => {
                    Some(authorization(challenge, credentials, method, &uri))
                }
                _ => None,
            };
            let result = match (method, body) {
                ("PUT", Some((body, content_type))) => {
                    let mut request = self.agent.put(url).header("Content-Type", content_type);
                    if let Some(auth) = &auth {
                        request = request.header("Authorization", auth);
                    }
                    request.send(body)
                }
                ("DELETE", _) => {
                    let mut request = self.agent.delete(url);
                    if let Some(auth) = &auth {
                        request = request.header("Authorization", auth);
                    }
                    request.call()
                }
                _ => {
                    let mut request = self.agent.get(url);
                    if let Some(accept) = accept {
                        request = request.header("Accept", accept);
                    }
                    if let Some(auth) = &auth {
                        request = request.header("Authorization", auth);
                    }
                    request.call()
                }
            };
            let failure = match result {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let challenge = response
                        .headers()
                        .get_all("www-authenticate")
                        .iter()
                        .filter_map(|v| v.to_str().ok())
                        .filter_map(parse_challenge)
                        .max_by_key(|c| c.digest);
                    let answer = response
                        .body_mut()
                        .with_config()
                        .limit(256 * 1024 * 1024)
                        .read_to_string()
                        .unwrap_or_default();
                    if status < 400 {
                        return Ok((status, answer));
                    }
                    if status == 401 && self.credentials.is_some() && auth_tries < 2 {
                        if let Some(challenge) = challenge {
                            // A first challenge, or a stale nonce: answer it.
                            auth_tries += 1;
                            attempts -= 1;
                            *self.lock_challenge() = Some(challenge);
                            continue;
                        }
                    }
                    if !transient(status, &answer) {
                        let mut answer = answer_text(&answer);
                        if let (401, Some(c)) = (status, &self.credentials) {
                            answer.push_str(&format!(
                                " (the login of user '{}' was refused)",
                                c.user
                            ));
                        }
                        return Err(PushError::Refused {
                            method,
                            graph: what.to_owned(),
                            status,
                            answer,
                            anonymous: self.credentials.is_none(),
                        });
                    }
                    format!("HTTP {status}: {}", answer_text(&answer))
                }
                Err(ureq::Error::BadUri(e)) => return Err(PushError::BadUrl(e)),
                Err(e) => e.to_string(),
            };
            if attempts > self.retries {
                return Err(PushError::Unreachable {
                    url: self.url.clone(),
                    method,
                    graph: what.to_owned(),
                    attempts,
                    cause: failure,
                });
            }
            std::thread::sleep(self.backoff * 2u32.saturating_pow(attempts - 1));
        }
    }

    fn lock_challenge(&self) -> std::sync::MutexGuard<'_, Option<Challenge>> {
        self.challenge
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A graph as the bytes kgraph sends: its triples as N-Triples, sorted.
pub fn ntriples(quads: &[Quad]) -> Vec<u8> {
    let mut out = Vec::with_capacity(quads.len() * 120);
    for q in quads {
        // Display writes each term in N-Triples syntax.
        let _ = writeln!(out, "{} {} {} .", q.subject, q.predicate, q.object);
    }
    out
}

/// The SHA-256 of a graph's bytes, as hex: what the push log compares.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_busy_servers_and_deadlocks_only() {
        for status in [408, 429, 502, 503, 504] {
            assert!(transient(status, ""), "{status}");
        }
        let deadlock = "SPARQL Graph Protocol request failed HTTP/1.1 500 Request Failed Error 40001 SR172: Transaction deadlocked";
        assert!(transient(500, deadlock));
        assert!(transient(500, "could not serialize: Deadlock detected"));
        assert!(!transient(
            500,
            "SP030: SPARQL compiler, line 1: syntax error"
        ));
        for status in [400, 401, 403, 404, 405, 413, 415] {
            assert!(!transient(status, deadlock), "{status}");
        }
    }

    #[test]
    fn percent_encodes_iris() {
        assert_eq!(
            url_encode("https://w3id.org/kgraph/id/doc/ab#c d"),
            "https%3A%2F%2Fw3id.org%2Fkgraph%2Fid%2Fdoc%2Fab%23c%20d"
        );
    }

    #[test]
    fn base64_pads() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    #[test]
    fn digest_answers_the_rfc_2617_example() {
        // RFC 2617, section 3.5.
        let mut challenge = parse_challenge(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .unwrap_or_default();
        assert!(challenge.digest);
        assert_eq!(challenge.params["realm"], "testrealm@host.com");
        let credentials = Credentials {
            user: "Mufasa".into(),
            password: "Circle Of Life".into(),
        };
        let header = authorization(&mut challenge, &credentials, "GET", "/dir/index.html");
        assert!(header.contains("nc=00000001"), "{header}");
        // The response depends on the client nonce; recompute it from the header.
        let cnonce = header
            .split("cnonce=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_default();
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        assert_eq!(ha1, "939e7578ed9e3c518a452acee763bce9");
        let ha2 = md5_hex("GET:/dir/index.html");
        let expected = md5_hex(&format!(
            "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:{cnonce}:auth:{ha2}"
        ));
        assert!(
            header.contains(&format!("response=\"{expected}\"")),
            "{header}"
        );
        assert!(header.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        // The count goes up with each request on the same nonce.
        let again = authorization(&mut challenge, &credentials, "GET", "/dir/index.html");
        assert!(again.contains("nc=00000002"));
    }

    #[test]
    fn basic_challenge_gets_basic_credentials() {
        let mut challenge = parse_challenge("Basic realm=\"x\"").unwrap_or_default();
        let credentials = Credentials {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        };
        assert_eq!(
            authorization(&mut challenge, &credentials, "PUT", "/"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert!(parse_challenge("Bearer x").is_none());
    }

    #[test]
    fn server_answers_become_one_short_line() {
        assert_eq!(
            answer_text("<html><h1>500 Failed</h1>\n<xmp>graph <x> rejected</xmp></html>"),
            "500 Failed graph rejected"
        );
        assert_eq!(answer_text(""), "(no message)");
        assert!(answer_text(&"x".repeat(1000)).len() < 320);
    }
}

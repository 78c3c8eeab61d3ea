//! The `kgraph` command line: a thin shell over the library. Only this file
//! touches standard input and output, standard error and exit codes.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use kgraph_extract::{extract_with, Date, Document, Settings};
use kgraph_rdf::dot::{write_dot, Focus};
use kgraph_rdf::export::{sort_quads, write_rdf, RdfOutput};
use kgraph_rdf::Minter;
use kgraph_store::Store;
use oxigraph::model::{NamedNode, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;

mod allocator;

/// Builds a knowledge graph of the people, organizations, events, countries and
/// places in news articles, keeps it in an embedded RDF store, and queries and
/// exports it.
#[derive(Parser)]
#[command(name = "kgraph", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct StoreArg {
    /// The store directory (created by `ingest` if missing).
    #[arg(long, env = "KGRAPH_STORE", default_value = "kgraph.db")]
    store: PathBuf,
}

/// Where a remote triple store takes graphs, and the login.
#[derive(clap::Args, Clone)]
struct RemoteArgs {
    /// The Graph Store Protocol URL (Virtuoso: http://HOST:8890/sparql-graph-crud,
    /// or /sparql-graph-crud-auth with a login; Oxigraph: http://HOST:7878/store;
    /// Fuseki: http://HOST:3030/DATASET/data). Default: the --endpoint URL.
    #[arg(long)]
    graph_store: Option<String>,
    /// User name for HTTP Basic or Digest authentication.
    #[arg(long, requires = "password_env")]
    user: Option<String>,
    /// The environment variable holding the password (never the password itself).
    #[arg(long, requires = "user")]
    password_env: Option<String>,
    /// Seconds a request may take before it counts as failed (and is retried).
    #[arg(long, default_value_t = kgraph_store::push::DEFAULT_TIMEOUT.as_secs_f64())]
    timeout: f64,
}

impl RemoteArgs {
    /// The Graph Store client for `endpoint`.
    fn graph_store(&self, endpoint: &str) -> Result<kgraph_store::push::GraphStore> {
        let credentials = match (&self.user, &self.password_env) {
            (Some(user), Some(var)) => Some(kgraph_store::push::Credentials {
                user: user.clone(),
                password: std::env::var(var).map_err(|_| {
                    anyhow!("--password-env {var}: the environment variable {var} is not set")
                })?,
            }),
            _ => None,
        };
        if !(self.timeout > 0.0 && self.timeout.is_finite()) {
            bail!("--timeout must be a positive number of seconds");
        }
        let mut remote = kgraph_store::push::GraphStore::new(
            self.graph_store.as_deref().unwrap_or(endpoint),
            credentials,
        )?;
        remote.set_timeout(std::time::Duration::from_secs_f64(self.timeout));
        Ok(remote)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Extract the graph of documents and print it; nothing is stored.
    Extract {
        /// Files or directories (their .txt, .md and .html files); `-` reads standard input.
        #[arg(default_value = "-")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Turtle)]
        format: ExtractFormat,
        /// Base IRI of minted resources.
        #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
        base: String,
        /// Publication date (YYYY-MM-DD) used to resolve year-less and relative dates.
        #[arg(long, value_parser = parse_date)]
        published: Option<Date>,
        /// Use rules and gazetteers only, without the statistical tagger.
        #[arg(long)]
        no_tagger: bool,
        /// Read each input as a JSON Lines corpus: one {"text", "id", "title", "url",
        /// "published"} object a line (.gz read transparently; a bad line is reported
        /// with its number and skipped).
        #[arg(long)]
        jsonl: bool,
    },
    /// Extract documents and add them to the store, one named graph each.
    Ingest {
        /// Files or directories (their .txt, .md and .html files); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        store: StoreArg,
        /// Base IRI of minted resources.
        #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
        base: String,
        /// Publication date (YYYY-MM-DD) used to resolve year-less and relative dates.
        #[arg(long, value_parser = parse_date)]
        published: Option<Date>,
        /// Use rules and gazetteers only, without the statistical tagger.
        #[arg(long)]
        no_tagger: bool,
        /// Read each input as a JSON Lines corpus: one {"text", "id", "title", "url",
        /// "published"} object a line (.gz read transparently; a bad line is reported
        /// with its number and skipped).
        #[arg(long)]
        jsonl: bool,
        /// Threads at work (default: one per core): one writes the store while
        /// the others extract (with 1, they take turns); the store ends the same
        /// whatever the number.
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Send each document graph to this remote store (its SPARQL endpoint
        /// URL) with the Graph Store Protocol instead of the local store.
        #[arg(long, conflicts_with = "store")]
        endpoint: Option<String>,
        #[command(flatten)]
        remote: RemoteArgs,
        /// Skip documents whose graph is in the store already (the same text):
        /// finishes an ingest that was cut short without redoing what it wrote.
        #[arg(long, conflicts_with = "endpoint")]
        resume: bool,
    },
    /// Send the store's graphs to a remote triple store with the SPARQL 1.1 Graph
    /// Store Protocol: a PUT a named graph (documents and the ontology), only
    /// those new or changed since the last push to it; a DELETE for each document
    /// removed since.
    Push {
        /// The remote store's SPARQL endpoint URL.
        #[arg(long)]
        endpoint: String,
        #[command(flatten)]
        remote: RemoteArgs,
        #[command(flatten)]
        store: StoreArg,
        /// List what would be sent and deleted; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Send every graph, whatever the last push sent.
        #[arg(long)]
        all: bool,
        /// Afterwards, count each graph's triples at the endpoint with SPARQL and
        /// compare with the store.
        #[arg(long)]
        verify: bool,
        /// Tries after the first for a failure that may pass (no connection,
        /// HTTP 408, 429, 502, 503, 504), waiting 0.5 s, then twice as long each time.
        #[arg(long, default_value_t = 5)]
        retries: u32,
        /// Graphs read and sent at once.
        #[arg(long, short, default_value_t = 4)]
        jobs: usize,
    },
    /// Run a SPARQL query over the union of the store's graphs.
    Query {
        /// The query (or use --query-file).
        #[arg(required_unless_present = "query_file", conflicts_with = "query_file")]
        sparql: Option<String>,
        /// Read the query from this file.
        #[arg(long)]
        query_file: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArg,
        /// Output format: table, csv, tsv, json, xml for SELECT and ASK; turtle or
        /// ntriples for CONSTRUCT and DESCRIBE.
        #[arg(long, value_enum)]
        format: Option<QueryFormat>,
    },
    /// Write the whole graph (all documents) in an RDF format or as DOT.
    Export {
        #[command(flatten)]
        store: StoreArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Turtle)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// DOT only: draw the neighbourhood of the entity with this name.
        #[arg(long)]
        focus: Option<String>,
        /// DOT only: how many edges away from --focus to draw.
        #[arg(long, default_value_t = 1, requires = "focus")]
        depth: usize,
    },
    /// Count documents, triples, entities per type and relations per property.
    Stats {
        #[command(flatten)]
        store: StoreArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
    },
    /// Score extraction against gold annotations (NAME.txt + NAME.gold.json pairs).
    Eval {
        /// Directory of NAME.txt articles with NAME.gold.json annotations.
        #[arg(long)]
        gold: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
        /// List each document's false positives and false negatives.
        #[arg(long)]
        show_errors: bool,
        /// Use rules and gazetteers only, without the statistical tagger.
        #[arg(long)]
        no_tagger: bool,
    },
    /// Serve the store over HTTP: a SPARQL 1.1 endpoint, the Graph Store
    /// Protocol (read side), dereferenceable IRIs and pages for browsers.
    Serve {
        #[command(flatten)]
        store: StoreArg,
        /// Address and port to listen on (port 0: any free port).
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
        /// Accept SPARQL updates at /update (the store is then opened for writing).
        #[arg(long)]
        allow_update: bool,
        /// Stop a query that runs longer than this many seconds.
        #[arg(long, default_value_t = 30.0)]
        timeout: f64,
        /// Return at most this many solutions (or triples) a query.
        #[arg(long, default_value_t = 10_000)]
        max_results: usize,
        /// Serve at most this many connections at once (a thread each); more wait.
        #[arg(long, default_value_t = kgraph_serve::Config::default().max_connections)]
        max_connections: usize,
        /// Cut off a client that takes longer than this many seconds to send a
        /// request or to read an answer (it gets 408 when it can).
        #[arg(long, default_value_t = kgraph_serve::Config::default().client_timeout.as_secs_f64())]
        client_timeout: f64,
        /// Base IRI the documents were ingested with (its IRIs are served at its path).
        #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
        base: String,
    },
    /// Train the named-entity tagger on IOB2, CrossNER or CoNLL-U (GUM) corpora.
    ///
    /// Deterministic: the same corpora, options and order give the same model file.
    Train {
        /// Corpus files (.gz read transparently), used in the order given.
        #[arg(long, required = true)]
        corpus: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long, short)]
        output: PathBuf,
        /// Leave out sentences of documents whose id starts with this (repeatable).
        #[arg(long)]
        exclude_doc: Vec<String>,
        /// Passes over the data.
        #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().epochs)]
        epochs: usize,
        /// Seed of the sentence order.
        #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().seed)]
        seed: u64,
        /// Drop features seen fewer times than this.
        #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().min_count)]
        min_count: usize,
        /// Perceptrons to train (seeds SEED, SEED+1, ...) and average into the model.
        #[arg(long, default_value_t = kgraph_extract::tagger::Options::default().models,
              value_parser = at_least_one)]
        models: usize,
        /// Score the trained model on these corpora afterwards.
        #[arg(long)]
        test: Vec<PathBuf>,
    },
    /// Score the tagger alone on corpora (entity-level exact-span F1, conlleval style).
    TaggerEval {
        /// Corpus files to score on.
        #[arg(long, required = true)]
        corpus: Vec<PathBuf>,
        /// A model file written by `kgraph train` (default: the built-in model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
        /// Print each sentence the tagger got wrong to standard error, with the
        /// missed (-) and spurious (+) spans.
        #[arg(long)]
        show_errors: bool,
    },
    /// Remove documents (by document IRI, or by the file they were read from).
    Remove {
        /// Document IRIs or paths.
        #[arg(required = true)]
        documents: Vec<String>,
        #[command(flatten)]
        store: StoreArg,
        /// Base IRI the documents were ingested with.
        #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
        base: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Dot,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
    Dot,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatsFormat {
    Table,
    Json,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::from_iso(s)
        .filter(|d| d.year.is_some())
        .ok_or_else(|| format!("'{s}' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("kgraph: {e:#}");
            ExitCode::from(exit_code_of(&e))
        }
    }
}

/// The exit code of an error that stopped a command: 3 when the store
/// cannot be opened, read or written (missing, held by another process,
/// read-only, full), 1 for anything else. Clap's usage errors exit with 2.
fn exit_code_of(e: &anyhow::Error) -> u8 {
    let store_fault = e.chain().any(|c| {
        c.downcast_ref::<kgraph_store::StoreError>()
            .is_some_and(kgraph_store::StoreError::is_store_fault)
            || c.downcast_ref::<StoreWriteFailed>().is_some()
    });
    if store_fault {
        3
    } else {
        1
    }
}

/// Writing to the store failed part way through an ingest: what went in
/// before it is whole, the rest was not written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to {store}: {cause}; {ingested} document(s) went in whole before it and the other {rest} were not written: fix the cause and run the same ingest again to add them")]
struct StoreWriteFailed {
    store: String,
    cause: String,
    ingested: usize,
    rest: String,
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract {
            paths,
            format,
            base,
            published,
            no_tagger,
            jsonl,
        } => cmd_extract(&paths, jsonl, format, &base, published, settings(no_tagger)),
        Command::Ingest {
            paths,
            store,
            base,
            published,
            no_tagger,
            jsonl,
            jobs,
            endpoint,
            remote,
            resume,
        } => {
            let jobs = match jobs {
                Some(0) => bail!("--jobs must be at least 1"),
                Some(n) => n,
                None => std::thread::available_parallelism().map_or(1, |n| n.get()),
            };
            let sink = match endpoint {
                Some(endpoint) => Sink::Remote(remote.graph_store(&endpoint)?),
                None => Sink::Local(Store::open(&store.store)?, store.store),
            };
            cmd_ingest(
                &paths,
                jsonl,
                IngestOptions {
                    jobs,
                    resume,
                    published,
                    settings: settings(no_tagger),
                },
                &sink,
                &base,
            )
        }
        Command::Push {
            endpoint,
            remote,
            store,
            dry_run,
            all,
            verify,
            retries,
            jobs,
        } => {
            let mut graph_store = remote.graph_store(&endpoint)?;
            graph_store.retries = retries;
            let options = PushOptions {
                jobs,
                dry_run,
                all,
                verify: verify.then_some(endpoint.as_str()),
                graph_store_guessed: remote.graph_store.is_none(),
            };
            cmd_push(&store.store, &graph_store, &options)
        }
        Command::Query {
            sparql,
            query_file,
            store,
            format,
        } => {
            let sparql = match (sparql, query_file) {
                (Some(q), _) => q,
                (None, Some(f)) => std::fs::read_to_string(&f)
                    .with_context(|| format!("cannot read query file '{}'", f.display()))?,
                (None, None) => bail!("no query given"),
            };
            cmd_query(&sparql, &store.store, format)
        }
        Command::Export {
            store,
            format,
            output,
            focus,
            depth,
        } => {
            let focus = focus.map(|name| Focus { name, depth });
            cmd_export(&store.store, format, output.as_deref(), focus.as_ref())
        }
        Command::Stats { store, format } => cmd_stats(&store.store, format),
        Command::Eval {
            gold,
            format,
            show_errors,
            no_tagger,
        } => cmd_eval(&gold, format, show_errors, settings(no_tagger)),
        Command::Remove {
            documents,
            store,
            base,
        } => cmd_remove(&documents, &store.store, &base),
        Command::Serve {
            store,
            bind,
            allow_update,
            timeout,
            max_results,
            max_connections,
            client_timeout,
            base,
        } => {
            if !(timeout > 0.0 && timeout.is_finite()) {
                bail!("--timeout must be a positive number of seconds");
            }
            if !(client_timeout > 0.0 && client_timeout.is_finite()) {
                bail!("--client-timeout must be a positive number of seconds");
            }
            if max_connections == 0 {
                bail!("--max-connections must be at least 1");
            }
            let config = kgraph_serve::Config {
                allow_update,
                timeout: std::time::Duration::from_secs_f64(timeout),
                max_results,
                base,
                max_connections,
                client_timeout: std::time::Duration::from_secs_f64(client_timeout),
            };
            cmd_serve(&store.store, &bind, config)
        }
        Command::Train {
            corpus,
            output,
            exclude_doc,
            epochs,
            seed,
            min_count,
            models,
            test,
        } => {
            let options = kgraph_extract::tagger::Options {
                epochs,
                seed,
                min_count,
                models,
            };
            cmd_train(&corpus, &output, &exclude_doc, options, &test)
        }
        Command::TaggerEval {
            corpus,
            model,
            format,
            show_errors,
        } => cmd_tagger_eval(&corpus, model.as_deref(), format, show_errors),
    }
}

/// A count of one or more.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".to_owned()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

fn settings(no_tagger: bool) -> Settings {
    Settings { tagger: !no_tagger }
}

fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Reads the inputs one document at a time, handing each to `each`; a
/// document that cannot be read is reported (one line) and counted, and the
/// others still come. With `jsonl`, each input is a JSON Lines corpus. A
/// document's own publication date wins over `published`.
fn for_each_document(
    paths: &[PathBuf],
    jsonl: bool,
    published: Option<Date>,
    mut each: impl FnMut(Document) -> Result<bool>,
) -> Result<usize> {
    let mut failed = 0;
    let mut take = |doc: Result<Document, kgraph_extract::input::InputError>| -> Result<()> {
        match doc {
            Ok(doc) => {
                let published = doc.published.or(published);
                if !each(doc.with_published(published))? {
                    failed += 1;
                }
            }
            Err(e) => {
                // Below a progress line on a terminal, start a line of its own.
                if std::io::IsTerminal::is_terminal(&io::stderr()) {
                    eprint!("\r\x1b[K");
                }
                eprintln!("kgraph: {e}");
                failed += 1;
            }
        }
        Ok(())
    };
    if !jsonl {
        for path in kgraph_extract::input::expand(paths)? {
            take(read_input(&path))?;
        }
        return Ok(failed);
    }
    for path in kgraph_extract::input::expand_jsonl(paths)? {
        let reader: Box<dyn io::BufRead> = if path.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            match kgraph_extract::input::open(&path) {
                Ok(r) => r,
                Err(e) => {
                    take(Err(e))?;
                    continue;
                }
            }
        };
        for doc in kgraph_extract::input::jsonl(reader, &path.display().to_string()) {
            take(doc)?;
        }
    }
    Ok(failed)
}

/// Reads one input: a file, or standard input for `-`.
fn read_input(path: &Path) -> Result<Document, kgraph_extract::input::InputError> {
    if path.as_os_str() != "-" {
        return kgraph_extract::input::read(path);
    }
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes).map_err(|source| {
        kgraph_extract::input::InputError::Io {
            path: "-".to_owned(),
            source,
        }
    })?;
    kgraph_extract::input::parse(&bytes, "-", "txt")
}

fn exit_for(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn cmd_extract(
    paths: &[PathBuf],
    jsonl: bool,
    format: ExtractFormat,
    base: &str,
    published: Option<Date>,
    settings: Settings,
) -> Result<ExitCode> {
    let minter = Minter::new(base);
    let mut out = stdout();
    if let ExtractFormat::Nquads = format {
        // A stateless map: each document's quads (sorted) as soon as it is
        // extracted, so memory holds one document however large the input.
        let failed = for_each_document(paths, jsonl, published, |doc| {
            let quads = kgraph_rdf::rdf::to_quads(&extract_with(&doc, settings), &minter, None);
            write_rdf(&quads, RdfOutput::NQuads, &mut out)?;
            Ok(true)
        })?;
        out.flush()?;
        return Ok(exit_for(failed));
    }
    let mut extractions = Vec::new();
    let failed = for_each_document(paths, jsonl, published, |doc| {
        extractions.push(extract_with(&doc, settings));
        Ok(true)
    })?;
    if let ExtractFormat::Json = format {
        let json: Vec<_> = extractions
            .iter()
            .map(|x| kgraph_rdf::json::to_json(x, &minter))
            .collect();
        let value = if json.len() == 1 {
            serde_json::to_value(&json[0])?
        } else {
            serde_json::to_value(&json)?
        };
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        let mut quads: Vec<Quad> = extractions
            .iter()
            .flat_map(|x| kgraph_rdf::rdf::to_quads(x, &minter, None))
            .collect();
        sort_quads(&mut quads);
        let rdf = match format {
            ExtractFormat::Turtle => Some(RdfOutput::Turtle),
            ExtractFormat::Ntriples => Some(RdfOutput::NTriples),
            ExtractFormat::Nquads => Some(RdfOutput::NQuads),
            ExtractFormat::Trig => Some(RdfOutput::TriG),
            ExtractFormat::Jsonld => Some(RdfOutput::JsonLd),
            ExtractFormat::Dot | ExtractFormat::Json => None,
        };
        match rdf {
            Some(rdf) => {
                write_rdf(&quads, rdf, &mut out)?;
            }
            None => {
                write_dot(&quads, None, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(exit_for(failed))
}

/// How `ingest` runs.
struct IngestOptions {
    /// Threads at work, the writer included.
    jobs: usize,
    /// Skip documents whose graph is in the store already.
    resume: bool,
    published: Option<Date>,
    settings: Settings,
}

fn cmd_ingest(
    paths: &[PathBuf],
    jsonl: bool,
    options: IngestOptions,
    sink: &Sink,
    base: &str,
) -> Result<ExitCode> {
    let IngestOptions {
        jobs,
        resume,
        published,
        settings,
    } = options;
    let minter = Minter::new(base);
    // Documents skipped by --resume, for the progress line and the summary.
    let skipped = std::sync::atomic::AtomicUsize::new(0);
    let skipped_now = || skipped.load(std::sync::atomic::Ordering::Relaxed);
    // The writer is a job too: with one job, extracting and writing take
    // turns; with N, N - 1 threads extract while the writer writes.
    let extractors = jobs.saturating_sub(1).max(1);
    sink.prepare()?;
    let started = std::time::Instant::now();
    let now = now_xsd();
    // The directories are walked once: the files found are the inputs, and
    // their number is the progress line's total.
    let files;
    let (paths, total) = if jsonl {
        (paths, jsonl_total(paths))
    } else {
        files = kgraph_extract::input::expand(paths)?;
        (files.as_slice(), Some(files.len()))
    };
    // A pipeline: this thread reads documents and extracts a batch at a time
    // on `extractors` threads while a writer thread stores the batch before, all of
    // it in one atomic bulk commit. Batches go in input order, so the store
    // ends the same whatever the number of jobs, and memory holds two batches.
    let (to_writer, batches) = std::sync::mpsc::sync_channel::<Extracted>(1);
    // With one job, extracting waits for each batch to be written.
    let (written, wait_written) = std::sync::mpsc::sync_channel::<()>(1);
    let (ingested, triples, not_stored, unread) = std::thread::scope(|scope| -> Result<_> {
        let writer = scope.spawn(|| -> Result<_> {
            let mut progress = Progress::new(total, "documents");
            let (mut ingested, mut triples, mut not_stored) = (0, 0, 0);
            for (sources, graphs) in batches {
                // The store takes the quads: what the report needs, first.
                let report: Vec<(String, usize)> = graphs
                    .iter()
                    .map(|(graph, quads)| (graph.as_str().to_owned(), quads.len()))
                    .collect();
                let results = sink.write(graphs)?;
                for ((source, (graph, quads)), result) in sources.iter().zip(&report).zip(results) {
                    match result {
                        Ok(()) => {
                            ingested += 1;
                            triples += quads;
                            // On a terminal the progress line stands for these.
                            if !progress.active {
                                eprintln!("ingested {source} as {graph} ({quads} triples)");
                            }
                        }
                        // The local store failing to write is no fault of the
                        // document's: the others would fail too. Stop, with
                        // what went in whole and how to add the rest.
                        Err(e) if matches!(sink, Sink::Local(..)) => {
                            progress.clear();
                            return Err(StoreWriteFailed {
                                store: sink.name(),
                                cause: e,
                                ingested,
                                rest: total.map_or("documents".to_owned(), |t| {
                                    t.saturating_sub(ingested + not_stored).to_string()
                                }),
                            }
                            .into());
                        }
                        Err(e) => {
                            progress.clear();
                            eprintln!("kgraph: {source}: not ingested: {e}");
                            not_stored += 1;
                        }
                    }
                }
                progress.show(ingested + not_stored + skipped_now(), false);
                if jobs == 1 {
                    let _ = written.send(());
                }
            }
            progress.show(ingested + not_stored + skipped_now(), true);
            if progress.active {
                eprintln!();
            }
            Ok((ingested, triples, not_stored))
        });
        let mut batch: Vec<Document> = Vec::with_capacity(WRITE_BATCH);
        let send = |batch: &mut Vec<Document>| -> Result<bool> {
            if resume {
                let before = batch.len();
                let mut kept = Vec::with_capacity(before);
                for doc in batch.drain(..) {
                    if !sink.has_graph(&minter.document(&doc.id()))? {
                        kept.push(doc);
                    }
                }
                *batch = kept;
                skipped.fetch_add(before - batch.len(), std::sync::atomic::Ordering::Relaxed);
            }
            let graphs = parallel_map(batch, extractors, |doc| {
                let x = extract_with(doc, settings);
                let graph = kgraph_rdf::rdf::document_iri(&minter, &x);
                (graph, kgraph_rdf::rdf::to_quads(&x, &minter, Some(&now)))
            });
            let sources = batch.drain(..).map(|doc| doc.source).collect();
            // The writer stops only on an error it returns below.
            let open = to_writer.send((sources, graphs)).is_ok();
            Ok(open && (jobs > 1 || wait_written.recv().is_ok()))
        };
        let mut open = true;
        let unread = for_each_document(paths, jsonl, published, |doc| {
            batch.push(doc);
            if open && batch.len() == WRITE_BATCH {
                open = send(&mut batch)?;
            }
            Ok(true)
        })?;
        if open && !batch.is_empty() {
            send(&mut batch)?;
        }
        drop(to_writer);
        let (ingested, triples, not_stored) = writer
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        Ok((ingested, triples, not_stored, unread))
    })?;
    sink.finish()?;
    let failed = unread + not_stored;
    let skipped = if resume {
        format!(", {} already in the store", skipped_now())
    } else {
        String::new()
    };
    eprintln!(
        "{ingested} document(s) ingested ({triples} triples){skipped}, {failed} failed, in {:.1} s with {jobs} job(s), {}",
        started.elapsed().as_secs_f64(),
        sink.name()
    );
    Ok(exit_for(failed))
}

/// A graph a push thread has dealt with.
struct PushedGraph {
    /// Its place in the store's list.
    n: usize,
    hash: String,
    triples: usize,
    /// Sent (or, in a dry run, to be sent).
    changed: bool,
}

/// Why a push thread stopped.
enum PushFailure {
    Remote(kgraph_store::push::PushError),
    Local(kgraph_store::StoreError),
}

/// How `push` runs.
struct PushOptions<'a> {
    /// Graphs sent at once.
    jobs: usize,
    dry_run: bool,
    all: bool,
    /// The SPARQL endpoint to check the remote counts at.
    verify: Option<&'a str>,
    /// The Graph Store URL is the endpoint's, for want of --graph-store.
    graph_store_guessed: bool,
}

fn cmd_push(
    store_path: &Path,
    remote: &kgraph_store::push::GraphStore,
    options: &PushOptions<'_>,
) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let started = std::time::Instant::now();
    let mut log = kgraph_store::push::PushLog::open(&store_path.join("kgraph-push"), remote.url())?;
    let mut graphs = vec![kgraph_rdf::ontology::ONTOLOGY_GRAPH.into_owned()];
    graphs.extend(
        store
            .documents()?
            .into_iter()
            .map(|d| NamedNode::new_unchecked(d.iri)),
    );
    let mut progress = Progress::new(Some(graphs.len()), "graphs");
    let (mut sent, mut triples, mut unchanged) = (0usize, 0usize, 0usize);
    let mut local_counts = std::collections::BTreeMap::new();
    let mut out = stdout();
    let stopped = |e: kgraph_store::push::PushError, sent: usize, progress: &Progress| {
        progress.clear();
        let hint = match e {
            kgraph_store::push::PushError::Refused {
                status: 400 | 404 | 405,
                ..
            } if options.graph_store_guessed => {
                " (the server's Graph Store may have a URL of its own: give it with --graph-store)"
            }
            _ => "",
        };
        anyhow!(
            "push stopped: {e}{hint}; {sent} graph(s) were sent before it and are remembered, so `kgraph push` again sends the rest"
        )
    };
    // `jobs` threads read, serialize and send graphs; this one records
    // what was sent as it comes back, so the log is right even when a
    // push stops midway. Listings come in the store's order.
    let before = log.sent().clone();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let halt = std::sync::atomic::AtomicBool::new(false);
    let mut listing = std::collections::BTreeMap::new();
    let mut failure = None;
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::channel::<Result<PushedGraph, PushFailure>>();
        for _ in 0..options.jobs.max(1) {
            let tx = tx.clone();
            let (store, graphs, before, next, halt) = (&store, &graphs, &before, &next, &halt);
            scope.spawn(move || {
                use std::sync::atomic::Ordering;
                while !halt.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(graph) = graphs.get(n) else {
                        break;
                    };
                    let quads = match store.graph_quads(Some(graph.as_ref())) {
                        Ok(quads) => quads,
                        Err(e) => {
                            halt.store(true, Ordering::Relaxed);
                            let _ = tx.send(Err(PushFailure::Local(e)));
                            break;
                        }
                    };
                    let bytes = kgraph_store::push::ntriples(&quads);
                    let hash = kgraph_store::push::content_hash(&bytes);
                    let changed = options.all || before.get(graph.as_str()) != Some(&hash);
                    let result = if changed && !options.dry_run {
                        remote.put(graph.as_str(), &bytes)
                    } else {
                        Ok(())
                    };
                    if result.is_err() {
                        halt.store(true, Ordering::Relaxed);
                    }
                    let pushed = result
                        .map(|()| PushedGraph {
                            n,
                            hash,
                            triples: quads.len(),
                            changed,
                        })
                        .map_err(PushFailure::Remote);
                    if tx.send(pushed).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut done = 0;
        for pushed in rx {
            let pushed = match pushed {
                Ok(p) => p,
                Err(e) => {
                    failure.get_or_insert(e);
                    continue;
                }
            };
            let graph = graphs[pushed.n].as_str();
            local_counts.insert(graph.to_owned(), pushed.triples as u64);
            if !pushed.changed {
                unchanged += 1;
            } else {
                if options.dry_run {
                    listing.insert(
                        pushed.n,
                        format!("PUT\t{graph}\t{} triples", pushed.triples),
                    );
                } else {
                    log.record(remote.url(), graph, Some(&pushed.hash))?;
                }
                sent += 1;
                triples += pushed.triples;
            }
            done += 1;
            progress.show(done, false);
        }
        Ok(())
    })?;
    match failure {
        Some(PushFailure::Remote(e)) => return Err(stopped(e, sent, &progress)),
        Some(PushFailure::Local(e)) => return Err(e.into()),
        None => {}
    }
    for line in listing.values() {
        writeln!(out, "{line}")?;
    }
    let removed: Vec<String> = log
        .sent()
        .keys()
        .filter(|g| !local_counts.contains_key(*g))
        .cloned()
        .collect();
    for graph in &removed {
        if options.dry_run {
            writeln!(out, "DELETE\t{graph}")?;
        } else {
            remote
                .delete(graph)
                .map_err(|e| stopped(e, sent, &progress))?;
            log.record(remote.url(), graph, None)?;
        }
    }
    out.flush()?;
    progress.show(graphs.len(), true);
    if progress.active {
        eprintln!();
    }
    let secs = started.elapsed().as_secs_f64();
    let verb = if options.dry_run {
        "would send"
    } else {
        "sent"
    };
    if !options.dry_run && (sent > 0 || !removed.is_empty()) {
        log.compact(remote.url())?;
    }
    eprintln!(
        "{verb} {sent} graph(s) ({triples} triples, {:.0} triples/s), {} {} deleted, {unchanged} unchanged, in {secs:.1} s, to {}",
        triples as f64 / secs.max(1e-3),
        removed.len(),
        if options.dry_run { "would be" } else { "were" },
        remote.url()
    );
    if let (Some(endpoint), false) = (options.verify, options.dry_run) {
        let remote_counts = remote.remote_counts(endpoint)?;
        let wrong: Vec<String> = local_counts
            .iter()
            .filter(|(g, n)| remote_counts.get(*g) != Some(*n))
            .map(|(g, n)| {
                format!(
                    "<{g}> has {n} triples here, {} there",
                    remote_counts.get(g).copied().unwrap_or(0)
                )
            })
            .collect();
        let lingering = removed
            .iter()
            .filter(|g| remote_counts.get(*g).is_some_and(|&n| n > 0))
            .count();
        if !wrong.is_empty() || lingering > 0 {
            bail!(
                "verify: {} graph(s) differ at {endpoint}, {lingering} removed graph(s) still there; first: {}",
                wrong.len(),
                wrong.first().map_or("-", String::as_str)
            );
        }
        eprintln!(
            "verified: the {} graph(s) have the same triple counts at {endpoint}",
            local_counts.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The documents in JSON Lines corpora (their non-blank lines), for the
/// progress line's total and time left: counted on a terminal only, and not
/// for standard input, which can be read once.
fn jsonl_total(paths: &[PathBuf]) -> Option<usize> {
    if !io::IsTerminal::is_terminal(&io::stderr()) || paths.iter().any(|p| p.as_os_str() == "-") {
        return None;
    }
    let mut total = 0;
    for path in kgraph_extract::input::expand_jsonl(paths).ok()? {
        let reader = kgraph_extract::input::open(&path).ok()?;
        total += io::BufRead::split(reader, b'\n')
            .map_while(Result::ok)
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
            .count();
    }
    Some(total)
}

/// Where ingested documents go.
enum Sink {
    /// The local store, and its path.
    Local(Store, PathBuf),
    /// A remote store, through the Graph Store Protocol.
    Remote(kgraph_store::push::GraphStore),
}

impl Sink {
    fn name(&self) -> String {
        match self {
            Sink::Local(_, path) => format!("store '{}'", path.display()),
            Sink::Remote(remote) => format!("remote {}", remote.url()),
        }
    }

    /// Sends the ontology graph to a remote store.
    fn prepare(&self) -> Result<()> {
        if let Sink::Remote(remote) = self {
            let quads = kgraph_store::store::ontology_quads()?;
            remote.put(
                kgraph_rdf::ontology::ONTOLOGY_GRAPH.as_str(),
                &kgraph_store::push::ntriples(&quads),
            )?;
        }
        Ok(())
    }

    /// Is the graph `iri` in the store? (Never, for a remote store.)
    fn has_graph(&self, iri: &str) -> Result<bool> {
        match self {
            Sink::Local(store, _) => Ok(store.has_graph(NamedNode::new(iri)?.as_ref())?),
            Sink::Remote(_) => Ok(false),
        }
    }

    /// Writes document graphs: each one's result, or an error that stops
    /// the ingest (a remote store that cannot be reached or refuses).
    fn write(&self, graphs: Vec<(NamedNode, Vec<Quad>)>) -> Result<Vec<Result<(), String>>> {
        match self {
            Sink::Local(store, _) => Ok(store
                .write_documents(graphs)
                .into_iter()
                .map(|r| r.map_err(|e| e.to_string()))
                .collect()),
            Sink::Remote(remote) => {
                for (graph, quads) in &graphs {
                    remote.put(graph.as_str(), &kgraph_store::push::ntriples(quads))?;
                }
                Ok(graphs.iter().map(|_| Ok(())).collect())
            }
        }
    }

    fn finish(&self) -> Result<()> {
        if let Sink::Local(store, _) = self {
            store.flush()?;
        }
        Ok(())
    }
}

/// Documents written to the store in one bulk commit, about 220,000 quads of
/// news-length articles. Fewer, larger commits leave RocksDB fewer files to
/// merge: with 2 jobs, 20,000 articles went in 36.5-40.1 s in batches of 768,
/// 39.1-40.4 s of 512 and 41.7-43.9 s of 256; peak memory was 530, 395 and
/// 245 MB.
const WRITE_BATCH: usize = 768;

/// A batch of documents ready for the store: their sources, and their graphs.
type Extracted = (Vec<String>, Vec<(NamedNode, Vec<Quad>)>);

/// A one-line progress report on standard error, redrawn at most five times
/// a second, when standard error is a terminal: documents, documents a
/// second, and the time left when the number of documents is known.
struct Progress {
    unit: &'static str,
    active: bool,
    total: Option<usize>,
    started: std::time::Instant,
    drawn: Option<std::time::Instant>,
}

impl Progress {
    fn new(total: Option<usize>, unit: &'static str) -> Self {
        use std::io::IsTerminal;
        Progress {
            unit,
            active: io::stderr().is_terminal(),
            total,
            started: std::time::Instant::now(),
            drawn: None,
        }
    }

    /// Redraws the line for `done` documents (`force`: even if drawn just now).
    fn show(&mut self, done: usize, force: bool) {
        if !self.active || (!force && self.drawn.is_some_and(|t| t.elapsed().as_millis() < 200)) {
            return;
        }
        self.drawn = Some(std::time::Instant::now());
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let left = match self.total {
            Some(total) if rate > 0.0 && total >= done => {
                format!(" of {total}, {:.0} s left", (total - done) as f64 / rate)
            }
            _ => String::new(),
        };
        let short = if self.unit == "documents" {
            "docs"
        } else {
            self.unit
        };
        eprint!("\r\x1b[K{done} {}{left}, {rate:.0} {short}/s", self.unit);
    }

    /// Clears the line before other output.
    fn clear(&self) {
        if self.active && self.drawn.is_some() {
            eprint!("\r\x1b[K");
        }
    }
}

/// `f` over `items` on `jobs` threads, results in the items' order.
fn parallel_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if jobs <= 1 || items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                scope.spawn(move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The current UTC time as an `xsd:dateTime` lexical form.
fn now_xsd() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let rem = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_unix_days((secs / 86_400) as i64),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn cmd_query(sparql: &str, store_path: &Path, format: Option<QueryFormat>) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let results = store.query(sparql)?;
    let mut out = stdout();
    match results {
        QueryResults::Graph(triples) => {
            let output = match format {
                None | Some(QueryFormat::Turtle) => RdfOutput::Turtle,
                Some(QueryFormat::Ntriples) => RdfOutput::NTriples,
                Some(_) => bail!(
                    "a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle or ntriples"
                ),
            };
            let mut quads = Vec::new();
            for t in triples {
                let t = t?;
                quads.push(Quad::new(
                    t.subject,
                    t.predicate,
                    t.object,
                    oxigraph::model::GraphName::DefaultGraph,
                ));
            }
            sort_quads(&mut quads);
            write_rdf(&quads, output, &mut out)?;
        }
        results => {
            let format = match format {
                None | Some(QueryFormat::Table) => None,
                Some(QueryFormat::Csv) => Some(QueryResultsFormat::Csv),
                Some(QueryFormat::Tsv) => Some(QueryResultsFormat::Tsv),
                Some(QueryFormat::Json) => Some(QueryResultsFormat::Json),
                Some(QueryFormat::Xml) => Some(QueryResultsFormat::Xml),
                Some(QueryFormat::Turtle | QueryFormat::Ntriples) => {
                    bail!("a SELECT or ASK query gives results, not a graph: use --format table, csv, tsv, json or xml")
                }
            };
            match (results, format) {
                (QueryResults::Boolean(b), None) => writeln!(out, "{b}")?,
                (QueryResults::Boolean(b), Some(f)) => {
                    QueryResultsSerializer::from_format(f)
                        .serialize_boolean_to_writer(&mut out, b)?;
                }
                (QueryResults::Solutions(solutions), None) => {
                    let variables: Vec<String> = solutions
                        .variables()
                        .iter()
                        .map(|v| v.as_str().to_owned())
                        .collect();
                    let mut rows = Vec::new();
                    for s in solutions {
                        let s = s?;
                        rows.push(
                            variables
                                .iter()
                                .map(|v| s.get(v.as_str()).map(compact).unwrap_or_default())
                                .collect::<Vec<_>>(),
                        );
                    }
                    write_table(&mut out, &variables, &rows)?;
                }
                (QueryResults::Solutions(solutions), Some(f)) => {
                    let mut w = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())?;
                    for s in solutions {
                        w.serialize(&s?)?;
                    }
                    w.finish()?;
                }
                (QueryResults::Graph(_), _) => unreachable!("handled above"),
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A term as a person reads it: prefixed names for known namespaces, plain
/// literal values.
fn compact(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            for (prefix, ns) in kgraph_rdf::ontology::PREFIXES {
                if let Some(local) = n.as_str().strip_prefix(ns) {
                    return format!("{prefix}:{local}");
                }
            }
            if let Some(local) = n.as_str().strip_prefix(kgraph_rdf::ontology::DEFAULT_BASE) {
                return format!("kgr:{local}");
            }
            n.to_string()
        }
        Term::BlankNode(b) => b.to_string(),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn write_table(out: &mut impl Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |out: &mut dyn Write, cells: &[String]| -> io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.chars().count()));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, header)?;
    line(
        out,
        &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
    )?;
    for r in rows {
        line(out, r)?;
    }
    Ok(())
}

fn cmd_export(
    store_path: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    focus: Option<&Focus>,
) -> Result<ExitCode> {
    if focus.is_some() && !matches!(format, ExportFormat::Dot) {
        bail!("--focus draws a picture: use it with --format dot");
    }
    let store = Store::open_read_only(store_path)?;
    let quads = store.document_quads()?;
    let writer: Box<dyn Write> = match output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write '{}'", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut writer = BufWriter::new(writer);
    let rdf = match format {
        ExportFormat::Turtle => RdfOutput::Turtle,
        ExportFormat::Ntriples => RdfOutput::NTriples,
        ExportFormat::Nquads => RdfOutput::NQuads,
        ExportFormat::Trig => RdfOutput::TriG,
        ExportFormat::Jsonld => RdfOutput::JsonLd,
        ExportFormat::Rdfxml => RdfOutput::RdfXml,
        ExportFormat::Dot => {
            write_dot(&quads, focus, &mut writer)?;
            writer.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    write_rdf(&quads, rdf, &mut writer)?;
    writer.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_stats(store_path: &Path, format: StatsFormat) -> Result<ExitCode> {
    let store = Store::open_read_only(store_path)?;
    let stats = store.stats()?;
    let mut out = stdout();
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stats)?;
            writeln!(out)?;
        }
        StatsFormat::Table => {
            let mut rows = vec![
                vec![
                    "documents".to_owned(),
                    String::new(),
                    stats.documents.to_string(),
                ],
                vec![
                    "triples".to_owned(),
                    String::new(),
                    stats.triples.to_string(),
                ],
            ];
            rows.extend(
                stats
                    .entities
                    .iter()
                    .map(|(k, n)| vec!["entities".to_owned(), format!("kg:{k}"), n.to_string()]),
            );
            rows.extend(
                stats
                    .relations
                    .iter()
                    .map(|(k, n)| vec!["relations".to_owned(), format!("kg:{k}"), n.to_string()]),
            );
            write_table(
                &mut out,
                &["what".into(), "kind".into(), "count".into()],
                &rows,
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_remove(documents: &[String], store_path: &Path, base: &str) -> Result<ExitCode> {
    let minter = Minter::new(base);
    let store = Store::open(store_path)?;
    let stored = store.documents()?;
    let mut failed = 0;
    for d in documents {
        // A document IRI; or a path: the graph of its current text, or the graph
        // whose recorded source is that path.
        let mut iris: Vec<String> = Vec::new();
        if stored.iter().any(|s| s.iri == *d) {
            iris.push(d.clone());
        } else {
            if Path::new(d).is_file() {
                if let Ok(doc) = kgraph_extract::input::read(Path::new(d)) {
                    iris.push(minter.document(&doc.id()));
                }
            }
            iris.extend(
                stored
                    .iter()
                    .filter(|s| s.source.as_deref() == Some(d.as_str()))
                    .map(|s| s.iri.clone()),
            );
        }
        iris.sort();
        iris.dedup();
        let mut removed = false;
        for iri in &iris {
            let node =
                NamedNode::new(iri.clone()).map_err(|e| anyhow!("'{iri}' is not an IRI: {e}"))?;
            if store.remove_graph(node.as_ref())? {
                eprintln!("removed {iri}");
                removed = true;
            }
        }
        if !removed {
            eprintln!("kgraph: '{d}': no such document in store '{}' (give a document IRI or the path it was ingested from)", store_path.display());
            failed += 1;
        }
    }
    store.flush()?;
    Ok(exit_for(failed))
}

fn cmd_eval(
    dir: &Path,
    format: StatsFormat,
    show_errors: bool,
    settings: Settings,
) -> Result<ExitCode> {
    if !dir.is_dir() {
        bail!(
            "'{}' is not a directory of NAME.txt and NAME.gold.json files",
            dir.display()
        );
    }
    let report = kgraph_extract::eval::evaluate(dir, settings)
        .with_context(|| format!("cannot read '{}'", dir.display()))?;
    for failure in &report.failures {
        eprintln!("kgraph: {failure}");
    }
    if report.documents.is_empty() && report.failures.is_empty() {
        bail!("no NAME.gold.json files in '{}'", dir.display());
    }
    let mut out = stdout();
    match format {
        StatsFormat::Json => {
            let mut json = report.json();
            if !show_errors {
                if let Some(docs) = json["documents"].as_array_mut() {
                    for d in docs {
                        if let Some(d) = d.as_object_mut() {
                            d.remove("errors");
                        }
                    }
                }
            }
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        StatsFormat::Table => write_eval_table(&mut out, &report, show_errors)?,
    }
    out.flush()?;
    Ok(exit_for(report.failures.len()))
}

fn score_row(name: &str, s: &kgraph_extract::eval::Score) -> Vec<String> {
    vec![
        name.to_owned(),
        s.tp.to_string(),
        s.fp.to_string(),
        s.fn_.to_string(),
        format!("{:.3}", s.precision()),
        format!("{:.3}", s.recall()),
        format!("{:.3}", s.f1()),
    ]
}

fn write_eval_table(
    out: &mut impl Write,
    report: &kgraph_extract::eval::Report,
    show_errors: bool,
) -> io::Result<()> {
    let header = |first: &str| -> Vec<String> {
        [first, "tp", "fp", "fn", "precision", "recall", "f1"]
            .map(str::to_owned)
            .to_vec()
    };
    let mut rows: Vec<Vec<String>> = report
        .entities()
        .iter()
        .map(|(t, s)| score_row(t.as_str(), s))
        .collect();
    rows.push(score_row(
        "micro (Person, Organization, Country, Event)",
        &report.entities_micro(),
    ));
    write_table(out, &header("entities"), &rows)?;
    writeln!(out)?;
    let mut rows: Vec<Vec<String>> = report
        .relations()
        .iter()
        .map(|(p, s)| score_row(p.as_str(), s))
        .collect();
    let (strict, relaxed) = report.relations_micro();
    rows.push(score_row("micro", &strict));
    rows.push(score_row("micro relaxed", &relaxed));
    write_table(out, &header("relations"), &rows)?;
    writeln!(out)?;
    write_table(
        out,
        &header("actions"),
        &[score_row("all", &report.actions())],
    )?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = report
        .documents
        .iter()
        .map(|d| {
            let mut m = kgraph_extract::eval::Score::default();
            for t in kgraph_extract::eval::CORE_TYPES {
                let s = d.entities.get(&t).copied().unwrap_or_default();
                m.tp += s.tp;
                m.fp += s.fp;
                m.fn_ += s.fn_;
            }
            vec![
                d.name.clone(),
                format!("{:.3}", m.precision()),
                format!("{:.3}", m.recall()),
                format!("{:.3}", m.f1()),
                format!("{:.3}", d.relations_relaxed.f1()),
                format!("{:.3}", d.actions.f1()),
            ]
        })
        .collect();
    let header = [
        "document",
        "entity P",
        "entity R",
        "entity F1",
        "relation F1 (relaxed)",
        "action F1",
    ]
    .map(str::to_owned);
    write_table(out, &header, &rows)?;
    if show_errors {
        for d in &report.documents {
            writeln!(out, "\n{}:", d.name)?;
            for e in &d.errors {
                writeln!(out, "  {e}")?;
            }
        }
    }
    Ok(())
}

fn read_corpus(path: &Path) -> Result<Vec<kgraph_extract::tagger::Sentence>> {
    Ok(kgraph_extract::tagger::corpus::read(path)?)
}

fn cmd_train(
    corpora: &[PathBuf],
    output: &Path,
    exclude: &[String],
    options: kgraph_extract::tagger::Options,
    tests: &[PathBuf],
) -> Result<ExitCode> {
    let mut sentences = Vec::new();
    for path in corpora {
        let read = read_corpus(path)?;
        let before = read.len();
        let kept: Vec<_> = read
            .into_iter()
            .filter(|s| {
                !s.doc
                    .as_deref()
                    .is_some_and(|d| exclude.iter().any(|x| d.starts_with(x.as_str())))
            })
            .collect();
        eprintln!(
            "{}: {} sentences ({} left out)",
            path.display(),
            kept.len(),
            before - kept.len()
        );
        sentences.extend(kept);
    }
    if sentences.is_empty() {
        bail!("no training sentences in the corpora given");
    }
    let started = std::time::Instant::now();
    let model = kgraph_extract::tagger::train(&sentences, options, |e| {
        eprintln!(
            "model {}/{}, epoch {:>2}: token accuracy {:.4} ({:.0} s)",
            e.model,
            options.models,
            e.number,
            e.accuracy,
            started.elapsed().as_secs_f64()
        );
    });
    let bytes = model.to_bytes();
    std::fs::write(output, &bytes)
        .with_context(|| format!("cannot write model '{}'", output.display()))?;
    eprintln!(
        "wrote '{}': {} features, {} bytes, trained in {:.1} s",
        output.display(),
        model.features(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if !tests.is_empty() {
        let model = kgraph_extract::tagger::Model::from_bytes(&bytes)?;
        let mut out = stdout();
        write_tagger_scores(&mut out, &model, tests, StatsFormat::Table)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_tagger_eval(
    corpora: &[PathBuf],
    model: Option<&Path>,
    format: StatsFormat,
    show_errors: bool,
) -> Result<ExitCode> {
    let loaded;
    let model = match model {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read model '{}'", path.display()))?;
            loaded = kgraph_extract::tagger::Model::from_bytes(&bytes)
                .with_context(|| format!("cannot load model '{}'", path.display()))?;
            &loaded
        }
        None => kgraph_extract::tagger::Model::shipped(),
    };
    if show_errors {
        for path in corpora {
            let sentences = read_corpus(path)?;
            let predicted = kgraph_extract::tagger::predict(model, &sentences);
            for (s, p) in sentences.iter().zip(&predicted) {
                let show = |span: &kgraph_extract::tagger::Span| {
                    format!(
                        "{} {}",
                        span.label.as_str(),
                        s.words[span.first..span.end].join(" ")
                    )
                };
                let missed: Vec<String> = s
                    .spans
                    .iter()
                    .filter(|x| !p.contains(x))
                    .map(show)
                    .collect();
                let spurious: Vec<String> = p
                    .iter()
                    .filter(|x| !s.spans.contains(x))
                    .map(show)
                    .collect();
                if !missed.is_empty() || !spurious.is_empty() {
                    eprintln!("{}", s.words.join(" "));
                    for m in missed {
                        eprintln!("  - {m}");
                    }
                    for m in spurious {
                        eprintln!("  + {m}");
                    }
                }
            }
        }
    }
    let mut out = stdout();
    write_tagger_scores(&mut out, model, corpora, format)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_tagger_scores(
    out: &mut impl Write,
    model: &kgraph_extract::tagger::Model,
    corpora: &[PathBuf],
    format: StatsFormat,
) -> Result<()> {
    let mut json = Vec::new();
    let header = [
        "corpus",
        "label",
        "gold",
        "predicted",
        "correct",
        "P",
        "R",
        "F1",
    ]
    .map(String::from);
    let mut rows = Vec::new();
    for path in corpora {
        let sentences = read_corpus(path)?;
        let (micro, per_label) = kgraph_extract::tagger::evaluate(model, &sentences);
        let name = path.display().to_string();
        let row = |label: &str, s: &kgraph_extract::tagger::Score| {
            vec![
                name.clone(),
                label.to_owned(),
                s.gold.to_string(),
                s.predicted.to_string(),
                s.true_positives.to_string(),
                format!("{:.4}", s.precision()),
                format!("{:.4}", s.recall()),
                format!("{:.4}", s.f1()),
            ]
        };
        let score_json = |s: &kgraph_extract::tagger::Score| {
            serde_json::json!({
                "gold": s.gold, "predicted": s.predicted, "true_positives": s.true_positives,
                "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
            })
        };
        for (label, s) in &per_label {
            rows.push(row(label.as_str(), s));
        }
        rows.push(row("micro", &micro));
        let labels: serde_json::Map<String, serde_json::Value> = per_label
            .iter()
            .map(|(l, s)| (l.as_str().to_owned(), score_json(s)))
            .collect();
        json.push(serde_json::json!({
            "corpus": name, "sentences": sentences.len(), "micro": score_json(&micro), "labels": labels,
        }));
    }
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        StatsFormat::Table => write_table(out, &header, &rows)?,
    }
    Ok(())
}

fn cmd_serve(store_path: &Path, bind: &str, config: kgraph_serve::Config) -> Result<ExitCode> {
    let store = if config.allow_update {
        Store::open(store_path)?
    } else {
        Store::open_read_only(store_path)?
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
        .context("cannot install the signal handler")?;
    let mode = if config.allow_update {
        "read-write, updates allowed"
    } else {
        "read-only"
    };
    kgraph_serve::run(store, bind, config, stop, |addr| {
        eprintln!(
            "kgraph: serving '{}' ({mode}) at http://{addr}/ (SPARQL at http://{addr}/sparql); Ctrl-C stops",
            store_path.display()
        );
    })?;
    eprintln!("kgraph: stopped");
    Ok(ExitCode::SUCCESS)
}

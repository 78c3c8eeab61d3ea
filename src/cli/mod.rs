//! The command line as clap reads it: the commands, their flags and their help.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use clap::{Parser, Subcommand};
use kgraph_extract::Date;

mod examples;
mod models;
mod values;

pub(crate) use models::{
    CorefEvalArgs, ParseArgs, ParserEvalArgs, TaggerEvalArgs, TrainArgs, TrainCorefArgs,
    TrainParserArgs, TrainRelationsArgs,
};
pub(crate) use values::{
    parse_confidence, parse_date, ClaimsChoice, EntitiesFormat, ExportFormat, ExtractFormat,
    ParseChoice, ProvenanceChoice, QueryFormat, StatsFormat,
};

/// Builds a knowledge graph of the people, organizations, events, countries and
/// places in news articles, keeps it in an embedded RDF store, and queries and
/// exports it.
#[derive(Parser)]
#[command(name = "kgraph", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The store `ingest` writes.
#[derive(clap::Args)]
pub(crate) struct StoreArg {
    /// The store directory (created if missing; not left behind when no
    /// document goes in).
    #[arg(long, env = "KGRAPH_STORE", default_value = "kgraph.db")]
    pub(crate) store: PathBuf,
}

/// The store a command reads (or changes), which must exist.
#[derive(clap::Args)]
pub(crate) struct ExistingStoreArg {
    /// The store directory, as `kgraph ingest` made it (it must exist).
    #[arg(long, env = "KGRAPH_STORE", default_value = "kgraph.db")]
    pub(crate) store: PathBuf,
}

/// Where a remote triple store takes graphs, and the login.
#[derive(clap::Args, Clone)]
pub(crate) struct RemoteArgs {
    /// The Graph Store Protocol URL (Virtuoso: http://HOST:8890/sparql-graph-crud,
    /// or /sparql-graph-crud-auth with a login; Oxigraph: http://HOST:7878/store;
    /// Fuseki: http://HOST:3030/DATASET/data). Default: the --endpoint URL.
    #[arg(long)]
    pub(crate) graph_store: Option<String>,
    /// User name for HTTP Basic or Digest authentication.
    #[arg(long, requires = "password_env")]
    pub(crate) user: Option<String>,
    /// The environment variable holding the password (never the password itself).
    #[arg(long, requires = "user")]
    pub(crate) password_env: Option<String>,
    /// Seconds a request to the remote store may take before it counts as
    /// failed and is retried (only with --endpoint: a remote store).
    #[arg(long, default_value_t = kgraph_store::push::DEFAULT_TIMEOUT.as_secs_f64())]
    pub(crate) timeout: f64,
}

impl RemoteArgs {
    /// The Graph Store client for `endpoint`.
    pub(crate) fn graph_store(&self, endpoint: &str) -> Result<kgraph_store::push::GraphStore> {
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
pub(crate) enum Command {
    /// Extract the graph of documents and print it; nothing is stored.
    #[command(after_help = examples::EXTRACT)]
    Extract(ExtractArgs),
    /// Extract documents and add them to the store, one named graph each.
    #[command(after_help = examples::INGEST)]
    Ingest(IngestArgs),
    /// Send the store's new and changed graphs to a remote triple store.
    ///
    /// With the SPARQL 1.1 Graph Store Protocol: a PUT a named graph
    /// (documents and the ontology), only those new or changed since the last
    /// push to it; a DELETE for each document removed since.
    #[command(after_help = examples::PUSH)]
    Push(PushArgs),
    /// Run a SPARQL query over the union of the store's graphs.
    #[command(after_help = examples::query())]
    Query(QueryArgs),
    /// Write the whole graph (all documents) in an RDF format or as DOT.
    #[command(after_help = examples::EXPORT)]
    Export(ExportArgs),
    /// Count documents, triples, entities per type and relations per property.
    #[command(after_help = examples::STATS)]
    Stats(StatsArgs),
    /// List the store's entities, a node a row: names, documents, mentions,
    /// and the document entities resolution across documents joined to it.
    #[command(after_help = examples::ENTITIES)]
    Entities(EntitiesArgs),
    /// Score extraction against gold annotations (NAME.txt + NAME.gold.json pairs).
    #[command(after_help = examples::EVAL)]
    Eval(EvalArgs),
    /// Serve the store over HTTP: a SPARQL 1.1 endpoint, the Graph Store
    /// Protocol (read side), dereferenceable IRIs and pages for browsers.
    #[command(after_help = examples::serve())]
    Serve(ServeArgs),
    /// Train the named-entity tagger on IOB2, CrossNER or CoNLL-U (GUM) corpora.
    ///
    /// Deterministic: the same corpora, options and order give the same model file.
    Train(TrainArgs),
    /// Score the tagger alone on corpora (entity-level exact-span F1, conlleval style).
    TaggerEval(TaggerEvalArgs),
    /// Remove documents (by document IRI, or by the file they were read from).
    #[command(after_help = examples::REMOVE)]
    Remove(RemoveArgs),
    /// Tag and parse a text and print its sentences as CoNLL-U (Universal
    /// Dependencies: UPOS, XPOS, head and relation of every word).
    Parse(ParseArgs),
    /// Score the tagger and parser on CoNLL-U treebanks with their own words:
    /// UPOS and XPOS accuracy, UAS and LAS over all words, punctuation
    /// included, as the CoNLL 2018 shared task scores them.
    ParserEval(ParserEvalArgs),
    /// Train the part-of-speech tagger and dependency parser on CoNLL-U
    /// treebanks.
    ///
    /// Deterministic: the same treebanks, options and order give the same model file.
    TrainParser(TrainParserArgs),
    /// Score the coreference resolver on CoNLL-U files with gold coreference
    /// (GUM / CorefUD `Entity=`): parses the gold words with the built-in
    /// parser, finds and links mentions, and prints MUC, B³ and CEAF-e
    /// precision, recall and F1 and the CoNLL F1, as the CorefUD scorer
    /// computes them (head matching, singletons excluded).
    CorefEval(CorefEvalArgs),
    /// Train the coreference resolver on CoNLL-U files with gold coreference.
    ///
    /// Deterministic: the same corpora, options and order give the same model file.
    TrainCoref(TrainCorefArgs),
    /// Train the relation classifier on documents in the gold format
    /// (Re-DocRED's), leaving out its evaluation fold.
    ///
    /// Deterministic: the same documents and options give the same model file.
    TrainRelations(TrainRelationsArgs),
}

/// The arguments of `kgraph extract`.
#[derive(clap::Args)]
pub(crate) struct ExtractArgs {
    /// Files or directories (their .txt, .html, .htm and .jsonl files,
    /// gzipped or not); `-`, or no path from a pipe, reads standard input.
    pub(crate) paths: Vec<PathBuf>,
    /// Also read a directory's files with this extension (`--ext md`;
    /// repeatable, or comma-separated). Other files are skipped and counted.
    #[arg(long, value_name = "EXT", value_delimiter = ',')]
    pub(crate) ext: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Turtle)]
    pub(crate) format: ExtractFormat,
    /// Base IRI of minted resources.
    #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
    pub(crate) base: String,
    /// Publication date (YYYY-MM-DD) used to resolve year-less and relative dates.
    #[arg(long, value_parser = parse_date)]
    pub(crate) published: Option<Date>,
    /// Use rules and gazetteers only, without the statistical tagger.
    #[arg(long)]
    pub(crate) no_tagger: bool,
    /// Which sentences to parse, and so resolve coreference in: `none` (the
    /// default, but `all` for `extract --format conllu`), `needed` (those
    /// with a mention or a pronoun) or `all`.
    #[arg(long, value_enum)]
    pub(crate) parse: Option<ParseChoice>,
    /// Leave out relations less sure than this (0 to 1; a rule's confidence or
    /// the classifier's calibrated one, as `--format json` shows them).
    #[arg(long, default_value_t = 0.0, value_name = "P", value_parser = parse_confidence)]
    pub(crate) min_confidence: f32,
    /// Read each input as a JSON Lines corpus: one {"text", "id", "title", "url",
    /// "published"} object a line (.gz read transparently; a bad line is reported
    /// with its number and skipped).
    #[arg(long)]
    pub(crate) jsonl: bool,
    /// Threads extracting (default: one per core); the output is the same,
    /// byte for byte, whatever the number.
    #[arg(long, short)]
    pub(crate) jobs: Option<usize>,
    /// Give each document's graph as that document alone makes it: people and
    /// organizations are not resolved across the inputs, and N-Quads are
    /// written as each document is read (memory holds one document).
    #[arg(long)]
    pub(crate) no_resolve: bool,
    /// Also write each relation with its parent property (`kg:memberOf` and
    /// `kg:leaderOf` as `kg:affiliatedWith`, `kg:candidate` and `kg:winner`
    /// as `kg:participant`), so that queries for the parent find them.
    #[arg(long)]
    pub(crate) infer: bool,
    /// How much evidence each document's graph keeps: `statements` (the
    /// default: each relation as an rdf:Statement with its rule, confidence
    /// and sentence, each action's rule and sentence, and the text),
    /// `mentions` (that and every mention with its character offsets, NIF)
    /// or `none` (the facts and the document graph alone; people and
    /// organizations are resolved all the same).
    #[arg(long, value_enum, default_value = "statements")]
    pub(crate) provenance: ProvenanceChoice,
    /// A file of `same A B` and `different A B` lines (entity IRIs, or
    /// `kgr:person/…`) that resolution across the inputs obeys.
    #[arg(long, value_name = "FILE", conflicts_with = "no_resolve")]
    pub(crate) curation: Option<PathBuf>,
    /// A catalog of known people, organizations, events and places (.csv,
    /// .tsv or .jsonl: name, type, aliases, id as a Wikidata QID or an IRI,
    /// country, description): its names are recognized and the entities
    /// they name linked to their ids (`owl:sameAs`). Repeatable; a bad line
    /// is reported with its number and the others load.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Vec<PathBuf>,
}

/// The arguments of `kgraph ingest`.
#[derive(clap::Args)]
pub(crate) struct IngestArgs {
    /// Files or directories (their .txt, .html, .htm and .jsonl files, with
    /// --nquads their .nq and .nquads files, gzipped or not); `-`, or no
    /// path from a pipe, reads standard input.
    pub(crate) paths: Vec<PathBuf>,
    /// Load graphs extracted already, as `kgraph extract --format nquads`
    /// writes them (each document's quads together, in its named graph),
    /// each with the time it goes in, and resolve them with the store's.
    /// Each file is checked whole first: one with a bad line is named with
    /// the line and not loaded at all. The extraction's flags do not apply,
    /// nor --provenance (the graphs keep the evidence they were extracted
    /// with); --infer does.
    #[arg(long, conflicts_with_all = [
        "jsonl", "ext", "published", "no_tagger", "parse", "min_confidence", "catalog",
        "provenance",
    ])]
    pub(crate) nquads: bool,
    /// Also read a directory's files with this extension (`--ext md`;
    /// repeatable, or comma-separated). Other files are skipped and counted.
    #[arg(long, value_name = "EXT", value_delimiter = ',')]
    pub(crate) ext: Vec<String>,
    #[command(flatten)]
    pub(crate) store: StoreArg,
    /// Base IRI of minted resources.
    #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
    pub(crate) base: String,
    /// Publication date (YYYY-MM-DD) used to resolve year-less and relative dates.
    #[arg(long, value_parser = parse_date)]
    pub(crate) published: Option<Date>,
    /// Use rules and gazetteers only, without the statistical tagger.
    #[arg(long)]
    pub(crate) no_tagger: bool,
    /// Which sentences to parse, and so resolve coreference in: `none` (the
    /// default, but `all` for `extract --format conllu`), `needed` (those
    /// with a mention or a pronoun) or `all`.
    #[arg(long, value_enum)]
    pub(crate) parse: Option<ParseChoice>,
    /// Leave out relations less sure than this (0 to 1; a rule's confidence or
    /// the classifier's calibrated one, as `--format json` shows them).
    #[arg(long, default_value_t = 0.0, value_name = "P", value_parser = parse_confidence)]
    pub(crate) min_confidence: f32,
    /// Read each input as a JSON Lines corpus: one {"text", "id", "title", "url",
    /// "published"} object a line (.gz read transparently; a bad line is reported
    /// with its number and skipped).
    #[arg(long)]
    pub(crate) jsonl: bool,
    /// Threads that extract (default: one per core), while one more writes
    /// the store (with 1, extracting and writing take turns); the store ends
    /// the same whatever the number.
    #[arg(long, short)]
    pub(crate) jobs: Option<usize>,
    /// Leave people and organizations as each document alone names them:
    /// no resolution across the store's documents at the end (a remote
    /// store is never resolved).
    #[arg(long)]
    pub(crate) no_resolve: bool,
    /// Also write each relation with its parent property (`kg:memberOf` and
    /// `kg:leaderOf` as `kg:affiliatedWith`, `kg:candidate` and `kg:winner`
    /// as `kg:participant`), so that queries for the parent find them.
    #[arg(long)]
    pub(crate) infer: bool,
    /// How much evidence each document's graph keeps: `statements` (the
    /// default: each relation as an rdf:Statement with its rule, confidence
    /// and sentence, each action's rule and sentence, and the text),
    /// `mentions` (that and every mention with its character offsets, NIF)
    /// or `none` (the facts and the document graph alone; people and
    /// organizations are resolved all the same).
    #[arg(long, value_enum, default_value = "statements")]
    pub(crate) provenance: ProvenanceChoice,
    /// A file of `same A B` and `different A B` lines (entity IRIs, or
    /// `kgr:person/…`): kept in the store in place of the last one given,
    /// and obeyed by resolution across documents from now on.
    #[arg(long, value_name = "FILE")]
    pub(crate) curation: Option<PathBuf>,
    /// A catalog of known people, organizations, events and places (.csv,
    /// .tsv or .jsonl: name, type, aliases, id as a Wikidata QID or an IRI,
    /// country, description): its names are recognized and the entities
    /// they name linked to their ids (`owl:sameAs`). Repeatable; a bad line
    /// is reported with its number and the others load.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Vec<PathBuf>,
    /// Send each document graph to this remote store (its SPARQL endpoint
    /// URL) with the Graph Store Protocol instead of the local store.
    #[arg(long, conflicts_with = "store")]
    pub(crate) endpoint: Option<String>,
    #[command(flatten)]
    pub(crate) remote: RemoteArgs,
    /// Skip documents whose graph is in the store already (the same text):
    /// finishes an ingest that was cut short without redoing what it wrote.
    #[arg(long, conflicts_with = "endpoint")]
    pub(crate) resume: bool,
}

/// The arguments of `kgraph push`.
#[derive(clap::Args)]
pub(crate) struct PushArgs {
    /// The remote store's SPARQL endpoint URL.
    #[arg(long)]
    pub(crate) endpoint: String,
    #[command(flatten)]
    pub(crate) remote: RemoteArgs,
    #[command(flatten)]
    pub(crate) store: ExistingStoreArg,
    /// List what would be sent and deleted; send nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Send every graph, whatever the last push sent.
    #[arg(long)]
    pub(crate) all: bool,
    /// Afterwards, count each graph's triples at the endpoint with SPARQL and
    /// compare with the store.
    #[arg(long)]
    pub(crate) verify: bool,
    /// Tries after the first for a failure that may pass (no connection,
    /// HTTP 408, 429, 502, 503, 504), waiting 0.5 s, then twice as long each time.
    #[arg(long, default_value_t = 5)]
    pub(crate) retries: u32,
    /// Graphs read and sent at once.
    #[arg(long, short, default_value_t = 4)]
    pub(crate) jobs: usize,
}

/// The arguments of `kgraph query`.
#[derive(clap::Args)]
pub(crate) struct QueryArgs {
    /// The query (or use --query-file); `-` reads it from standard input.
    #[arg(required_unless_present = "query_file", conflicts_with = "query_file")]
    pub(crate) sparql: Option<String>,
    /// Read the query from this file (`-`: standard input).
    #[arg(long)]
    pub(crate) query_file: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) store: ExistingStoreArg,
    /// Output format: table, csv, tsv, json, xml for SELECT and ASK; turtle or
    /// ntriples for CONSTRUCT and DESCRIBE.
    #[arg(long, value_enum)]
    pub(crate) format: Option<QueryFormat>,
}

/// The arguments of `kgraph export`.
#[derive(clap::Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) store: ExistingStoreArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Turtle)]
    pub(crate) format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// DOT only: draw the neighbourhood of the entity with this name.
    #[arg(long)]
    pub(crate) focus: Option<String>,
    /// DOT only: how many edges away from --focus to draw.
    #[arg(long, default_value_t = 1, requires = "focus")]
    pub(crate) depth: usize,
    /// The facts alone: entities with their types, names, ids and relations,
    /// and actions; no documents, mentions, text or identity links.
    #[arg(long)]
    pub(crate) no_provenance: bool,
}

/// The arguments of `kgraph stats`.
#[derive(clap::Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    pub(crate) store: ExistingStoreArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub(crate) format: StatsFormat,
}

/// The arguments of `kgraph entities`.
#[derive(clap::Args)]
pub(crate) struct EntitiesArgs {
    #[command(flatten)]
    pub(crate) store: ExistingStoreArg,
    /// Only entities of this type: Person, Organization, Country, Event or Place.
    #[arg(long = "type", value_parser = ["Person", "Organization", "Country", "Event", "Place"])]
    pub(crate) r#type: Option<String>,
    /// Only the ambiguous: a name another node of the type has, or one word
    /// of the names of two people or more.
    #[arg(long)]
    pub(crate) ambiguous: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EntitiesFormat::Table)]
    pub(crate) format: EntitiesFormat,
}

/// The arguments of `kgraph eval`.
#[derive(clap::Args)]
pub(crate) struct EvalArgs {
    /// Directory of NAME.txt articles with NAME.gold.json annotations.
    #[arg(long)]
    pub(crate) gold: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub(crate) format: StatsFormat,
    /// List each document's false positives and false negatives.
    #[arg(long)]
    pub(crate) show_errors: bool,
    /// Use rules and gazetteers only, without the statistical tagger.
    #[arg(long)]
    pub(crate) no_tagger: bool,
    /// Which sentences to parse, and so resolve coreference in: `none` (the
    /// default, but `all` for `extract --format conllu`), `needed` (those
    /// with a mention or a pronoun) or `all`.
    #[arg(long, value_enum)]
    pub(crate) parse: Option<ParseChoice>,
    /// Leave out relations less sure than this (0 to 1; a rule's confidence or
    /// the classifier's calibrated one, as `--format json` shows them).
    #[arg(long, default_value_t = 0.0, value_name = "P", value_parser = parse_confidence)]
    pub(crate) min_confidence: f32,
    /// Which actions count, of those the text does not simply assert:
    /// `asserted` (the default: negated ones left out, reported ones kept),
    /// `all`, or `direct` (reported ones left out too).
    #[arg(long, value_enum, default_value_t = ClaimsChoice::Asserted)]
    pub(crate) claims: ClaimsChoice,
    /// Score identity across documents instead: each article cut in two at
    /// its middle, the halves extracted as documents and resolved together,
    /// and how many gold entities named in both halves get one IRI.
    #[arg(long)]
    pub(crate) split: bool,
}

/// The arguments of `kgraph serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) store: ExistingStoreArg,
    /// Address and port to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub(crate) bind: String,
    /// Accept SPARQL updates at /update (the store is then opened for writing).
    #[arg(long)]
    pub(crate) allow_update: bool,
    /// Stop a query that runs longer than this many seconds.
    #[arg(long, default_value_t = 30.0)]
    pub(crate) timeout: f64,
    /// Return at most this many solutions (or triples) a query.
    #[arg(long, default_value_t = 10_000)]
    pub(crate) max_results: usize,
    /// Serve at most this many connections at once (a thread each); more wait.
    #[arg(long, default_value_t = kgraph_serve::Config::default().max_connections)]
    pub(crate) max_connections: usize,
    /// Cut off a client that takes longer than this many seconds to send a
    /// request or to read an answer (it gets 408 when it can).
    #[arg(long, default_value_t = kgraph_serve::Config::default().client_timeout.as_secs_f64())]
    pub(crate) client_timeout: f64,
    /// Base IRI the documents were ingested with (its IRIs are served at its path).
    #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
    pub(crate) base: String,
}

/// The arguments of `kgraph remove`.
#[derive(clap::Args)]
pub(crate) struct RemoveArgs {
    /// Document IRIs or paths.
    #[arg(required = true)]
    pub(crate) documents: Vec<String>,
    #[command(flatten)]
    pub(crate) store: ExistingStoreArg,
    /// Base IRI the documents were ingested with.
    #[arg(long, default_value = kgraph_rdf::ontology::DEFAULT_BASE)]
    pub(crate) base: String,
}

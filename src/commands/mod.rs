//! The commands, one module each, and what they share: reading the inputs,
//! standard output, exit codes.

use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use kgraph_extract::{Date, Document, Settings};
use kgraph_store::Store;

use crate::cli::{Cli, Command};

mod eval;
mod export;
mod extract;
pub(crate) mod ingest;
mod push;
mod query;
mod remove;
mod serve;
mod stats;
mod tagger;

use eval::cmd_eval;
use export::cmd_export;
use extract::cmd_extract;
use ingest::{cmd_ingest, IngestOptions, Sink};
use kgraph_rdf::dot::Focus;
use push::{cmd_push, PushOptions};
use query::cmd_query;
use remove::cmd_remove;
use serve::cmd_serve;
use stats::cmd_stats;
use tagger::{cmd_tagger_eval, cmd_train};

pub(crate) fn run(cli: Cli) -> Result<ExitCode> {
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

pub(crate) fn settings(no_tagger: bool) -> Settings {
    Settings { tagger: !no_tagger }
}

pub(crate) fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Reads the inputs one document at a time, handing each to `each`; a
/// document that cannot be read is reported (one line) and counted, and the
/// others still come. With `jsonl`, each input is a JSON Lines corpus. A
/// document's own publication date wins over `published`.
pub(crate) fn for_each_document(
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
pub(crate) fn read_input(path: &Path) -> Result<Document, kgraph_extract::input::InputError> {
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

pub(crate) fn exit_for(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

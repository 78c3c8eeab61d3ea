//! The commands, one module each: each turns its arguments into the
//! library's options, runs it, and prints what it gives.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::Command;

mod coref;
mod eval;
mod export;
mod extract;
mod ingest;
mod push;
mod query;
mod remove;
mod serve;
mod stats;
mod syntax;
mod tagger;

/// Runs `command`.
pub(crate) fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Push(args) => push::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) => export::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Train(args) => tagger::train(args),
        Command::TaggerEval(args) => tagger::evaluate(args),
        Command::Remove(args) => remove::run(args),
        Command::Parse(args) => syntax::parse(args),
        Command::ParserEval(args) => syntax::evaluate(args),
        Command::TrainParser(args) => syntax::train(args),
        Command::CorefEval(args) => coref::evaluate(args),
        Command::TrainCoref(args) => coref::train(args),
    }
}

/// The model file at `path`, read by `from_bytes`, kept for the rest of the run.
fn model_file<M, E>(
    path: &std::path::Path,
    from_bytes: impl FnOnce(&[u8]) -> Result<M, E>,
) -> Result<&'static M>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read model '{}'", path.display()))?;
    let model =
        from_bytes(&bytes).with_context(|| format!("cannot load model '{}'", path.display()))?;
    Ok(Box::leak(Box::new(model)))
}

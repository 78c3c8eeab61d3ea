//! The commands, one module each: each turns its arguments into the
//! library's options, runs it, and prints what it gives.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::Command;

mod catalog;
mod coref;
mod entities;
mod eval;
mod export;
mod extract;
mod ingest;
mod push;
mod query;
mod relations;
mod remove;
mod serve;
mod split;
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
        Command::Entities(args) => entities::run(args),
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
        Command::TrainRelations(args) => relations::train(args),
    }
}

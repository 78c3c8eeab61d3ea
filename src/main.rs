//! The `kgraph` command line: a thin shell over the library crates. Only
//! this crate touches standard input and output, standard error and exit
//! codes.
//!
//! | module | what it owns |
//! |---|---|
//! | [`cli`] | the commands and flags as clap reads them, with their help |
//! | [`commands`] | one module a command: arguments to the libraries' options, results to output |
//! | [`inputs`] | the documents a command reads: files, directories, JSON Lines, stdin |
//! | [`nquads`] | the N-Quads files `ingest --nquads` loads, each checked whole first |
//! | [`progress`], [`table`], [`output`] | the progress line, tables, standard output and exit codes |
//! | [`hints`] | the flags that change what an error reports, and exit codes of errors |

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;
mod hints;
mod inputs;
mod nquads;
mod output;
mod progress;
mod table;

// The store's allocator (mimalloc, for Rust and RocksDB alike) comes with
// the store crate.
use kgraph_store as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli.command) {
        Ok(code) => code,
        Err(e) if hints::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kgraph: {e:#}{}", hints::hint(&e));
            ExitCode::from(hints::exit_code(&e))
        }
    }
}

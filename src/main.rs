//! The `kgraph` command line: a thin shell over the library crates. Only
//! this crate touches standard input and output, standard error and exit
//! codes: [`cli`] says what the user may ask for, [`commands`] does it.

use std::io;
use std::process::ExitCode;

use clap::Parser;

mod allocator;
mod cli;
mod commands;
mod progress;
mod table;

use cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
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
            || c.downcast_ref::<commands::ingest::StoreWriteFailed>()
                .is_some()
    });
    if store_fault {
        3
    } else {
        1
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

//! What the user can do about an error, in the command line's terms: the
//! libraries say what went wrong; the flags that change it are the command
//! line's to name.

use kgraph_store::ingest::IngestError;
use kgraph_store::push::PushError;
use kgraph_store::StoreError;

/// The hint for the error at the root of `e`'s chain, to follow its message
/// ("" when there is none).
pub(crate) fn hint(e: &anyhow::Error) -> &'static str {
    let root = e.root_cause();
    if let Some(e) = root.downcast_ref::<StoreError>() {
        return store_hint(e);
    }
    if let Some(e) = root.downcast_ref::<PushError>() {
        return push_hint(e);
    }
    match root.downcast_ref::<IngestError>() {
        Some(IngestError::Store(e)) => store_hint(e),
        Some(IngestError::Remote(e)) => push_hint(e),
        _ => "",
    }
}

fn store_hint(e: &StoreError) -> &'static str {
    match e {
        StoreError::Locked { .. } => {
            " (stop it, or use --store for another path; query, export and a read-only serve still work)"
        }
        StoreError::Missing { .. } => {
            " (ingest a document first, or use --store or KGRAPH_STORE to point at one)"
        }
        StoreError::NoParent { .. } => " (create it, or use another --store)",
        _ => "",
    }
}

/// The hint for a push error.
pub(crate) fn push_hint(e: &PushError) -> &'static str {
    if e.wants_login() {
        " (the server wants a login: --user and --password-env)"
    } else {
        ""
    }
}

/// The exit code of an error that stopped a command: 3 when the store
/// cannot be opened, read or written (missing, held by another process,
/// read-only, full), 1 for anything else. Clap's usage errors exit with 2.
pub(crate) fn exit_code(e: &anyhow::Error) -> u8 {
    let store_fault = e.chain().any(|c| {
        c.downcast_ref::<StoreError>()
            .is_some_and(StoreError::is_store_fault)
            || c.downcast_ref::<IngestError>()
                .is_some_and(IngestError::is_store_fault)
    });
    if store_fault {
        3
    } else {
        1
    }
}

/// Did the error come from a closed pipe (as `kgraph ... | head`)? That is
/// no failure.
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

//! The store directory on disk: which process writes it, RocksDB's
//! compaction priority, and the files a cut-short bulk load leaves.

use std::path::Path;

/// The file in a store directory naming the process that last opened it for
/// writing: its id, then its command line.
const WRITER_FILE: &str = "kgraph-writer";

/// Notes this process as the store's writer, for the error another one gets.
pub(crate) fn note_writer(path: &Path) {
    let command: String = std::env::args()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(200)
        .collect();
    let _ = std::fs::write(
        path.join(WRITER_FILE),
        format!("{}\n{command}\n", std::process::id()),
    );
}

/// The process that holds the store, when the note names one still running.
pub(crate) fn writer_of(path: &Path) -> String {
    let noted = std::fs::read_to_string(path.join(WRITER_FILE)).ok();
    let holder = noted.as_deref().and_then(|text| {
        let mut lines = text.lines();
        let pid: u32 = lines.next()?.trim().parse().ok()?;
        let command = lines.next().unwrap_or_default();
        Path::new(&format!("/proc/{pid}"))
            .exists()
            .then(|| format!("process {pid} (`{command}`)"))
    });
    holder.unwrap_or_else(|| "another process".to_owned())
}

/// Runs RocksDB's compactions (its low-priority thread pool) at the lowest CPU
/// priority, so that extracting and loading documents come first and the
/// store tidies itself up with the CPU they leave idle. On 2 cores a 2-job
/// ingest of 20,000 articles took 37-39 s this way, 49-51 s without. RocksDB's
/// own setting, for the process-wide default environment Oxigraph opens its
/// stores with.
pub(crate) fn lower_compaction_priority() {
    // SAFETY: `rocksdb_create_default_env` wraps RocksDB's static default
    // environment (never null); `rocksdb_env_destroy` frees the wrapper only.
    unsafe {
        let env = oxrocksdb_sys::rocksdb_create_default_env();
        oxrocksdb_sys::rocksdb_env_lower_thread_pool_cpu_priority(env);
        oxrocksdb_sys::rocksdb_env_destroy(env);
    }
}

/// Removes the sorted files of a bulk load that was cut short (a process
/// killed before its commit): the commit moves them into the store, so with
/// the store's lock held, any left are of no use and only take disk space.
pub(crate) fn remove_unfinished_bulk_files(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

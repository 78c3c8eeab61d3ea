//! The allocator of every program that links the store (the `kgraph`
//! program, its tests and benches): mimalloc, Rust's allocator and the C
//! library's malloc alike, with its options set before the first
//! allocation. It is the store's because RocksDB needs it so: Oxigraph frees
//! RocksDB's error strings with Rust's allocator, so the two must be one
//! (with mimalloc for Rust alone, a store error crashed the program).

/// mimalloc instead of the C library's allocator: an ingest makes and frees
/// millions of small strings and keys (the terms of every quad, and the keys
/// the bulk loader sorts), and glibc's malloc spent a fifth of a 2-job
/// ingest's CPU time on them. 20,000 articles went in 17% faster. It is the
/// C library's malloc too (its "override" feature, Cargo.toml), for RocksDB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(target_os = "linux")]
extern "C" {
    /// mimalloc's `mi_option_set` (include/mimalloc.h).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// mimalloc's `mi_option_arena_eager_commit` (4 in mimalloc 3's `mi_option_e`).
#[cfg(target_os = "linux")]
const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;

/// Commits arena memory as it is used, not all at once: mimalloc never
/// returns the memory of an eagerly committed arena, and a server answering
/// 64 clients then kept 640 MiB resident where it needed 170. A 2-job ingest
/// takes 3% longer or less, with less memory. It must run before the first
/// allocation, which reserves the first arena (1 GiB, enough for most runs):
/// the C++ library's initializers allocate before `main` and before the
/// program's own initializers, so it runs from `.preinit_array`, which comes
/// first (an ELF section; elsewhere mimalloc keeps its defaults).
#[cfg(target_os = "linux")]
extern "C" fn allocator_options() {
    // SAFETY: sets a process-wide option before anything else runs.
    unsafe { mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
}

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".preinit_array"]
static ALLOCATOR_OPTIONS: extern "C" fn() = allocator_options;

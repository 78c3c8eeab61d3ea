//! Running a program under test with arguments and standard input.

// A test helper: a failure is a panic with the reason.
#![allow(clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `program` with `args`, `stdin` (empty when `None`) on its standard
/// input, written from another thread so that a program that writes much
/// before it reads cannot stall; `KGRAPH_STORE` is cleared so that no
/// store of the environment is used.
pub fn run(program: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .env_remove("KGRAPH_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} does not run: {e}"));
    let input = stdin.unwrap_or("").to_owned();
    let mut pipe = child.stdin.take().expect("a standard input");
    let writer = std::thread::spawn(move || {
        // A program that exits without reading closes the pipe: not an error here.
        let _ = pipe.write_all(input.as_bytes());
    });
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("{program} did not end: {e}"));
    writer.join().expect("the writer thread");
    out
}

/// [`run`], failing with the program's standard error unless it succeeds;
/// its standard output.
pub fn ok(program: &str, args: &[&str], stdin: Option<&str>) -> String {
    let out = run(program, args, stdin);
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

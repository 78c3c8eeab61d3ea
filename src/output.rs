//! Standard output and exit codes.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Standard output, buffered.
pub(crate) fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Success, or 1 when `failed` inputs could not be dealt with.
pub(crate) fn exit_for(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Writes the scores of one corpus as its JSON object, of several as a list,
/// and a newline.
pub(crate) fn write_scores_json(
    out: &mut impl Write,
    json: &[serde_json::Value],
) -> io::Result<()> {
    match json {
        [one] => serde_json::to_writer_pretty(&mut *out, one)?,
        _ => serde_json::to_writer_pretty(&mut *out, json)?,
    }
    writeln!(out)
}

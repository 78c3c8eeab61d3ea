//! What kgraph's tests and benches share, and nothing the program uses:
//!
//! | module | what it gives |
//! |---|---|
//! | [`editions`] | a corpus of distinct documents made from the bundled Wikinews articles |
//! | [`servers`] | free loopback ports, waiting for a server, and Virtuoso 7 on a temporary database |
//! | [`run`] | running a program with arguments and standard input |

pub mod editions;
pub mod run;
pub mod servers;

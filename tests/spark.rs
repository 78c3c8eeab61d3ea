//! The Spark example (examples/spark/kgraph_spark.py) end to end, in
//! Spark's local mode on two cores: the Wikinews test articles
//! (tests/data/wikinews, CC BY 2.5) as JSON Lines and as Parquet go through
//! the job in four partitions, and the shards hold, together, exactly the
//! quads of one `kgraph extract --no-resolve` run over the same input; a
//! document kgraph rejects fails the job, with kgraph's message. pyspark
//! and a Java 17 or later are needed (`.ci/run` installs them); without
//! them the tests fail, saying what to install.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kgraph_testkit::run::ok;

const KGRAPH: &str = env!("CARGO_BIN_EXE_kgraph");

/// The partitions the job is asked for, and so its shards.
const PARTITIONS: usize = 4;

/// Writes the corpus as Parquet with Spark itself, `published` as a date
/// column (the job writes it back as YYYY-MM-DD).
const TO_PARQUET: &str = r#"
import sys
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
schema = "text STRING, id STRING, title STRING, url STRING, published DATE"
spark.read.schema(schema).json(sys.argv[1]).write.parquet(sys.argv[2])
spark.stop()
"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// What a program wrote, standard output then standard error (spark-submit
/// passes the Python driver's standard error on as its standard output).
fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Writes the 24 articles as JSON Lines, in file name order: each with its
/// file name as id, its first line as title and its text; every other one
/// with a URL, every third with a publication date; a blank line amid them.
fn write_corpus(path: &Path) {
    let mut articles: Vec<PathBuf> = std::fs::read_dir(root().join("tests/data/wikinews"))
        .expect("the articles")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    articles.sort();
    assert_eq!(articles.len(), 24);
    let mut lines = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        let text = std::fs::read_to_string(article).expect("readable");
        let id = article.file_stem().expect("a name").to_string_lossy();
        let mut doc = serde_json::json!({
            "id": id,
            "title": text.lines().next().expect("a first line"),
            "text": text,
        });
        if i % 2 == 0 {
            doc["url"] = format!("https://en.wikinews.org/wiki/{id}").into();
        }
        if i % 3 == 0 {
            doc["published"] = "2016-06-01".into();
        }
        lines.push(doc.to_string());
        if i == 11 {
            lines.push(String::new());
        }
    }
    std::fs::write(path, lines.join("\n") + "\n").expect("corpus written");
}

/// The sorted N-Quads lines of one `kgraph extract` run over the corpus,
/// with `--no-resolve` as in the job: resolution across documents needs
/// them all at once, so it is no part of a partition's work.
fn extract(corpus: &Path, options: &[&str]) -> Vec<String> {
    let mut args = vec![
        "extract",
        "--jsonl",
        s(corpus),
        "--format",
        "nquads",
        "--no-resolve",
    ];
    args.extend(options);
    let mut lines: Vec<String> = ok(KGRAPH, &args, None).lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

/// spark-submit of the pyspark that python3 imports, once Java is found too;
/// a failure names what to install.
fn spark_submit() -> PathBuf {
    let java = Command::new("java")
        .args(["-XX:-UsePerfData", "-version"])
        .output();
    assert!(
        java.is_ok_and(|o| o.status.success()),
        "Java 17 or later is needed for this test: apt-get install default-jre-headless \
         (bash .ci/run installs it)"
    );
    let pyspark = Command::new("python3")
        .args([
            "-c",
            "import os, pyspark; print(os.path.dirname(pyspark.__file__))",
        ])
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed for this test: {e}"));
    assert!(
        pyspark.status.success(),
        "pyspark is needed for this test: python3 -m pip install pyspark \
         (bash .ci/run installs it): {}",
        text(&pyspark)
    );
    let dir = String::from_utf8(pyspark.stdout).expect("UTF-8 path");
    PathBuf::from(dir.trim()).join("bin/spark-submit")
}

/// Runs spark-submit with `args` in local mode on two cores, in `dir`, with
/// everything Spark and its JVM write on the side (scratch space, temporary
/// files) kept in `dir` too. spark-submit returns once the JVM has cleaned
/// up after itself.
fn spark(dir: &Path, args: &[&str]) -> Output {
    let scratch = dir.join("scratch");
    std::fs::create_dir_all(&scratch).expect("scratch directory");
    Command::new(spark_submit())
        .args(["--master", "local[2]"])
        .args(["--conf", "spark.ui.enabled=false"])
        .args(["--conf", "spark.log.level=WARN"])
        .args(args)
        .current_dir(dir)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("SPARK_LOCAL_DIRS", &scratch)
        .env("TMPDIR", &scratch)
        .env(
            "JAVA_TOOL_OPTIONS",
            // The JVM's temporary files here, none in /tmp/hsperfdata_USER
            // either; and its first compiler alone, which halves the CPU
            // time of a job this short.
            format!(
                "-Djava.io.tmpdir={} -XX:-UsePerfData -XX:TieredStopAtLevel=1",
                s(&scratch)
            ),
        )
        .env_remove("KGRAPH_STORE")
        .output()
        .expect("spark-submit runs")
}

/// Runs the job over `inputs` into `out`, in four partitions, with the
/// job's further `options`.
fn job(dir: &Path, inputs: &[&Path], out: &Path, options: &[&str]) -> Output {
    let script = root().join("examples/spark/kgraph_spark.py");
    let mut args = vec![s(&script)];
    args.extend(inputs.iter().map(|p| s(p)));
    let partitions = PARTITIONS.to_string();
    args.extend([s(out), "--kgraph", KGRAPH, "--partitions", &partitions]);
    args.extend(options);
    spark(dir, &args)
}

/// The sorted lines of the shards in `out`, once the directory is seen to
/// hold `_SUCCESS` and a non-empty `part-0000N{suffix}` a partition (the
/// hidden checksum files of Hadoop's local file system aside).
fn shard_lines(out: &Path, suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .expect("the output directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    let mut expected: Vec<String> = (0..PARTITIONS)
        .map(|i| format!("part-{i:05}{suffix}"))
        .collect();
    expected.push("_SUCCESS".to_owned());
    expected.sort();
    assert_eq!(names, expected);
    let mut lines = Vec::new();
    for name in names.iter().filter(|n| n.starts_with("part-")) {
        let bytes = std::fs::read(out.join(name)).expect("a shard");
        let mut shard = String::new();
        if suffix.ends_with(".gz") {
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_string(&mut shard)
                .expect("gzipped UTF-8");
        } else {
            shard = String::from_utf8(bytes).expect("UTF-8");
        }
        assert!(
            !shard.is_empty(),
            "{name} is empty: the documents were not spread"
        );
        lines.extend(shard.lines().map(str::to_owned));
    }
    lines.sort();
    lines
}

/// Fails with the first difference of two sorted line lists, not with
/// thousands of lines.
fn assert_same(shards: &[String], expected: &[String]) {
    if shards != expected {
        let first = shards
            .iter()
            .zip(expected)
            .position(|(a, b)| a != b)
            .unwrap_or(shards.len().min(expected.len()));
        panic!(
            "the shards hold {} quads, one extract run {}; first difference at {first}:\n\
             shards:  {:?}\nextract: {:?}",
            shards.len(),
            expected.len(),
            shards.get(first),
            expected.get(first)
        );
    }
}

#[test]
fn jsonl_shards_hold_the_quads_of_one_extract_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("news.jsonl");
    write_corpus(&corpus);
    let out = dir.path().join("shards");
    let run = job(dir.path(), &[&corpus], &out, &["--gzip"]);
    assert!(run.status.success(), "the job failed: {}", text(&run));
    let expected = extract(&corpus, &[]);
    assert!(expected.len() > 1000, "{} quads", expected.len());
    assert_same(&shard_lines(&out, ".nq.gz"), &expected);
    let count = format!(
        "24 document line(s) in, {} quads out, in {PARTITIONS} shard(s)",
        expected.len()
    );
    assert!(text(&run).contains(&count), "{}", text(&run));
}

#[test]
fn parquet_shards_hold_the_quads_of_one_extract_run_with_the_options_passed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("news.jsonl");
    write_corpus(&corpus);
    let script = dir.path().join("to_parquet.py");
    std::fs::write(&script, TO_PARQUET).expect("script written");
    let parquet = dir.path().join("news.parquet");
    let run = spark(dir.path(), &[s(&script), s(&corpus), s(&parquet)]);
    assert!(run.status.success(), "to Parquet: {}", text(&run));
    // Read as Parquet by its name; the options after `--` reach kgraph.
    let out = dir.path().join("shards");
    let run = job(
        dir.path(),
        &[&parquet],
        &out,
        &["--", "--provenance", "none"],
    );
    assert!(run.status.success(), "the job failed: {}", text(&run));
    let expected = extract(&corpus, &["--provenance", "none"]);
    assert!(expected.len() > 1000, "{} quads", expected.len());
    assert_same(&shard_lines(&out, ".nq"), &expected);
}

#[test]
fn a_document_kgraph_rejects_fails_the_job_with_kgraph_s_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("news.jsonl");
    write_corpus(&corpus);
    let mut lines = std::fs::read_to_string(&corpus).expect("corpus");
    lines.push_str("{\"id\": \"no-text\", \"title\": \"A title alone\"}\n");
    std::fs::write(&corpus, lines).expect("corpus written");
    let out = dir.path().join("shards");
    let run = job(dir.path(), &[&corpus], &out, &[]);
    assert!(!run.status.success(), "the job succeeded: {}", text(&run));
    let err = text(&run);
    assert!(err.contains("kgraph extract failed on partition"), "{err}");
    assert!(err.contains("no \"text\" (line skipped)"), "{err}");
    // No shard of the failed job is left, and no _SUCCESS.
    let left: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.map(|e| e.expect("entry").file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#!/usr/bin/env python3
"""kgraph's extraction on Apache Spark.

Reads news articles as JSON Lines (one {"text", "id", "title", "url",
"published"} object a line, the input of `kgraph extract --jsonl`) or as
Parquet (the same columns), pipes each partition through

    kgraph extract --jsonl - --format nquads --no-resolve [EXTRACT OPTIONS]

and writes what comes out as N-Quads shards, part-NNNNN.nq (part-NNNNN.nq.gz
with --gzip), in the output directory.

    spark-submit --master 'local[2]' examples/spark/kgraph_spark.py \\
        news.jsonl.gz shards/ --kgraph target/release/kgraph --partitions 4 \\
        -- --provenance none

Everything after `--` goes to `kgraph extract` as it is (a `--catalog FILE`
is shipped to the executors first). With `--no-resolve` a document's graph
depends on that document alone, so the shards hold, together, exactly the
quads of one `kgraph extract --jsonl --format nquads --no-resolve` run over
the same input, however the documents fall into partitions. A kgraph that
fails (a bad line, a bad option) fails its Spark task with kgraph's own
error message. README.md (beside this file) says more.
"""

import argparse
import datetime
import itertools
import json
import os
import subprocess
import sys
import threading

from pyspark import SparkFiles, TaskContext
from pyspark.sql import SparkSession

# The fields of a document that `kgraph extract --jsonl` reads.
FIELDS = ("text", "id", "title", "url", "published")

# The options the job sets itself: they may not be passed through.
RESERVED = ("--format", "--jsonl", "--no-resolve", "--curation", "--ext")

# The lines of kgraph's standard error kept for the message of a failed task.
STDERR_LINES = 40


def parse_args(argv):
    """The job's own arguments, and the `kgraph extract` options after `--`."""
    if "--" in argv:
        split = argv.index("--")
        argv, extract_options = argv[:split], argv[split + 1 :]
    else:
        extract_options = []
    parser = argparse.ArgumentParser(
        description="Extract a news corpus into N-Quads shards with kgraph on Spark.",
        epilog="Options after `--` are passed to `kgraph extract` (e.g. -- --provenance none).",
    )
    parser.add_argument("inputs", nargs="+", help="input files, directories or globs")
    parser.add_argument("output", help="output directory (must not exist)")
    parser.add_argument(
        "--kgraph",
        required=True,
        help="the kgraph binary: a path or URI the driver can read (shipped to the "
        "executors), or local:/PATH for a binary already at PATH on every executor",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        help="repartition the documents into this many tasks (and shards)",
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "parquet"),
        help="input format (default: parquet if every input ends in .parquet, else jsonl)",
    )
    parser.add_argument("--gzip", action="store_true", help="write gzipped shards (.nq.gz)")
    args = parser.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be at least 1")
    for i, option in enumerate(extract_options):
        if option.split("=", 1)[0] in RESERVED:
            parser.error(f"{option} is set by the job; it cannot be passed to kgraph extract")
        if option.startswith("--catalog="):
            check_file(parser, option.split("=", 1)[1])
        elif i > 0 and extract_options[i - 1] == "--catalog":
            check_file(parser, option)
    check_file(parser, args.kgraph)
    if args.format is None:
        args.format = input_format(args.inputs, parser)
    return args, extract_options


def check_file(parser, path):
    """Fails before Spark starts when a file to ship is missing on the driver
    (a URI or a local: path is for Spark to find)."""
    if not path.startswith("local:") and "://" not in path and not os.path.isfile(path):
        parser.error(f"no such file: {path}")


def input_format(inputs, parser):
    """The input format, from the inputs' names."""
    parquet = [path.rstrip("/").endswith(".parquet") for path in inputs]
    if all(parquet):
        return "parquet"
    if any(parquet):
        parser.error("some inputs end in .parquet and some do not: say which with --format")
    return "jsonl"


def ship(sc, path):
    """Makes a file of the driver reachable by the executors; returns the name
    under which `executor_path` finds it there. A `local:` path is already on
    every executor and is not shipped."""
    if path.startswith("local:"):
        return path
    sc.addFile(path)
    return os.path.basename(path.rstrip("/"))


def executor_path(name):
    """The path on this executor of what `ship` returned."""
    if name.startswith("local:"):
        return name[len("local:") :]
    return SparkFiles.get(name)


def ship_catalogs(sc, options):
    """The pass-through options, each `--catalog FILE` shipped to the executors
    and its file named as `ship` names it (resolved on the executor)."""
    shipped = []
    expect_catalog = False
    for option in options:
        if expect_catalog:
            shipped.append(("file", ship(sc, option)))
            expect_catalog = False
        elif option == "--catalog":
            shipped.append(("arg", option))
            expect_catalog = True
        elif option.startswith("--catalog="):
            shipped.append(("arg", "--catalog"))
            shipped.append(("file", ship(sc, option.split("=", 1)[1])))
        else:
            shipped.append(("arg", option))
    return shipped


def read_documents(spark, args):
    """The documents as JSON Lines, one string an element."""
    if args.format == "jsonl":
        frame = spark.read.text(args.inputs)
    else:
        frame = spark.read.parquet(*args.inputs)
        if "text" not in frame.columns:
            sys.exit(f"kgraph_spark: the Parquet input has no 'text' column ({frame.columns})")
        frame = frame.select([name for name in FIELDS if name in frame.columns])
    if args.partitions is not None:
        # Row by row, on the DataFrame: an RDD of Python objects is
        # repartitioned in pickled batches, unevenly for a few documents.
        frame = frame.repartition(args.partitions)
    if args.format == "jsonl":
        # The lines go to kgraph as they are, so it reads them exactly as a
        # run on one machine would.
        return frame.rdd.map(lambda row: row.value)
    return frame.rdd.map(row_to_json)


def row_to_json(row):
    """A Parquet row as the JSON Lines object kgraph reads: null columns left
    out, an id that is not a string or an integer written as text, and a
    date or timestamp as its YYYY-MM-DD date."""
    document = {}
    for name, value in row.asDict().items():
        if value is None:
            continue
        if isinstance(value, datetime.datetime):
            value = value.date().isoformat()
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif name == "id" and not isinstance(value, (str, int)):
            value = str(value)
        document[name] = value
    return json.dumps(document, ensure_ascii=False)


def extract_partition(lines, binary, options, documents, quads):
    """Pipes one partition's JSON Lines through `kgraph extract` and yields its
    N-Quads lines; raises, with kgraph's standard error, if kgraph fails."""
    # kgraph skips blank lines, and calls an input with no document an error:
    # a partition with none (there can be some) is not given to it.
    lines = (line for line in lines if line.strip())
    first = next(lines, None)
    if first is None:
        return
    lines = itertools.chain([first], lines)
    command = [executor_path(binary), "extract", "--jsonl", "-", "--format", "nquads", "--no-resolve"]
    command += [executor_path(value) if kind == "file" else value for kind, value in options]
    if not os.access(command[0], os.X_OK):
        # A file shipped by some routes (a URI, --files) can lose its mode bits.
        os.chmod(command[0], 0o755)
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # kgraph writes while it reads: one thread feeds its input and another
    # keeps its standard error, so that no pipe fills up and stalls it.
    feeder = Feeder(process.stdin, lines)
    errors = StderrHead(process.stderr)
    try:
        # A task that fails after yielding some quads leaves no shard: Spark
        # commits a task's output only when the task succeeds.
        count = 0
        for line in process.stdout:
            count += 1
            yield line.decode("utf-8").rstrip("\n")
        code = process.wait()
    finally:
        # Also when Spark stops reading early (a cancelled task): no kgraph
        # is left running.
        if process.poll() is None:
            process.kill()
            process.wait()
    feeder.join()
    errors.join()
    if feeder.error is not None:
        raise feeder.error
    if code != 0:
        partition = TaskContext.get().partitionId()
        raise RuntimeError(
            f"kgraph extract failed on partition {partition} (exit code {code}): "
            f"{' '.join(command)}\n{errors.text()}"
        )
    if errors.text():
        # The warnings of a run that succeeded go to the executor's log.
        print(errors.text(), file=sys.stderr)
    documents.add(feeder.count)
    quads.add(count)


class Feeder(threading.Thread):
    """Writes a partition's lines to a pipe, counting them, then closes it."""

    def __init__(self, pipe, lines):
        super().__init__(daemon=True)
        self.pipe, self.lines = pipe, lines
        self.count, self.error = 0, None
        self.start()

    def run(self):
        try:
            for line in self.lines:
                self.pipe.write(line.encode("utf-8") + b"\n")
                self.count += 1
        except BrokenPipeError:
            pass  # kgraph stopped reading: its exit code says why.
        except Exception as error:  # re-raised by the task
            self.error = error
        finally:
            try:
                self.pipe.close()
            except BrokenPipeError:
                pass


class StderrHead(threading.Thread):
    """Reads a pipe to its end, keeping its first lines and counting the rest."""

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self.pipe, self.head, self.more = pipe, [], 0
        self.start()

    def run(self):
        for line in self.pipe:
            if len(self.head) < STDERR_LINES:
                self.head.append(line.decode("utf-8", "replace").rstrip("\n"))
            else:
                self.more += 1

    def text(self):
        more = f"\n... and {self.more} more line(s)" if self.more else ""
        return "\n".join(self.head) + more


def name_shards(sc, output, gzip):
    """Renames Spark's part-NNNNN[.gz] files to part-NNNNN.nq[.gz], the names
    N-Quads loaders recognize. Through Hadoop's FileSystem, so that it works
    on HDFS and object stores as on a local disk."""
    hadoop = sc._jvm.org.apache.hadoop.fs  # Spark's JVM, through Py4J
    directory = hadoop.Path(output)
    fs = directory.getFileSystem(sc._jsc.hadoopConfiguration())
    suffix = ".gz" if gzip else ""
    shards = 0
    for status in fs.listStatus(directory):
        name = status.getPath().getName()
        if name.startswith("part-") and name.endswith(suffix) and ".nq" not in name:
            base = name[: len(name) - len(suffix)]
            target = hadoop.Path(directory, f"{base}.nq{suffix}")
            if not fs.rename(status.getPath(), target):
                sys.exit(f"kgraph_spark: cannot rename {name} in {output}")
            shards += 1
    return shards


def main(argv):
    args, extract_options = parse_args(argv)
    spark = SparkSession.builder.appName("kgraph extract").getOrCreate()
    sc = spark.sparkContext
    try:
        binary = ship(sc, args.kgraph)
        options = ship_catalogs(sc, extract_options)
        documents = sc.accumulator(0)
        quads = sc.accumulator(0)
        nquads = read_documents(spark, args).mapPartitions(
            lambda lines: extract_partition(lines, binary, options, documents, quads)
        )
        codec = "org.apache.hadoop.io.compress.GzipCodec" if args.gzip else None
        nquads.saveAsTextFile(args.output, compressionCodecClass=codec)
        shards = name_shards(sc, args.output, args.gzip)
        # Counts of the tasks that succeeded (a task run twice counts twice).
        print(
            f"kgraph_spark: {documents.value} document line(s) in, "
            f"{quads.value} quads out, in {shards} shard(s) in {args.output}",
            file=sys.stderr,
        )
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])

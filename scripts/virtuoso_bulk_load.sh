#!/usr/bin/env bash
# Loads a directory of N-Quads shards, as `kgraph extract --format nquads`
# writes them (*.nq and *.nq.gz), into OpenLink Virtuoso 7 with its bulk
# loader: ld_dir, rdf_loader_run (one or several at once; files that lose a
# deadlock between loaders are loaded again by one), checkpoint, then
# DB.DBA.LOAD_LIST is checked for errors. Also loads kgraph's ontology into
# <https://w3id.org/kgraph/ontology> (as `kgraph push` does), unless
# --no-ontology. See docs/virtuoso.md.
#
# The server reads the files itself: DIR must be on the server's machine and
# under one of the DirsAllowed of its virtuoso.ini.
#
# Exit code: 0 when every shard of DIR is loaded, 1 when one is not (each
# failed file is named with the loader's error), 2 for a usage error.

set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/virtuoso_bulk_load.sh [options] DIR

Loads DIR's *.nq and *.nq.gz files (not its subdirectories) into Virtuoso with
its bulk loader, then checkpoints and checks DB.DBA.LOAD_LIST for errors.

  --port PORT         the server's SQL (isql) port (default 1111)
  --host HOST         its host (default 127.0.0.1); the files are read by the
                      server, so DIR must be on its machine
  --user USER         SQL user (default dba); the password is read from the
                      environment variable VIRTUOSO_PASSWORD (default dba)
  --loaders N         rdf_loader_run() sessions at once (default 1); each loads
                      whole files, so more than the number of shards is no use;
                      files that lose a deadlock between them are loaded again
                      by one loader
  --server-dir PATH   DIR as the server sees it, when that differs (a container
                      mount); default: DIR made absolute
  --ontology FILE     the ontology to load into <https://w3id.org/kgraph/ontology>
                      (default: ontology/kgraph.ttl beside this script)
  --no-ontology       do not load the ontology
  --isql PROGRAM      Virtuoso's isql (default: isql-vt, else isql-v, else isql)
  -h, --help          this help
EOF
}

die() {
    echo "virtuoso_bulk_load: $*" >&2
    exit 2
}

HOST=127.0.0.1
PORT=1111
DBUSER=dba
LOADERS=1
SERVER_DIR=
ONTOLOGY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/ontology/kgraph.ttl"
LOAD_ONTOLOGY=1
ISQL=${ISQL:-}
DIR=

while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=${2:?--port needs a value}; shift 2 ;;
        --host) HOST=${2:?--host needs a value}; shift 2 ;;
        --user) DBUSER=${2:?--user needs a value}; shift 2 ;;
        --loaders) LOADERS=${2:?--loaders needs a value}; shift 2 ;;
        --server-dir) SERVER_DIR=${2:?--server-dir needs a value}; shift 2 ;;
        --ontology) ONTOLOGY=${2:?--ontology needs a value}; shift 2 ;;
        --no-ontology) LOAD_ONTOLOGY=0; shift ;;
        --isql) ISQL=${2:?--isql needs a value}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option $1" ;;
        *)
            [ -z "$DIR" ] || die "one directory only (got $DIR and $1)"
            DIR=$1; shift ;;
    esac
done

[ -n "$DIR" ] || { usage >&2; die "no directory given"; }
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port takes a number, not $PORT"
[[ "$LOADERS" =~ ^[1-9][0-9]*$ ]] || die "--loaders takes a number from 1, not $LOADERS"
PASSWORD=${VIRTUOSO_PASSWORD:-dba}

if [ -z "$ISQL" ]; then
    for candidate in isql-vt isql-v isql; do
        if command -v "$candidate" >/dev/null; then
            ISQL=$candidate
            break
        fi
    done
    [ -n "$ISQL" ] || die "Virtuoso's isql is not installed (Debian and Ubuntu: apt-get install virtuoso-opensource-7-bin, which has isql-vt)"
fi
command -v "$ISQL" >/dev/null || die "$ISQL is not installed (Debian and Ubuntu: apt-get install virtuoso-opensource-7-bin)"

if [ -z "$SERVER_DIR" ]; then
    [ -d "$DIR" ] || die "$DIR is not a directory"
    SERVER_DIR=$(cd "$DIR" && pwd)
fi
SERVER_DIR=${SERVER_DIR%/}
[ -n "$SERVER_DIR" ] || die "the root directory cannot be loaded"
case "$SERVER_DIR" in
    /*) ;;
    *) die "--server-dir must be absolute: $SERVER_DIR" ;;
esac
if [ "$LOAD_ONTOLOGY" = 1 ] && [ ! -r "$ONTOLOGY" ]; then
    die "cannot read the ontology $ONTOLOGY (give --ontology FILE, or --no-ontology)"
fi

# Graph for triples without one; kgraph's N-Quads put every quad in a named
# graph, so it is never used, but ld_dir skips a file whose graph is NULL.
DEFAULT_GRAPH='https://w3id.org/kgraph/'
ONTOLOGY_GRAPH='https://w3id.org/kgraph/ontology'

# A SQL string literal: Virtuoso reads backslash escapes in them.
sql_string() {
    local s=${1//\\/\\\\}
    s=${s//\'/\'\'}
    printf "'%s'" "$s"
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Runs the SQL on standard input; its output on standard output. isql exits 0
# after a failed statement, so its standard error is read for "*** Error".
sql() {
    local err="$WORK/isql.err.$BASHPID" status=0
    "$ISQL" "$HOST:$PORT" "$DBUSER" "$PASSWORD" VERBOSE=OFF BANNER=OFF PROMPT=OFF ECHO=OFF \
        2>"$err" || status=$?
    if [ "$status" != 0 ] || grep -q '^\*\*\* Error' "$err"; then
        echo "virtuoso_bulk_load: isql at $HOST:$PORT failed (exit $status):" >&2
        grep -v '^$' "$err" >&2 || true
        cp "$err" "$WORK/failed.err"
        return 1
    fi
}

DIR_SQL=$(sql_string "$SERVER_DIR")
PREFIX_SQL=$(sql_string "$SERVER_DIR/")
# DIR's shards in DB.DBA.LOAD_LIST: its own files (not its subdirectories').
MINE="starts_with (ll_file, $PREFIX_SQL) and strchr (subseq (ll_file, length ($PREFIX_SQL)), '/') is null
      and (ll_file like '*.nq' or ll_file like '*.nq.gz')"

# Files that failed, or that a loader left unfinished, are listed again so
# that this run loads them; files loaded before are not loaded again.
registered=$(sql <<EOF
delete from DB.DBA.LOAD_LIST where $MINE and (ll_error is not null or ll_state <> 2);
ld_dir ($DIR_SQL, '*.nq', '$DEFAULT_GRAPH');
ld_dir ($DIR_SQL, '*.nq.gz', '$DEFAULT_GRAPH');
select sprintf ('registered %d %d', coalesce (sum (case when ll_state = 0 then 1 else 0 end), 0),
                coalesce (sum (case when ll_state = 2 then 1 else 0 end), 0))
  from DB.DBA.LOAD_LIST where $MINE;
EOF
) || {
    if grep -q 'denied due to access control' "$WORK/failed.err"; then
        echo "virtuoso_bulk_load: the server may not read $SERVER_DIR: add it (or a directory above it) to DirsAllowed in its virtuoso.ini and restart it (docs/virtuoso.md)" >&2
    fi
    exit 1
}
read -r _ pending before <<<"$(grep '^registered ' <<<"$registered")"
if [ "$pending" = 0 ] && [ "$before" = 0 ]; then
    echo "virtuoso_bulk_load: no *.nq or *.nq.gz files in $SERVER_DIR (as the server sees it)" >&2
    exit 1
fi

if [ "$LOAD_ONTOLOGY" = 1 ]; then
    # Sent in the SQL itself, as base64, so its directory need not be allowed;
    # the graph is cleared first, so it is replaced, as `kgraph push` does.
    {
        echo "SPARQL CLEAR GRAPH <$ONTOLOGY_GRAPH>;"
        printf "DB.DBA.TTLP (decode_base64 ('%s'), '', '%s', 0);\n" \
            "$(base64 <"$ONTOLOGY" | tr -d '\n')" "$ONTOLOGY_GRAPH"
    } | sql >/dev/null || {
        echo "virtuoso_bulk_load: the ontology $ONTOLOGY did not load" >&2
        exit 1
    }
fi

# Runs N rdf_loader_run () sessions at once, until each finds no file left.
run_loaders() {
    local pids=() failed=0 pid
    for _ in $(seq "$1"); do
        echo "rdf_loader_run ();" | sql >/dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
    [ "$failed" = 0 ] || { echo "virtuoso_bulk_load: a loader stopped with an error" >&2; exit 1; }
}

started=$(date +%s.%N)
run_loaders "$LOADERS"
# Loaders at work at once can deadlock in Virtuoso 7.2 (both files of the
# pair fail, "40001 ... Transaction deadlock"; seen with 2 loaders on shards
# of 1,250 articles), and a file that fails undoes the "loaded" mark of the
# files before it in its batch. Those files are listed again and loaded by
# one loader, which no other loader can deadlock; their quads already in are
# not doubled (kgraph writes no blank nodes). A few rounds, in case another
# client's writes cause the deadlocks.
again=0
LEFT="$MINE and ((ll_error like '40001%' and ll_error like '%deadlock%') or (ll_error is null and ll_state = 1))"
for _ in 1 2 3; do
    requeued=$(sql <<EOF
select sprintf ('requeued %d', count (*)) from DB.DBA.LOAD_LIST where $LEFT;
delete from DB.DBA.LOAD_LIST where $LEFT;
ld_dir ($DIR_SQL, '*.nq', '$DEFAULT_GRAPH');
ld_dir ($DIR_SQL, '*.nq.gz', '$DEFAULT_GRAPH');
EOF
    )
    read -r _ count <<<"$(grep '^requeued ' <<<"$requeued")"
    [ "$count" != 0 ] || break
    echo "virtuoso_bulk_load: $count file(s) left by a deadlock or a failed batch; loading them again with one loader" >&2
    again=$((again + count))
    run_loaders 1
done
# The loader writes without a transaction log: only a checkpoint makes the
# load durable.
echo "checkpoint;" | sql >/dev/null
seconds=$(echo "$(date +%s.%N) $started" | awk '{ printf "%.1f", $1 - $2 }')

report=$(sql <<EOF
select sprintf ('file\t%d\t%s\t%s', ll_state, ll_file, coalesce (ll_error, ''))
  from DB.DBA.LOAD_LIST where $MINE order by ll_file;
EOF
)
errors=0
unfinished=0
loaded=0
while IFS=$'\t' read -r tag state file error; do
    [ "$tag" = file ] || continue
    error=${error% }
    if [ -n "$error" ]; then
        echo "virtuoso_bulk_load: $file: $error" >&2
        errors=$((errors + 1))
    elif [ "$state" != 2 ]; then
        # Left after the rounds above: a file that vanished (state 0), or one
        # a loader never finished.
        echo "virtuoso_bulk_load: $file: not loaded (LOAD_LIST state $state)" >&2
        unfinished=$((unfinished + 1))
    else
        loaded=$((loaded + 1))
    fi
done <<<"$report"

echo "loaded $((loaded - before)) file(s) from $SERVER_DIR in $seconds s with $LOADERS loader(s)" \
    "($before loaded before, not again; $again loaded again by one loader); checkpointed"
if [ "$errors" != 0 ] || [ "$unfinished" != 0 ]; then
    echo "virtuoso_bulk_load: $errors file(s) failed, $unfinished unfinished; what went in of them stays in;" \
        "fix them and run this again to load them (the others are not loaded twice)" >&2
    exit 1
fi

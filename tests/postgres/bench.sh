#!/usr/bin/env bash
# Throughput of one `serve` instance against two on one PostgreSQL database, measured
# with wrk (Debian package `wrk`) on GET requests made with one API key.
#
#   tests/postgres/bench.sh CONSOLE ADMIN_URL [SECONDS]
#
# CONSOLE is the cadenio-console executable, ADMIN_URL a postgresql:// URL of a database
# on a server where this user may CREATE DATABASE (e.g. the URL tests/postgres/cluster.sh
# prints). Environment: CADENIO_HTTP_THREADS (default 2, per instance), RATE (--rate-limit,
# default 0 = off), BENCH_PATH (default /v1/users?limit=20).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 CONSOLE ADMIN_URL [SECONDS]" >&2; exit 2; }
console=$1
admin=$2
secs=${3:-10}
command -v wrk >/dev/null || { echo "$0: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

db=cadenio_bench_$$
url=${admin%/*}/$db
data=$(mktemp -d)
export CADENIO_SECRET_STORE=file CADENIO_OWNER_PASSWORD='correct horse battery staple'
export CADENIO_HTTP_THREADS=${CADENIO_HTTP_THREADS:-2}
path=${BENCH_PATH:-/v1/users?limit=20}

cleanup() {
    for pid in "$data"/pid.*; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
    sleep 1
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
    rm -rf "$data"
}
trap cleanup EXIT

psql -q "$admin" -c "CREATE DATABASE $db"
"$console" init --org Bench --owner-email owner@bench.test --data-dir "$data" --database "$url" >/dev/null

# Starts instance $1 on a free port (both share the data folder, hence the master secret)
# and prints the port.
start() {
    "$console" serve --listen 127.0.0.1:0 --data-dir "$data" --database "$url" \
        --rate-limit "${RATE:-0}" >"$data/out.$1" 2>"$data/err.$1" &
    echo $! >"$data/pid.$1"
    for _ in $(seq 100); do
        grep -q Listening "$data/out.$1" 2>/dev/null && break
        sleep 0.1
    done
    sed -E 's/.*:([0-9]+)$/\1/' "$data/out.$1"
}
p1=$(start 1)
p2=$(start 2)

token=$(curl -s "localhost:$p1/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"email\":\"owner@bench.test\",\"password\":\"$CADENIO_OWNER_PASSWORD\"}" |
    sed -E 's/.*"token":"([^"]+)".*/\1/')
key=$(curl -s "localhost:$p1/v1/api-keys" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["runs:read","users:read"]}' |
    sed -E 's/.*"plain_key":"([^"]+)".*/\1/')

rps() { sed -nE 's/^Requests\/sec:\s+([0-9.]+)/\1/p'; }
load() { wrk "$@" -H "Authorization: Bearer $key"; }

load -t1 -c4 -d2s "http://127.0.0.1:$p1$path" >/dev/null # warm-up
one=$(load -t2 -c16 -d"${secs}s" "http://127.0.0.1:$p1$path" | rps)
load -t1 -c8 -d"${secs}s" "http://127.0.0.1:$p1$path" >"$data/wrk.1" &
load -t1 -c8 -d"${secs}s" "http://127.0.0.1:$p2$path" >"$data/wrk.2"
wait $!
a=$(rps <"$data/wrk.1")
b=$(rps <"$data/wrk.2")

echo "GET $path, --rate-limit ${RATE:-0}, $CADENIO_HTTP_THREADS threads per instance, ${secs} s, 16 connections"
echo "one instance:  $one req/s"
echo "two instances: $a + $b = $(awk "BEGIN { print $a + $b }") req/s"

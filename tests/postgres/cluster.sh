#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the `postgres` tests.
#
#   cluster.sh start <state-dir>       initdb in a new temporary folder, start the server on a
#                                      free loopback port, write its URL to <state-dir>/url
#   cluster.sh stop <state-dir>        stop the server and delete the cluster
#   cluster.sh run <state-dir> CMD...  run CMD with CADENIO_TEST_DATABASE_URL set to that URL
#
# The server runs as an unprivileged user: PostgreSQL refuses to run as root, so as root it
# runs as `postgres` (created by Debian's postgresql package). It listens on 127.0.0.1 only,
# its unix socket lives in the cluster folder, and fsync stays on (what production runs).
# Connections from loopback are trusted: nothing but this machine can reach the server, and
# it lives only as long as the tests.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop <state-dir> | run <state-dir> COMMAND..." >&2
    exit 2
}

[ $# -ge 2 ] || usage
command=$1
state=$2
shift 2

bindir=${CADENIO_PG_BINDIR:-}
if [ -z "$bindir" ]; then
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/initdb" ] && bindir=$candidate
    done
fi

# Runs a PostgreSQL program as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_cluster() {
    [ -f "$state/cluster" ] || return 0
    local dir
    dir=$(cat "$state/cluster")
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    rm -f "$state/cluster" "$state/url"
}

case $command in
start)
    [ -n "$bindir" ] || { echo "$0: PostgreSQL server binaries not found (install postgresql)" >&2; exit 1; }
    mkdir -p "$state"
    stop_cluster # a cluster left behind by an interrupted run
    dir=$(mktemp -d "${TMPDIR:-/tmp}/cadenio-pg.XXXXXX")
    echo "$dir" >"$state/cluster"
    chmod 0755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: probe a random one, and try another if the server still loses a race.
    for _ in $(seq 1 20); do
        port=$((20000 + RANDOM % 30000))
        port_is_free "$port" || continue
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300" \
            start >/dev/null; then
            url="postgresql://postgres@127.0.0.1:$port/postgres"
            echo "$url" >"$state/url"
            echo "PostgreSQL cluster in $dir at $url"
            exit 0
        fi
    done
    echo "$0: the PostgreSQL server did not start; see $dir/server.log" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
stop)
    stop_cluster
    ;;
run)
    [ $# -ge 1 ] || usage
    if [ ! -s "$state/url" ]; then
        echo "$0: no cluster running for $state (run '$0 start $state' first)" >&2
        exit 1
    fi
    CADENIO_TEST_DATABASE_URL=$(cat "$state/url")
    export CADENIO_TEST_DATABASE_URL
    exec "$@"
    ;;
*)
    usage
    ;;
esac

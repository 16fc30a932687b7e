#!/usr/bin/env bash
# The PostgreSQL server the collector's Postgres tests use: Debian's package, one cluster,
# a role and a database for the tests. `start` prints the URL; `stop` stops the cluster.
set -eu
# the newest PostgreSQL whose server is installed (a machine may have only psql's package)
version() { for b in /usr/lib/postgresql/*/bin/postgres; do [ -x "$b" ] && basename "$(dirname "$(dirname "$b")")"; done | sort -n | tail -1; }
case "${1:-}" in
  install)
    command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$(version)" ] && exit 0
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
    ;;
  start)
    # only the URL goes to stdout: pg_ctlcluster and psql speak on stdout too (a systemd
    # warning, for one), and whoever reads the URL would read their words as part of it
    exec 3>&1 1>&2
    v=$(version)
    [ -n "$v" ] || { echo "postgresql is not installed" >&2; exit 1; }
    pg_lsclusters -h | grep -q "^$v main" || pg_createcluster "$v" main >/dev/null
    pg_ctlcluster "$v" main status >/dev/null 2>&1 || pg_ctlcluster "$v" main start 3>&-
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='trackplan'\"" | grep -q 1 ||
      su postgres -c "psql -qc \"CREATE ROLE trackplan LOGIN PASSWORD 'trackplan' SUPERUSER\""
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='trackplan_test'\"" | grep -q 1 ||
      su postgres -c "createdb -O trackplan trackplan_test"
    echo "postgres://trackplan:trackplan@127.0.0.1:5432/trackplan_test" >&3
    ;;
  stop)
    v=$(version)
    [ -z "$v" ] || pg_ctlcluster "$v" main stop 2>/dev/null || true
    ;;
  *)
    echo "usage: .ci/postgres.sh install|start|stop" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests, benchmarks and CI: a fresh data directory under /tmp, a
# free port, a random superuser password, deleted again by `stop`. Used by .ci/run and by `npm test` (the collector's
# PostgreSQL pass), so that both start the server the same way.
#
#   eval "$(scripts/pg-throwaway.sh start [--install])"   # exports LLMOBSERVE_TEST_PG_URL, LLMOBSERVE_PG_THROWAWAY_DIR
#   scripts/pg-throwaway.sh stop "$LLMOBSERVE_PG_THROWAWAY_DIR"
#   scripts/pg-throwaway.sh run [--install] CMD ARGS...   # CMD with LLMOBSERVE_TEST_PG_URL set: the one from the
#                                                         # environment if there is one, else a cluster started
#                                                         # for CMD and stopped after it (also on failure or Ctrl-C)
#
# LLMOBSERVE_TEST_PG_URL is a superuser URL (postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres): the tests create a
# database per collector, and roles, with it. --install installs the server with apt-get when its binaries are
# missing (CI); without it, missing binaries are an error that says how to install them. PG_BIN=/path/to/bin picks
# the binaries. LLMOBSERVE_PG_DURABLE=1 keeps fsync on (benchmarks); tests run with fsync off, the data is thrown away.
set -euo pipefail

log() { printf 'pg-throwaway: %s\n' "$*" >&2; }

find_bindir() {
  local d
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && { echo "$PG_BIN"; return 0; }
    return 1
  fi
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

install_server() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "cannot install PostgreSQL here (needs root and apt-get)"
    return 1
  fi
  # The package would otherwise create and start its own "main" cluster on port 5432: we only want the binaries.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf
  fi
  log "installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y -o Dpkg::Options::=--force-confold postgresql-15 >&2 \
    || apt-get install -y -o Dpkg::Options::=--force-confold postgresql >&2
}

missing_binaries() {
  cat >&2 <<'EOF'
pg-throwaway: PostgreSQL server binaries (initdb, pg_ctl) were not found, and the collector's PostgreSQL tests need them.
  Debian/Ubuntu:  sudo apt-get install postgresql-15   (or: sudo apt-get install postgresql)
  macOS:          brew install postgresql@15 (and put its bin/ on PATH)
  elsewhere:      install PostgreSQL 15 and set PG_BIN=/path/to/its/bin
Or point the tests at a server you already run, with a superuser URL:
  LLMOBSERVE_TEST_PG_URL=postgres://postgres:PASSWORD@127.0.0.1:5432/postgres npm test
EOF
  exit 1
}

# Runs a server binary as the `postgres` OS user when we are root (initdb and postgres refuse to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { log "running as root but there is no 'postgres' OS user to run the server as"; exit 1; }
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_cluster() {
  local install="${1:-}" bindir dir pw port attempt
  if ! bindir="$(find_bindir)"; then
    if [ "$install" = --install ]; then
      install_server || missing_binaries
      bindir="$(find_bindir)" || missing_binaries
    else
      missing_binaries
    fi
  fi
  dir="$(mktemp -d /tmp/llmo-pg.XXXXXX)"
  chmod 755 "$dir"
  pw="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$pw" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_pg "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; log "initdb failed"; exit 1; }
  rm -f "$dir/pwfile"
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${LLMOBSERVE_PG_DURABLE:-}" = 1 ] && durability=""
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    port_in_use "$port" && continue
    if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200 $durability" >/dev/null; then
      log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
      echo "export LLMOBSERVE_TEST_PG_URL='postgres://postgres:$pw@127.0.0.1:$port/postgres'"
      echo "export LLMOBSERVE_PG_THROWAWAY_DIR='$dir'"
      return 0
    fi
    log "start on port $port failed (attempt $attempt)"
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  log "could not start PostgreSQL"
  exit 1
}

stop_cluster() {
  local dir="${1:-}" bindir
  case "$dir" in /tmp/llmo-pg.*) ;; *) log "stop: not a throwaway cluster directory: '$dir'"; return 1 ;; esac
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ] && bindir="$(find_bindir)"; then
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) start_cluster "${1:-}" ;;
  stop) stop_cluster "${1:-${LLMOBSERVE_PG_THROWAWAY_DIR:-}}" ;;
  run)
    install=""
    if [ "${1:-}" = --install ]; then install=--install; shift; fi
    [ $# -gt 0 ] || { log "run: no command given"; exit 2; }
    if [ -n "${LLMOBSERVE_TEST_PG_URL:-}" ]; then exec "$@"; fi
    env_lines="$(start_cluster "$install")" || exit 1
    eval "$env_lines"
    trap 'stop_cluster "$LLMOBSERVE_PG_THROWAWAY_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    set +e
    "$@"
    exit $?
    ;;
  *)
    sed -n '2,16p' "$0" >&2
    exit 2
    ;;
esac

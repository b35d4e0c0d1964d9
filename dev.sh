#!/usr/bin/env bash
# Developer entry point.
#   ./dev.sh run              migrate, load the demo, ensure the admin user,
#                             start the task cluster and the development
#                             server (PORT=8001 ./dev.sh run for another port)
#   ./dev.sh test [ARGS...]   run pytest (SQLite unless DATABASE_URL is set)
#   ./dev.sh install          only create/update .venv
set -euo pipefail

cd "$(dirname "$0")"

VENV=.venv
PYTHON="$VENV/bin/python"
STAMP="$VENV/.installed"

install() {
    if [[ ! -x "$PYTHON" ]]; then
        echo "==> Creating $VENV"
        python3 -m venv "$VENV"
    fi
    # Reinstall only when the dependencies may have changed, so reruns are fast.
    if [[ ! -f "$STAMP" || pyproject.toml -nt "$STAMP" ]]; then
        echo "==> Installing the project and its dev dependencies into $VENV"
        "$PYTHON" -m pip install --quiet -e ".[dev]"
        touch "$STAMP"
    fi
    mkdir -p var
}


run() {
    local started port
    started=$(date +%s.%N)
    port=${PORT:-8000}
    if [[ ! $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
        echo "dev.sh: PORT must be a port number (1-65535), not '$port'" >&2
        exit 2
    fi
    install
    mkdir -p var/log
    echo "==> Database: ${DATABASE_URL:-sqlite var/db.sqlite3}; task cluster log: var/log/qcluster.log"

    # The task cluster starts once the server answers: after the migrations,
    # and without competing with the server's start for the CPU.
    (
        for _ in $(seq 600); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                break
            fi
            sleep 0.2
        done
        exec "$PYTHON" manage.py qcluster >>var/log/qcluster.log 2>&1
    ) &
    qcluster_pid=$!
    # SIGINT is how django-q2 stops cleanly; wait so its workers finish. A
    # cluster still starting may not listen yet (a background process starts
    # with SIGINT ignored), nor the subshell still waiting for the server:
    # after 10 s, SIGTERM, which both obey.
    stop_cluster() {
        kill -0 "$qcluster_pid" 2>/dev/null || return 0
        if [[ $(ps -o comm= -p "$qcluster_pid") == python* ]]; then
            kill -INT "$qcluster_pid" 2>/dev/null || :
            for _ in $(seq 50); do
                kill -0 "$qcluster_pid" 2>/dev/null || break
                sleep 0.2
            done
        fi
        kill -TERM "$qcluster_pid" 2>/dev/null || :
        wait "$qcluster_pid" 2>/dev/null || :
    }
    trap stop_cluster EXIT
    trap 'exit 130' INT TERM

    # Migrates, loads the demo when it is not up to date, creates the
    # superuser admin/admin if missing, then serves (cms/demo: serve_demo).
    MONITOR_DEV_STARTED_AT=$started "$PYTHON" manage.py serve_demo "127.0.0.1:$port"
}

run_tests() {
    install
    local status=0
    "$PYTHON" -m pytest "$@" || status=$?
    if [[ $status -eq 5 ]]; then
        echo "dev.sh: pytest collected no tests; treating that as a failure" >&2
        exit 1
    fi
    exit "$status"
}

usage() {
    echo "usage: ./dev.sh run | ./dev.sh test [pytest args...] | ./dev.sh install" >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
    run) run ;;
    test) run_tests "$@" ;;
    install) install ;;
    *) usage ;;
esac

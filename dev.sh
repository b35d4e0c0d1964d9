#!/usr/bin/env bash
# Developer entry point.
#   ./dev.sh run              migrate, ensure the admin user, start the task
#                             cluster and the development server
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
    install
    echo "==> Migrating the database (${DATABASE_URL:-sqlite var/db.sqlite3})"
    "$PYTHON" manage.py migrate --noinput

    echo "==> manage.py load_taxonomies"
    "$PYTHON" manage.py load_taxonomies
    echo "==> manage.py seed_demo (demo logins: see README, password monitor-demo)"
    "$PYTHON" manage.py seed_demo

    "$PYTHON" manage.py shell --no-imports -c '
from django.contrib.auth import get_user_model

User = get_user_model()
if not User.objects.filter(username="admin").exists():
    User.objects.create_superuser("admin", "admin@example.com", "admin")
    print("==> Created the superuser admin")
'

    echo "==> Starting the task cluster (manage.py qcluster) in the background"
    "$PYTHON" manage.py qcluster &
    qcluster_pid=$!
    # SIGINT is how django-q2 stops cleanly; wait so its workers finish.
    stop_cluster() {
        if kill -0 "$qcluster_pid" 2>/dev/null; then
            kill -INT "$qcluster_pid" 2>/dev/null || :
            wait "$qcluster_pid" 2>/dev/null || :
        fi
    }
    trap stop_cluster EXIT
    trap 'exit 130' INT TERM

    echo
    echo "    Admin login: http://127.0.0.1:8000/admin/  user: admin  password: admin"
    echo
    "$PYTHON" manage.py runserver 127.0.0.1:8000
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

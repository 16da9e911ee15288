#!/usr/bin/env bash
# Provision a local PostgreSQL server for the tests that need one, and print
# its URL. Best effort: exits non-zero (printing nothing) when it cannot.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  timeout 300 apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq postgresql >/dev/null 2>&1
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main start >/dev/null 2>&1 || service postgresql start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done
su postgres -c "pg_isready -q -h 127.0.0.1"
if ! su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'coachlog_ci'\"" | grep -q 1; then
  su postgres -c "psql -qc \"CREATE ROLE coachlog_ci LOGIN SUPERUSER PASSWORD 'coachlog_ci'\""
fi
echo "postgresql+psycopg://coachlog_ci:coachlog_ci@127.0.0.1:5432/postgres"

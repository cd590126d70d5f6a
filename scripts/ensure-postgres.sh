#!/usr/bin/env bash
# Make sure the PostgreSQL server the tests use (127.0.0.1:5432, database `test`) is up.
# The suite also runs without it: the PostgreSQL tests then fail loudly rather than skip
# when COALITION_REQUIRE_POSTGRES=1 (as in CI).
set -u
if command -v pg_isready >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 20); do
    pg_isready -h 127.0.0.1 -p 5432 -q && exit 0
    sleep 0.5
  done
fi
echo "PostgreSQL is not reachable on 127.0.0.1:5432; PostgreSQL tests will not pass." >&2
exit 0

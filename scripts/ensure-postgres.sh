#!/usr/bin/env bash
# The PostgreSQL dialect of `calib sql` is executed against a throwaway local server in the tests
# (test/sql/postgres.ts: initdb into a temporary directory, the server on a unix socket there).
# .ci/run calls this before the tests; `npm test` never installs anything, and skips those tests
# (saying why) without the server binaries. Installs Debian's postgresql package when we can.
set -euo pipefail
have_server() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then return 0; fi
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then return 0; fi
  done
  return 1
}
if have_server && command -v psql >/dev/null 2>&1; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's postgresql for the PostgreSQL dialect tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  exit 0
fi
echo "No PostgreSQL server binaries found: install your distribution's postgresql package (initdb, pg_ctl, postgres, psql)." >&2
exit 1

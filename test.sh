#!/usr/bin/env bash
# Runs the whole test suite (off-screen), creating .venv on first use. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
source tools/ensure-venv.sh
export QT_QPA_PLATFORM=offscreen
# The PostgreSQL half of the suite: the tests start a throwaway server themselves (tests/pg_cluster.py) from
# the server's programs, which CI installs from the system's packages when they are missing.
pg_found() {
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}
if ! pg_found && [ "${CI:-}" = "true" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  # Only the programs: no system-wide cluster started by the package.
  mkdir -p /etc/postgresql-common
  [ -f /etc/postgresql-common/createcluster.conf ] || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! pg_found; then
  if [ "${CI:-}" = "true" ]; then
    echo "На CI нужен PostgreSQL (initdb, pg_ctl), а установить его не удалось: PostgreSQL-половина не пропускается." >&2
    exit 1
  fi
  echo "PostgreSQL-половина тестов будет пропущена: не найдены программы сервера PostgreSQL (initdb, pg_ctl)." \
       "Установите пакет postgresql, чтобы проверить и её." >&2
fi
exec .venv/bin/python -m pytest "$@"

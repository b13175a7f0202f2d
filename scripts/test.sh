#!/usr/bin/env bash
# Install everything and run every check: ruff, mypy (strict on integrity, vault, ledger), the
# import contracts between the layers, pytest.
# The database is SQLite unless DATABASE_URL points at PostgreSQL. SPRAVA_LINT=0 skips the
# linters (CI runs them once, then the tests a second time on PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh dev
if [ "${SPRAVA_LINT:-1}" != 0 ]; then
  echo "== ruff"
  .venv/bin/ruff check src tests benchmarks
  echo "== mypy"
  .venv/bin/mypy
  echo "== import contracts (pyproject.toml [tool.importlinter])"
  .venv/bin/lint-imports --no-cache
fi
echo "== pytest (${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite})"
# pytest exits 5 when it collected no test: under `set -e` that fails the run, as it must.
# The tests run in one process a core (pytest-xdist); each has its own test database.
# SPRAVA_TEST_WORKERS=0 runs them in this process (for a debugger, or -x on the first failure).
.venv/bin/pytest -n "${SPRAVA_TEST_WORKERS:-auto}" "$@"

#!/usr/bin/env bash
# Install and start the web app on http://127.0.0.1:8000/. On first start it creates the data
# directory (SPRAVA_HOME), keys, database and vault, loads the fictional demo data set led by the
# first administrator (--no-demo skips it), and prints the administrator's password once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/sprava serve "$@"

#!/usr/bin/env bash
# Installs what Sprava needs into ./.venv: Debian's libmagic (media types are sniffed from the
# bytes) when it is missing, then the package itself. Pass "dev" to add the test tools and
# Debian's chromium, which the browser tests drive (Playwright never downloads a browser).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
extra=${1:-}

if ! ldconfig -p 2>/dev/null | grep -q 'libmagic\.so\.1'; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing Debian package libmagic1 ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmagic1 >/dev/null
  else
    echo "Sprava needs libmagic (Debian/Ubuntu: sudo apt-get install libmagic1)." >&2
    exit 1
  fi
fi

if [ "$extra" = dev ] && [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing Debian package chromium (for the browser tests) ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium (sudo apt-get install chromium);" \
      "without it they are skipped (and fail in CI)." >&2
  fi
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Sprava needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra:+[$extra]}"

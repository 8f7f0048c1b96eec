#!/usr/bin/env bash
# Install what the test suite needs: Debian's chromium for the HTML report's browser
# test (when it is missing, apt-get exists and we are root), then aligner with its
# test extra. Playwright drives that chromium; `playwright install` is never run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
    && [ "$(id -u)" = "0" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium >/dev/null
fi
python -m pip install -e ".[test]"

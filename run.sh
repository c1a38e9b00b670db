#!/usr/bin/env bash
# Starts ПрофТрек. Without arguments it opens the demo school (built on first start);
# `./run.sh --db FILE` opens that database; `./run.sh --help` lists the commands.
set -euo pipefail
cd "$(dirname "$0")"
source tools/ensure-venv.sh
if [ "$#" -eq 0 ]; then set -- --demo; fi
exec .venv/bin/python main.py "$@"

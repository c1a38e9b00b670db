#!/usr/bin/env bash
# Builds the one-folder program with PyInstaller and checks that the built program works:
# it builds a demo school and reads it back with `info`. Prints the build time and the folder size.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/tools/ensure-venv.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
"$root/.venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$work/dist" --workpath "$work/build" \
  "$root/installer.spec"
echo "Сборка: $(( $(date +%s) - start )) с; папка: $(du -sh "$work/dist/ProfTrack" | cut -f1)"
cli="$work/dist/ProfTrack/proftrack-cli"
export PROFTRACK_HOME="$work/home" QT_QPA_PLATFORM=offscreen
"$cli" demo --db "$work/demo.db" --students 300
"$cli" info --db "$work/demo.db" --json
echo "Собранная программа работает."

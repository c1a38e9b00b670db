#!/usr/bin/env bash
# Sourced by run.sh and test.sh: makes .venv with Python 3.11+ and installs the project into it,
# again only when pyproject.toml has changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Нужен Python 3.11 или новее." >&2; return 1
}
if [ ! -x "$venv/bin/python" ]; then
  "$(pick_python)" -m venv "$venv"
fi
stamp="$venv/.installed-$(sha256sum "$root/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e "$root[dev]"
  # A venv made before Qt was held at 6.11 on Python 3.11 (pyproject.toml) still has 6.12's own QtPdf wheel,
  # whose files overlap the Addons wheel's: take it out and lay the Addons files down again.
  if "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info < (3, 12) else 1)' &&
     "$venv/bin/python" -m pip show --quiet PySide6-Pdf >/dev/null 2>&1; then
    "$venv/bin/python" -m pip uninstall --quiet --yes PySide6-Pdf
    "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "PySide6-Addons>=6.10,<6.12"
  fi
  rm -f "$venv"/.installed-*
  touch "$stamp"
fi
# Qt needs a few system libraries even off-screen; a bare machine may lack them.
if ! "$venv/bin/python" -c "from PySide6.QtWidgets import QApplication" >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 >/dev/null
  else
    echo "Qt не запускается: установите libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0." >&2
  fi
fi
# On a screen (X11) Qt 6's xcb platform needs a few more libraries, which the import above does not load.
xcb_missing=0
for lib in libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || xcb_missing=1
done
if [ -n "${DISPLAY:-}" ] && [ "$xcb_missing" = 1 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 >/dev/null
  else
    echo "Для окна программы установите пакеты libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1." >&2
  fi
fi

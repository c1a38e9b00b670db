"""`python -m benchmarks`: every figure the issues ask for, in one table.

Each `benchmarks/bench_*.py` module's `run() -> list[Figure]` runs in its own process (a module that
crashes, hangs or leaks cannot spoil the others; it is reported in the table as failed). The table is
printed as Markdown and written to `benchmarks/out/results.md`.

    python -m benchmarks                 # all modules
    python -m benchmarks trust demo      # only bench_trust.py and bench_demo.py
    python -m benchmarks --timeout 300   # seconds allowed per module (default 900)
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pkgutil
import platform
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from benchmarks.common import Figure

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "out" / "results.md"
_CHILD = ("import json, sys; from dataclasses import asdict; import importlib; "
          "m = importlib.import_module('benchmarks.' + sys.argv[1]); "
          "print('\\n@@FIGURES@@' + json.dumps([asdict(f) for f in m.run()], ensure_ascii=False))")


def discover() -> list[str]:
    folder = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_"))


def run_module(name: str, *, timeout: float) -> tuple[list[Figure], str | None]:
    """The module's figures, or an error text when it failed."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, name], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [], f"не уложился в {timeout:.0f} с"
    marker = proc.stdout.rfind("@@FIGURES@@")
    if proc.returncode != 0 or marker < 0:
        lines = [ln for ln in (proc.stderr or proc.stdout).strip().splitlines() if ln.strip()]
        return [], (lines[-1] if lines else f"код выхода {proc.returncode}")[:200]
    try:
        return [Figure(**f) for f in json.loads(proc.stdout[marker + len("@@FIGURES@@"):])], None
    except (ValueError, TypeError) as exc:
        return [], f"непонятный ответ модуля: {exc}"


def _number(value: float, unit: str) -> str:
    text = f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return f"{text} {unit}".strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(results: list[tuple[str, list[Figure], str | None]]) -> str:
    lines = ["| Модуль | Показатель | Цель | Измерено | К базовому | Итог |", "|---|---|---|---|---|---|"]
    for module, figures, error in results:
        short = module.removeprefix("bench_")
        if error is not None:
            lines.append(f"| {short} | — | — | — | — | ✗ ошибка: {_cell(error)} |")
            continue
        for f in figures:
            ratio = f"×{f.ratio:.2f} (база {_number(f.baseline, f.unit)})" if f.ratio is not None else "—"
            verdict = "—" if f.ok is None else ("✓" if f.ok else "✗")
            lines.append(f"| {short} | {_cell(f.name)} | {_cell(f.goal)} | {_number(f.measured, f.unit)} | "
                         f"{ratio} | {verdict} |")
    return "\n".join(lines)


def machine() -> str:
    return (f"{platform.system()} {platform.release()}, {platform.machine()}, процессоров: {os.cpu_count()}, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Замеры производительности ПрофТрека")
    parser.add_argument("modules", nargs="*", help="имена модулей без «bench_» (по умолчанию все)")
    parser.add_argument("--timeout", type=float, default=900, help="секунд на модуль")
    parser.add_argument("--out", type=Path, default=OUT, help="файл для таблицы Markdown")
    args = parser.parse_args(argv)
    names = discover()
    if args.modules:
        wanted = {m if m.startswith("bench_") else f"bench_{m}" for m in args.modules}
        unknown = wanted - set(names)
        if unknown:
            print(f"Нет модулей: {', '.join(sorted(unknown))}. Есть: {', '.join(names)}", file=sys.stderr)
            return 1
        names = [n for n in names if n in wanted]
    results = []
    for name in names:
        print(f"… {name}", file=sys.stderr, flush=True)
        figures, error = run_module(name, timeout=args.timeout)
        results.append((name, figures, error))
    text = (f"Замеры от {dt.datetime.now():%d.%m.%Y %H:%M}; {machine()}.\n\n" + table(results) + "\n")
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    failed = any(err is not None for _, _, err in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

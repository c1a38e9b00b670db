"""Program start to the first painted main window on the 2,000-student demo database (built by
`main.py demo`, see bench_scale.py), against a bare PySide6 window started the same way (a fresh
`python` process each time, median of 5). The first painted window is the main window's frame with
«Загрузка…»: the database attaches after it (app/ui/app.py).

Both start with compiled bytecode, as an installed program (or any second start from the sources) does: the
children write it to a cache folder of the benchmark's own, filled by one unmeasured start of each. Without
that, where PYTHONDONTWRITEBYTECODE is set, the bare window would read PySide6's and the standard library's
bytecode while the program compiled its own modules from source at every start.

Goal: < 1.5 s, and within 1.5× of the bare window."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, print_figures

PROBE = Path(__file__).with_name("startup_probe.py")
RUNS = 5


def _start_to_paint(args: list[str], env: dict[str, str]) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, str(PROBE), *args], env=env, capture_output=True, text=True, timeout=120)
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"probe failed: {out.stderr[-2000:]}")
    return float(out.stdout.strip().splitlines()[-1]) - started


def probe_environment(folder: Path) -> dict[str, str]:
    """The probes' environment: off screen, the program's data and the bytecode cache inside `folder`."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PROFTRACK_HOME": str(folder / "home"), "PYTHONPYCACHEPREFIX": str(folder / "bytecode")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def demo_database(folder: Path, students: int = 2000) -> Path:
    """A copy of the cached demo school built by the program's own command (`main.py demo`, bench_scale)."""
    import shutil

    from benchmarks.bench_scale import demo_school

    path = folder / f"demo-{students}.db"
    shutil.copyfile(demo_school(students), path)
    return path


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="proftrack-bench-") as tmp:
        folder = Path(tmp)
        db = demo_database(folder)
        env = probe_environment(folder)
        ours_args = ["proftrack", str(db), str(folder / "settings")]
        _start_to_paint(["bare"], env)  # the disk cache and the bytecode, once for each
        _start_to_paint(ours_args, env)
        bare_runs, ours_runs = [], []
        for _ in range(RUNS):   # in turns, so that a change in the machine's load falls on both alike
            bare_runs.append(_start_to_paint(["bare"], env))
            ours_runs.append(_start_to_paint(ours_args, env))
        bare, ours = statistics.median(bare_runs), statistics.median(ours_runs)
    return [
        Figure("Запуск до первой отрисовки окна (пустое окно PySide6)", "—", bare),
        Figure("Запуск ПрофТрека до первой отрисовки главного окна, база на 2 000 учащихся",
               "< 1,5 с и ≤ 1,5× пустого окна", ours, baseline=bare, ok=ours < 1.5 and ours <= 1.5 * bare),
    ]


if __name__ == "__main__":
    print_figures(run())

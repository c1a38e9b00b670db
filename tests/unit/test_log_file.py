"""The log file: configured at the start, opened with the first record (the rotating handler's module is not
loaded before the main window paints), every record from the start kept, rotated as before."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = r"""
import json, logging, sys, threading
import app.logging_setup as setup
setup.MAX_BYTES = 2_000   # small enough to rotate within the test
setup.configure_logging()
folder = setup.log_dir()
before = {"handlers_loaded": "logging.handlers" in sys.modules, "file": (folder / "proftrack.log").exists()}
log = logging.getLogger("app.test")
log.error("первая запись: %s", "до окна")
worker = threading.Thread(target=lambda: log.warning("из другого потока"))
worker.start()
worker.join()
try:
    raise ValueError("дефект")
except ValueError:
    log.exception("command failed")
for i in range(200):
    log.info("строка %d %s", i, "x" * 40)
logging.shutdown()
print(json.dumps({"before": before, "handlers_loaded": "logging.handlers" in sys.modules,
                  "files": sorted(p.name for p in folder.iterdir()),
                  "text": "".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir(), reverse=True))}))
"""


def test_the_log_file_opens_with_the_first_record_and_keeps_every_record(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROFTRACK_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before"] == {"handlers_loaded": False, "file": False}
    assert seen["handlers_loaded"]
    assert seen["files"] == ["proftrack.log", "proftrack.log.1", "proftrack.log.2", "proftrack.log.3"]
    text = seen["text"]   # the three backups are kept, the oldest records rotated away
    assert " INFO app.test: строка 199 " in text and "первая запись" not in text


def test_the_first_records_and_a_traceback_reach_the_file(tmp_path):
    probe = _PROBE.replace("setup.MAX_BYTES = 2_000", "setup.MAX_BYTES = 2_000_000")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROFTRACK_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["files"] == ["proftrack.log"]
    text = seen["text"]
    assert "ERROR app.test: первая запись: до окна" in text
    assert "WARNING app.test: из другого потока" in text
    assert "ERROR app.test: command failed" in text and "ValueError: дефект" in text
    assert text.count("строка ") == 200

"""A fresh clone has nothing beside it: no test may read a folder next to the repository (the seeds the tests
need live in tests/data/seeds)."""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile

import pytest

from tests.conftest import REPO_ROOT, SEEDS_DIR
from tests.tools.inside_repository import ReadOutsideRepository

# A folder beside the repository, as the project's machines have one with the seed roadmaps.
BESIDE = "seeds-beside-the-clone"
_OUTSIDE = re.compile(r"\.\./shared|shared/seeds|parents?\[\d\]\.parent\s*/|\.parent\.parent\s*/\s*[\"']shared")


def test_no_test_or_tool_names_a_folder_beside_the_repository():
    offenders = []
    for folder in ("tests", "tools", "benchmarks"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            if path == REPO_ROOT / "tests" / "unit" / "test_tests_stay_inside.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if _OUTSIDE.search(line):
                    offenders.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_opening_a_file_beside_the_repository_fails_the_test():
    if not str(REPO_ROOT.parent.resolve()).startswith(tempfile.gettempdir()):
        with pytest.raises(ReadOutsideRepository, match="outside the repository"):
            open(REPO_ROOT.parent / BESIDE / "roadmap-school-kaliningrad-38.txt", encoding="utf-8")
        with pytest.raises(ReadOutsideRepository):
            (REPO_ROOT / ".." / "elsewhere.txt").read_text(encoding="utf-8")


_PROBE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.tools.inside_repository import ReadOutsideRepository, guard_reads
clone = Path(sys.argv[2])
guard_reads(clone)
(clone.parent / "made-later.txt").write_text("x")      # the tests' own file beside a clone in the temporary folder
try:
    (clone.parent / sys.argv[3] / "seed.txt").read_text()
except ReadOutsideRepository:
    print("refused")
"""


def test_a_clone_in_the_temporary_folder_is_guarded_too(tmp_path):
    """As CI lays it out: the clone with a folder of seeds beside it, here inside the temporary folder."""
    clone = tmp_path / "clone"
    clone.mkdir()
    (tmp_path / BESIDE).mkdir()
    (tmp_path / BESIDE / "seed.txt").write_text("seed", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _PROBE, str(REPO_ROOT), str(clone), BESIDE], capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "refused", done.stderr


def test_files_inside_the_repository_and_in_the_temporary_folder_open(tmp_path):
    assert (REPO_ROOT / "README.md").read_text(encoding="utf-8").startswith("# ПрофТрек")
    (tmp_path / "x.txt").write_text("ok", encoding="utf-8")
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "ok"


def test_the_seeds_travel_with_the_tests():
    names = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    assert names == ["roadmap-district-targets-shares.txt", "roadmap-region-kaliningrad-2020-2022.txt",
                     "roadmap-school-kaliningrad-38.txt"]
    assert "УТВЕРЖДАЮ" in (SEEDS_DIR / "roadmap-school-kaliningrad-38.txt").read_text(encoding="utf-8").upper()

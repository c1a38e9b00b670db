"""A fresh clone has nothing beside it: no test may read a folder next to the repository (the seeds the tests
need live in tests/data/seeds)."""
from __future__ import annotations

import re

import pytest

from tests.conftest import REPO_ROOT, SEEDS_DIR
from tests.tools.inside_repository import ReadOutsideRepository

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
    with pytest.raises(ReadOutsideRepository, match="outside the repository"):
        open(REPO_ROOT.parent / "shared" / "seeds" / "roadmap-school-kaliningrad-38.txt", encoding="utf-8")
    with pytest.raises(ReadOutsideRepository):
        (REPO_ROOT / ".." / "elsewhere.txt").read_text(encoding="utf-8")


def test_files_inside_the_repository_and_in_the_temporary_folder_open(tmp_path):
    assert (REPO_ROOT / "README.md").read_text(encoding="utf-8").startswith("# ПрофТрек")
    (tmp_path / "x.txt").write_text("ok", encoding="utf-8")
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "ok"


def test_the_seeds_travel_with_the_tests():
    names = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    assert names == ["roadmap-district-targets-shares.txt", "roadmap-region-kaliningrad-2020-2022.txt",
                     "roadmap-school-kaliningrad-38.txt"]
    assert "УТВЕРЖДАЮ" in (SEEDS_DIR / "roadmap-school-kaliningrad-38.txt").read_text(encoding="utf-8").upper()

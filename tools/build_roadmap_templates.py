"""Dev tool: build the built-in roadmap templates (`resources/roadmap_templates/<code>.json`) from the
seed documents, through the importer's own row logic (`app/services/roadmap/parse.py`), then correct the few
known glitches of the seed texts (`SEED_CORRECTIONS`).

    python -m tools.build_roadmap_templates [SEEDS_DIR]
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from app.services.roadmap.draft import RoadmapDraft
from app.services.roadmap.parse import parse_blocks
from app.services.resources import resource_path
from tools.seed_blocks import SEEDS, seed_blocks

DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"


@dataclasses.dataclass(frozen=True)
class Correction:
    template: str
    wrong: str
    right: str


# The seeds are text extracted from Word documents and carry a few extraction glitches. They are corrected here,
# in the templates we ship, and nowhere else: the importer stays faithful to what a user's file says. Each wrong
# text must occur in its template (the build stops otherwise), so the list cannot outlive the seeds.
SEED_CORRECTIONS = (
    # a word split by a page break inside its table cell
    Correction("region-kaliningrad-2020-2022", "профессиональног о образования", "профессионального образования"),
    # the indicators table: the «с» of the goal «Взаимодействие с …» landed at the start of the indicator's name
    Correction("school-kaliningrad-38", "Взаимодействие учреждениями/предприятиями",
               "Взаимодействие с учреждениями/предприятиями"),
    Correction("school-kaliningrad-38", "с Количество школьников, посетивших учреждения/предприятия",
               "Количество школьников, посетивших учреждения/предприятия"),
    Correction("school-kaliningrad-38", "Взаимодействие профессиональными образовательными организациями",
               "Взаимодействие с профессиональными образовательными организациями"),
    Correction("school-kaliningrad-38", "с Количество обучающихся, принявших участие в различных",
               "Количество обучающихся, принявших участие в различных"),
)


def correct(code: str, draft: RoadmapDraft, corrections=SEED_CORRECTIONS) -> RoadmapDraft:
    """`draft` with every correction of template `code` applied to every text field it occurs in."""
    todo = [c for c in corrections if c.template == code]
    used = {c: 0 for c in todo}

    def fix(obj):
        if isinstance(obj, str):
            for c in todo:
                if c.wrong in obj:
                    used[c] += obj.count(c.wrong)
                    obj = obj.replace(c.wrong, c.right)
            return obj
        if isinstance(obj, list):
            return [fix(x) for x in obj]
        if dataclasses.is_dataclass(obj):
            return dataclasses.replace(obj, **{f.name: fix(getattr(obj, f.name)) for f in dataclasses.fields(obj)})
        return obj

    fixed = fix(draft)
    unused = [c.wrong for c, n in used.items() if not n]
    if unused:
        raise SystemExit(f"{code}: seed corrections that no longer match: {unused}")
    return fixed


def build(seeds_dir: Path, out_dir: Path, *, quiet: bool = False) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for code, name in SEEDS.items():
        draft, tables = parse_blocks(seed_blocks(seeds_dir / name))
        if not tables:
            raise SystemExit(f"{name}: no roadmap table found")
        draft = correct(code, draft)
        target = out_dir / f"{code}.json"
        target.write_text(draft.to_json() + "\n", encoding="utf-8")
        written.append(target)
        if not quiet:
            print(f"{target.name}: {len(draft.all_items())} items, {len(draft.indicators)} indicators")
    return written


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEEDS, resource_path("roadmap_templates"))

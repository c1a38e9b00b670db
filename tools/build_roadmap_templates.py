"""Dev tool: build the built-in roadmap templates (`resources/roadmap_templates/<code>.json`) from the
seed documents, through the importer's own row logic (`app/services/roadmap_parse.py`).

    python -m tools.build_roadmap_templates [SEEDS_DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

from app.services.roadmap_parse import parse_blocks
from app.services.resources import resource_path
from tools.seed_blocks import SEEDS, seed_blocks

DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def build(seeds_dir: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for code, name in SEEDS.items():
        draft, tables = parse_blocks(seed_blocks(seeds_dir / name))
        if not tables:
            raise SystemExit(f"{name}: no roadmap table found")
        target = out_dir / f"{code}.json"
        target.write_text(draft.to_json() + "\n", encoding="utf-8")
        written.append(target)
        print(f"{target.name}: {len(draft.all_items())} items, {len(draft.indicators)} indicators")
    return written


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEEDS, resource_path("roadmap_templates"))

"""Built-in roadmap templates: real roadmaps (a school's, a district's, a region's) shipped in
`resources/roadmap_templates/<code>.json` as starting points for a new roadmap.

The files are RoadmapDrafts built from the seed documents by `tools/build_roadmap_templates.py`; a new
template is one more JSON file, no code."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.errors import UserError
from app.services.resources import resource_path
from app.services.roadmap.draft import RoadmapDraft

# Short names for the chooser; a template without one is listed under its title.
_NAMES = {
    "school-kaliningrad-38": "Школьная дорожная карта (МАОУ СОШ № 38, Калининград)",
    "district-targets-shares": "Районная дорожная карта с целевыми ориентирами (доли, %)",
    "region-kaliningrad-2020-2022": "Региональная дорожная карта (Калининградская область)",
}


@dataclass(frozen=True)
class TemplateInfo:
    code: str
    name: str
    title: str
    period: str
    sections: int
    items: int
    indicators: int


def templates_folder() -> Path:
    return resource_path("roadmap_templates")


def period_text(start: int | None, end: int | None) -> str:
    if start and end and end != start:
        return f"{start}–{end}"
    return str(start or end or "")


def list_templates() -> list[TemplateInfo]:
    out: list[TemplateInfo] = []
    for path in sorted(templates_folder().glob("*.json")):
        draft = RoadmapDraft.load(path)
        sections = 0
        stack = list(draft.sections)
        while stack:
            section = stack.pop()
            sections += 1
            stack.extend(section.children)
        out.append(TemplateInfo(code=path.stem, name=_NAMES.get(path.stem, draft.title), title=draft.title,
                                period=period_text(draft.period_start, draft.period_end), sections=sections,
                                items=len(draft.all_items()), indicators=len(draft.indicators)))
    order = list(_NAMES)
    out.sort(key=lambda t: (order.index(t.code) if t.code in order else len(order), t.name))
    return out


def load_template(code: str) -> RoadmapDraft:
    path = templates_folder() / f"{code}.json"
    if "/" in code or "\\" in code or not path.is_file():
        raise UserError(f"Шаблон дорожной карты «{code}» не найден.")
    return RoadmapDraft.load(path)

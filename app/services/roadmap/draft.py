"""A roadmap before it is saved: what an import, a built-in template or a copy produces, and what
the preview shows. Plain data, (de)serialisable to the JSON of `resources/roadmap_templates/`."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.models import Roadmap, RoadmapIndicator, RoadmapItem, RoadmapSection
from app.services.access import Permission
from app.services.uow import UnitOfWork


@dataclass
class ItemDraft:
    number: str = ""
    title: str = ""
    responsible: str = ""
    deadline: str = ""
    expected_result: str = ""
    result_form: str = ""


@dataclass
class SectionDraft:
    number: str = ""
    title: str = ""
    items: list[ItemDraft] = field(default_factory=list)
    children: list[SectionDraft] = field(default_factory=list)


@dataclass
class IndicatorDraft:
    number: str = ""
    goal: str = ""
    name: str = ""
    unit: str = ""
    target: str = ""


@dataclass
class RoadmapFields:
    """A roadmap's own details, as the user edits them: title, period, goal and tasks, approval, «Исполнитель»."""

    title: str = ""
    period_start: int | None = None
    period_end: int | None = None
    goal: str = ""
    tasks: str = ""
    approved_by_name: str = ""
    approved_by_position: str = ""
    approved_on: dt.date | None = None
    approval_order: str = ""
    executor_block: str = ""


@dataclass
class RoadmapDraft(RoadmapFields):
    sections: list[SectionDraft] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)

    def all_items(self) -> list[tuple[SectionDraft, ItemDraft]]:
        out: list[tuple[SectionDraft, ItemDraft]] = []

        def walk(section: SectionDraft) -> None:
            out.extend((section, item) for item in section.items)
            for child in section.children:
                walk(child)

        for section in self.sections:
            walk(section)
        return out

    def to_json(self) -> str:
        data = asdict(self)
        data["approved_on"] = self.approved_on.isoformat() if self.approved_on else None
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> RoadmapDraft:
        data = json.loads(text)

        def section(d: dict) -> SectionDraft:
            return SectionDraft(number=d.get("number", ""), title=d.get("title", ""),
                                items=[ItemDraft(**i) for i in d.get("items", [])],
                                children=[section(c) for c in d.get("children", [])])

        approved = data.get("approved_on")
        return cls(
            title=data.get("title", ""), period_start=data.get("period_start"), period_end=data.get("period_end"),
            goal=data.get("goal", ""), tasks=data.get("tasks", ""),
            approved_by_name=data.get("approved_by_name", ""),
            approved_by_position=data.get("approved_by_position", ""),
            approved_on=dt.date.fromisoformat(approved) if approved else None,
            approval_order=data.get("approval_order", ""), executor_block=data.get("executor_block", ""),
            sections=[section(s) for s in data.get("sections", [])],
            indicators=[IndicatorDraft(**i) for i in data.get("indicators", [])],
        )

    @classmethod
    def load(cls, path: Path) -> RoadmapDraft:
        return cls.from_json(path.read_text(encoding="utf-8"))


def save_draft(uow: UnitOfWork, draft: RoadmapDraft, *, make_current: bool = False) -> int:
    """Create a roadmap from a draft in one transaction; returns its id."""
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        if make_current:
            for other in s.query(Roadmap).filter(Roadmap.is_current.is_(True)):
                other.is_current = False
        roadmap = Roadmap(
            title=draft.title, period_start=draft.period_start, period_end=draft.period_end, goal=draft.goal,
            tasks=draft.tasks, approved_by_name=draft.approved_by_name,
            approved_by_position=draft.approved_by_position, approved_on=draft.approved_on,
            approval_order=draft.approval_order, executor_block=draft.executor_block, is_current=make_current)
        s.add(roadmap)
        s.flush()

        def add_section(sd: SectionDraft, parent: RoadmapSection | None, position: int) -> None:
            section = RoadmapSection(roadmap_id=roadmap.id, parent_id=parent.id if parent else None,
                                     position=position, number=sd.number, title=sd.title)
            s.add(section)
            s.flush()
            for i, item in enumerate(sd.items):
                s.add(RoadmapItem(section_id=section.id, position=i, number=item.number, title=item.title,
                                  responsible=item.responsible, deadline=item.deadline,
                                  expected_result=item.expected_result, result_form=item.result_form))
            for j, child in enumerate(sd.children):
                add_section(child, section, j)

        for position, sd in enumerate(draft.sections):
            add_section(sd, None, position)
        for position, ind in enumerate(draft.indicators):
            s.add(RoadmapIndicator(roadmap_id=roadmap.id, position=position, number=ind.number, goal=ind.goal,
                                   name=ind.name, unit=ind.unit, target=ind.target))
        s.flush()
        uow.audit("roadmap.create", entity="roadmap", entity_id=roadmap.id, details=draft.title[:200])
        uow.commit()
        return roadmap.id

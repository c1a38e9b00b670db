"""The roadmap (дорожная карта) as the page edits it: roadmaps, sections (nested), items, their order and
numbering, copies for a new period, and each item's status for an academic year with its evidence (the events
held under it) and whether it is overdue.

Every function takes a UnitOfWork and plain values and returns plain dataclasses or ids."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields

from sqlalchemy import func, select

from app.models import (AcademicYear, Event, Participation, Roadmap, RoadmapItem, RoadmapItemStatus,
                        RoadmapSection)
from app.models.codes import ROADMAP_ITEM_STATUSES
from app.services.access import Permission
from app.services.accounts.concurrency import check_version, refuse_stale
from app.services.calendar import get_or_create_year, year_bounds
from app.services.errors import NotFound, UserError
from app.services.roadmap.deadline import is_overdue
from app.services.roadmap.draft import (IndicatorDraft, ItemDraft, RoadmapDraft, RoadmapFields, SectionDraft,
                                       save_draft)
from app.services.roadmap.templates import period_text
from app.services.uow import UnitOfWork

# --- Plain views ---------------------------------------------------------------------------------


@dataclass
class RoadmapSummary:
    id: int
    title: str
    period: str
    is_current: bool
    items: int


# What the user edits in an item: the same fields as an item of a draft.
ItemFields = ItemDraft


@dataclass
class ItemView(ItemFields):
    id: int = 0
    section_id: int = 0
    position: int = 0
    version: int | None = None      # as read: an edit made from it is refused if the item changed since


@dataclass
class SectionView:
    id: int
    roadmap_id: int
    parent_id: int | None
    position: int
    number: str
    title: str
    items: list[ItemView] = field(default_factory=list)
    children: list[SectionView] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """The section row as printed: «1. Сопровождение…»."""
        if self.number and self.title:
            return f"{self.number}. {self.title}"
        return self.title or self.number


@dataclass
class IndicatorView:
    number: str
    goal: str
    name: str
    unit: str
    target: str


@dataclass
class RoadmapView(RoadmapFields):
    id: int = 0
    is_current: bool = False
    sections: list[SectionView] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)

    @property
    def period(self) -> str:
        return period_text(self.period_start, self.period_end)

    def all_sections(self) -> list[SectionView]:
        out: list[SectionView] = []

        def walk(sections: list[SectionView]) -> None:
            for s in sections:
                out.append(s)
                walk(s.children)

        walk(self.sections)
        return out

    def all_items(self) -> list[ItemView]:
        return [item for s in self.all_sections() for item in s.items]


@dataclass
class EvidenceEvent:
    id: int
    title: str
    starts_on: dt.date
    participants: int


@dataclass
class ItemProgress:
    item_id: int
    status: str
    note: str
    overdue: bool
    events: list[EvidenceEvent] = field(default_factory=list)


# --- Reading ---------------------------------------------------------------------------------------

def _roadmap(session, roadmap_id: int) -> Roadmap:
    roadmap = session.get(Roadmap, roadmap_id)
    if roadmap is None:
        raise NotFound("Дорожная карта не найдена: возможно, её удалили.")
    return roadmap


def _section(session, section_id: int) -> RoadmapSection:
    section = session.get(RoadmapSection, section_id)
    if section is None:
        raise NotFound("Раздел дорожной карты не найден: возможно, его удалили.")
    return section


def _item(session, item_id: int) -> RoadmapItem:
    item = session.get(RoadmapItem, item_id)
    if item is None:
        raise NotFound("Мероприятие дорожной карты не найдено: возможно, его удалили.")
    return item


def list_roadmaps(uow: UnitOfWork) -> list[RoadmapSummary]:
    with uow:
        uow.require(Permission.VIEW_ROADMAP)
        s = uow.session
        counts = dict(s.execute(select(RoadmapSection.roadmap_id, func.count(RoadmapItem.id))
                                .join(RoadmapItem, RoadmapItem.section_id == RoadmapSection.id)
                                .group_by(RoadmapSection.roadmap_id)).all())
        rows = s.scalars(select(Roadmap).order_by(Roadmap.period_start.desc(), Roadmap.id.desc())).all()
        return [RoadmapSummary(r.id, r.title, period_text(r.period_start, r.period_end), bool(r.is_current),
                               counts.get(r.id, 0)) for r in rows]


def current_roadmap_id(uow: UnitOfWork) -> int | None:
    """The roadmap marked current, else the latest one, else None."""
    with uow:
        uow.require(Permission.VIEW_ROADMAP)
        s = uow.session
        rid = s.scalar(select(Roadmap.id).where(Roadmap.is_current.is_(True)).order_by(Roadmap.id.desc()))
        return rid or s.scalar(select(Roadmap.id).order_by(Roadmap.period_start.desc(), Roadmap.id.desc()))


def _sections_tree(session, roadmap_id: int) -> list[SectionView]:
    sections = session.scalars(select(RoadmapSection).where(RoadmapSection.roadmap_id == roadmap_id)
                               .order_by(RoadmapSection.position, RoadmapSection.id)).all()
    items = session.scalars(select(RoadmapItem).join(RoadmapSection)
                            .where(RoadmapSection.roadmap_id == roadmap_id)
                            .order_by(RoadmapItem.position, RoadmapItem.id)).all()
    views = {s.id: SectionView(s.id, s.roadmap_id, s.parent_id, s.position, s.number, s.title) for s in sections}
    for item in items:
        views[item.section_id].items.append(ItemView(
            number=item.number, title=item.title, responsible=item.responsible, deadline=item.deadline,
            expected_result=item.expected_result, result_form=item.result_form, id=item.id,
            section_id=item.section_id, position=item.position, version=item.version))
    roots: list[SectionView] = []
    for s in sections:
        view = views[s.id]
        if s.parent_id and s.parent_id in views:
            views[s.parent_id].children.append(view)
        else:
            roots.append(view)
    return roots


def get_roadmap(uow: UnitOfWork, roadmap_id: int) -> RoadmapView:
    with uow:
        uow.require(Permission.VIEW_ROADMAP)
        s = uow.session
        r = _roadmap(s, roadmap_id)
        values = {f.name: getattr(r, f.name) for f in fields(RoadmapFields)}
        return RoadmapView(**values, id=r.id, is_current=bool(r.is_current), sections=_sections_tree(s, r.id),
                           indicators=[IndicatorView(i.number, i.goal, i.name, i.unit, i.target)
                                       for i in r.indicators])


def roadmap_to_draft(view: RoadmapView) -> RoadmapDraft:
    def section(sv: SectionView) -> SectionDraft:
        return SectionDraft(number=sv.number, title=sv.title,
                            items=[ItemDraft(**{f.name: getattr(i, f.name) for f in fields(ItemFields)})
                                   for i in sv.items],
                            children=[section(c) for c in sv.children])

    values = {f.name: getattr(view, f.name) for f in fields(RoadmapFields)}
    return RoadmapDraft(**values, sections=[section(s) for s in view.sections],
                        indicators=[IndicatorDraft(i.number, i.goal, i.name, i.unit, i.target)
                                    for i in view.indicators])


# --- Editing the roadmap ---------------------------------------------------------------------------

def _check_fields(values: RoadmapFields) -> None:
    if not values.title.strip():
        raise UserError("Укажите название дорожной карты.")
    for year in (values.period_start, values.period_end):
        if year is not None and not 2000 <= year <= 2100:
            raise UserError(f"Год периода «{year}» указан неверно.")
    if values.period_start and values.period_end and values.period_end < values.period_start:
        raise UserError(f"Период указан неверно: {values.period_start}–{values.period_end}.")


def update_roadmap(uow: UnitOfWork, roadmap_id: int, values: RoadmapFields) -> None:
    _check_fields(values)
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        r = _roadmap(uow.session, roadmap_id)
        for f in fields(RoadmapFields):
            value = getattr(values, f.name)
            setattr(r, f.name, value.strip() if isinstance(value, str) else value)
        uow.audit("roadmap.update", entity="roadmap", entity_id=roadmap_id, details=values.title[:200])
        uow.commit()


def new_roadmap(uow: UnitOfWork, values: RoadmapFields, *, make_current: bool = True) -> int:
    _check_fields(values)
    draft = RoadmapDraft(**{f.name: getattr(values, f.name) for f in fields(RoadmapFields)})
    return save_draft(uow, draft, make_current=make_current)


def set_current_roadmap(uow: UnitOfWork, roadmap_id: int) -> None:
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        target = _roadmap(s, roadmap_id)
        for other in s.scalars(select(Roadmap).where(Roadmap.is_current.is_(True))):
            other.is_current = False
        target.is_current = True
        uow.audit("roadmap.set_current", entity="roadmap", entity_id=roadmap_id)
        uow.commit()


def delete_roadmap(uow: UnitOfWork, roadmap_id: int) -> None:
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        r = _roadmap(s, roadmap_id)
        title = r.title
        s.delete(r)
        uow.audit("roadmap.delete", entity="roadmap", entity_id=roadmap_id, details=title[:200])
        uow.commit()


def copy_roadmap(uow: UnitOfWork, roadmap_id: int, *, period_start: int, period_end: int,
                 title: str | None = None, make_current: bool = False) -> int:
    """A new roadmap with the same sections, items and indicators for another period; statuses stay behind."""
    view = get_roadmap(uow, roadmap_id)
    draft = roadmap_to_draft(view)
    old = view.period
    draft.period_start, draft.period_end = period_start, period_end
    new = period_text(period_start, period_end)
    if title:
        draft.title = title
    elif old and old.replace("–", "-") in draft.title:
        draft.title = draft.title.replace(old.replace("–", "-"), new.replace("–", "-"))
    elif old and old in draft.title:
        draft.title = draft.title.replace(old, new)
    draft.approved_on, draft.approval_order = None, ""
    _check_fields(RoadmapFields(title=draft.title, period_start=period_start, period_end=period_end))
    with uow:
        new_id = save_draft(uow, draft, make_current=make_current)
        uow.audit("roadmap.copy", entity="roadmap", entity_id=new_id, details=f"из №{roadmap_id} на {new}")
        uow.commit()
        return new_id


# --- Sections --------------------------------------------------------------------------------------

def _siblings(session, roadmap_id: int, parent_id: int | None) -> list[RoadmapSection]:
    q = select(RoadmapSection).where(RoadmapSection.roadmap_id == roadmap_id)
    q = q.where(RoadmapSection.parent_id.is_(None) if parent_id is None else RoadmapSection.parent_id == parent_id)
    return list(session.scalars(q.order_by(RoadmapSection.position, RoadmapSection.id)))


def _items_of(session, section_id: int) -> list[RoadmapItem]:
    return list(session.scalars(select(RoadmapItem).where(RoadmapItem.section_id == section_id)
                                .order_by(RoadmapItem.position, RoadmapItem.id)))


def add_section(uow: UnitOfWork, roadmap_id: int, *, title: str, number: str | None = None,
                parent_id: int | None = None, position: int | None = None) -> int:
    """A new section (at `position` among its siblings, else last); numbering is kept right."""
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        _roadmap(s, roadmap_id)
        siblings = _siblings(s, roadmap_id, parent_id)
        section = RoadmapSection(roadmap_id=roadmap_id, parent_id=parent_id, number=number or "",
                                 title=title.strip())
        s.add(section)
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings.insert(index, section)
        for i, sib in enumerate(siblings):
            sib.position = i
        s.flush()
        renumber(s, roadmap_id, new_section=section if number is None else None)
        uow.audit("roadmap.section.add", entity="roadmap_section", entity_id=section.id, details=title[:200])
        uow.commit()
        return section.id


def update_section(uow: UnitOfWork, section_id: int, *, title: str, number: str) -> None:
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        section = _section(uow.session, section_id)
        section.title, section.number = title.strip(), number.strip()
        uow.audit("roadmap.section.update", entity="roadmap_section", entity_id=section_id, details=title[:200])
        uow.commit()


def delete_section(uow: UnitOfWork, section_id: int) -> None:
    """Delete a section with its items and subsections."""
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        section = _section(s, section_id)
        roadmap_id, parent_id, title = section.roadmap_id, section.parent_id, section.title
        s.delete(section)
        s.flush()
        for i, sib in enumerate(_siblings(s, roadmap_id, parent_id)):
            sib.position = i
        renumber(s, roadmap_id)
        uow.audit("roadmap.section.delete", entity="roadmap_section", entity_id=section_id, details=title[:200])
        uow.commit()


def move_section(uow: UnitOfWork, section_id: int, delta: int) -> bool:
    """Move a section up (-1) or down (+1) among its siblings; False when it is already at the end."""
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        section = _section(s, section_id)
        siblings = _siblings(s, section.roadmap_id, section.parent_id)
        index = siblings.index(section)
        target = index + delta
        if not 0 <= target < len(siblings):
            return False
        siblings.insert(target, siblings.pop(index))
        for i, sib in enumerate(siblings):
            sib.position = i
        s.flush()
        renumber(s, section.roadmap_id)
        uow.audit("roadmap.section.move", entity="roadmap_section", entity_id=section_id)
        uow.commit()
        return True


# --- Items -----------------------------------------------------------------------------------------

def _check_item(values: ItemFields) -> None:
    if not values.title.strip():
        raise UserError("Укажите наименование мероприятия.")


def add_item(uow: UnitOfWork, section_id: int, values: ItemFields, *, position: int | None = None,
             keep_number: bool = False) -> int:
    """A new item in a section (at `position`, else last). Its number is given by the numbering of the
    roadmap unless `keep_number`."""
    _check_item(values)
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        section = _section(s, section_id)
        items = _items_of(s, section_id)
        item = RoadmapItem(section_id=section_id, **{f.name: getattr(values, f.name).strip()
                                                     for f in fields(ItemFields)})
        s.add(item)
        index = len(items) if position is None else max(0, min(position, len(items)))
        items.insert(index, item)
        for i, it in enumerate(items):
            it.position = i
        s.flush()
        if not keep_number:
            renumber(s, section.roadmap_id, new_item=item)
        uow.audit("roadmap.item.add", entity="roadmap_item", entity_id=item.id, details=values.title[:200])
        uow.commit()
        return item.id


def get_item(uow: UnitOfWork, item_id: int) -> ItemView:
    with uow:
        uow.require(Permission.VIEW_ROADMAP)
        it = _item(uow.session, item_id)
        return ItemView(**{f.name: getattr(it, f.name) for f in fields(ItemFields)}, id=it.id,
                        section_id=it.section_id, position=it.position, version=it.version)


def update_item(uow: UnitOfWork, item_id: int, values: ItemFields, *, expected_version: int | None = None) -> int:
    """Save an item's fields; refused if it is no longer at `expected_version`. Returns its new version."""
    _check_item(values)
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        it = _item(uow.session, item_id)
        what = f"Мероприятие дорожной карты «{it.title[:60]}»"
        check_version(uow, it, expected_version, entity="roadmap_item", what=what, touch="title")
        for f in fields(ItemFields):
            setattr(it, f.name, getattr(values, f.name).strip())
        with refuse_stale(uow, entity="roadmap_item", entity_id=item_id, what=what):
            uow.audit("roadmap.item.update", entity="roadmap_item", entity_id=item_id, details=values.title[:200])
            uow.commit()
        return it.version


@dataclass
class ItemSnapshot:
    """A deleted item with what hung on it, so that undo can put it back as it was."""

    section_id: int
    position: int
    values: ItemFields
    statuses: list[tuple[int, str, str]]    # (year_id, status, note)
    event_ids: list[int]


def delete_item(uow: UnitOfWork, item_id: int) -> ItemSnapshot:
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        it = _item(s, item_id)
        snapshot = ItemSnapshot(
            section_id=it.section_id, position=it.position,
            values=ItemFields(**{f.name: getattr(it, f.name) for f in fields(ItemFields)}),
            statuses=[(st.year_id, st.status, st.note) for st in it.statuses],
            event_ids=list(s.scalars(select(Event.id).where(Event.roadmap_item_id == item_id))))
        roadmap_id = it.section.roadmap_id
        section_id = it.section_id
        s.delete(it)
        s.flush()
        for i, other in enumerate(_items_of(s, section_id)):
            other.position = i
        renumber(s, roadmap_id)
        uow.audit("roadmap.item.delete", entity="roadmap_item", entity_id=item_id,
                  details=snapshot.values.title[:200])
        uow.commit()
        return snapshot


def restore_item(uow: UnitOfWork, snapshot: ItemSnapshot) -> int:
    """Put a deleted item back where it was, with its statuses and its events linked again."""
    with uow:
        new_id = add_item(uow, snapshot.section_id, snapshot.values, position=snapshot.position)
        s = uow.session
        for year_id, status, note in snapshot.statuses:
            s.add(RoadmapItemStatus(item_id=new_id, year_id=year_id, status=status, note=note))
        for event in s.scalars(select(Event).where(Event.id.in_(snapshot.event_ids))):
            if event.roadmap_item_id is None:
                event.roadmap_item_id = new_id
        uow.commit()
        return new_id


@dataclass(frozen=True)
class ItemPlace:
    section_id: int
    position: int


def item_place(uow: UnitOfWork, item_id: int) -> ItemPlace:
    with uow:
        it = _item(uow.session, item_id)
        return ItemPlace(it.section_id, it.position)


def move_item_to(uow: UnitOfWork, item_id: int, section_id: int, position: int) -> ItemPlace:
    """Put an item at `position` in a section of the same roadmap (drag and drop, undo); returns where it was."""
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        it = _item(s, item_id)
        old = ItemPlace(it.section_id, it.position)
        target = _section(s, section_id)
        roadmap_id = it.section.roadmap_id
        if target.roadmap_id != roadmap_id:
            raise UserError("Мероприятие можно перенести только в раздел той же дорожной карты.")
        source_items = [x for x in _items_of(s, it.section_id) if x.id != it.id]
        for i, other in enumerate(source_items):
            other.position = i
        target_items = source_items if section_id == it.section_id else _items_of(s, section_id)
        index = max(0, min(position, len(target_items)))
        target_items.insert(index, it)
        it.section_id = section_id
        for i, other in enumerate(target_items):
            other.position = i
        s.flush()
        s.expire_all()
        renumber(s, roadmap_id)
        uow.audit("roadmap.item.move", entity="roadmap_item", entity_id=item_id)
        uow.commit()
        return old


def _ordered_sections(session, roadmap_id: int) -> list[RoadmapSection]:
    """Sections in document order (a parent before its children)."""
    out: list[RoadmapSection] = []

    def walk(parent_id: int | None) -> None:
        for section in _siblings(session, roadmap_id, parent_id):
            out.append(section)
            walk(section.id)

    walk(None)
    return out


def move_item(uow: UnitOfWork, item_id: int, delta: int) -> bool:
    """Move an item one place up (-1) or down (+1); past the edge of its section it goes to the end of the
    section above or the start of the section below. False when there is nowhere to go."""
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        it = _item(s, item_id)
        items = _items_of(s, it.section_id)
        index = [x.id for x in items].index(it.id)
        target = index + delta
        if 0 <= target < len(items):
            move_item_to(uow, item_id, it.section_id, target)
            uow.commit()
            return True
        sections = _ordered_sections(s, it.section.roadmap_id)
        k = [x.id for x in sections].index(it.section_id) + (1 if delta > 0 else -1)
        if not 0 <= k < len(sections):
            return False
        neighbour = sections[k]
        move_item_to(uow, item_id, neighbour.id, 0 if delta > 0 else len(_items_of(s, neighbour.id)))
        uow.commit()
        return True


# --- Numbering -------------------------------------------------------------------------------------

def renumber(session, roadmap_id: int, *, new_item: RoadmapItem | None = None,
             new_section: RoadmapSection | None = None) -> None:
    """Keep the numbers right after an item or a section was added, removed or moved, in the style the
    roadmap already uses: one sequence «1, 2, 3» or «1., 2., 3.» across the roadmap, or numbers within
    sections «4.1, 4.2». A roadmap without numbers stays without (a new item gets none either)."""
    session.flush()
    sections = _ordered_sections(session, roadmap_id)
    # The unnamed first section of an import (items before any section) takes no number.
    tops = [x for x in sections if x.parent_id is None and (x.title or x.number)]
    numbered_tops = [x for x in tops if x.number and x is not new_section]
    if numbered_tops:
        for i, section in enumerate(tops, start=1):
            section.number = str(i)
    for section in sections:
        children = [x for x in sections if x.parent_id == section.id]
        if any(c.number and c is not new_section for c in children) or (children and section.number):
            for j, child in enumerate(children, start=1):
                child.number = f"{section.number}.{j}" if section.number else str(j)
    items = [it for section in sections for it in _items_of(session, section.id)]
    numbers = [it.number for it in items if it is not new_item and it.number]
    if not numbers:
        return
    hierarchical = sum(1 for n in numbers if "." in n.rstrip(".")) > len(numbers) / 2
    if hierarchical:
        for section in sections:
            for j, it in enumerate(_items_of(session, section.id), start=1):
                it.number = f"{section.number}.{j}" if section.number else str(j)
        return
    suffix = "." if sum(1 for n in numbers if n.endswith(".")) > len(numbers) / 2 else ""
    for n, it in enumerate(items, start=1):
        it.number = f"{n}{suffix}"


# --- The year's progress ---------------------------------------------------------------------------

def set_item_status(uow: UnitOfWork, item_id: int, *, year: int, status: str, note: str = "") -> None:
    """An item's status for the academic year beginning in `year` (2026 for «2026/2027»), with a note."""
    if status not in ROADMAP_ITEM_STATUSES:
        raise UserError(f"Неизвестный статус мероприятия «{status}».")
    with uow:
        uow.require(Permission.EDIT_ROADMAP)
        s = uow.session
        _item(s, item_id)
        year_row = get_or_create_year(s, year)
        row = s.scalar(select(RoadmapItemStatus).where(RoadmapItemStatus.item_id == item_id,
                                                      RoadmapItemStatus.year_id == year_row.id))
        if row is None:
            row = RoadmapItemStatus(item_id=item_id, year_id=year_row.id)
            s.add(row)
        row.status, row.note = status, note.strip()
        uow.audit("roadmap.item.status", entity="roadmap_item", entity_id=item_id,
                  details=f"{year_row.title}: {status}")
        uow.commit()


def year_progress(uow: UnitOfWork, roadmap_id: int, *, year: int,
                  today: dt.date | None = None) -> dict[int, ItemProgress]:
    """Each item's status, note, evidence (events of that year linked to it, with how many students took
    part) and whether it is overdue, for the academic year beginning in `year`."""
    today = today or dt.date.today()
    with uow:
        uow.require(Permission.VIEW_ROADMAP)
        s = uow.session
        items = s.execute(select(RoadmapItem.id, RoadmapItem.deadline).join(RoadmapSection)
                          .where(RoadmapSection.roadmap_id == roadmap_id)).all()
        ids = [row.id for row in items]
        year_id = s.scalar(select(AcademicYear.id).where(AcademicYear.start_year == year))
        statuses: dict[int, tuple[str, str]] = {}
        if year_id is not None and ids:
            for item_id, status, note in s.execute(
                    select(RoadmapItemStatus.item_id, RoadmapItemStatus.status, RoadmapItemStatus.note)
                    .where(RoadmapItemStatus.year_id == year_id, RoadmapItemStatus.item_id.in_(ids))):
                statuses[item_id] = (status, note)
        first, last = year_bounds(year)
        events: dict[int, list[EvidenceEvent]] = {}
        if ids:
            attended = (select(Participation.event_id, func.count(func.distinct(Participation.student_id))
                               .label("n"))
                        .where(Participation.status == "attended").group_by(Participation.event_id).subquery())
            rows = s.execute(
                select(Event.id, Event.title, Event.starts_on, Event.roadmap_item_id,
                       func.coalesce(attended.c.n, 0))
                .outerjoin(attended, attended.c.event_id == Event.id)
                .where(Event.roadmap_item_id.in_(ids), Event.starts_on >= first, Event.starts_on <= last)
                .order_by(Event.starts_on, Event.id))
            for event_id, title, starts_on, item_id, n in rows:
                events.setdefault(item_id, []).append(EvidenceEvent(event_id, title, starts_on, int(n)))
        out: dict[int, ItemProgress] = {}
        for item_id, deadline in items:
            status, note = statuses.get(item_id, ("planned", ""))
            out[item_id] = ItemProgress(item_id, status, note, is_overdue(deadline, year, status, today=today),
                                        events.get(item_id, []))
        return out


def progress_counts(progress: dict[int, ItemProgress]) -> Counter[str]:
    """How many items have each status, and how many are overdue (key «overdue»)."""
    counts: Counter[str] = Counter(p.status for p in progress.values())
    counts["overdue"] = sum(1 for p in progress.values() if p.overdue)
    return counts


def roadmap_items_for_linking(uow: UnitOfWork) -> list[tuple[int, str]]:
    """(item id, «№ — наименование») of the current roadmap, for the event form's «пункт дорожной карты»."""
    rid = current_roadmap_id(uow)
    if rid is None:
        return []
    view = get_roadmap(uow, rid)
    return [(i.id, f"{i.number} {i.title}".strip()) for i in view.all_items()]


"""The demo school's roadmap: the built-in school template, adopted by the fictional school for the years
the demo covers, with each item's status per year and the year's events linked to the items they serve."""
from __future__ import annotations

import datetime as dt
import random
import re

from sqlalchemy import insert, select, update

from app.models import Event, RoadmapItem, RoadmapItemStatus, RoadmapSection
from app.services.demo import catalogue as cat
from app.services.roadmap.draft import save_draft
from app.services.roadmap.templates import load_template
from app.services.uow import UnitOfWork

TEMPLATE = "school-kaliningrad-38"
_SOURCE_SCHOOL = re.compile(r"муниципальном автономном общеобразовательном учреждении города Калининграда "
                            r"средней общеобразовательной школе № 38")
_PERIOD = re.compile(r"на \d{4}-\d{4} годы")

# Which item of the template (by its № п/п) an event of a category is held under.
ITEM_OF_CATEGORY = {
    "excursion": "7", "master_class": "8", "parents_meeting": "9", "meeting": "10", "bvb_trial": "11",
    "bvb_event": "11", "proektoria": "14", "summer": "15", "intentions_survey": "16", "class_hour": "17",
    "bvb_diagnostics": "19", "diagnostics": "20", "open_day": "24", "fair": "25", "competition": "26",
}
# Items done once at the start of a year, and those whose time comes only in the spring.
_AUTUMN = ("сентябрь", "октябрь")
_SPRING = ("январь", "февраль", "апрель", "летний")


def build_demo_roadmap(uow: UnitOfWork, rng: random.Random, *, first_year: tuple[int, int],
                       current_year_id: int, today: dt.date, director: str, coordinator: str,
                       coordinator_phone: str, coordinator_email: str) -> tuple[int, int]:
    """Save the roadmap as current, add statuses and link events; (items, statuses) written.

    `first_year` is (start year, id) of the demo's previous academic year, the first of the roadmap."""
    start, prev_id = first_year
    cur_id = current_year_id
    draft = load_template(TEMPLATE)
    period = f"на {start}-{start + 2} годы"
    draft.title = _PERIOD.sub(period, _SOURCE_SCHOOL.sub(cat.SCHOOL["short_name"], draft.title))
    for _section, item in draft.all_items():
        item.title = _PERIOD.sub(period, _SOURCE_SCHOOL.sub(cat.SCHOOL["short_name"], item.title))
    draft.period_start, draft.period_end = start, start + 2
    draft.approved_by_name = director
    draft.approved_by_position = f"Директор {cat.SCHOOL['short_name']}"
    draft.approved_on = dt.date(start, 8, 29)
    draft.approval_order = f"Приказ от 29.08.{start} № 214-од"
    draft.executor_block = (f"Исполнитель: {coordinator},\nпедагог-навигатор\nТел.: {coordinator_phone}\n"
                            f"E-mail: {coordinator_email}")
    roadmap_id = save_draft(uow, draft, make_current=True)

    s = uow.session
    items = s.execute(select(RoadmapItem.id, RoadmapItem.number, RoadmapItem.deadline)
                      .join(RoadmapSection, RoadmapSection.id == RoadmapItem.section_id)
                      .where(RoadmapSection.roadmap_id == roadmap_id)
                      .order_by(RoadmapItem.id)).all()
    statuses = []
    for item_id, _number, deadline in items:
        when = (deadline or "").lower()
        statuses.append({"item_id": item_id, "year_id": prev_id, "status": _last_year_status(rng),
                         "note": "" if rng.random() < 0.7 else "Выполнено, материалы на сайте школы"})
        if any(word in when for word in _AUTUMN) and today.month not in (9, 10):
            status = "done"
        elif any(word in when for word in _SPRING):
            status = "planned"
        else:
            status = "in_progress"
        statuses.append({"item_id": item_id, "year_id": cur_id, "status": status, "note": ""})
    s.execute(insert(RoadmapItemStatus), statuses)

    by_number = {number.strip().rstrip("."): item_id for item_id, number, _d in items}
    for category, number in ITEM_OF_CATEGORY.items():
        if number in by_number:
            s.execute(update(Event).where(Event.category == category).values(roadmap_item_id=by_number[number]))
    return len(items), len(statuses)


def _last_year_status(rng: random.Random) -> str:
    r = rng.random()
    return "done" if r < 0.85 else "in_progress" if r < 0.95 else "cancelled"

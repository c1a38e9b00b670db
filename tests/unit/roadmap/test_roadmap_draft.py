from __future__ import annotations

import datetime as dt

from app.models import Roadmap, RoadmapItem, RoadmapSection
from app.services.roadmap.draft import ItemDraft, RoadmapDraft, SectionDraft, save_draft


def test_draft_round_trips_through_json_and_saves_nested(uow):
    draft = RoadmapDraft(
        title="План", period_start=2022, period_end=2024, approved_on=dt.date(2023, 8, 19),
        sections=[SectionDraft(number="4", title="Раздел", items=[ItemDraft(number="1", title="Первое")],
                               children=[SectionDraft(number="4.1", title="Подраздел",
                                                      items=[ItemDraft(number="4.1.1", title="Второе")])])])
    again = RoadmapDraft.from_json(draft.to_json())
    assert again == draft
    rid = save_draft(uow, again, make_current=True)
    with uow:
        roadmap = uow.session.get(Roadmap, rid)
        assert roadmap.is_current and roadmap.approved_on == dt.date(2023, 8, 19)
        child = uow.session.query(RoadmapSection).filter_by(number="4.1").one()
        assert child.parent_id is not None
        assert [i.title for i in uow.session.query(RoadmapItem).order_by(RoadmapItem.id)] == ["Первое", "Второе"]

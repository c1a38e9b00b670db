"""Hours of career guidance (часы профориентационной деятельности) per student per academic year.

A student's hours for a year = the sum, over their participations with status «участвовал» in events
dated inside the year, of the participation's own hours where set, else the event's hours (DOMAIN.md,
«профминимум»). One SQL aggregate, reused by the students list, the student's record and the indicators.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from sqlalchemy import func, select

from app.models import Event, Participation
from app.services.calendar import year_bounds

# Keeps every IN list well under SQLite's limit on bound parameters.
_CHUNK = 900


def hours_by_student(session, start_year: int, student_ids: Iterable[int] | None = None) -> dict[int, float]:
    """{student id: hours} for the academic year starting in `start_year`; students with none are absent."""
    first, last = year_bounds(start_year)
    query = (select(Participation.student_id, func.sum(func.coalesce(Participation.hours, Event.hours)))
             .join(Event, Event.id == Participation.event_id)
             .where(Participation.status == "attended", Event.starts_on >= first, Event.starts_on <= last)
             .group_by(Participation.student_id))
    # Plain rows through the session's connection, read in batches: the whole school's hours are 100,000
    # rows, and ORM rows (or all of them held at once) cost more than the aggregate itself.
    connection = session.connection()
    if student_ids is None:
        return {sid: float(total or 0)
                for sid, total in chain.from_iterable(connection.execute(query).partitions(2000))}
    ids = list(student_ids)
    result: dict[int, float] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        for sid, total in connection.execute(query.where(Participation.student_id.in_(chunk))).all():
            result[sid] = float(total or 0)
    return result

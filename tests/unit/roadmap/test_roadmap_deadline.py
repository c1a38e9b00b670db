from __future__ import annotations

import datetime as dt

import pytest

from app.services.roadmap.deadline import deadline_date, is_overdue


@pytest.mark.parametrize("text, expected", [
    ("Сентябрь-октябрь", dt.date(2026, 10, 31)),
    ("Январь – апрель", dt.date(2027, 4, 30)),
    ("до 15 мая", dt.date(2027, 5, 15)),
    ("До 1 февраля", dt.date(2027, 2, 1)),
    ("Ноябрь-декабрь", dt.date(2026, 12, 31)),
    ("Июнь, июль", dt.date(2027, 7, 31)),
    ("Летний период", dt.date(2027, 8, 31)),
    ("15.05.2027", dt.date(2027, 5, 15)),
    ("сентябрь 2020 года, далее ежегодно", dt.date(2026, 9, 30)),
    ("май 2020 года", dt.date(2020, 5, 31)),
    ("В течение года", None),
    ("В течение года, по мере необходимости", None),
    ("Постоянно", None),
    ("Ежегодно", None),
    ("", None),
])
def test_deadline_read_in_the_academic_year(text, expected):
    assert deadline_date(text, 2026) == expected


def test_overdue_only_when_passed_and_not_done():
    today = dt.date(2026, 11, 24)
    assert is_overdue("Сентябрь-октябрь", 2026, "planned", today=today)
    assert is_overdue("Сентябрь-октябрь", 2026, "in_progress", today=today)
    assert not is_overdue("Сентябрь-октябрь", 2026, "done", today=today)
    assert not is_overdue("Сентябрь-октябрь", 2026, "cancelled", today=today)
    assert not is_overdue("Январь – апрель", 2026, "planned", today=today)
    assert not is_overdue("В течение года", 2026, "planned", today=dt.date(2027, 8, 31))

from __future__ import annotations

import pytest

from app.services.students.class_label import ClassLabel, parse_class_label, parse_grades
from app.services.errors import UserError


@pytest.mark.parametrize("text", ["5 а", "5-А", "5а", "5 «А»", "5A", " 5 А класс", '5"а"'])
def test_class_labels_written_differently_are_one_class(text):
    assert parse_class_label(text) == ClassLabel(5, "А")


@pytest.mark.parametrize("text,fragment", [("13Я", "от 1 до 11"), ("0Б", "от 1 до 11"), ("5", "литера"),
                                           ("абв", "не распознан"), ("", "не распознан")])
def test_bad_class_labels_are_refused_in_russian(text, fragment):
    with pytest.raises(UserError, match=fragment):
        parse_class_label(text)


def test_grades():
    assert parse_grades("6-11") == [6, 7, 8, 9, 10, 11]
    assert parse_grades("5, 7 , 9") == [5, 7, 9]
    assert parse_grades("8 – 9") == [8, 9]
    with pytest.raises(UserError):
        parse_grades("5-12")

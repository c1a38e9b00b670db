"""Russian text: case-insensitive search with «ё» = «е», in Python and in SQL, and alphabetical order."""
from __future__ import annotations

from sqlalchemy import select, text

from app.models import Student
from app.services.text import fold, sort_key, squeeze


def test_fold_treats_yo_as_ye_and_ignores_case():
    assert fold("Ёлкин") == fold("елкин") == "елкин"
    assert fold("ПЕТРОВ") == "петров"


def test_squeeze_folds_spaces():
    assert squeeze("  Иванов\u00a0 Иван \t Иванович ") == "Иванов Иван Иванович"


def test_sort_key_orders_russian_alphabetically():
    names = ["Яковлев", "ёжиков", "Егоров", "алексеев", "Жуков", "Ежов"]
    assert sorted(names, key=sort_key) == ["алексеев", "Егоров", "ёжиков", "Ежов", "Жуков", "Яковлев"]


def _add(uow, *names):
    with uow:
        for name in names:
            uow.session.add(Student(last_name=name, first_name="Тест"))
        uow.commit()


def test_sql_like_finds_yo_and_any_case(uow):
    _add(uow, "Ёлкин", "Елкина", "Петров")
    with uow:
        found = uow.session.scalars(select(Student.last_name).where(Student.last_name.ilike("%елкин%"))).all()
        assert set(found) == {"Елкина", "Ёлкин"}
        upper = uow.session.scalars(select(Student.last_name).where(Student.last_name.like("ЁЛК%"))).all()
        assert set(upper) == {"Елкина", "Ёлкин"}


def test_sql_lower_and_collation(uow):
    _add(uow, "Яковлев", "Ёжиков", "Егоров", "Алексеев", "Жуков")
    with uow:
        assert uow.session.execute(text("SELECT lower('ПРИВЕТ Ёж')")).scalar() == "привет ёж"
        ordered = uow.session.execute(text("SELECT last_name FROM student ORDER BY last_name COLLATE RU")).scalars()
        assert list(ordered) == ["Алексеев", "Егоров", "Ёжиков", "Жуков", "Яковлев"]


def test_like_escape_and_wildcards(uow):
    _add(uow, "100%_Петров", "100аПетров")
    with uow:
        rows = uow.session.execute(
            text(r"SELECT last_name FROM student WHERE last_name LIKE '100\%\_%' ESCAPE '\'")).scalars().all()
        assert rows == ["100%_Петров"]


# --- clean names (issue 16) ------------------------------------------------------------------------

import pytest  # noqa: E402

from app.services.text import clean_name, name_key  # noqa: E402


@pytest.mark.parametrize("raw, removed", [
    ("Иван\u200bов", ("U+200B",)),            # zero-width space
    ("\u202eвонавИ", ("U+202E",)),             # right-to-left override
    ("Ива\u00adнов", ("U+00AD",)),             # soft hyphen
    ("Иванов\u200d\ufeff", ("U+200D", "U+FEFF")),
    ("Ива\x07нов", ("U+0007",)),
])
def test_invisible_characters_are_removed_and_named(raw, removed):
    cleaned = clean_name(raw)
    assert cleaned.removed == removed
    assert "\u200b" not in cleaned.text and all(r in cleaned.describe_removed() for r in removed)


def test_names_compare_after_normalisation():
    decomposed = "Семе\u0308нов"                           # «ё» as е + combining diaeresis (NFD)
    assert clean_name(decomposed).text == "Семёнов" and not clean_name(decomposed).removed
    assert name_key(" Семёнов\u00a0\u2003") == name_key("семенов") == name_key("Се\u200bменов")
    assert clean_name("Анна\tМария\nПетровна").text == "Анна Мария Петровна"
    assert name_key("Иванов") != name_key("Иванова")

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

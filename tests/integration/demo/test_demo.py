"""The demo school: deterministic for a seed, realistic (grades, names, health flags, graduates, a year of
events of every category), written all or nothing, and refused by a database that already holds data."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import run
from app.models import (AcademicYear, Agreement, ConsultationNote, Enrollment, Event, ExamChoice,
                        GraduateDestination, Participation, Partner, RoadmapItem, RoadmapItemStatus, School,
                        SchoolClass, Student, consultation_student)
from app.models.codes import EVENT_CATEGORIES, PARTNER_TYPES
from app.services.demo.build import build_demo
from app.services.demo.names import MALE_SURNAMES, feminine_surname
from app.services.errors import UserError
from app.services.storage.migrations import open_database

TODAY = dt.date(2026, 11, 24)
PREVIOUS, CURRENT = 2025, 2026


def _build(path: Path, *, students: int = 150, seed: int = 1):
    database = open_database(path)
    try:
        summary = build_demo(database, students=students, seed=seed, today=TODAY)
    except BaseException:
        database.dispose()
        raise
    return database, summary


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    database, summary = _build(tmp_path_factory.mktemp("demo") / "demo.db")
    yield database, summary
    database.dispose()


def _names(database) -> list[tuple]:
    with database.session() as s:
        return s.execute(select(Student.last_name, Student.first_name, Student.patronymic, Student.birth_date)
                         .order_by(Student.id)).all()


def test_same_seed_same_school_other_seed_other_school(demo, tmp_path):
    database, summary = demo
    again, summary_again = _build(tmp_path / "again.db")
    other, summary_other = _build(tmp_path / "other.db", seed=2)
    try:
        assert summary_again == summary
        assert _names(again) == _names(database)
        assert _names(other) != _names(database)
        assert summary_other.current_students == summary.current_students == 150
    finally:
        again.dispose()
        other.dispose()


def test_two_years_the_current_one_marked_and_classes_1a_to_11b(demo):
    database, _ = demo
    with database.session() as s:
        years = s.execute(select(AcademicYear.start_year, AcademicYear.is_current)
                          .order_by(AcademicYear.start_year)).all()
        assert years == [(PREVIOUS, False), (CURRENT, True)]
        labels = set(s.execute(select(SchoolClass.grade, SchoolClass.letter)
                               .join(AcademicYear).where(AcademicYear.start_year == CURRENT)).all())
        assert labels == {(g, letter) for g in range(1, 12) for letter in "АБ"}
        school = s.scalars(select(School)).one()
        assert school.is_demo and school.inn and school.director_name and school.coordinator_email
        assert s.scalar(select(func.count()).select_from(SchoolClass)
                        .where(SchoolClass.homeroom_teacher_id.is_(None))) == 0


def test_birth_dates_match_the_grade(demo):
    database, _ = demo
    with database.session() as s:
        rows = s.execute(select(Student.birth_date, SchoolClass.grade, AcademicYear.start_year)
                         .join(Enrollment, Enrollment.student_id == Student.id)
                         .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
                         .join(AcademicYear, AcademicYear.id == Enrollment.year_id)).all()
    assert len(rows) > 250
    for born, grade, start in rows:
        age = (dt.date(start, 9, 1) - born).days / 365.25
        assert grade + 5.4 <= age <= grade + 6.6, (born, grade, start)


def test_names_take_the_feminine_forms(demo):
    database, _ = demo
    with database.session() as s:
        people = s.execute(select(Student.last_name, Student.first_name, Student.patronymic, Student.sex)).all()
    feminine_surnames = {feminine_surname(name) for name in MALE_SURNAMES}
    for last, first, patronymic, sex in people:
        if sex == "f":
            assert patronymic.endswith(("овна", "евна", "ична")), patronymic
            assert last in feminine_surnames, last
        else:
            assert patronymic.endswith("ич") and not patronymic.endswith("ична"), patronymic
            assert last in MALE_SURNAMES, last
    assert {p[3] for p in people} == {"m", "f"}
    assert feminine_surname("Иванов") == "Иванова" and feminine_surname("Троицкий") == "Троицкая"
    assert feminine_surname("Толстой") == "Толстая" and feminine_surname("Шевченко") == "Шевченко"


def test_about_five_percent_with_ovz_and_some_who_left(demo):
    database, _ = demo
    with database.session() as s:
        total = s.scalar(select(func.count()).select_from(Student))
        ovz = s.scalar(select(func.count()).select_from(Student).where(Student.has_ovz.is_(True)))
        disabled = s.scalar(select(func.count()).select_from(Student).where(Student.has_disability.is_(True)))
        left = s.scalar(select(func.count()).select_from(Student)
                        .where(Student.left_on.is_not(None), Student.left_reason.not_like("Окончил%")))
        external = s.scalar(select(func.count(func.distinct(Student.external_id))))
    assert 0.04 <= ovz / total <= 0.06
    assert disabled >= 2
    assert left >= 1
    assert external > total * 0.9


def test_every_category_in_the_previous_year_with_attendance(demo):
    database, _ = demo
    with database.session() as s:
        first, last = dt.date(PREVIOUS, 9, 1), dt.date(CURRENT, 8, 31)
        categories = dict(s.execute(select(Event.category, func.count()).where(Event.starts_on.between(first, last))
                                    .group_by(Event.category)).all())
        attended = set(s.scalars(select(Event.category).join(Participation)
                                 .where(Event.starts_on.between(first, last), Participation.status == "attended")))
        statuses = set(s.scalars(select(Participation.status).distinct()))
        results = set(s.scalars(select(Participation.result).where(Participation.result.is_not(None))))
        organisers = set(s.scalars(select(Event.organizer_type).distinct()))
        later = s.scalar(select(func.count()).select_from(Event).where(Event.starts_on > TODAY))
        registered_later = s.scalar(select(func.count()).select_from(Participation).join(Event)
                                    .where(Event.starts_on > TODAY, Participation.status != "registered"))
    assert set(categories) == set(EVENT_CATEGORIES)
    assert set(EVENT_CATEGORIES) - attended == {"parents_meeting"}  # parents, not students, attend those
    assert statuses == {"registered", "attended", "absent"}
    assert results == {"participant", "prize", "winner"}
    assert {"school", "poo", "vo", "employer", "czn", "dop"} <= organisers
    assert later >= 1 and registered_later == 0  # only coming events, with students signed up


def test_nobody_attends_after_leaving(demo):
    database, _ = demo
    with database.session() as s:
        late = s.scalar(select(func.count()).select_from(Participation).join(Event)
                        .join(Student, Student.id == Participation.student_id)
                        .where(Student.left_on.is_not(None), Event.starts_on > Student.left_on))
    assert late == 0


def test_graduates_have_destinations_and_exam_choices(demo):
    database, summary = demo
    with database.session() as s:
        graduates = s.execute(select(Enrollment.student_id, SchoolClass.grade, Enrollment.year_id)
                              .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
                              .where(Enrollment.is_graduate.is_(True))).all()
        destinations = {(d.student_id, d.year_id): d for d in s.scalars(select(GraduateDestination))}
        choices = {(c.student_id, c.year_id): c for c in s.scalars(select(ExamChoice))}
        previous_id = s.scalar(select(AcademicYear.id).where(AcademicYear.start_year == PREVIOUS))
    assert len(graduates) == summary.graduates > 10
    assert {g for _, g, _ in graduates} == {9, 11}
    for sid, grade, year_id in graduates:
        assert year_id == previous_id
        assert (sid, year_id) in destinations and (sid, year_id) in choices
        assert choices[(sid, year_id)].exam == ("oge" if grade == 9 else "ege")
    kinds = {d.destination for d in destinations.values()}
    assert {"grade10", "poo", "vo"} <= kinds
    to_college = [d for d in destinations.values() if d.destination in ("poo", "vo")]
    assert all(d.institution_name for d in to_college)
    assert {d.by_profile for d in to_college} == {True, False}


def test_partners_of_every_type_agreements_and_confidential_notes(demo):
    database, _ = demo
    with database.session() as s:
        types = set(s.scalars(select(Partner.type)))
        ends = list(s.scalars(select(Agreement.valid_until)))
        notes = s.scalar(select(func.count()).select_from(ConsultationNote))
        consulted = s.scalar(select(func.count(func.distinct(consultation_student.c.student_id))))
    assert types == set(PARTNER_TYPES)
    assert any(d < TODAY for d in ends) and any(TODAY <= d <= TODAY + dt.timedelta(days=60) for d in ends)
    assert notes > 0 and consulted > 5


def test_roadmap_with_statuses_for_both_years_and_linked_events(demo):
    database, summary = demo
    with database.session() as s:
        items = s.scalar(select(func.count()).select_from(RoadmapItem))
        statuses = s.scalar(select(func.count()).select_from(RoadmapItemStatus))
        linked = s.scalar(select(func.count()).select_from(Event).where(Event.roadmap_item_id.is_not(None)))
    assert items == summary.roadmap_items == 30
    assert statuses == 2 * items
    assert linked > 20


def test_a_database_with_data_is_refused(demo):
    database, _ = demo
    with pytest.raises(UserError, match="уже содержит данные"):
        build_demo(database, students=100, today=TODAY)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_refuses_a_database_with_data_unless_forced(tmp_path, capsys):
    path = tmp_path / "school.db"
    assert run(["demo", "--db", str(path), "--students", "120"]) == 0
    capsys.readouterr()
    before = _digest(path)
    assert run(["demo", "--db", str(path), "--students", "120", "--seed", "5"]) == 1
    err = capsys.readouterr().err
    assert "уже есть данные" in err and "--force" in err and "Traceback" not in err
    assert _digest(path) == before

    assert run(["demo", "--db", str(path), "--students", "130", "--seed", "5", "--force"]) == 0
    out = capsys.readouterr().out
    assert "резервной копии" in out
    backups = list((tmp_path / "backups").glob("school_*_before-demo.db"))
    assert len(backups) == 1
    assert run(["info", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["students"] == 130


def test_cli_rejects_a_bad_size_without_creating_the_file(tmp_path, capsys):
    path = tmp_path / "school.db"
    assert run(["demo", "--db", str(path), "--students", "3"]) == 1
    assert "от 50" in capsys.readouterr().err
    assert not path.exists()


def test_default_demo_meets_the_info_thresholds(tmp_path, capsys):
    path = tmp_path / "x.db"
    assert run(["demo", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Демонстрационная школа создана" in out
    assert run(["info", "--db", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["is_demo"] is True
    assert info["students"] >= 500 and info["classes"] >= 20 and info["events"] >= 30
    assert info["participations"] >= 1000 and info["consultations"] > 0
    assert info["roadmap_items"] > 0 and info["graduates"] > 0


def test_progress_only_moves_forward_to_the_end(tmp_path):
    seen: list[tuple[int, int]] = []
    database = open_database(tmp_path / "p.db")
    try:
        build_demo(database, students=100, today=TODAY, progress=lambda done, total: seen.append((done, total)))
    finally:
        database.dispose()
    values = [done for done, _ in seen]
    assert len(seen) > 5 and values == sorted(values)
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]


@pytest.mark.parametrize("today", [dt.date(2026, 9, 1), dt.date(2027, 1, 10), dt.date(2027, 7, 20)])
def test_builds_on_any_day_of_the_year(tmp_path, today):
    database = open_database(tmp_path / "d.db")
    try:
        summary = build_demo(database, students=60, today=today)
        with database.session() as s:
            current = s.scalar(select(AcademicYear.start_year).where(AcademicYear.is_current.is_(True)))
            held_later = s.scalar(select(func.count()).select_from(Participation).join(Event)
                                  .where(Event.starts_on > today, Participation.status != "registered"))
    finally:
        database.dispose()
    assert current == (today.year if today.month >= 9 else today.year - 1)
    assert summary.current_students == 60 and summary.events > 30 and held_later == 0


def test_an_excursion_is_organised_by_the_place_it_goes_to(demo):
    database, _ = demo
    places = {"судоремонтный завод": "Судоремонтный завод", "рыбную компанию": "Балтийская рыбная компания",
              "районную больницу": "ЦРБ", "агрофирму": "Агрофирма «Приморье»"}
    with database.session() as s:
        rows = s.execute(select(Event.title, Partner.short_name).join(
            Partner, Partner.id == Event.organizer_partner_id).where(Event.category == "excursion")).all()
    checked = 0
    for title, host in rows:
        for words, partner in places.items():
            if words in title:
                checked += 1
                assert host == partner, (title, host)
    assert checked >= 4

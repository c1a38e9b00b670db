"""Every importer fuzzed with Hypothesis: random headers, cell types, dates, encodings and truncated
files. An importer either imports (and the database stays sound) or raises its own clear error
(UserError; ImportRejected is one) naming the file — never anything else, never a half-written import."""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.errors import UserError
from app.services.uow import UnitOfWork
import datetime as dt

from tests.fuzz import DOMAIN_WORDS, FUZZ_SETTINGS, XLSX_TEXT, cut_point, structured_file, table_file

_FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-importers-"))


def _wordings(specs) -> list[str]:
    return [w for s in specs for w in s.wordings] + [s.label for s in specs]


def _counts(database) -> tuple[int, ...]:
    con = sqlite3.connect(database.path)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("student", "enrollment", "event", "participation", "graduate_destination",
                               "roadmap_item"))
    finally:
        con.close()


IMPORTED: dict[str, int] = {}
RAN: set[str] = set()

# Valid values only: invalid ones come from the random cells mixed into noisy files.
NAMES = st.sampled_from(["Иванов Иван Иванович", "Петрова Анна", "Ёлкин Пётр Сергеевич", "ИВАНОВ ИВАН ИВАНОВИЧ"])
CLASSES = st.sampled_from(["9А", "9 а", "11А", "11-А"])  # every name above is in each of these
NEW_NAMES = st.sampled_from(["Сидоров Олег Петрович", "Кузнецова Мария Ивановна", "Орлов Илья", "Ким Алина Сергеевна"])
ROSTER_CLASSES = st.sampled_from(["9А", "9 а", "11А", "11-А", "7А", "5Б", "10 В", "1а"])
YEAR_DATES = st.one_of(st.dates(dt.date(2026, 9, 1), dt.date(2027, 8, 31)),
                       st.dates(dt.date(2026, 9, 1), dt.date(2027, 8, 31)).map(lambda d: d.strftime("%d.%m.%Y")))
YES_NO = st.sampled_from(["да", "нет", "", "+", "-", "Да"])


def _file(data, columns: dict, specs) -> Path:
    """Half the cases shaped like the real form, half noise with the form's header words."""
    if data.draw(st.booleans()):
        return data.draw(structured_file(_FOLDER, columns))
    return data.draw(table_file(_FOLDER, _wordings(specs)))


def _only_user_errors(database, path: Path, run) -> bool:
    """Run one import; a refusal must name the file and leave the data as it was. True if imported."""
    import inspect
    test = inspect.stack()[1].function
    RAN.add(test)
    before = _counts(database)
    try:
        run()
    except UserError as exc:
        assert path.name in str(exc) or "ничего не" in str(exc).lower(), str(exc)
        assert _counts(database) == before
        return False
    _counts(database)
    IMPORTED[test] = IMPORTED.get(test, 0) + 1
    return True



@FUZZ_SETTINGS
@given(st.data())
def test_roster_import(database, admin, data):
    from app.services.students.roster_import import ROSTER_COLUMNS, import_roster
    path = _file(data, {"ФИО": NEW_NAMES, "Класс": ROSTER_CLASSES,
                        "Дата рождения": st.dates(dt.date(2008, 1, 1), dt.date(2020, 1, 1)),
                        "Пол": st.sampled_from(["м", "ж", "М", "жен"]), "ОВЗ": YES_NO, "Инвалидность": YES_NO,
                        "Идентификатор": st.text("0123456789", min_size=1, max_size=4)}, ROSTER_COLUMNS)
    only_good = data.draw(st.booleans())
    _only_user_errors(database, path, lambda: import_roster(UnitOfWork(database, admin), path, start_year=2026,
                                                            only_good_rows=only_good, backup=False))


def _school_with_students(database, admin) -> None:
    """A few students in 9А and 11А of 2026/2027 whom random participation and graduate rows may name."""
    from tests.fuzz import write_xlsx
    from app.services.students.roster_import import import_roster
    names = ["Иванов Иван Иванович", "Петрова Анна", "Ёлкин Пётр Сергеевич"]
    roster = write_xlsx(_FOLDER / "roster.xlsx", [["ФИО", "Класс", "Дата рождения"]] + [
        [name, cls, born] for name in names for cls, born in (("9А", "01.02.2011"), ("11А", "03.04.2009"))])
    import_roster(UnitOfWork(database, admin), roster, start_year=2026, backup=False)


@FUZZ_SETTINGS
@given(st.data())
def test_participation_import(database, admin, data):
    from app.services.events.participation_import import SPECS, apply_participation_import, read_participation_log
    if _counts(database)[0] == 0:
        _school_with_students(database, admin)
    path = _file(data, {"Дата": YEAR_DATES, "Мероприятие": st.sampled_from(["Экскурсия", "День открытых дверей",
                                                                         "Урок ПроеКТОриЯ"]),
                        "Категория": st.sampled_from(["Экскурсия на предприятие / в организацию", "Другое"]),
                        "ФИО": NAMES, "Класс": CLASSES,
                        "Отметка": st.sampled_from(["участвовал", "не явился", "записан", "+"]),
                        "Часы": st.sampled_from(["2", "1,5", "0", 3])}, SPECS)

    def run():
        log = read_participation_log(path)
        apply_participation_import(UnitOfWork(database, admin), log, backup=False)
    _only_user_errors(database, path, run)


@FUZZ_SETTINGS
@given(st.data())
def test_graduates_import(database, admin, data):
    from app.services.events.graduates import SPECS, import_graduates
    if _counts(database)[0] == 0:
        _school_with_students(database, admin)
    path = _file(data, {"ФИО": NAMES, "Класс": CLASSES,
                        "Продолжение обучения": st.sampled_from(["10 класс", "ПОО", "ВО", "работа", "армия"]),
                        "Учебное заведение": st.sampled_from(["Колледж №1", "", "БФУ им. Канта"]),
                        "В своём регионе": YES_NO, "По профилю": YES_NO, "Предметы ГИА по профилю": YES_NO}, SPECS)
    _only_user_errors(database, path, lambda: import_graduates(UnitOfWork(database, admin), path, year=2026,
                                                               backup=False))


def _roadmap_words():
    from app.services.roadmap.parse import INDICATOR_COLUMNS, ITEM_COLUMNS
    return _wordings(ITEM_COLUMNS) + _wordings(INDICATOR_COLUMNS) + [
        "УТВЕРЖДАЮ", "Дорожная карта", "1. Организационные мероприятия", "1.1", "Сентябрь-октябрь",
        "В течение года", "Ежегодно", "Цель:", "Задачи:", "Показатели"]


@st.composite
def roadmap_docx(draw) -> Path:
    """A random Word document: paragraphs and a table of random rows, sometimes truncated."""
    import docx
    words = st.one_of(st.sampled_from(_roadmap_words()), DOMAIN_WORDS, XLSX_TEXT)
    document = docx.Document()
    for text in draw(st.lists(words, max_size=5)):
        document.add_paragraph(text)
    rows = draw(st.lists(st.lists(words, min_size=1, max_size=6), max_size=8))
    if draw(st.integers(0, 3)):  # mostly shaped like a real roadmap table
        from app.services.roadmap.parse import ITEM_COLUMNS
        plausible = st.sampled_from(["1", "1.1", "2", "Экскурсия на предприятие", "Классный час", "Директор",
                                     "Педагог-навигатор", "Сентябрь-октябрь", "В течение года", "Ежегодно",
                                     "Охват 80% обучающихся", "1. Организационные мероприятия"])
        rows = [[c.label for c in ITEM_COLUMNS[:5]]] + [
            [draw(plausible) if draw(st.integers(0, 7)) else draw(words) for _ in range(5)]
            for _ in range(draw(st.integers(1, 8)))]
    if rows:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    path = _FOLDER / "roadmap.docx"
    document.save(path)
    if draw(st.integers(0, 4)) == 0:
        data = path.read_bytes()
        path.write_bytes(data[: cut_point(draw, len(data))])
    return path


@FUZZ_SETTINGS
@given(st.data())
def test_roadmap_import(database, admin, data):
    from app.services.roadmap.file_import import import_roadmap
    if data.draw(st.booleans()):
        path = data.draw(roadmap_docx())
    else:
        path = data.draw(table_file(_FOLDER, _roadmap_words()))
    _only_user_errors(database, path, lambda: import_roadmap(UnitOfWork(database, admin), path))


def test_fuzzing_reached_real_imports():
    """Runs last (file order): every fuzz test above that ran must have imported some files, not only refused
    them (a fuzzer that only ever produces refusals tests nothing of the import itself)."""
    if not RAN:
        pytest.skip("the fuzz tests of this module were not selected in this run")
    assert RAN <= set(IMPORTED), {"ran": sorted(RAN), "imported": IMPORTED}

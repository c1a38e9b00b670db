"""Roster import («загрузка списка учащихся») from the school's register export or a typed sheet.

`preview_roster` reads a file and says what an import would do (added / updated / left alone, every
problem with its row, column and value) without writing anything; `import_roster` does it in one
transaction after a backup copy. A student already in the database — same external id, else same
full name and birth date — is updated, never duplicated, so importing the same file twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.models import Enrollment, SchoolClass, Student
from app.services.access import Permission
from app.services.storage.backups import take_backup
from app.services.calendar import get_or_create_year, year_title
from app.services.students.class_label import ClassLabel, parse_class_label
from app.services.accounts.consent import record_received, students_needing_consent
from app.services.errors import ImportRejected, PermissionDenied, Problem, UserError, problem_lines
from app.services.labels import SEX_LABELS
from app.services.files.importing import HasProblems, Importer, ImportPreview, PreviewTable
from app.services.files.tabular import (ColumnSpec, HeaderMatch, cell_text, find_header, parse_date, parse_flag,
                                  read_table_file)
from app.services.text import clean_name, fold, name_key, squeeze
from app.services.progress import CancelledFn, ProgressFn, check_cancelled
from app.services.uow import UnitOfWork

ROSTER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("full_name", "ФИО", ("ФИО", "Фамилия, имя, отчество", "Фамилия имя отчество", "Обучающийся",
                                    "Обучающиеся", "Ученик", "Учащийся", "ФИО обучающегося", "ФИО ученика")),
    ColumnSpec("last_name", "Фамилия", ("Фамилия",)),
    ColumnSpec("first_name", "Имя", ("Имя",)),
    ColumnSpec("patronymic", "Отчество", ("Отчество",)),
    ColumnSpec("class_label", "Класс", ("Класс", "Класс обучения")),
    ColumnSpec("grade", "Параллель", ("Параллель",)),
    ColumnSpec("letter", "Литера", ("Литера", "Буква", "Буква класса")),
    ColumnSpec("birth_date", "Дата рождения", ("Дата рождения", "Д р", "ДР")),
    ColumnSpec("sex", "Пол", ("Пол",)),
    ColumnSpec("ovz", "ОВЗ", ("ОВЗ", "Обучающийся с ОВЗ")),
    ColumnSpec("disability", "Инвалидность", ("Инвалидность", "Инвалид", "Ребёнок-инвалид")),
    ColumnSpec("external_id", "Идентификатор", ("Идентификатор", "Внешний идентификатор", "ID", "Код",
                                                 "Код обучающегося", "Номер личного дела", "УИН")),
    # Schools collect the parents' consent on paper at enrolment (issue 8): да / + / a date marks it.
    ColumnSpec("consent", "Согласие", ("Согласие", "Согласие на обработку ПДн", "Согласие получено",
                                       "Согласие родителей", "Согласие на обработку персональных данных")),
)
_LABELS = {s.key: s.label for s in ROSTER_COLUMNS}
# Columns an e-journal export («Сетевой город», «Дневник.ру») carries that the program must not keep
# (152-ФЗ: collect only what is needed): never matched to a field, named in the preview as left out.
PERSONAL_COLUMN_WORDS = ("снилс", "документ", "паспорт", "свидетельство о рождении", "серия", "номер документа",
                         "гражданство", "адрес", "место рождения", "регистрация", "телефон", "e mail",
                         "электронная почта", "полис", "инн")
_SEXES = {"м": "m", "муж": "m", "мужской": "m", "m": "m", "ж": "f", "жен": "f", "женский": "f", "f": "f"}
# A normal age on 1 September for grade g is g + 6 or g + 7; further off than this is worth a warning.
_AGE_SLACK = 2


@dataclass(frozen=True)
class RosterRow:
    """One good row of the file, normalised."""

    row: int
    last_name: str
    first_name: str
    patronymic: str
    birth_date: dt.date | None
    class_label: ClassLabel
    sex: str | None = None
    has_ovz: bool | None = None          # None: the file has no such column, leave as it is
    has_disability: bool | None = None
    external_id: str | None = None
    consent_on: dt.date | None = None    # the day the paper consent was received; None: not marked

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


@dataclass(frozen=True)
class RosterChange:
    """What the import does with one row: add a student, update one, or leave one alone."""

    row: int
    kind: str                      # "add" | "update" | "same"
    full_name: str
    class_label: str
    birth_date: dt.date | None
    changes: tuple[str, ...] = ()  # «класс: 5А → 6А» for an update
    student_id: int | None = None


@dataclass
class RosterPreview(HasProblems):
    file_name: str
    start_year: int
    header_row: int
    unknown_columns: list[str]
    added: list[RosterChange] = field(default_factory=list)
    updated: list[RosterChange] = field(default_factory=list)
    unchanged: list[RosterChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_classes: list[str] = field(default_factory=list)
    rows: list[RosterRow] = field(default_factory=list, repr=False)
    consents: int = 0              # consents the import will record (already recorded ones are not counted)
    path: Path | None = None
    ignored_personal: list[str] = field(default_factory=list)   # СНИЛС, документ…: read past, never stored

    @property
    def year_title(self) -> str:
        return year_title(self.start_year)

    def preview(self) -> ImportPreview:
        notes = [f"Учебный год {self.year_title}. Заголовки таблицы найдены в строке {self.header_row}."]
        if self.new_classes:
            notes.append(f"Новые классы: {', '.join(self.new_classes)}.")
        if self.consents:
            notes.append(f"Будет отмечено согласий на обработку персональных данных: {self.consents}.")
        if self.ignored_personal:
            notes.append("Не загружаются и не хранятся (лишние персональные данные, 152-ФЗ): "
                         + ", ".join(f"«{c}»" for c in self.ignored_personal) + ".")
        other = [c for c in self.unknown_columns if c not in self.ignored_personal]
        if other:
            notes.append("Не распознаны и не загружаются столбцы: " + ", ".join(f"«{c}»" for c in other) + ".")
        columns = ("Строка", "ФИО", "Класс", "Дата рождения", "Изменения")

        def table(title: str, changes: list[RosterChange], name: str) -> PreviewTable:
            return PreviewTable(f"{title} ({len(changes)})", columns,
                                [(c.row, c.full_name, c.class_label, c.birth_date, "; ".join(c.changes))
                                 for c in changes], name)

        return ImportPreview(
            "Загрузка списка учащихся", self.file_name,
            [("Будет добавлено", len(self.added)), ("Будет обновлено", len(self.updated)),
             ("Без изменений", len(self.unchanged))], list(self.problems),
            [table("Будут добавлены", self.added, "import_added"), table("Будут обновлены", self.updated,
                                                                          "import_updated"),
             table("Без изменений", self.unchanged, "import_unchanged")], notes,
            rest_option="Загрузить только строки без ошибок (строки с ошибками будут пропущены)",
            nothing_to_do="" if self.added or self.updated or self.consents or self.errors else
            "Все учащиеся из файла уже есть в базе: загружать нечего.")


@dataclass(frozen=True)
class ImportSummary:
    file_name: str
    start_year: int
    added: int
    updated: int
    unchanged: int
    skipped_rows: int
    warnings: tuple[Problem, ...] = ()
    backup: Path | None = None
    consents: int = 0
    new_classes: tuple[str, ...] = ()
    skipped: tuple[int, ...] = ()   # the rows left out for their errors

    def summary_lines(self) -> list[str]:
        return self.describe().splitlines()

    def describe(self) -> str:
        lines = [f"Файл «{self.file_name}» загружен в {year_title(self.start_year)} учебный год.",
                 f"Добавлено учащихся: {self.added}", f"Обновлено: {self.updated}",
                 f"Без изменений: {self.unchanged}"]
        if self.new_classes:
            # Said so that a class nobody expected («8В» beside «8Б») is seen at once.
            lines.append(f"Созданы классы: {', '.join(self.new_classes)}")
        if self.consents:
            lines.append(f"Отмечено согласий на обработку персональных данных: {self.consents}")
        if self.skipped_rows:
            rows = ", ".join(str(r) for r in self.skipped) if self.skipped else str(self.skipped_rows)
            lines.append(f"Пропущено строк с ошибками: {self.skipped_rows}" +
                         (f" (строки {rows})" if self.skipped else ""))
        if self.warnings:
            lines.append(f"Предупреждений: {len(self.warnings)} — проверьте эти строки:")
            lines += [f"  • {line}" for line in problem_lines(self.warnings)]
        return "\n".join(lines)


# --- Reading ----------------------------------------------------------------------------------------

def read_roster(path: Path | str, *, start_year: int,
                today: dt.date | None = None) -> tuple[HeaderMatch, list[RosterRow], list[Problem]]:
    """The good rows of a roster file and every problem found; bad files raise UserError."""
    path = Path(path)
    sheets = read_table_file(path)
    header = find_header(sheets, ROSTER_COLUMNS, file_name=path.name)
    cols = header.columns
    if "full_name" not in cols and not ("last_name" in cols and "first_name" in cols):
        raise UserError(f"Файл «{path.name}», строка {header.row_number}: нет столбца «ФИО» "
                        "(или столбцов «Фамилия» и «Имя»).")
    if "class_label" not in cols and not ("grade" in cols and "letter" in cols):
        raise UserError(f"Файл «{path.name}», строка {header.row_number}: нет столбца «Класс» "
                        "(или столбцов «Параллель» и «Литера»).")
    sheet = header.sheet.name if len(sheets) > 1 else ""
    rows: list[RosterRow] = []
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    seen_ids: dict[str, int] = {}
    for number, cells in header.data_rows():
        row, row_problems = _read_row(header, number, cells, start_year=start_year, sheet=sheet,
                                      today=today or dt.date.today())
        problems += row_problems
        if row is None:
            continue
        key = _person_key(row.last_name, row.first_name, row.patronymic, row.birth_date)
        if row.external_id and row.external_id in seen_ids:
            problems.append(Problem(f"идентификатор повторяет строку {seen_ids[row.external_id]}", number,
                                    _LABELS["external_id"], row.external_id, sheet))
            continue
        if key in seen:
            problems.append(Problem(f"этот учащийся уже есть в строке {seen[key]}", number,
                                    _name_column(header), row.full_name, sheet))
            continue
        seen[key] = number
        if row.external_id:
            seen_ids[row.external_id] = number
        rows.append(row)
    if not rows and not problems:
        raise UserError(f"В файле «{path.name}» под строкой заголовков нет ни одного учащегося.")
    return header, rows, problems


def _name_column(header: HeaderMatch) -> str:
    return _LABELS["full_name"] if "full_name" in header.columns else _LABELS["last_name"]


def _read_row(header: HeaderMatch, number: int, cells: list[object], *, start_year: int,
              sheet: str, today: dt.date) -> tuple[RosterRow | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(key: str, value: object, message: str, *, warning: bool = False) -> None:
        problems.append(Problem(message, number, _LABELS[key], cell_text(value), sheet, warning))

    # Names: trimmed, spaces folded, «ё» kept as written; invisible characters taken out and reported.
    def name(key: str) -> str:
        raw_name = header.get(cells, key)
        cleaned = clean_name(cell_text(raw_name))
        if cleaned.removed:
            bad(key, raw_name, cleaned.describe_removed(), warning=True)
        return cleaned.text

    if "full_name" in header.columns:
        raw = header.get(cells, "full_name")
        parts = name("full_name").split(" ")
        parts = [p for p in parts if p]
        if len(parts) < 2:
            bad("full_name", raw, "нужны хотя бы фамилия и имя" if parts else "не указаны фамилия и имя")
            last = first = patronymic = ""
        else:
            last, first, patronymic = parts[0], parts[1], " ".join(parts[2:])
    else:
        last = name("last_name")
        first = name("first_name")
        patronymic = name("patronymic") if "patronymic" in header.columns else ""
        if not last:
            bad("last_name", "", "не указана фамилия")
        if not first:
            bad("first_name", "", "не указано имя")
    for value in (last, first, patronymic):
        if len(value) > 100:
            bad("full_name" if "full_name" in header.columns else "last_name", value, "слишком длинное имя")

    label = _read_class(header, cells, bad)

    birth = None
    raw_birth = header.get(cells, "birth_date")
    try:
        birth = parse_date(raw_birth)
    except ValueError as exc:
        bad("birth_date", raw_birth, str(exc))
    if birth is not None:
        if not dt.date(1990, 1, 1) <= birth <= dt.date(start_year, 9, 1):
            bad("birth_date", raw_birth, "дата рождения вне разумных пределов")
            birth = None
        elif label is not None:
            age = start_year - birth.year - (1 if (birth.month, birth.day) > (9, 1) else 0)
            low, high = label.grade + 6 - _AGE_SLACK, label.grade + 7 + _AGE_SLACK
            if not low <= age <= high:
                bad("birth_date", raw_birth, f"возраст {_years(age)} на 1 сентября не подходит для {label.grade} "
                    "класса — проверьте дату и класс", warning=True)

    sex = None
    if "sex" in header.columns:
        raw_sex = header.get(cells, "sex")
        text = fold(cell_text(raw_sex)).rstrip(".")
        if text:
            sex = _SEXES.get(text)
            if sex is None:
                bad("sex", raw_sex, "пол не распознан: нужно «м» или «ж»")

    flags: dict[str, bool | None] = {"ovz": None, "disability": None}
    for key in flags:
        if key in header.columns:
            raw_flag = header.get(cells, key)
            try:
                flags[key] = parse_flag(raw_flag)
            except ValueError as exc:
                bad(key, raw_flag, str(exc))

    external = squeeze(cell_text(header.get(cells, "external_id"))) or None
    if external and len(external) > 100:
        bad("external_id", external, "слишком длинный идентификатор")

    consent_on = None
    if "consent" in header.columns:
        raw_consent = header.get(cells, "consent")
        try:
            consent_on = _parse_consent(raw_consent, today)
        except ValueError as exc:
            bad("consent", raw_consent, str(exc))

    if any(not p.is_warning for p in problems) or label is None:
        return None, problems
    return RosterRow(number, last, first, patronymic, birth, label, sex, flags["ovz"], flags["disability"],
                     external, consent_on), problems


def _parse_consent(value: object, today: dt.date) -> dt.date | None:
    """A consent cell: да / + → received on the import date, a date → received that day, нет / - / empty →
    not marked."""
    if isinstance(value, (dt.date, dt.datetime)) or re.match(r"^\s*\d{1,4}[.\-/]\d{1,2}[.\-/]\d{1,4}\s*$",
                                                              cell_text(value)):
        received = parse_date(value)
        if received is not None and received > today:
            raise ValueError("дата получения согласия позже сегодняшнего дня")
        if received is not None and received.year < 1990:
            raise ValueError("дата получения согласия вне разумных пределов")
        return received
    try:
        return today if parse_flag(value) else None
    except ValueError:
        raise ValueError("ожидается «да», «нет» или дата получения согласия дд.мм.гггг") from None


def _read_class(header: HeaderMatch, cells: list[object], bad) -> ClassLabel | None:
    if "class_label" in header.columns:
        raw = header.get(cells, "class_label")
        key = "class_label"
        text = cell_text(raw)
    else:
        grade, letter = header.get(cells, "grade"), header.get(cells, "letter")
        raw = f"{cell_text(grade)}{cell_text(letter)}"
        key = "grade" if not cell_text(letter) else "letter"
        text = f"{cell_text(grade)} {cell_text(letter)}".strip()
    if not text:
        bad(key, "", "не указан класс")
        return None
    try:
        label = parse_class_label(text)
    except UserError as exc:
        bad(key, raw, _class_problem(exc.message))
        return None
    if re.search(r"[A-Za-z]", text):
        # «8B» typed on the Latin layout is class 8В; said, so that nobody wonders where a new class came from.
        bad(key, raw, f"литера записана латиницей — прочитано как «{label}»", warning=True)
    return label


def _class_problem(message: str) -> str:
    """«Класс «13Я»: параллель должна быть от 1 до 11.» → «параллель должна быть от 1 до 11»: the value is
    shown beside the message already."""
    text = re.sub(r"^Класс «[^»]*»:?\s*", "", message).rstrip(".")
    return "класс " + text if text.startswith("не распознан") else text


def _years(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} год"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} года"
    return f"{n} лет"


def _person_key(last: str, first: str, patronymic: str, birth: dt.date | None) -> tuple:
    # Compared as people read them: NFC, invisible characters out, «ё» = «е», spaces squeezed.
    return name_key(last), name_key(first), name_key(patronymic), birth


# --- Planning: what the rows do to the database ---------------------------------------------------

@dataclass
class _Plan:
    changes: list[tuple[RosterRow, RosterChange]]
    new_classes: list[ClassLabel]
    consents: int = 0              # consents to record: new students with one, and those without a valid one


def _plan(session, rows: list[RosterRow], *, start_year: int, problems: list[Problem]) -> _Plan:
    from app.models import AcademicYear
    year = session.scalar(select(AcademicYear).where(AcademicYear.start_year == start_year))
    students = session.scalars(select(Student).where(Student.is_anonymized.is_(False))).all()
    by_external = {s.external_id: s for s in students if s.external_id}
    by_person = {_person_key(s.last_name, s.first_name, s.patronymic, s.birth_date): s for s in students}
    classes: dict[ClassLabel, int] = {}
    enrolled: dict[int, ClassLabel] = {}
    if year is not None:
        class_rows = session.execute(select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
                                     .where(SchoolClass.year_id == year.id)).all()
        labels_by_id = {cid: ClassLabel(g, letter) for cid, g, letter in class_rows}
        classes = {label: cid for cid, label in labels_by_id.items()}
        for sid, cid in session.execute(select(Enrollment.student_id, Enrollment.class_id)
                                        .where(Enrollment.year_id == year.id)):
            enrolled[sid] = labels_by_id[cid]
    changes: list[tuple[RosterRow, RosterChange]] = []
    matched: dict[int, int] = {}
    for row in rows:
        student = by_external.get(row.external_id) if row.external_id else None
        if student is None:
            student = by_person.get(_person_key(row.last_name, row.first_name, row.patronymic, row.birth_date))
            # A different external id on a person with the same name and birth date is another person.
            if student is not None and row.external_id and student.external_id not in (None, row.external_id):
                student = None
        if student is None:
            changes.append((row, RosterChange(row.row, "add", row.full_name, str(row.class_label), row.birth_date)))
            continue
        if student.id in matched:
            problems.append(Problem(f"этот учащийся уже есть в строке {matched[student.id]}", row.row,
                                    _LABELS["full_name"], row.full_name))
            continue
        matched[student.id] = row.row
        diff = _differences(student, row, enrolled.get(student.id))
        kind = "update" if diff else "same"
        changes.append((row, RosterChange(row.row, kind, row.full_name, str(row.class_label), row.birth_date,
                                          tuple(diff), student.id)))
    wanted = {row.class_label for row, _ in changes}
    marked = [(row, change) for row, change in changes if row.consent_on is not None]
    needing = students_needing_consent(session, [c.student_id for _, c in marked if c.student_id is not None])
    consents = sum(1 for _, c in marked if c.student_id is None or c.student_id in needing)
    return _Plan(changes, sorted(label for label in wanted if label not in classes), consents)


def _require_consent_rights(uow: UnitOfWork, header: HeaderMatch, file_name: str) -> None:
    """A file that marks consents is refused, not half-imported, for a user who may not record them."""
    if "consent" in header.columns and not uow.actor.has(Permission.EDIT_CONSENT):
        raise PermissionDenied(f"В файле «{file_name}» есть столбец «{_LABELS['consent']}», а отмечать согласия "
                               "на обработку персональных данных вам не разрешено. Уберите этот столбец "
                               "или попросите координатора загрузить файл.")


def _differences(student: Student, row: RosterRow, current: ClassLabel | None) -> list[str]:
    diff: list[str] = []

    def note(label: str, old: object, new: object) -> None:
        diff.append(f"{label}: {_show(old)} → {_show(new)}")

    if (student.last_name, student.first_name, student.patronymic) != (row.last_name, row.first_name,
                                                                        row.patronymic):
        note("ФИО", student.full_name, row.full_name)
    if row.birth_date is not None and student.birth_date != row.birth_date:
        note("дата рождения", student.birth_date, row.birth_date)
    if row.sex is not None and student.sex != row.sex:
        note("пол", SEX_LABELS.get(student.sex or "", ""), SEX_LABELS[row.sex])
    if row.has_ovz is not None and bool(student.has_ovz) != row.has_ovz:
        note("ОВЗ", student.has_ovz, row.has_ovz)
    if row.has_disability is not None and bool(student.has_disability) != row.has_disability:
        note("инвалидность", student.has_disability, row.has_disability)
    if row.external_id and student.external_id != row.external_id:
        note("идентификатор", student.external_id, row.external_id)
    if current != row.class_label:
        note("класс", current, row.class_label)
    return diff


def _show(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


# --- Public services --------------------------------------------------------------------------------

def _read_and_plan(uow: UnitOfWork, path: Path, start_year: int):
    """Inside the caller's unit of work: the file read, the rights checked, its rows planned."""
    uow.require(Permission.EDIT_ROSTER)
    header, rows, problems = read_roster(path, start_year=start_year)
    _require_consent_rights(uow, header, path.name)
    return header, rows, problems, _plan(uow.session, rows, start_year=start_year, problems=problems)


def preview_roster(uow: UnitOfWork, path: Path | str, *, start_year: int) -> RosterPreview:
    """What importing `path` into the year would do; writes nothing."""
    path = Path(path)
    with uow:
        header, rows, problems, plan = _read_and_plan(uow, path, start_year)
    preview = RosterPreview(path.name, start_year, header.row_number, header.unknown, problems=problems,
                            new_classes=[str(c) for c in plan.new_classes], rows=rows, consents=plan.consents,
                            path=path, ignored_personal=personal_columns(header.unknown))
    for _, change in plan.changes:
        {"add": preview.added, "update": preview.updated, "same": preview.unchanged}[change.kind].append(change)
    preview.problems.sort(key=lambda p: (p.row or 0, p.is_warning))
    return preview


def import_roster(uow: UnitOfWork, path: Path | str, *, start_year: int, only_good_rows: bool = False,
                  backup: bool = True, progress: ProgressFn | None = None,
                  cancelled: CancelledFn | None = None) -> ImportSummary:
    """Import the roster in one transaction; with problems nothing is written unless `only_good_rows`."""
    path = Path(path)
    with uow:
        _header, _rows, problems, plan = _read_and_plan(uow, path, start_year)
        errors = [p for p in problems if not p.is_warning]
        if errors and not only_good_rows:
            raise ImportRejected(path.name, problems)
        if not plan.changes:
            raise UserError(f"В файле «{path.name}» нет ни одной строки без ошибок: ничего не загружено.")
        backup_path = None
        writes = [c for c in plan.changes if c[1].kind != "same"]
        if backup and (writes or plan.consents) and uow.database.path is not None:
            backup_path = take_backup(uow.database, reason="before-import")
        session = uow.session
        year = get_or_create_year(session, start_year)
        class_ids = {ClassLabel(g, letter): cid for cid, g, letter in session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(SchoolClass.year_id == year.id))}
        for label in plan.new_classes:
            school_class = SchoolClass(year_id=year.id, grade=label.grade, letter=label.letter)
            session.add(school_class)
            session.flush()
            class_ids[label] = school_class.id
        enrollments = {e.student_id: e for e in session.scalars(
            select(Enrollment).where(Enrollment.year_id == year.id))}
        new_students: list[tuple[RosterRow, Student]] = []
        total = len(writes)
        for done, (row, change) in enumerate(writes, start=1):
            check_cancelled(cancelled, "Загрузка списка отменена")
            if change.kind == "add":
                student = Student(last_name=row.last_name, first_name=row.first_name, patronymic=row.patronymic,
                                  birth_date=row.birth_date, sex=row.sex, has_ovz=bool(row.has_ovz),
                                  has_disability=bool(row.has_disability), external_id=row.external_id)
                session.add(student)
                new_students.append((row, student))
            else:
                student = session.get(Student, change.student_id)
                _apply_row(student, row)
                enrollment = enrollments.get(student.id)
                class_id = class_ids[row.class_label]
                if enrollment is None:
                    session.add(Enrollment(student_id=student.id, year_id=year.id, class_id=class_id))
                elif enrollment.class_id != class_id:
                    enrollment.class_id = class_id
            if progress and done % 50 == 0:
                progress(done, total)
        session.flush()
        session.add_all(Enrollment(student_id=s.id, year_id=year.id, class_id=class_ids[r.class_label])
                        for r, s in new_students)
        new_ids = {r.row: s.id for r, s in new_students}
        consents = record_received(session, {
            change.student_id or new_ids[row.row]: row.consent_on
            for row, change in plan.changes if row.consent_on is not None})
        kinds = [c.kind for _, c in plan.changes]
        summary = ImportSummary(path.name, start_year, kinds.count("add"), kinds.count("update"),
                                kinds.count("same"), len({p.row for p in errors}),
                                tuple(p for p in problems if p.is_warning), backup_path, consents,
                                tuple(str(c) for c in plan.new_classes),
                                tuple(sorted({p.row for p in errors if p.row is not None})))
        uow.audit("students.import", entity="student",
                  details=f"{path.name}: {year_title(start_year)}, добавлено {summary.added}, "
                          f"обновлено {summary.updated}, без изменений {summary.unchanged}")
        if consents:
            uow.audit("consent.received", entity="consent",
                      details=f"загрузка списка «{path.name}»: отмечено согласий: {consents}")
        uow.commit()
        if progress:
            progress(total, total)
        return summary


def _apply_row(student: Student, row: RosterRow) -> None:
    student.last_name, student.first_name, student.patronymic = row.last_name, row.first_name, row.patronymic
    if row.birth_date is not None:
        student.birth_date = row.birth_date
    if row.sex is not None:
        student.sex = row.sex
    if row.has_ovz is not None:
        student.has_ovz = row.has_ovz
    if row.has_disability is not None:
        student.has_disability = row.has_disability
    if row.external_id:
        student.external_id = row.external_id


def personal_columns(unknown: list[str]) -> list[str]:
    """The unknown header cells that hold personal data the program does not collect."""
    from app.services.files.tabular import header_key

    out = []
    for name in unknown:
        key = header_key(name)
        if any(key == w or key.startswith(w + " ") or f" {w}" in f" {key}" for w in PERSONAL_COLUMN_WORDS):
            out.append(name)
    return out


# --- The importer shape ------------------------------------------------------------------------------

def _plan_file(uow: UnitOfWork, path: Path | str, *, start_year: int, progress=None, cancelled=None) -> RosterPreview:
    return preview_roster(uow, path, start_year=start_year)


def _apply_plan(uow: UnitOfWork, plan: RosterPreview, *, load_rest: bool = False, progress=None,
           cancelled=None) -> ImportSummary:
    return import_roster(uow, plan.path, start_year=plan.start_year, only_good_rows=load_rest, progress=progress,
                         cancelled=cancelled)


ROSTER_IMPORT: Importer[RosterPreview, ImportSummary] = Importer("Загрузка списка учащихся", _plan_file, _apply_plan,
                                                                 done="Список учащихся загружен.")

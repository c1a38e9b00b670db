"""Import of a participation log (журнал участия) — years of Excel, or a «Билет в будущее» list.

Columns are recognised by wording. Events are created once per (date, title) and reused on re-import;
students are matched by full name and class in the academic year of the event's date. All or nothing:
a file with any problem is refused whole with every problem listed; the plan is shown before it applies.
Lookups are done in a few batched queries, never one per row (a log may have 50 000 rows)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update

from app.models import AcademicYear, Enrollment, Event, EventType, Participation, Partner, SchoolClass, Student
from app.services.access import Permission
from app.services.storage.backups import take_backup
from app.services.calendar import start_year_of, year_title
from app.services.students.class_label import parse_class_label
from app.services.errors import ImportRejected, Problem, UserError, problem_lines
from app.services.events.events import MAX_HOURS, category_of
from app.services.labels import (ATTENDANCE_MARK_WORDS, COMPETITION_RESULT_WORDS, ORGANIZER_TYPE_LABELS,
                                 ORGANIZER_TYPE_WORDS)
from app.services.files.tabular import ColumnSpec, cell_text, find_header, parse_date, parse_number, read_table_file
from app.services.text import fold, squeeze
from app.services.progress import CancelledFn, ProgressFn
from app.services.uow import UnitOfWork


SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("date", "Дата", ("дата", "дата проведения", "дата мероприятия"), required=True),
    ColumnSpec("title", "Мероприятие", ("мероприятие", "название мероприятия", "наименование мероприятия"),
               required=True),
    ColumnSpec("category", "Категория", ("категория", "категория мероприятия")),
    ColumnSpec("organizer", "Организатор", ("организатор", "организатор мероприятия")),
    ColumnSpec("organizer_type", "Тип организатора", ("тип организатора",)),
    ColumnSpec("full_name", "ФИО", ("фио", "фио обучающегося", "фио учащегося", "обучающийся"), required=True),
    ColumnSpec("class", "Класс", ("класс",), required=True),
    ColumnSpec("mark", "Отметка", ("отметка", "отметка об участии")),
    ColumnSpec("result", "Результат", ("результат", "результат участия")),
    ColumnSpec("competence", "Компетенция", ("компетенция",)),
    ColumnSpec("hours", "Часы", ("часы", "количество часов", "часов")),
)
_LABEL = {s.key: s.label for s in SPECS}


@dataclass(frozen=True)
class LogRow:
    row: int
    date: dt.date
    title: str
    category_text: str
    organizer: str
    organizer_type: str | None
    full_name: str
    grade: int
    letter: str
    status: str
    result: str | None
    competence: str
    hours: float | None
    sheet: str = ""


@dataclass
class ParticipationLog:
    """A file read and checked cell by cell (no database yet)."""

    file_name: str
    rows: list[LogRow]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ParticipationPlan:
    """What the import will do (or did): shown to the user before it applies."""

    file_name: str
    rows: int = 0
    events_new: int = 0
    events_reused: int = 0
    partners_new: int = 0
    marks_new: int = 0
    marks_changed: int = 0
    marks_unchanged: int = 0
    students: int = 0
    warnings: list[Problem] = field(default_factory=list)
    backup: Path | None = None
    # Internal: what to write.
    _new_events: dict[tuple[dt.date, str], dict] = field(default_factory=dict, repr=False)
    _new_partners: dict[str, dict] = field(default_factory=dict, repr=False)
    # Keyed by (event id or new event's key, student id): a later row for the same pair replaces the earlier.
    _inserts: dict[tuple, dict] = field(default_factory=dict, repr=False)
    _updates: dict[tuple, dict] = field(default_factory=dict, repr=False)

    def summary_lines(self) -> list[str]:
        lines = [f"Файл «{self.file_name}»: строк — {self.rows}, обучающихся — {self.students}.",
                 f"Мероприятий: новых — {self.events_new}, уже были в базе — {self.events_reused}.",
                 f"Отметок участия: новых — {self.marks_new}, изменённых — {self.marks_changed}, "
                 f"без изменений — {self.marks_unchanged}."]
        if self.partners_new:
            lines.append(f"Новых партнёров-организаторов: {self.partners_new}.")
        lines += [f"  • {line}" for line in problem_lines(self.warnings)]
        return lines


def _parse_choice(text: str, words: dict[str, str]) -> str | None:
    key = fold(squeeze(text)).rstrip(".")
    return words.get(key)


def read_participation_log(path: Path | str, *, progress: ProgressFn | None = None,
                           cancelled: CancelledFn | None = None) -> ParticipationLog:
    """Read the file and check each cell; problems are collected, not raised."""
    path = Path(path)
    sheets = read_table_file(path)
    best = find_header(sheets, SPECS, file_name=path.name)
    # Lists often come one sheet per class or per event: every sheet with the same columns is read.
    headers = [best] + [h for h in (_sheet_header(sheet, path.name) for sheet in sheets if sheet is not best.sheet)
                        if h is not None]
    order = {id(sheet): i for i, sheet in enumerate(sheets)}
    headers.sort(key=lambda h: order[id(h.sheet)])
    problems: list[Problem] = []
    rows: list[LogRow] = []
    classes: dict[str, tuple[int, str] | str] = {}
    organizer_types = {fold(v): k for k, v in ORGANIZER_TYPE_LABELS.items()} | ORGANIZER_TYPE_WORDS
    data = [(h, row, cells) for h in headers for row, cells in h.data_rows()]
    total = len(data)
    named = len(sheets) > 1
    sheet_name = ""

    def problem(message: str, row: int, key: str, value: object) -> None:
        problems.append(Problem(message, row, _LABEL[key], cell_text(value), sheet_name))

    for n, (header, row, cells) in enumerate(data):
        g = header.get
        sheet_name = header.sheet.name if named else ""
        if n % 2000 == 0:
            if cancelled and cancelled():
                raise UserError("Загрузка отменена. Ничего не записано.")
            if progress:
                progress(n, total)
        ok = True
        raw = g(cells, "date")
        try:
            date = parse_date(raw)
            if date is None:
                problem("не указана дата мероприятия", row, "date", raw)
                ok = False
        except ValueError as exc:
            problem(str(exc), row, "date", raw)
            ok, date = False, None
        title = cell_text(g(cells, "title"))
        if not title:
            problem("не указано название мероприятия", row, "title", "")
            ok = False
        elif len(title) > 500:
            problem("название мероприятия длиннее 500 знаков", row, "title", title[:40] + "…")
            ok = False
        full_name = cell_text(g(cells, "full_name"))
        if not full_name:
            problem("не указаны фамилия и имя обучающегося", row, "full_name", "")
            ok = False
        raw = cell_text(g(cells, "class"))
        cls = classes.get(raw)
        if cls is None:
            try:
                label = parse_class_label(raw)
                cls = classes[raw] = (label.grade, label.letter)
            except UserError as exc:
                cls = classes[raw] = str(exc)
        if isinstance(cls, str):
            problem(cls if raw else "не указан класс", row, "class", raw)
            ok = False
        raw = cell_text(g(cells, "mark"))
        status = "attended" if not raw else _parse_choice(raw, ATTENDANCE_MARK_WORDS)
        if status is None:
            problem("отметка не распознана: нужно «участвовал» или «не явился» (пусто = участвовал)", row, "mark", raw)
            ok = False
        raw = cell_text(g(cells, "result"))
        result = None if not raw else _parse_choice(raw, COMPETITION_RESULT_WORDS)
        if raw and result is None:
            problem("результат не распознан: нужно «участник», «призёр» или «победитель»", row, "result", raw)
            ok = False
        raw = cell_text(g(cells, "organizer_type"))
        org_type = None if not raw else organizer_types.get(fold(raw).rstrip("."))
        if raw and org_type is None:
            problem("тип организатора не распознан: нужно " + ", ".join(f"«{v}»" for v in ORGANIZER_TYPE_LABELS.values()),
                    row, "organizer_type", raw)
            ok = False
        raw = g(cells, "hours")
        try:
            hours = parse_number(raw)
            if hours is not None and not 0 <= hours <= MAX_HOURS:
                raise ValueError(f"часы должны быть от 0 до {MAX_HOURS}")
        except ValueError as exc:
            problem(str(exc), row, "hours", raw)
            ok, hours = False, None
        if ok:
            rows.append(LogRow(row, date, title, cell_text(g(cells, "category")), cell_text(g(cells, "organizer")),
                               org_type, full_name, cls[0], cls[1], status, result,
                               cell_text(g(cells, "competence"))[:300], hours, sheet_name))
    if progress:
        progress(total, total)
    return ParticipationLog(path.name, rows, problems)


def _sheet_header(sheet, file_name: str):
    """The header of one more sheet, if it has the required columns; None for a sheet of something else."""
    try:
        return find_header([sheet], SPECS, file_name=file_name)
    except UserError:
        return None


def _name_key(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))


def plan_participation_import(uow: UnitOfWork, log: ParticipationLog) -> ParticipationPlan:
    """Resolve events, students and partners against the database; ImportRejected lists every problem."""
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        uow.require(Permission.EDIT_ATTENDANCE)
        return _resolve(uow.session, log)


def _resolve(s, log: ParticipationLog) -> ParticipationPlan:
    problems = list(log.problems)
    plan = ParticipationPlan(log.file_name, rows=len(log.rows) + len({p.row for p in log.problems}))
    if not log.rows:
        if not problems:
            problems.append(Problem("в файле нет ни одной строки с участием обучающихся"))
        raise ImportRejected(log.file_name, problems)
    def problem(message: str, row: LogRow, key: str, value: str) -> None:
        problems.append(Problem(message, row.row, _LABEL[key], value, row.sheet))

    # Years and the roster of each year, in one query.
    starts = {start_year_of(r.date) for r in log.rows}
    year_ids = dict(s.execute(select(AcademicYear.start_year, AcademicYear.id)
                              .where(AcademicYear.start_year.in_(starts))).all())
    full: dict[tuple, list[int]] = {}
    short: dict[tuple, list[int]] = {}
    classes_known: set[tuple[int, int, str]] = set()
    for year_id, grade, letter in s.execute(select(SchoolClass.year_id, SchoolClass.grade, SchoolClass.letter)
                                            .where(SchoolClass.year_id.in_(year_ids.values()))):
        classes_known.add((year_id, grade, letter.upper()))
    for year_id, grade, letter, sid, last, first, patronymic in s.execute(
            select(Enrollment.year_id, SchoolClass.grade, SchoolClass.letter, Student.id, Student.last_name,
                   Student.first_name, Student.patronymic)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .join(Student, Student.id == Enrollment.student_id)
            .where(Enrollment.year_id.in_(year_ids.values()))):
        cls = (year_id, grade, letter.upper())
        full.setdefault(cls + (_name_key(last, first, patronymic),), []).append(sid)
        short.setdefault(cls + (_name_key(last, first),), []).append(sid)

    # Events already in the database for these dates.
    first_day, last_day = min(r.date for r in log.rows), max(r.date for r in log.rows)
    events: dict[tuple[dt.date, str], tuple[int, float, str]] = {}
    for eid, day, title, hours, category in s.execute(
            select(Event.id, Event.starts_on, Event.title, Event.hours, Event.category)
            .where(Event.starts_on.between(first_day, last_day)).order_by(Event.id)):
        events.setdefault((day, fold(squeeze(title))), (eid, hours, category))
    existing: dict[tuple[int, int], tuple] = {}
    for pid, eid, sid, status, result, competence, hours in s.execute(
            select(Participation.id, Participation.event_id, Participation.student_id, Participation.status,
                   Participation.result, Participation.competence, Participation.hours)
            .join(Event, Event.id == Participation.event_id)
            .where(Event.starts_on.between(first_day, last_day))):
        existing[(eid, sid)] = (pid, status, result, competence, hours)
    user_types = {fold(n): c for n, c in s.execute(select(EventType.name, EventType.category))}
    type_ids = {fold(n): i for n, i in s.execute(select(EventType.name, EventType.id))}
    partners: dict[str, tuple[int | None, str]] = {}
    for pid, name, short_name, ptype in s.execute(select(Partner.id, Partner.name, Partner.short_name, Partner.type)):
        partners[fold(name)] = (pid, ptype)
        if short_name:
            partners.setdefault(fold(short_name), (pid, ptype))

    seen: dict[tuple, int] = {}
    categories: dict[str, str | None] = {}
    titles: dict[str, str] = {}
    reused: set[int] = set()
    students: set[int] = set()
    for r in log.rows:
        year_id = year_ids.get(start_year_of(r.date))
        cls = (year_id, r.grade, r.letter)
        if year_id is None:
            problem(f"в базе нет списка классов {year_title(start_year_of(r.date))} учебного года "
                    "(год определяется по дате мероприятия)", r, "date", r.date.strftime("%d.%m.%Y"))
            continue
        if cls not in classes_known:
            problem(f"класса {r.grade}{r.letter} нет в {year_title(start_year_of(r.date))} учебном году", r, "class",
                    f"{r.grade}{r.letter}")
            continue
        name = fold(r.full_name)   # cell_text has already squeezed the spaces
        ids = full.get(cls + (name,))
        if ids is None and len(name.split()) == 2:
            ids = short.get(cls + (name,))
        if not ids:
            problem(f"обучающийся не найден в классе {r.grade}{r.letter} в {year_title(start_year_of(r.date))} "
                    "учебном году", r, "full_name", r.full_name)
            continue
        if len(ids) > 1:
            problem(f"в классе {r.grade}{r.letter} несколько обучающихся с таким ФИО — отметьте участие вручную",
                    r, "full_name", r.full_name)
            continue
        sid = ids[0]
        if r.category_text not in categories:
            categories[r.category_text] = category_of(r.category_text, user_types)
        category = categories[r.category_text]
        if r.category_text and category is None:
            problem("категория не распознана: нужно одно из названий категорий мероприятий или тип мероприятия",
                    r, "category", r.category_text)
            continue
        folded = titles.get(r.title)
        if folded is None:
            folded = titles[r.title] = fold(r.title)
        key = (r.date, folded)
        found = events.get(key)
        if found is None and key not in plan._new_events:
            if category is None:
                problem("не указана категория нового мероприятия", r, "category", "")
                continue
            org_type, partner_key = _organizer(r, partners, plan)
            plan._new_events[key] = dict(
                title=squeeze(r.title), category=category, starts_on=r.date, organizer_type=org_type,
                partner_key=partner_key, hours=r.hours or 0.0,
                event_type_id=type_ids.get(fold(r.category_text)), target_grades="", notes="")
        if found is not None:
            event_ref: tuple | int = found[0]
            event_hours = found[1]
            reused.add(found[0])
        else:
            event_ref = key
            event_hours = plan._new_events[key]["hours"]
        hours = None if r.hours is None or r.hours == event_hours else r.hours
        values = dict(status=r.status, result=r.result, competence=r.competence, hours=hours)
        dup_key = (event_ref, sid)
        if dup_key in seen:
            plan.warnings.append(Problem(f"обучающийся уже отмечен на этом мероприятии в строке {seen[dup_key]}; "
                                         "учтена последняя строка", r.row, _LABEL["full_name"], r.full_name, r.sheet,
                                         is_warning=True))
            # The later row wins: it replaces the earlier planned write below.
        seen[dup_key] = r.row
        students.add(sid)
        before = existing.get((event_ref, sid)) if isinstance(event_ref, int) else None
        if before is None:
            plan._inserts[dup_key] = dict(student_id=sid, **values)
        elif before[1:] != (values["status"], values["result"], values["competence"], values["hours"]):
            plan._updates[dup_key] = dict(id=before[0], **values)
        else:
            plan._updates[dup_key] = dict(id=before[0], _same=True)
    if any(not p.is_warning for p in problems):
        raise ImportRejected(log.file_name, problems)
    plan.warnings = [p for p in problems if p.is_warning] + plan.warnings
    plan.events_new = len(plan._new_events)
    plan.events_reused = len(reused)
    plan.partners_new = len(plan._new_partners)
    plan.marks_new = len(plan._inserts)
    plan.marks_unchanged = sum(1 for u in plan._updates.values() if u.get("_same"))
    plan.marks_changed = len(plan._updates) - plan.marks_unchanged
    plan.students = len(students)
    return plan


def _organizer(r: LogRow, partners: dict, plan: ParticipationPlan) -> tuple[str, str | None]:
    """(organizer type, key of the partner) of a new event; an unknown partner named in the log is added."""
    name = squeeze(r.organizer)
    key = fold(name)
    if r.organizer_type == "school" or (not name and r.organizer_type in (None, "school")):
        return "school", None
    if not name or key in ("школа", "оо"):
        return r.organizer_type or "school", None
    if key in partners:
        return r.organizer_type or partners[key][1], key
    ptype = r.organizer_type or "other"
    plan._new_partners.setdefault(key, dict(name=name, type=ptype))
    partners[key] = (None, ptype)
    return ptype, key


def apply_participation_import(uow: UnitOfWork, log: ParticipationLog, *, backup: bool = True,
                               progress: ProgressFn | None = None) -> ParticipationPlan:
    """Write the log in one transaction (a checked backup copy first); returns what was done."""
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        uow.require(Permission.EDIT_ATTENDANCE)
        s = uow.session
        # Resolved again inside the writing transaction, so what is written matches the database now.
        plan = _resolve(s, log)
        if backup and uow.database.path is not None:
            plan.backup = take_backup(uow.database, reason="before-import")
        partner_ids = {fold(n): i for i, n in s.execute(select(Partner.id, Partner.name))}
        partner_ids |= {fold(n): i for i, n in s.execute(select(Partner.id, Partner.short_name)) if n}
        for key, values in plan._new_partners.items():
            partner = Partner(name=values["name"], type=values["type"], in_region=True)
            s.add(partner)
            s.flush()
            partner_ids[key] = partner.id
        event_ids: dict[tuple, int] = {}
        for key, values in plan._new_events.items():
            values = dict(values)
            partner_key = values.pop("partner_key")
            event = Event(**values, organizer_partner_id=partner_ids.get(partner_key) if partner_key else None)
            s.add(event)
            event_ids[key] = event
        s.flush()
        event_ids = {k: e.id for k, e in event_ids.items()}
        if progress:
            progress(1, 3)
        rows = [dict(event_id=event_ids[ref] if isinstance(ref, tuple) else ref, **values)
                for (ref, _sid), values in plan._inserts.items()]
        # Core executemany: the ORM's bulk path costs more than the insert itself at this size.
        connection = s.connection()
        for start in range(0, len(rows), 5000):
            connection.execute(insert(Participation.__table__), rows[start:start + 5000])
        if progress:
            progress(2, 3)
        changes = [u for u in plan._updates.values() if not u.get("_same")]
        if changes:
            s.execute(update(Participation), changes)
        uow.audit("participation.import", entity="participation",
                  details=f"{log.file_name}: мероприятий новых {plan.events_new}, отметок новых {plan.marks_new}, "
                          f"изменённых {plan.marks_changed}")
        uow.commit()
        if progress:
            progress(3, 3)
        return plan

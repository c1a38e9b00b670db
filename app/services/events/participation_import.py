"""Import of a participation log (журнал участия) or of the «Билет в будущее» platform's exports, read row by
row by participation_read (a log may have a million rows), resolved against the database batch by batch.

What each layout becomes:
- a log (Дата, Мероприятие, ФИО, Класс…): one participation per row;
- a platform list per student: each (trial, date) of its comma-separated lists an event of category
  `bvb_trial`, each (diagnostic topic, date) one of `bvb_diagnostics`, the platform as organiser;
- a platform list of one event (its name and date above the table): one participation per row;
- a count-only summary: the counts kept per student and year as platform figures (app.models.PlatformFigures),
  never turned into events.
Students are matched by full name and birth date when the file has it, else by full name and class, in the
academic year of the event's date; «Иванов И.И.» matches only when exactly one student fits.

Events are created once per (date, title) through the one event factory (events.new_event) and reused on
re-import. All or nothing: the plan lists every problem; students the roster does not have may be skipped on
request (`skip_unknown`), and what was skipped goes into the audit entry."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import and_, insert, select, update

from app.models import AcademicYear, Enrollment, Event, EventType, Participation, Partner, SchoolClass, Student
from app.services import settings
from app.services.access import Permission
from app.services.accounts.concurrency import bump_versions
from app.services.calendar import start_year_of, year_title
from app.services.errors import ImportRejected, Problem, problem_lines
from app.services.events.events import EventData, category_of, new_event
from app.services.events.participation_read import (CANCELLED, COLUMN_LABELS, INITIALS, LAYOUT_LABELS, LOG,
                                                     PLATFORM, PLATFORM_PARTNER, SPECS, SUMMARY, LogRow,
                                                     ParticipationLog, RowReader, read_participation_log,
                                                     split_list)
from app.services.files.importing import Importer, ImportPreview, PreviewTable
from app.services.progress import CancelledFn, ProgressFn, check_cancelled
from app.services.storage.backups import take_backup
from app.services.storage.bulk import bigger_page_cache
from app.services.text import fold, squeeze
from app.services.uow import UnitOfWork

__all__ = ["SPECS", "LogRow", "ParticipationLog", "ParticipationPlan", "PARTICIPATION_IMPORT",
           "apply_participation_import", "check_participation_log", "plan_participation_import",
           "read_participation_log", "split_list"]

BATCH = 5000
MAX_KEPT_PROBLEMS = 5000


# --- The plan -----------------------------------------------------------------------------------------

@dataclass
class ParticipationPlan:
    """What the import will do (or did): shown to the user before it applies."""

    file_name: str
    layout: str = LOG
    rows: int = 0
    events_new: int = 0
    events_reused: int = 0
    partners_new: int = 0
    marks_new: int = 0
    marks_changed: int = 0
    marks_unchanged: int = 0
    students: int = 0
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # errors: nothing is written while there are any
    unknown: list[Problem] = field(default_factory=list)    # students the roster does not have (may be skipped)
    problem_count: int = 0                                  # problems found, also those not kept
    skipped: int = 0                                        # rows left out with `skip_unknown`
    figures_new: int = 0                                    # SUMMARY: students' platform figures
    figures_changed: int = 0
    figures_unchanged: int = 0
    backup: Path | None = None
    log: ParticipationLog | None = field(default=None, repr=False)
    # Events already in the database whose marks this import added or changed (their versions move on).
    changed_events: set[int] = field(default_factory=set, repr=False)

    @property
    def writes(self) -> int:
        return self.marks_new + self.marks_changed + self.figures_new + self.figures_changed

    @property
    def resolved(self) -> int:
        return self.writes + self.marks_unchanged + self.figures_unchanged

    def summary_lines(self) -> list[str]:
        lines = [f"Файл «{self.file_name}» ({LAYOUT_LABELS[self.layout]}): строк — {self.rows}, "
                 f"обучающихся — {self.students}."]
        if self.layout == SUMMARY:
            lines.append(f"Показателей платформы по обучающимся: новых — {self.figures_new}, изменённых — "
                         f"{self.figures_changed}, без изменений — {self.figures_unchanged}. Мероприятия из сводной "
                         "выгрузки не создаются.")
        else:
            lines += [f"Мероприятий: новых — {self.events_new}, уже были в базе — {self.events_reused}.",
                      f"Отметок участия: новых — {self.marks_new}, изменённых — {self.marks_changed}, "
                      f"без изменений — {self.marks_unchanged}."]
        if self.partners_new:
            lines.append(f"Новых партнёров-организаторов: {self.partners_new}.")
        if self.skipped:
            lines.append(f"Пропущено строк с обучающимися, которых нет в списке школы: {self.skipped}.")
            lines += [f"  • {line}" for line in problem_lines(self.unknown)]
        lines += [f"  • {line}" for line in problem_lines(self.warnings)]
        return lines

    def preview(self, *, skip_unknown: bool = False) -> ImportPreview:
        if self.layout == SUMMARY:
            counts = [("Строк", self.rows), ("Обучающихся", self.students),
                      ("Новых показателей платформы", self.figures_new), ("Изменённых", self.figures_changed),
                      ("Без изменений", self.figures_unchanged)]
        else:
            counts = [("Строк", self.rows), ("Обучающихся", self.students), ("Новых мероприятий", self.events_new),
                      ("Мероприятий уже в базе", self.events_reused), ("Новых отметок участия", self.marks_new),
                      ("Изменённых отметок", self.marks_changed), ("Отметок без изменений", self.marks_unchanged)]
        if self.partners_new:
            counts.append(("Новых партнёров-организаторов", self.partners_new))
        notes = [f"Вид файла: {LAYOUT_LABELS[self.layout]}."]
        if self.problem_count > len(self.problems) + len(self.unknown):
            notes.append(f"Всего ошибок: {self.problem_count}; показаны первые.")
        problems = self.problems + self.unknown + self.warnings
        tables = []
        if self.unknown:
            tables.append(PreviewTable("Нет в списке школы", ("Строка", "ФИО", "Почему"),
                                       [(p.row, p.value, p.message) for p in self.unknown], "import_unknown"))
        writes = self.writes
        if self.layout == SUMMARY:
            notes.append("Из сводной выгрузки мероприятия не создаются: количества хранятся у обучающегося за "
                         "учебный год и учитываются в показателях «прошли хотя бы одну пробу / диагностику».")
        return ImportPreview(
            "Загрузка журнала участия", self.file_name, counts, problems, tables, notes,
            rest_option=("Загрузить остальных: пропустить обучающихся, которых нет в списке школы"
                         if self.unknown and not self.problems else ""),
            nothing_to_do="" if writes or self.unknown or self.problems else
            "Все сведения из файла уже есть в базе: загружать нечего.")


@dataclass
class _Roster:
    """One year's students, indexed every way a file may name them."""

    classes: set[tuple[int, str]] = field(default_factory=set)
    full: dict[tuple, list[int]] = field(default_factory=dict)        # (grade, letter, name)
    short: dict[tuple, list[int]] = field(default_factory=dict)       # (grade, letter, surname name)
    by_birth: dict[tuple, list[int]] = field(default_factory=dict)    # (name, birth) and (surname name, birth)
    by_surname: dict[tuple, list[tuple[int, str, str, dt.date | None]]] = field(default_factory=dict)


def _name_key(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))


class _Resolver:
    """Resolves rows against the database batch by batch; with `write`, writes them as it goes."""

    def __init__(self, uow: UnitOfWork, log: ParticipationLog, *, write: bool, skip_unknown: bool,
                 progress: ProgressFn | None, cancelled: CancelledFn | None, total: int = 0):
        self.uow, self.s, self.log, self.write = uow, uow.session, log, write
        self.skip_unknown, self.progress, self.cancelled, self.total = skip_unknown, progress, cancelled, total
        self.plan = ParticipationPlan(log.file_name, log.layout, log=log)
        s = self.s
        self.year_ids = dict(s.execute(select(AcademicYear.start_year, AcademicYear.id)).all())
        self.rosters: dict[int, _Roster] = {}
        self.found: dict[tuple, int | tuple] = {}
        self.events: dict[tuple[dt.date, str], tuple[int, float]] = {}
        for eid, day, title, hours in s.execute(select(Event.id, Event.starts_on, Event.title, Event.hours)
                                                .order_by(Event.id)):
            self.events.setdefault((day, fold(squeeze(title))), (eid, hours))
        self.new_events: dict[tuple[dt.date, str], tuple[int, float]] = {}   # plan: negative refs
        self.user_types = {fold(n): c for n, c in s.execute(select(EventType.name, EventType.category))}
        self.type_ids = {fold(n): i for n, i in s.execute(select(EventType.name, EventType.id))}
        self.partners: dict[str, tuple[int | None, str]] = {}
        for pid, name, short_name, ptype in s.execute(select(Partner.id, Partner.name, Partner.short_name,
                                                             Partner.type)):
            self.partners[fold(name)] = (pid, ptype)
            if short_name:
                self.partners.setdefault(fold(short_name), (pid, ptype))
        self.partner_names: dict[str, str] = {}
        self.categories: dict[str, str | None] = {}
        self.titles: dict[str, str] = {}
        self.reused: set[int] = set()
        self.changed_events: set[int] = set()
        self.students: set[int] = set()
        self.seen: dict[int, int] = {}          # pair key → (file row << 2) | kind (0 new, 1 changed, 2 same)
        self.batch: list[tuple[LogRow, int, int]] = []   # (row, event ref, student id)
        self.figure_batch: list[tuple[LogRow, int, int, dt.date | None]] = []   # (row, year, student, archived)
        self.figures_seen: dict[tuple[int, int], int] = {}     # (year id, student id) → file row
        current = s.scalar(select(AcademicYear.start_year).where(AcademicYear.is_current.is_(True)))
        self.current_start: int | None = current
        self.bad_rows: set[tuple[str, int]] = set()
        self.unknown_rows: set[tuple[str, int]] = set()
        self.done = 0

    # Problems ---------------------------------------------------------------------------------------
    def add_problem(self, problem: Problem, *, unknown: bool = False) -> None:
        plan = self.plan
        plan.problem_count += 1
        key = (problem.sheet, problem.row or 0)
        (self.unknown_rows if unknown else self.bad_rows).add(key)
        target = plan.unknown if unknown else plan.problems
        if len(plan.problems) + len(plan.unknown) < MAX_KEPT_PROBLEMS:
            target.append(problem)

    def problem(self, message: str, r: LogRow, key: str, value: str, *, unknown: bool = False) -> None:
        self.add_problem(Problem(message, r.row, COLUMN_LABELS[key], value, r.sheet), unknown=unknown)

    # The roster -------------------------------------------------------------------------------------
    def roster(self, year_id: int) -> _Roster:
        found = self.rosters.get(year_id)
        if found is not None:
            return found
        roster = self.rosters[year_id] = _Roster()
        for grade, letter in self.s.execute(select(SchoolClass.grade, SchoolClass.letter)
                                            .where(SchoolClass.year_id == year_id)):
            roster.classes.add((grade, letter.upper()))
        for grade, letter, sid, last, first, patronymic, birth in self.s.execute(
                select(SchoolClass.grade, SchoolClass.letter, Student.id, Student.last_name, Student.first_name,
                       Student.patronymic, Student.birth_date)
                .select_from(Enrollment)
                .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
                .join(Student, Student.id == Enrollment.student_id)
                .where(Enrollment.year_id == year_id)):
            cls = (grade, letter.upper())
            full, short = _name_key(last, first, patronymic), _name_key(last, first)
            roster.full.setdefault(cls + (full,), []).append(sid)
            roster.short.setdefault(cls + (short,), []).append(sid)
            if birth is not None:
                roster.by_birth.setdefault((full, birth), []).append(sid)
                if short != full:
                    roster.by_birth.setdefault((short, birth), []).append(sid)
            roster.by_surname.setdefault(cls + (fold(last),), []).append((sid, fold(first), fold(patronymic), birth))
            roster.by_surname.setdefault(("*", "*", fold(last)), []).append((sid, fold(first), fold(patronymic),
                                                                            birth))
        return roster

    def student(self, r: LogRow) -> int | None:
        """The student a row names; the answer for a (year, name, class, birth date) is worked out once."""
        start = start_year_of(r.date)
        key = (start, r.full_name, r.grade, r.letter, r.birth_date)
        found = self.found.get(key)
        if found is None:
            if len(self.found) >= RowReader.CACHE_LIMIT:
                self.found.clear()
            found = self.found[key] = self._find_student(r, start)
        if isinstance(found, int):
            return found
        message, column, value, unknown = found
        self.problem(message, r, column, value, unknown=unknown)
        return None

    def _find_student(self, r: LogRow, start: int) -> int | tuple[str, str, str, bool]:
        """A student id, or (message, column, value, whether the roster just lacks them)."""
        year_id = self.year_ids.get(start)
        if year_id is None:
            return (f"в базе нет списка классов {year_title(start)} учебного года (год определяется по дате "
                    "мероприятия)", "date", r.date.strftime("%d.%m.%Y"), False)
        roster = self.roster(year_id)
        cls = (r.grade, r.letter)
        label = f"{r.grade}{r.letter}"
        if cls not in roster.classes and r.birth_date is None:
            return f"класса {label} нет в {year_title(start)} учебном году", "class", label, True
        name = fold(r.full_name)
        ids: list[int] | None
        initials = INITIALS.match(squeeze(r.full_name))
        if initials and "." in r.full_name:
            ids = self._by_initials(roster, r, initials)
        elif r.birth_date is not None:
            ids = roster.by_birth.get((name, r.birth_date))
        else:
            ids = roster.full.get(cls + (name,))
            if ids is None and len(name.split()) == 2:
                ids = roster.short.get(cls + (name,))
        if not ids:
            where = (f"с датой рождения {r.birth_date:%d.%m.%Y}" if r.birth_date is not None
                     else f"в классе {label}")
            return (f"обучающийся не найден {where} в {year_title(start)} учебном году (выбыл или опечатка "
                    "в ФИО)", "full_name", r.full_name, True)
        if len(set(ids)) > 1:
            how = "по инициалам подходят несколько обучающихся" if initials and "." in r.full_name else \
                f"в классе {label} несколько обучающихся с таким ФИО"
            return f"{how} — отметьте участие вручную", "full_name", r.full_name, False
        return ids[0]

    @staticmethod
    def _by_initials(roster: _Roster, r: LogRow, m: re.Match) -> list[int]:
        last, first, middle = fold(m.group(1)), fold(m.group(2)), fold(m.group(3) or "")
        key = ("*", "*", last) if r.birth_date is not None else (r.grade, r.letter, last)
        return [sid for sid, f, p, birth in roster.by_surname.get(key, [])
                if f.startswith(first) and (not middle or p.startswith(middle))
                and (r.birth_date is None or birth == r.birth_date)]

    # Events -----------------------------------------------------------------------------------------
    def event(self, r: LogRow) -> tuple[int, float] | None:
        category = r.category
        if category is None:
            if r.category_text not in self.categories:
                self.categories[r.category_text] = category_of(r.category_text, self.user_types)
            category = self.categories[r.category_text]
            if r.category_text and category is None:
                self.problem("категория не распознана: нужно одно из названий категорий мероприятий или тип "
                             "мероприятия", r, "category", r.category_text)
                return None
        folded = self.titles.get(r.title)
        if folded is None:
            folded = self.titles[r.title] = fold(squeeze(r.title))
        key = (r.date, folded)
        found = self.events.get(key)
        if found is not None:
            self.reused.add(found[0])
            return found
        found = self.new_events.get(key)
        if found is not None:
            return found
        if category is None:
            self.problem("не указана категория нового мероприятия", r, "category", "")
            return None
        org_type, partner_key = self.organizer(r)
        if self.write:
            partner_id = self.partner_id(partner_key) if partner_key else None
            event = new_event(self.s, EventData(
                title=r.title, category=category, starts_on=r.date, organizer_type=org_type,
                organizer_partner_id=partner_id, hours=r.hours or 0.0,
                event_type_id=self.type_ids.get(fold(r.category_text)) if r.category is None else None,
                notes=f"Загружено с платформы «{PLATFORM}»" if r.platform else ""))
            ref = (event.id, event.hours)
        else:
            ref = (-(len(self.new_events) + 1), r.hours or 0.0)
        self.new_events[key] = ref
        return ref

    def organizer(self, r: LogRow) -> tuple[str, str | None]:
        """(organizer type, key of the partner) of a new event; an unknown partner named in the log is added."""
        name = squeeze(r.organizer)
        key = fold(name)
        if r.organizer_type == "school" or (not name and r.organizer_type in (None, "school")):
            return "school", None
        if not name or key in ("школа", "оо"):
            return r.organizer_type or "school", None
        if key in self.partners:
            return r.organizer_type or self.partners[key][1], key
        ptype = r.organizer_type or "other"
        self.partners[key] = (None, ptype)
        self.partner_names[key] = name
        self.plan.partners_new += 1
        return ptype, key

    def partner_id(self, key: str) -> int:
        pid, ptype = self.partners[key]
        if pid is None:
            # The federal platform is not a partner of the region; a partner named in a log is taken as local.
            partner = Partner(name=self.partner_names[key], type=ptype, in_region=key != fold(PLATFORM_PARTNER))
            self.s.add(partner)
            self.s.flush()
            pid = partner.id
            self.partners[key] = (pid, ptype)
        return pid

    # The pass ---------------------------------------------------------------------------------------
    def run(self, max_rows: int) -> ParticipationPlan:
        for marks, problems in self.log.rows(max_rows=max_rows):
            self.plan.rows += 1
            self.done += 1
            if self.done % BATCH == 0:
                check_cancelled(self.cancelled, CANCELLED)
                if self.progress:
                    # The preview pass cannot know the length of a streamed file: total 0 says «unknown».
                    self.progress(self.done, max(self.total, self.done) if self.total else 0)
            for p in problems:
                self.add_problem(p)
            for r in marks:
                if r.figures is not None:
                    self.add_figures(r)
                    continue
                sid = self.student(r)
                if sid is None:
                    continue
                ref = self.event(r)
                if ref is None:
                    continue
                self.batch.append((r, ref[0], sid))
            if len(self.batch) >= BATCH:
                self.flush()
            if len(self.figure_batch) >= BATCH:
                self.flush_figures()
        self.flush()
        self.flush_figures()
        plan = self.plan
        if not plan.rows:
            self.add_problem(Problem("в файле нет ни одной строки с участием обучающихся"))
        plan.events_new = len(self.new_events)
        plan.events_reused = len(self.reused)
        plan.changed_events = self.changed_events & self.reused
        plan.students = len(self.students)
        plan.skipped = len(self.unknown_rows - self.bad_rows)
        if self.progress:
            self.progress(self.done, self.done)
        return plan

    # Platform figures (count-only summaries) ----------------------------------------------------------
    def add_figures(self, r: LogRow) -> None:
        archived = r.date
        if r.date is None:
            if self.current_start is None:
                self.problem("в файле нет «Дата архивации», а текущий учебный год в программе не выбран: "
                             "неясно, к какому году отнести количества", r, "full_name", r.full_name)
                return
            r = replace(r, date=dt.date(self.current_start, 9, 1))
        sid = self.student(r)
        if sid is None:
            return
        self.figure_batch.append((r, self.year_ids[start_year_of(r.date)], sid, archived))

    def flush_figures(self) -> None:
        from app.models import PlatformFigures

        batch, self.figure_batch = self.figure_batch, []
        if not batch:
            return
        existing = {(y, sid): (fid, (d, t, e, m)) for fid, y, sid, d, t, e, m in self.s.execute(
            select(PlatformFigures.id, PlatformFigures.year_id, PlatformFigures.student_id,
                   PlatformFigures.diagnostics, PlatformFigures.trials, PlatformFigures.excursions,
                   PlatformFigures.master_classes)
            .where(PlatformFigures.year_id.in_({b[1] for b in batch}),
                   PlatformFigures.student_id.in_({b[2] for b in batch})))}
        inserts: dict[tuple[int, int], dict] = {}
        updates: list[dict] = []
        plan = self.plan
        for r, year_id, sid, archived in batch:
            key = (year_id, sid)
            self.students.add(sid)
            values = dict(diagnostics=r.figures[0], trials=r.figures[1], excursions=r.figures[2],
                          master_classes=r.figures[3], archived_on=archived, source=self.log.file_name[:300])
            if key in self.figures_seen:
                plan.warnings.append(Problem(
                    f"этот обучающийся уже указан в строке {self.figures_seen[key]}; учтена последняя строка",
                    r.row, COLUMN_LABELS["full_name"], r.full_name, r.sheet, is_warning=True))
                if key in inserts:
                    inserts[key] = dict(student_id=sid, year_id=year_id, **values)
                    continue
            self.figures_seen[key] = r.row
            before = existing.get(key)
            if before is None:
                if key not in inserts:
                    plan.figures_new += 1
                inserts[key] = dict(student_id=sid, year_id=year_id, **values)
            elif before[1] != r.figures:
                plan.figures_changed += 1
                updates.append(dict(id=before[0], **values))
            else:
                plan.figures_unchanged += 1
        if self.write:
            if inserts:
                self.s.connection().execute(insert(PlatformFigures.__table__), list(inserts.values()))
            if updates:
                self.s.execute(update(PlatformFigures), updates)

    def _existing(self, refs: set[int], sids: set[int]) -> dict[tuple[int, int], tuple]:
        if not refs:
            return {}
        out = {}
        for pid, eid, sid, status, result, competence, hours in self.s.execute(
                select(Participation.id, Participation.event_id, Participation.student_id, Participation.status,
                       Participation.result, Participation.competence, Participation.hours)
                .where(Participation.event_id.in_(refs), Participation.student_id.in_(sids))):
            out[(eid, sid)] = (pid, status, result, competence, hours)
        return out

    def flush(self) -> None:
        """Classify the batch's marks against the database (and write them)."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        existing = self._existing({ref for _, ref, _ in batch if ref > 0}, {sid for _, _, sid in batch})
        inserts: list[dict] = []
        updates: list[dict] = []
        event_hours = {ref: hours for ref, hours in list(self.events.values()) + list(self.new_events.values())}
        for r, ref, sid in batch:
            hours = None if r.hours is None or r.hours == event_hours.get(ref) else r.hours
            values = (r.status, r.result, r.competence, hours)
            key = ref * (1 << 32) + sid
            before = existing.get((ref, sid)) if ref > 0 else None
            earlier = self.seen.get(key)
            self.students.add(sid)
            if earlier is not None:
                self.plan.warnings.append(Problem(
                    f"обучающийся уже отмечен на этом мероприятии в строке {earlier >> 2}; учтена последняя строка",
                    r.row, COLUMN_LABELS["full_name"], r.full_name, r.sheet, is_warning=True))
                kind = earlier & 3
                if kind != 0:   # compared with the database again: the later row is the one that counts
                    if before is None:
                        before = self._existing({ref}, {sid}).get((ref, sid))
                    new_kind = 1 if before is not None and before[1:] != values else 2
                    self._count(kind, -1)
                    self._count(new_kind, +1)
                    kind = new_kind
                self.seen[key] = (r.row << 2) | kind
                if kind != 2:
                    self.changed_events.add(ref)
                if self.write:
                    self._flush_writes(inserts, updates)
                    inserts, updates = [], []
                    self.s.execute(update(Participation).where(and_(Participation.event_id == ref,
                                                                    Participation.student_id == sid))
                                   .values(status=r.status, result=r.result, competence=r.competence, hours=hours))
                continue
            if before is None:
                kind = 0
                inserts.append((ref, sid, r.status, r.result, r.competence, hours))
            elif before[1:] != values:
                kind = 1
                updates.append(dict(id=before[0], status=r.status, result=r.result, competence=r.competence,
                                    hours=hours))
            else:
                kind = 2
            self._count(kind, +1)
            self.seen[key] = (r.row << 2) | kind
            if kind != 2:
                self.changed_events.add(ref)
        if self.write:
            self._flush_writes(inserts, updates)

    def _count(self, kind: int, delta: int) -> None:
        if kind == 0:
            self.plan.marks_new += delta
        elif kind == 1:
            self.plan.marks_changed += delta
        else:
            self.plan.marks_unchanged += delta

    def _flush_writes(self, inserts: list[tuple], updates: list[dict]) -> None:
        if inserts:
            _insert_marks(self.s.connection(), inserts)
        if updates:
            self.s.execute(update(Participation), updates)


_MARK_COLUMNS = ("event_id", "student_id", "status", "result", "competence", "hours")
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _insert_marks(connection, rows: list[tuple]) -> None:
    """Plain tuples straight to the driver's executemany: at a million rows SQLAlchemy's per-row parameter
    processing costs as much as the insert itself. Drivers of another parameter style take the Core path."""
    mark = _PLACEHOLDERS.get(connection.dialect.paramstyle)
    if mark is None:
        connection.execute(insert(Participation.__table__), [dict(zip(_MARK_COLUMNS, r)) for r in rows])
        return
    connection.exec_driver_sql(f"INSERT INTO {Participation.__tablename__} ({', '.join(_MARK_COLUMNS)}) "
                               f"VALUES ({', '.join([mark] * len(_MARK_COLUMNS))})", rows)


def _resolve(uow: UnitOfWork, log: ParticipationLog, *, write: bool, skip_unknown: bool = False,
             progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
             total: int = 0) -> ParticipationPlan:
    max_rows = settings.read_in(uow.session, settings.PARTICIPATION_MAX_ROWS)
    return _Resolver(uow, log, write=write, skip_unknown=skip_unknown, progress=progress, cancelled=cancelled,
                     total=total).run(max_rows)


def _refuse(plan: ParticipationPlan, *, skip_unknown: bool) -> None:
    if plan.problems or (plan.unknown and not skip_unknown):
        raise ImportRejected(plan.file_name, plan.problems + plan.unknown + plan.warnings)
    if skip_unknown and plan.unknown and not plan.resolved:
        raise ImportRejected(plan.file_name, plan.unknown)


def plan_participation_import(uow: UnitOfWork, log: ParticipationLog, *, progress: ProgressFn | None = None,
                              cancelled: CancelledFn | None = None) -> ParticipationPlan:
    """Resolve events, students and partners against the database; ImportRejected lists every problem."""
    plan = check_participation_log(uow, log, progress=progress, cancelled=cancelled)
    _refuse(plan, skip_unknown=False)
    return plan


def check_participation_log(uow: UnitOfWork, log: ParticipationLog, *, progress: ProgressFn | None = None,
                            cancelled: CancelledFn | None = None) -> ParticipationPlan:
    """The plan with its problems listed, not raised (for the preview). Writes nothing."""
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        uow.require(Permission.EDIT_ATTENDANCE)
        return _resolve(uow, log, write=False, progress=progress, cancelled=cancelled)


def apply_participation_import(uow: UnitOfWork, log: ParticipationLog, *, backup: bool = True,
                               progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
                               skip_unknown: bool = False, checked: ParticipationPlan | None = None
                               ) -> ParticipationPlan:
    """Write the log in one transaction (a checked backup copy first); returns what was done.

    Without `checked` (the plan the user saw) the file is checked first, so a refused file costs no backup.
    The rows are resolved again while writing, so what is written matches the database now; a problem
    found then rolls everything back."""
    if checked is None:
        checked = check_participation_log(uow, log, cancelled=cancelled)
    _refuse(checked, skip_unknown=skip_unknown)
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        uow.require(Permission.EDIT_ATTENDANCE)
        backup_path = None
        if backup and uow.database.path is not None:
            backup_path = take_backup(uow.database, reason="before-import")
        with bigger_page_cache(uow.session):
            plan = _resolve(uow, log, write=True, skip_unknown=skip_unknown, progress=progress,
                            cancelled=cancelled, total=checked.rows)
        _refuse(plan, skip_unknown=skip_unknown)
        # An attendance sheet of one of these events open elsewhere was read before these marks: saving it
        # would take them away unseen. Moving the versions on makes that save refused, as after another's save.
        bump_versions(uow.session, Event, plan.changed_events)
        plan.backup = backup_path
        details = (f"{log.file_name}: мероприятий новых {plan.events_new}, отметок новых {plan.marks_new}, "
                   f"изменённых {plan.marks_changed}")
        if plan.layout == SUMMARY:
            details = (f"{log.file_name}: показатели платформы «{PLATFORM}»: новых {plan.figures_new}, "
                       f"изменённых {plan.figures_changed}")
        if plan.skipped:
            details += (f"; пропущены строки с обучающимися, которых нет в списке школы ({plan.skipped}): "
                        + "; ".join(p.describe() for p in plan.unknown[:200]))
        uow.audit("participation.import", entity="participation", details=details)
        uow.commit()
    return plan


# --- The importer shape --------------------------------------------------------------------------

@dataclass
class _LogPlan:
    log: ParticipationLog
    plan: ParticipationPlan

    def preview(self) -> ImportPreview:
        return self.plan.preview()


def _plan_file(uow: UnitOfWork, path: Path | str, *, progress: ProgressFn | None = None,
          cancelled: CancelledFn | None = None) -> _LogPlan:
    log = read_participation_log(path, progress=progress, cancelled=cancelled)
    return _LogPlan(log, check_participation_log(uow, log, progress=progress, cancelled=cancelled))


def _apply_plan(uow: UnitOfWork, planned: _LogPlan, *, load_rest: bool = False, progress: ProgressFn | None = None,
           cancelled: CancelledFn | None = None) -> ParticipationPlan:
    return apply_participation_import(uow, planned.log, progress=progress, cancelled=cancelled,
                                      skip_unknown=load_rest, checked=planned.plan)


PARTICIPATION_IMPORT: Importer[_LogPlan, ParticipationPlan] = Importer(
    "Загрузка журнала участия", _plan_file, _apply_plan, done="Журнал участия загружен.")

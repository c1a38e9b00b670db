"""Graduates (выпускники) of grades 9 and 11: where each went, the institution, whether it is in the
region and by the profile of study, and whether the exam subjects (ОГЭ/ЕГЭ) match the profile.
One editable table per year, and an all-or-nothing import from XLSX/CSV."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.models import AcademicYear, Enrollment, ExamChoice, GraduateDestination, Partner, SchoolClass, Student
from app.models.codes import DESTINATIONS
from app.services.access import Permission
from app.services.storage.backups import take_backup
from app.services.calendar import find_year, year_title
from app.services.students.class_label import parse_class_label
from app.services.errors import ImportRejected, Problem, UserError
from app.services.labels import DESTINATION_LABELS, DESTINATION_WORDS
from app.services.files.importing import Importer, ImportPreview, PreviewTable
from app.services.files.tabular import ColumnSpec, cell_text, find_header, parse_optional_flag, read_table_file
from app.services.text import fold, sort_key, squeeze
from app.services.uow import UnitOfWork

GRADUATE_GRADES = (9, 11)


@dataclass
class GraduateRow:
    student_id: int
    full_name: str
    class_label: str
    grade: int
    profile: str
    destination: str | None = None
    institution_partner_id: int | None = None
    institution_name: str = ""
    in_region: bool | None = None
    by_profile: bool | None = None
    exam_matches: bool | None = None
    partner_name: str = ""

    @property
    def institution(self) -> str:
        return self.partner_name or self.institution_name

    @property
    def destination_label(self) -> str:
        return DESTINATION_LABELS.get(self.destination or "", "")

    @property
    def search_text(self) -> str:
        return fold(f"{self.full_name} {self.class_label} {self.institution} {self.destination_label}")

    def edit(self) -> GraduateEdit:
        return GraduateEdit(self.student_id, self.destination, self.institution_partner_id, self.institution_name,
                            self.in_region, self.by_profile, self.exam_matches)


@dataclass(frozen=True)
class GraduateEdit:
    student_id: int
    destination: str | None
    institution_partner_id: int | None = None
    institution_name: str = ""
    in_region: bool | None = None
    by_profile: bool | None = None
    exam_matches: bool | None = None


def list_graduates(uow: UnitOfWork, year: int) -> list[GraduateRow]:
    """Every 9th and 11th grader of the year, with what is known of their destination."""
    with uow:
        uow.require(Permission.VIEW_GRADUATES)
        s = uow.session
        year_id = s.scalar(select(AcademicYear.id).where(AcademicYear.start_year == year))
        if year_id is None:
            return []
        partners = {i: (sn or n) for i, sn, n in s.execute(select(Partner.id, Partner.short_name, Partner.name))}
        # Plain columns, not a GraduateDestination object per graduate: a big school has thousands a year.
        dests = {d.student_id: d for d in s.connection().execute(
            select(GraduateDestination.student_id, GraduateDestination.destination,
                   GraduateDestination.institution_partner_id, GraduateDestination.institution_name,
                   GraduateDestination.in_region, GraduateDestination.by_profile)
            .where(GraduateDestination.year_id == year_id))}
        exams = dict(s.connection().execute(select(ExamChoice.student_id, ExamChoice.matches_profile)
                                            .where(ExamChoice.year_id == year_id)).all())
        rows = []
        # A class teacher has no VIEW_GRADUATES today; were it granted, their own class only.
        graduates = uow.limit_to_own_class(
            select(Student.id, Student.last_name, Student.first_name, Student.patronymic, SchoolClass.grade,
                   SchoolClass.letter, Enrollment.profile, SchoolClass.profile)
            .join(Enrollment, Enrollment.student_id == Student.id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(Enrollment.year_id == year_id, SchoolClass.grade.in_(GRADUATE_GRADES)))
        for sid, last, first, patronymic, grade, letter, profile, class_profile in s.connection().execute(graduates):
            d = dests.get(sid)
            row = GraduateRow(sid, " ".join(x for x in (last, first, patronymic) if x), f"{grade}{letter}", grade,
                              profile or class_profile or "", exam_matches=exams.get(sid))
            if d is not None:
                row.destination, row.institution_partner_id = d.destination, d.institution_partner_id
                row.institution_name, row.in_region, row.by_profile = d.institution_name, d.in_region, d.by_profile
                row.partner_name = partners.get(d.institution_partner_id, "") if d.institution_partner_id else ""
            rows.append(row)
    rows.sort(key=lambda r: (r.grade, sort_key(r.class_label), sort_key(r.full_name)))
    return rows


def save_graduates(uow: UnitOfWork, year: int, edits: list[GraduateEdit], *,
                   audit_action: str = "graduates.save") -> int:
    """Write the edited rows in one transaction; returns how many records changed."""
    with uow:
        uow.require(Permission.EDIT_GRADUATES)
        s = uow.session
        year_row = find_year(s, year)
        grades = dict(s.execute(select(Enrollment.student_id, SchoolClass.grade)
                                .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
                                .where(Enrollment.year_id == year_row.id,
                                       SchoolClass.grade.in_(GRADUATE_GRADES))).all())
        dests = {d.student_id: d for d in s.scalars(select(GraduateDestination).where(
            GraduateDestination.year_id == year_row.id))}
        exams = {e.student_id: e for e in s.scalars(select(ExamChoice).where(ExamChoice.year_id == year_row.id))}
        changed = 0
        for e in edits:
            if e.student_id not in grades:
                raise UserError(f"Обучающийся не учился в 9 или 11 классе в {year_title(year)} учебном году.")
            if e.destination is not None and e.destination not in DESTINATIONS:
                raise UserError(f"Продолжение обучения «{e.destination}» неизвестно.")
            if e.institution_partner_id is not None and s.get(Partner, e.institution_partner_id) is None:
                raise UserError("Учебное заведение не найдено в списке партнёров: выберите его заново.")
            d = dests.get(e.student_id)
            name = squeeze(e.institution_name) if e.institution_partner_id is None else ""
            if e.destination is None:
                if d is not None:
                    s.delete(d)
                    changed += 1
            else:
                values = dict(destination=e.destination, institution_partner_id=e.institution_partner_id,
                              institution_name=name, in_region=e.in_region, by_profile=e.by_profile)
                if d is None:
                    s.add(GraduateDestination(student_id=e.student_id, year_id=year_row.id, **values))
                    changed += 1
                elif any(getattr(d, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(d, k, v)
                    changed += 1
            x = exams.get(e.student_id)
            if x is None and e.exam_matches is not None:
                s.add(ExamChoice(student_id=e.student_id, year_id=year_row.id,
                                 exam="oge" if grades[e.student_id] == 9 else "ege", matches_profile=e.exam_matches))
                changed += 1
            elif x is not None and x.matches_profile != e.exam_matches:
                x.matches_profile = e.exam_matches
                changed += 1
        if changed:
            uow.audit(audit_action, entity="graduate_destination", details=f"{year_title(year)}: записей {changed}")
        uow.commit()
        return changed


# --- Import ---------------------------------------------------------------------------------------

SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("full_name", "ФИО", ("фио", "фио выпускника", "фио обучающегося"), required=True),
    ColumnSpec("class", "Класс", ("класс",), required=True),
    ColumnSpec("destination", "Продолжение обучения", ("продолжение обучения", "куда поступил", "поступил"),
               required=True),
    ColumnSpec("institution", "Учебное заведение", ("учебное заведение", "образовательная организация",
                                                    "место учебы", "место учебы работы")),
    ColumnSpec("in_region", "В своём регионе", ("в своем регионе", "в регионе", "в своем регионе да нет")),
    ColumnSpec("by_profile", "По профилю", ("по профилю", "по профилю обучения")),
    ColumnSpec("exam", "Предметы ГИА по профилю", ("предметы гиа по профилю", "предметы гиа соответствуют профилю",
                                                   "выбор предметов гиа")),
)
_LABEL = {s.key: s.label for s in SPECS}


@dataclass
class GraduatesPlan:
    file_name: str
    year: int
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    backup: Path | None = None
    edits: list[GraduateEdit] = field(default_factory=list, repr=False)
    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None
    names: dict[int, str] = field(default_factory=dict, repr=False)   # student id → row and name, for the preview

    def summary_lines(self) -> list[str]:
        return [f"Файл «{self.file_name}», {year_title(self.year)} учебный год: строк — {self.rows}.",
                f"Выпускников: новых записей — {self.new}, изменённых — {self.changed}, "
                f"без изменений — {self.unchanged}."]

    def preview(self) -> ImportPreview:
        rows = [(self.names.get(e.student_id, ""), DESTINATION_LABELS.get(e.destination or "", ""),
                 e.institution_name, _yes_no(e.in_region), _yes_no(e.by_profile), _yes_no(e.exam_matches))
                for e in self.edits]
        return ImportPreview(
            "Загрузка сведений о выпускниках", self.file_name,
            [("Строк", self.rows), ("Новых записей", self.new), ("Изменённых", self.changed),
             ("Без изменений", self.unchanged)], list(self.problems),
            [PreviewTable(f"Выпускники ({len(rows)})", ("ФИО", "Продолжение обучения", "Учебное заведение",
                                                        "В своём регионе", "По профилю", "Предметы ГИА по профилю"),
                          rows, "import_graduates")],
            [f"Учебный год выпуска: {year_title(self.year)}."],
            nothing_to_do="" if self.new or self.changed or self.problems else
            "Все сведения из файла уже есть в базе: загружать нечего.")


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("да" if flag else "нет")


def plan_graduates_import(uow: UnitOfWork, path: Path | str, *, year: int) -> GraduatesPlan:
    """Read and check the file against the year's 9th and 11th graders; ImportRejected lists every problem."""
    plan = check_graduates_file(uow, path, year=year)
    if plan.problems:
        raise ImportRejected(plan.file_name, plan.problems)
    return plan


def check_graduates_file(uow: UnitOfWork, path: Path | str, *, year: int) -> GraduatesPlan:
    """The plan with every problem listed in it (not raised); writes nothing."""
    path = Path(path)
    sheets = read_table_file(path)
    header = find_header(sheets, SPECS, file_name=path.name)
    current = {r.student_id: r for r in list_graduates(uow, year)}
    by_name: dict[tuple[str, str], list[int]] = {}
    for r in current.values():
        by_name.setdefault((r.class_label.upper(), fold(r.full_name)), []).append(r.student_id)
        short = " ".join(r.full_name.split()[:2])
        by_name.setdefault((r.class_label.upper(), "~" + fold(short)), []).append(r.student_id)
    with uow:
        uow.require(Permission.EDIT_GRADUATES)
        partners: dict[str, tuple[int, bool]] = {}
        for pid, name, short, in_region in uow.session.execute(
                select(Partner.id, Partner.name, Partner.short_name, Partner.in_region)):
            partners[fold(name)] = (pid, in_region)
            if short:
                partners.setdefault(fold(short), (pid, in_region))
    destinations = {fold(v): k for k, v in DESTINATION_LABELS.items()} | DESTINATION_WORDS
    problems: list[Problem] = []
    plan = GraduatesPlan(path.name, year, path=path)
    seen: dict[int, int] = {}
    g = header.get

    def problem(message: str, row: int, key: str, value: object) -> None:
        problems.append(Problem(message, row, _LABEL[key], cell_text(value)))

    for row, cells in header.data_rows():
        plan.rows += 1
        name, raw_class = cell_text(g(cells, "full_name")), cell_text(g(cells, "class"))
        try:
            label = parse_class_label(raw_class)
        except UserError as exc:
            problem(str(exc), row, "class", raw_class)
            continue
        if label.grade not in GRADUATE_GRADES:
            problem("выпускники — это 9 и 11 классы", row, "class", raw_class)
            continue
        ids = by_name.get((str(label).upper(), fold(name))) or \
            (by_name.get((str(label).upper(), "~" + fold(name))) if len(name.split()) == 2 else None)
        if not ids:
            problem(f"обучающийся не найден в классе {label} в {year_title(year)} учебном году", row, "full_name", name)
            continue
        if len(ids) > 1:
            problem(f"в классе {label} несколько обучающихся с таким ФИО", row, "full_name", name)
            continue
        sid = ids[0]
        if sid in seen:
            problem(f"этот выпускник уже указан в строке {seen[sid]}", row, "full_name", name)
            continue
        seen[sid] = row
        raw = cell_text(g(cells, "destination"))
        destination = destinations.get(fold(raw).rstrip(".")) if raw else None
        if raw and destination is None:
            problem("нужно «10 класс», «ПОО», «ВО», «работа», «армия» или «другое»", row, "destination", raw)
            continue
        flags = {}
        for key in ("in_region", "by_profile", "exam"):
            try:
                flags[key] = parse_optional_flag(g(cells, key))
            except ValueError as exc:
                problem(str(exc), row, key, g(cells, key))
        if len(flags) < 3:
            continue
        institution = cell_text(g(cells, "institution"))
        partner = partners.get(fold(institution)) if institution else None
        in_region = flags["in_region"]
        if in_region is None and partner is not None:
            in_region = partner[1]
        edit = GraduateEdit(sid, destination, partner[0] if partner else None, "" if partner else institution,
                            in_region if destination else None, flags["by_profile"] if destination else None,
                            flags["exam"])
        before = current[sid]
        if before.destination is None and before.exam_matches is None:
            plan.new += 1
        elif before.edit() != edit:
            plan.changed += 1
        else:
            plan.unchanged += 1
        plan.edits.append(edit)
        plan.names[sid] = f"{before.full_name} ({before.class_label})"
    if not plan.edits and not problems:
        problems.append(Problem("в файле нет ни одной строки с выпускником"))
    plan.problems = problems
    return plan


def import_graduates(uow: UnitOfWork, path: Path | str, *, year: int, backup: bool = True) -> GraduatesPlan:
    """Check the file, take a backup copy, and write every row in one transaction."""
    return _write(uow, plan_graduates_import(uow, path, year=year), backup=backup)


def _write(uow: UnitOfWork, plan: GraduatesPlan, *, backup: bool) -> GraduatesPlan:
    with uow:
        if plan.problems:
            raise ImportRejected(plan.file_name, plan.problems)
        if backup and uow.database.path is not None:
            plan.backup = take_backup(uow.database, reason="before-import")
        save_graduates(uow, plan.year, plan.edits, audit_action="graduates.import")
        uow.commit()
    return plan


# --- The importer shape ------------------------------------------------------------------------------

def _plan_file(uow: UnitOfWork, path: Path | str, *, year: int, progress=None, cancelled=None) -> GraduatesPlan:
    return check_graduates_file(uow, path, year=year)


def _apply_plan(uow: UnitOfWork, plan: GraduatesPlan, *, load_rest: bool = False, progress=None,
           cancelled=None) -> GraduatesPlan:
    return _write(uow, plan, backup=True)


GRADUATES_IMPORT: Importer[GraduatesPlan, GraduatesPlan] = Importer(
    "Загрузка сведений о выпускниках", _plan_file, _apply_plan, done="Сведения о выпускниках загружены.")

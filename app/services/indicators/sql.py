"""The SQL of every indicator, in one place: aggregation in SQLite, never a loop over students.

Counting rules (DOMAIN.md «Indicators»):
- a student counts once (COUNT(DISTINCT student_id));
- only participations with status 'attended' («участвовал»);
- only events that start inside the academic year (1 September – 31 August);
- a student belongs to the year's figures through their enrolment that year (grade, ОВЗ filters);
- hours of a student in a year = SUM(COALESCE(participation.hours, event.hours)) over attended events.

Codes in rules are checked against the fixed code lists when a set is loaded (definitions.py), so
they are written into the SQL as literals; dates and ids are bound parameters."""
from __future__ import annotations

from dataclasses import dataclass

from app.models.codes import EVENT_CATEGORIES, ORGANIZER_TYPES
from app.models.event import OWN_HOURS_INDEX
from app.services.indicators.definitions import Rule

# The one formula of a student's hours for one participation; app/services/students/hours.py uses the same.
HOURS_EXPR = "COALESCE(p.hours, e.hours)"


@dataclass(frozen=True)
class Query:
    """A piece of SQL with the column that names the student and its FROM ... WHERE ... body."""

    student_col: str
    body: str
    distinct: bool = True

    def count(self) -> str:
        if not self.distinct:
            return f"SELECT COUNT(*) {self.body}"
        return f"SELECT COUNT(DISTINCT {self.student_col}) {self.body}"

    def ids(self) -> str:
        return f"SELECT DISTINCT {self.student_col} AS student_id {self.body}"


def _in(column: str, values: tuple) -> str:
    if len(values) == 1:
        return f"{column} = {_literal(values[0])}"
    return f"{column} IN ({', '.join(_literal(v) for v in values)})"


def _literal(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    if not value.replace("_", "").isalnum():  # codes only: validated against the fixed lists on load
        raise ValueError(value)
    return f"'{value}'"


def _boolean(value: bool) -> str:
    # TRUE/FALSE: PostgreSQL compares booleans only with booleans; SQLite reads them as 1/0.
    return "TRUE" if value else "FALSE"


def event_condition(rule: Rule, alias: str = "e") -> str:
    """Events of the year matching the rule's categories / organiser types."""
    parts = []
    if rule.categories:
        parts.append(_in(f"{alias}.category", rule.categories))
    if rule.organizer_types:
        parts.append(_in(f"{alias}.organizer_type", rule.organizer_types))
    joined = (" OR " if rule.events_match == "any" else " AND ").join(parts)
    year = f"{alias}.starts_on BETWEEN :start AND :end"
    return f"{year} AND ({joined})" if joined else year


def _class_and_health(rule: Rule, student_col: str) -> tuple[str, str]:
    """Joins after `enrollment en` and conditions for the rule's grade / ОВЗ filters."""
    joins, where = "", ""
    if rule.grades:
        joins += " JOIN school_class sc ON sc.id = en.class_id"
        where += " AND " + _in("sc.grade", rule.grades)
    if rule.ovz:
        joins += f" JOIN student s ON s.id = {student_col}"
        where += " AND (s.has_ovz = TRUE OR s.has_disability = TRUE)"
    return joins, where


def _enrolment_joins(rule: Rule, student_col: str) -> tuple[str, str]:
    """Joins and conditions that put a student into the year with the rule's grade / ОВЗ filters."""
    joins, where = _class_and_health(rule, student_col)
    return f" JOIN enrollment en ON en.student_id = {student_col} AND en.year_id = :year_id{joins}", where


def enrolled(rule: Rule) -> Query:
    """The denominator of a share: students enrolled that year in the named grades, same filters."""
    joins, where = _class_and_health(rule, "en.student_id")
    return Query("en.student_id", f"FROM enrollment en{joins} WHERE en.year_id = :year_id{where}")


def attended(rule: Rule) -> Query:
    joins, where = _enrolment_joins(rule, "p.student_id")
    return Query("p.student_id",
                 f"FROM event e JOIN participation p ON p.event_id = e.id AND p.status = 'attended'{joins} "
                 f"WHERE {event_condition(rule)}{where}")


# «Билет в будущее» figures kept per student and year (count-only exports, no events): a student with at least
# one trial counts as having taken part in `bvb_trial`, one with a diagnostic in `bvb_diagnostics`.
FIGURE_COLUMNS = {"bvb_trial": "f.trials", "bvb_diagnostics": "f.diagnostics"}


def figures_condition(rule: Rule) -> str | None:
    """The condition on platform_figures f that puts a student into a participants rule, or None when the rule
    needs something figures do not have (an organiser: the figures name none)."""
    organiser_needed = bool(rule.organizer_types) and (rule.events_match == "all" or not rule.categories)
    if organiser_needed:
        return None
    columns = list(FIGURE_COLUMNS.values()) if not rule.categories else \
        [FIGURE_COLUMNS[c] for c in rule.categories if c in FIGURE_COLUMNS]
    if not columns:
        return None
    return "(" + " OR ".join(f"{c} > 0" for c in columns) + ")"


def participants(rule: Rule) -> Query:
    """Students who attended a matching event in the year, or whose platform figures count for the rule."""
    events = attended(rule)
    figures = figures_condition(rule)
    if figures is None:
        return events
    joins, where = _enrolment_joins(rule, "f.student_id")
    return Query("u.student_id",
                 f"FROM (SELECT p.student_id AS student_id {events.body} UNION "
                 f"SELECT f.student_id AS student_id FROM platform_figures f{joins} "
                 f"WHERE f.year_id = :year_id AND {figures}{where}) u")


def student_set(rule: Rule) -> Query:
    """The students behind a student-kind indicator (the numerator)."""
    if rule.kind == "participants":
        return participants(rule)
    if rule.kind == "hours_threshold":
        inner = hours_per_student(rule)
        return Query("h.student_id", f"FROM ({inner}) h WHERE h.hours >= :threshold")
    if rule.kind == "graduates":
        joins, where = _enrolment_joins(rule, "g.student_id")
        cond = ""
        if rule.destinations:
            cond += " AND " + _in("g.destination", rule.destinations)
        if rule.in_region is not None:
            cond += f" AND g.in_region = {_boolean(rule.in_region)}"
        if rule.by_profile is not None:
            cond += f" AND g.by_profile = {_boolean(rule.by_profile)}"
        return Query("g.student_id", f"FROM graduate_destination g{joins} WHERE g.year_id = :year_id{cond}{where}")
    if rule.kind == "exam_choice":
        joins, where = _enrolment_joins(rule, "x.student_id")
        cond = f" AND x.exam = '{rule.exam}'" if rule.exam else ""
        return Query("x.student_id",
                     f"FROM exam_choice x{joins} WHERE x.year_id = :year_id AND x.matches_profile = TRUE{cond}{where}")
    if rule.kind == "clubs":
        joins, where = _enrolment_joins(rule, "ce.student_id")
        cond = (" AND " + _in("c.orientation", rule.orientations)) if rule.orientations else ""
        return Query("ce.student_id",
                     f"FROM club_enrollment ce JOIN club c ON c.id = ce.club_id{joins} "
                     f"WHERE ce.year_id = :year_id{cond}{where}")
    if rule.kind == "consultations":
        # Only who and when: consultation_note (the confidential content) is never joined.
        joins, where = _enrolment_joins(rule, "cs.student_id")
        return Query("cs.student_id",
                     f"FROM consultation_student cs JOIN consultation c ON c.id = cs.consultation_id{joins} "
                     f"WHERE c.held_on BETWEEN :start AND :end{where}")
    raise ValueError(rule.kind)


def hours_per_student(rule: Rule) -> str:
    """(student_id, hours) of every student with attended events in the year, with the rule's filters."""
    q = attended(rule)
    return f"SELECT p.student_id AS student_id, SUM({HOURS_EXPR}) AS hours {q.body} GROUP BY p.student_id"


def total_hours(rule: Rule) -> str:
    return f"SELECT COALESCE(SUM({HOURS_EXPR}), 0) {attended(rule).body}"


def events_count(rule: Rule) -> str:
    return f"SELECT COUNT(*) FROM event e WHERE {event_condition(rule)}"


def agreements_count(rule: Rule) -> str:
    # Valid in the year: signed before it ends and not expired before it starts (open dates = open-ended).
    join, cond = "", ""
    if rule.partner_types:
        join = " JOIN partner pt ON pt.id = a.partner_id"
        cond = " AND " + _in("pt.type", rule.partner_types)
    return (f"SELECT COUNT(*) FROM agreement a{join} WHERE (a.signed_on IS NULL OR a.signed_on <= :end) "
            f"AND (a.valid_until IS NULL OR a.valid_until >= :start){cond}")


# An approved roadmap (approval date set) whose period (calendar years, open ends allowed) contains the
# academic year's first calendar year: «2022–2024» covers 2022/2023, 2023/2024 and 2024/2025.
ROADMAP_APPROVED = ("SELECT COUNT(*) FROM roadmap r WHERE r.approved_on IS NOT NULL "
                    "AND (r.period_start IS NULL OR r.period_start <= :start_year) "
                    "AND (r.period_end IS NULL OR r.period_end >= :start_year)")

HOURS_OF_STUDENTS = (f"SELECT p.student_id AS student_id, SUM({HOURS_EXPR}) AS hours FROM participation p JOIN event e ON e.id = p.event_id "
                     "WHERE p.status = 'attended' AND e.starts_on BETWEEN :start AND :end GROUP BY p.student_id")


# --- The year's attendance summarised per student, once per computation ---------------------------------
# A set asks the same question of the year's participations many times (by category, by organiser, by
# grade, hours). On a big school each direct query walks every participation of the year; instead one pass
# builds, per student, the bit set of the categories and organiser types they attended and their hours,
# and each indicator then counts students (≤ the roster) instead of participations. The direct queries
# above stay the reference (and serve the lists of students); tests check both give the same numbers.
#
# The summary is built in steps (summary_start, then summary_fold / summary_correction for some of the
# year's events, then summary_figures), so that a caller can read it part-way: «Обзор» folds the previous
# year up to the same day first, counts that part, and then folds the rest into the same table instead of
# walking those marks twice; on SQLite it folds the current year month by month and learns the marks per
# month from each step's count of rows. Unqualified: a temporary table is found before any other of its name
# on both engines.
SUMMARY_TABLE = "year_attendance"
PARTICIPATIONS = "SELECT COUNT(*) FROM participation"
CATEGORY_BITS = {code: 1 << i for i, code in enumerate(EVENT_CATEGORIES)}
ORGANIZER_BITS = {code: 1 << i for i, code in enumerate(ORGANIZER_TYPES)}


def _bits_case(column: str, bits: dict[str, int]) -> str:
    whens = " ".join(f"WHEN {_literal(code)} THEN {bit}" for code, bit in bits.items())
    return f"CASE {column} {whens} ELSE 0 END"


def month_of(column: str, dialect: str) -> str:
    # SQLite keeps a date as its ISO text; PostgreSQL has a date type.
    if dialect == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"CAST(substr({column}, 6, 2) AS INTEGER)"


def _temp_schema(dialect: str) -> str:
    return "pg_temp" if dialect == "postgresql" else "temp"


def _analyse(table: str, dialect: str) -> list[str]:
    # PostgreSQL never analyses temporary tables by itself: without their sizes it plans blind.
    return [f"ANALYZE {table}"] if dialect == "postgresql" else []


def summary_start(dialect: str = "sqlite") -> list[str]:
    """Statements that list the year's events (:start, :end) in the temporary year_events, with their
    category and organiser as one bit each (a few hundred rows), and create the empty year_attendance."""
    temp = _temp_schema(dialect)
    return [
        f"DROP TABLE IF EXISTS {temp}.year_events",
        f"DROP TABLE IF EXISTS {temp}.{SUMMARY_TABLE}",
        "CREATE TEMP TABLE year_events (id INTEGER PRIMARY KEY, category_bit INTEGER, organizer_bit INTEGER, "
        "hours DOUBLE PRECISION, month INTEGER, starts_on DATE)",
        f"INSERT INTO year_events SELECT e.id, {_bits_case('e.category', CATEGORY_BITS)}, "
        f"{_bits_case('e.organizer_type', ORGANIZER_BITS)}, e.hours, {month_of('e.starts_on', dialect)}, e.starts_on "
        f"FROM event e WHERE e.starts_on BETWEEN :start AND :end",
        *_analyse("year_events", dialect),
        f"CREATE TEMP TABLE {SUMMARY_TABLE} (student_id INTEGER PRIMARY KEY, categories INTEGER, "
        "organizers INTEGER, hours DOUBLE PRECISION)",
    ]


def summary_fold(dialect: str = "sqlite", events: str = "") -> str:
    """The statement that folds the attended marks of the year's events (those matching the condition
    `events` on year_events ye, all when empty) into year_attendance, a student's bits OR-ed and the events'
    hours added to what the table holds already. On SQLite its count of changed rows is the number of marks."""
    where = f"WHERE {events}" if events else ""
    if dialect == "postgresql":
        # The bits of a student's events OR-ed together (BIT_OR, hashed by the planner).
        return (f"INSERT INTO {SUMMARY_TABLE} SELECT p.student_id, BIT_OR(ye.category_bit), "
                f"BIT_OR(ye.organizer_bit), SUM(ye.hours) "
                f"FROM year_events ye JOIN participation p ON p.event_id = ye.id AND p.status = 'attended' {where} "
                f"GROUP BY p.student_id ON CONFLICT (student_id) DO UPDATE SET "
                f"categories = {SUMMARY_TABLE}.categories | excluded.categories, "
                f"organizers = {SUMMARY_TABLE}.organizers | excluded.organizers, "
                f"hours = {SUMMARY_TABLE}.hours + excluded.hours")
    # Only these events, their participations read from the covering index (event, status, student) without
    # touching the table, each folded into its student's row as it comes (bitwise OR of the bits, hours
    # added): no sort of a million marks by student, as a GROUP BY would need (×1.7 at 100,000 students).
    # `WHERE true` lets SQLite parse the upsert after a SELECT. CROSS JOIN keeps the events the outer loop:
    # with a condition on them and no statistics, SQLite would skip-scan every participation instead.
    return (f"INSERT INTO {SUMMARY_TABLE} (student_id, categories, organizers, hours) "
            f"SELECT p.student_id, ye.category_bit, ye.organizer_bit, ye.hours "
            f"FROM year_events ye CROSS JOIN participation p ON p.event_id = ye.id AND p.status = 'attended' "
            f"{where or 'WHERE true'} ON CONFLICT (student_id) DO UPDATE SET categories = categories | excluded.categories, "
            f"organizers = organizers | excluded.organizers, hours = hours + excluded.hours")


def summary_correction(dialect: str = "sqlite", events: str = "") -> str:
    """The statement that corrects the folded hours where a student's own hours were recorded
    (COALESCE(p.hours, e.hours)), for the events matching `events`: the few such marks come from their partial
    index, never a walk over the participations (SQLite is told the index: without statistics it would
    skip-scan the big one)."""
    indexed = f" INDEXED BY {OWN_HOURS_INDEX}" if dialect == "sqlite" else ""
    where = f" AND {events}" if events else ""
    return (f"UPDATE {SUMMARY_TABLE} AS ya SET hours = ya.hours + o.delta FROM ("
            f"SELECT p.student_id AS student_id, SUM(p.hours - ye.hours) AS delta FROM participation p{indexed} "
            f"JOIN year_events ye ON ye.id = p.event_id WHERE p.hours IS NOT NULL AND p.status = 'attended'{where} "
            f"GROUP BY p.student_id) AS o WHERE o.student_id = ya.student_id")


def summary_figures(dialect: str = "sqlite") -> list[str]:
    """Platform figures (no events, no dates: whole-year counts) of the year (:year_id): their students join
    the summary with the category bits they stand for."""
    return [
        *_analyse(SUMMARY_TABLE, dialect),
        f"INSERT INTO {SUMMARY_TABLE} SELECT f.student_id, 0, 0, 0 FROM platform_figures f "
        f"WHERE f.year_id = :year_id AND ({' OR '.join(f'{c} > 0' for c in FIGURE_COLUMNS.values())}) "
        f"AND f.student_id NOT IN (SELECT student_id FROM {SUMMARY_TABLE})",
        f"UPDATE {SUMMARY_TABLE} AS ya SET categories = ya.categories | "
        + " | ".join(f"(CASE WHEN {column} > 0 THEN {CATEGORY_BITS[code]} ELSE 0 END)"
                     for code, column in FIGURE_COLUMNS.items())
        + " FROM platform_figures f WHERE f.student_id = ya.student_id AND f.year_id = :year_id",
    ]


def summary_fits(rule: Rule) -> bool:
    """Whether the per-student summary answers this rule (a category AND organiser pair on the same
    event needs the events themselves; so do hours limited to some events)."""
    if rule.kind == "participants":
        return not (rule.categories and rule.organizer_types and rule.events_match == "all")
    if rule.kind in ("hours_threshold", "average_hours"):
        return not rule.categories and not rule.organizer_types
    return False


def _mask_condition(rule: Rule) -> str:
    parts = []
    if rule.categories:
        parts.append(f"(ya.categories & {sum(CATEGORY_BITS[c] for c in rule.categories)}) != 0")
    if rule.organizer_types:
        parts.append(f"(ya.organizers & {sum(ORGANIZER_BITS[o] for o in rule.organizer_types)}) != 0")
    return " AND (" + (" OR " if rule.events_match == "any" else " AND ").join(parts) + ")" if parts else ""


def summary_student_set(rule: Rule) -> Query:
    joins, where = _enrolment_joins(rule, "ya.student_id")
    cond = " AND ya.hours >= :threshold" if rule.kind == "hours_threshold" else _mask_condition(rule)
    # One summary row per student and one enrolment per student and year: a plain count is distinct.
    return Query("ya.student_id", f"FROM {SUMMARY_TABLE} ya{joins} WHERE 1 = 1{cond}{where}", distinct=False)


def summary_total_hours(rule: Rule) -> str:
    joins, where = _enrolment_joins(rule, "ya.student_id")
    return f"SELECT COALESCE(SUM(ya.hours), 0) FROM {SUMMARY_TABLE} ya{joins} WHERE 1 = 1{where}"

"""Reading a participation log (журнал участия) or a «Билет в будущее» export row by row, never whole: the
layout is recognised by the wording of the header, found anywhere in the first rows, in any column order, other
columns ignored (see participation_import for what each layout becomes). Nothing here touches the database."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.services import settings
from app.services.errors import Problem, UserError
from app.services.files.table_stream import head_sheets, stream_sheets
from app.services.files.tabular import (ColumnSpec, HeaderMatch, Sheet, cell_text, match_header, parse_date,
                                        parse_number)
from app.services.labels import (ATTENDANCE_MARK_WORDS, COMPETITION_RESULT_WORDS, EVENT_CATEGORY_LABELS,
                                 ORGANIZER_TYPE_LABELS, ORGANIZER_TYPE_WORDS)
from app.services.progress import CancelledFn, ProgressFn, check_cancelled
from app.services.students.class_label import parse_class_label
from app.services.text import fold, squeeze

from app.services.events.events import MAX_HOURS
# A streamed log is bounded by the row-limit setting, not by the size of a file held in memory.
MAX_LOG_BYTES = 512 * 1024 * 1024
KEEP_ROWS = 50_000           # rows of a file kept between the preview and the import (a platform export)
PLATFORM = "Билет в будущее"
PLATFORM_PARTNER = "Платформа «Билет в будущее»"
CANCELLED = "Загрузка журнала участия отменена"

SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("date", "Дата", ("дата", "дата проведения", "дата мероприятия")),
    ColumnSpec("title", "Мероприятие", ("мероприятие", "название мероприятия", "наименование мероприятия")),
    ColumnSpec("category", "Категория", ("категория", "категория мероприятия")),
    ColumnSpec("organizer", "Организатор", ("организатор", "организатор мероприятия")),
    ColumnSpec("organizer_type", "Тип организатора", ("тип организатора",)),
    ColumnSpec("full_name", "ФИО", ("фио", "фио обучающегося", "фио учащегося", "обучающийся")),
    ColumnSpec("class", "Класс", ("класс",)),
    ColumnSpec("grade", "Класс (без буквы)", ("класс без буквы", "параллель")),
    ColumnSpec("letter", "Буква класса", ("буква класса", "литера", "буква")),
    ColumnSpec("birth_date", "Дата рождения", ("дата рождения",)),
    ColumnSpec("mark", "Отметка", ("отметка", "отметка об участии")),
    ColumnSpec("attended", "Посетил", ("посетил", "посетил да нет", "посетила", "присутствовал")),
    ColumnSpec("result", "Результат", ("результат", "результат участия")),
    ColumnSpec("competence", "Компетенция", ("компетенция",)),
    ColumnSpec("hours", "Часы", ("часы", "количество часов", "часов")),
    ColumnSpec("trials", "Названия профпроб", ("названия профпроб", "название профпробы", "профпробы",
                                               "названия профессиональных проб")),
    ColumnSpec("trial_dates", "Даты прохождения профпроб", ("даты прохождения профпроб", "даты профпроб",
                                                             "дата прохождения профпробы")),
    ColumnSpec("diagnostics", "Темы диагностик", ("темы диагностик", "тема диагностики", "диагностики",
                                                  "названия диагностик")),
    ColumnSpec("diagnostic_dates", "Даты пройденных диагностик", ("даты пройденных диагностик",
                                                                  "даты диагностик", "дата диагностики")),
    ColumnSpec("count_diagnostics", "Количество пройденных диагностик",
               ("количество пройденных диагностик", "кол во пройденных диагностик")),
    ColumnSpec("count_trials", "Кол-во посещенных профессиональных и партнерских проб",
               ("кол во посещенных профессиональных и партнерских проб", "количество посещенных проб",
                "кол во посещенных проб")),
    ColumnSpec("count_excursions", "Кол-во посещенных экскурсий на предприятие",
               ("кол во посещенных экскурсий на предприятие", "количество посещенных экскурсий")),
    ColumnSpec("count_master_classes", "Кол-во посещенных мастер-классов",
               ("кол во посещенных мастер классов", "количество посещенных мастер классов")),
    ColumnSpec("archived_on", "Дата архивации", ("дата архивации",)),
)
COLUMN_LABELS = {s.key: s.label for s in SPECS}
_COUNT_COLUMNS = ("count_diagnostics", "count_trials", "count_excursions", "count_master_classes")
INITIALS = re.compile(r"^(\S+)\s+([^\W\d_])\.?\s*(?:([^\W\d_])\.?)?$")
_DATE_IN_TEXT = re.compile(r"\b(\d{1,2}[./]\d{1,2}[./]\d{4})\b")

LOG, PLATFORM_LIST, EVENT_LIST, SUMMARY = "log", "platform_list", "event_list", "summary"
LAYOUT_LABELS = {LOG: "журнал участия", PLATFORM_LIST: "выгрузка «Билет в будущее» по обучающимся",
                 EVENT_LIST: "список участников мероприятия «Билет в будущее»",
                 SUMMARY: "сводная выгрузка «Билет в будущее» (только количества)"}


# --- Reading ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LogRow:
    """One participation to record: a student (as the file names them) at an event."""

    row: int
    date: dt.date | None               # None only for platform figures without «Дата архивации»
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
    birth_date: dt.date | None = None
    category: str | None = None          # set by the platform layouts; else from `category_text`
    platform: bool = False               # the platform is the organiser
    # SUMMARY: (diagnostics, trials, excursions, master classes) for the student's year — no event at all.
    figures: tuple[int, int, int, int] | None = None


@dataclass
class ParticipationLog:
    """A file whose layout is known; its rows are read again, lazily, each time they are asked for."""

    path: Path
    layout: str
    headers: dict[int, HeaderMatch]      # sheet index → header
    named_sheets: bool
    event_title: str = ""                # EVENT_LIST: from the title rows
    event_date: dt.date | None = None
    _kept: list | None = field(default=None, repr=False)

    @property
    def file_name(self) -> str:
        return self.path.name

    def rows(self, *, max_rows: int | None = None) -> Iterator[tuple[list[LogRow], list[Problem]]]:
        """Every data row as the participations it records (a platform row may record several, or none)
        and its problems. Rows past `max_rows` (header rows not counted) refuse the file.

        A file of up to KEEP_ROWS rows is kept as read the first time, so the preview and the import that
        follows it read it once; a longer one is read again each time (memory stays flat)."""
        if self._kept is not None:
            if max_rows is not None and len(self._kept) > max_rows:
                raise self._too_long(max_rows)
            yield from self._kept
            return
        kept: list | None = []
        for item in self._read(max_rows):
            if kept is not None:
                kept.append(item)
                if len(kept) > KEEP_ROWS:
                    kept = None
            yield item
        self._kept = kept

    def _too_long(self, max_rows: int) -> UserError:
        return UserError(f"В файле «{self.file_name}» больше {_thousands(max_rows)} строк данных (без строки "
                         f"заголовков): столько за один раз не загружается. Разделите файл или увеличьте "
                         f"настройку «{settings.PARTICIPATION_MAX_ROWS.label}» («Настройки» → «Сведения об ОО»).")

    def _read(self, max_rows: int | None) -> Iterator[tuple[list[LogRow], list[Problem]]]:
        count = 0
        reader = RowReader(self)
        for index, (name, values) in enumerate(stream_sheets(self.path, max_bytes=MAX_LOG_BYTES)):
            header = self.headers.get(index)
            if header is None:
                for _ in values:   # a sheet of something else: read past it
                    pass
                continue
            sheet = name if self.named_sheets else ""
            first = header.row_index + 2
            for number, cells in enumerate(values, start=1):
                if number < first or _blank_row(cells):
                    continue
                count += 1
                if max_rows is not None and count > max_rows:
                    raise self._too_long(max_rows)
                yield reader.read(header, number, cells, sheet)


def _blank_row(cells: list[object]) -> bool:
    try:
        return not "".join(cells).strip()        # a CSV row: all text
    except TypeError:
        return all(v is None or cell_text(v) == "" for v in cells)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def read_participation_log(path: Path | str, *, progress: ProgressFn | None = None,
                           cancelled: CancelledFn | None = None) -> ParticipationLog:
    """Find the header and the layout (the rows are read later, while planning). Bad files raise UserError."""
    path = Path(path)
    sheets = head_sheets(path, max_bytes=MAX_LOG_BYTES)
    check_cancelled(cancelled, CANCELLED)
    if not any(s.rows for s in sheets):
        raise UserError(f"В файле «{path.name}» нет ни одной заполненной строки.")
    found: dict[int, HeaderMatch] = {}
    best: tuple[int, int] | None = None
    for index, sheet in enumerate(sheets):
        header = _best_header(sheet)
        if header is not None:
            found[index] = header
            if best is None or len(header.columns) > best[1]:
                best = (index, len(header.columns))
    if best is None:
        raise UserError(f"В файле «{path.name}» не найдена строка заголовков журнала участия. Ожидаются столбцы "
                        "«Дата», «Мероприятие», «ФИО», «Класс» или столбцы выгрузки «Билет в будущее» "
                        "(«ФИО», «Класс», «Названия профпроб», «Даты прохождения профпроб»…).")
    main = found[best[0]]
    layout = _layout(main, path.name)
    # Lists often come one sheet per class or per event: every sheet with the same kind of columns is read.
    headers = {i: h for i, h in found.items() if _same_layout(h, layout)}
    log = ParticipationLog(path, layout, headers, named_sheets=len(sheets) > 1)
    if layout == EVENT_LIST:
        log.event_title, log.event_date = _event_from_title(main, path.name)
    return log


def _best_header(sheet: Sheet) -> HeaderMatch | None:
    best: HeaderMatch | None = None
    for i, cells in enumerate(sheet.rows):
        columns, unknown = match_header(cells, SPECS)
        if len(columns) >= 2 and "full_name" in columns and (best is None or len(columns) > len(best.columns)):
            best = HeaderMatch(sheet, i, columns, unknown)
    return best


def _has_class(header: HeaderMatch) -> bool:
    return "class" in header.columns or "grade" in header.columns


def _layout(header: HeaderMatch, file_name: str) -> str:
    cols = header.columns
    where = f"Файл «{file_name}», строка {header.row_number}"
    if not _has_class(header):
        raise UserError(f"{where}: нет столбца «Класс» (или столбцов «Класс (без буквы)» и «Буква класса»).")
    if any(k in cols for k in _COUNT_COLUMNS) and not any(k in cols for k in ("trials", "diagnostics", "title")):
        return SUMMARY
    if "trials" in cols or "diagnostics" in cols:
        missing = [COLUMN_LABELS[d] for k, d in (("trials", "trial_dates"), ("diagnostics", "diagnostic_dates"))
                   if k in cols and d not in cols]
        if missing:
            raise UserError(f"{where}: нет столбцов " + ", ".join(f"«{m}»" for m in missing) + ".")
        return PLATFORM_LIST
    if "attended" in cols and "date" not in cols:
        return EVENT_LIST
    missing = [COLUMN_LABELS[k] for k in ("date", "title") if k not in cols]
    if missing:
        raise UserError(f"{where}: нет столбцов " + ", ".join(f"«{m}»" for m in missing) + ".")
    return LOG


def _same_layout(header: HeaderMatch, layout: str) -> bool:
    try:
        return _has_class(header) and _layout(header, "") == layout
    except UserError:
        return False


def _event_from_title(header: HeaderMatch, file_name: str) -> tuple[str, dt.date]:
    """The event of a platform list of participants: its name and date are written above the table."""
    texts = [cell_text(v) for row in header.sheet.rows[:header.row_index] for v in row if cell_text(v)]
    day = None
    title = ""
    for text in texts:
        m = _DATE_IN_TEXT.search(text)
        if m and day is None:
            try:
                day = parse_date(m.group(1))
            except ValueError:
                day = None
            rest = squeeze(_DATE_IN_TEXT.sub("", text).strip(" ,.-–—:"))
            rest = re.sub(r"^(дата( проведения)?)\s*$", "", rest, flags=re.IGNORECASE)
            if rest and not title:
                title = rest
        elif not title and not re.fullmatch(r"(?i)список( участников)?:?", text):
            title = text
    if day is None or not title:
        raise UserError(f"Файл «{file_name}»: над таблицей участников не найдены название и дата мероприятия "
                        "(например, «Профессиональная проба «Повар» 12.10.2026»). Впишите их в первые строки.")
    title = title.strip()
    if len(title) > 1 and title[0] == title[-1] == '"':
        title = title[1:-1]
    return title, day


def _getters(header: HeaderMatch) -> tuple:
    """(padded width, and C-level getters of a row's person, event and mark cells) for one header."""
    from operator import itemgetter

    cols = header.columns
    width = max(cols.values()) + 2
    missing = width - 1

    def at(*keys: str):
        return itemgetter(*(cols.get(k, missing) for k in keys))

    klass = ("class",) if "class" in cols else ("grade", "letter")
    person = at("full_name", "birth_date", *klass)
    has_birth = "birth_date" in cols
    person_of = person if has_birth else (lambda cells: (cells[cols["full_name"]], False) + person(cells)[2:])
    return (width, person_of, at("date", "title", "category", "organizer", "organizer_type", "hours"),
            at("mark", "result", "competence"))


class RowReader:
    """Reads the cells of one data row. A log repeats the same dates, titles, classes and names thousands of
    times, so each part of a row is parsed once per distinct value (bounded caches), not once per row."""

    CACHE_LIMIT = 200_000

    def __init__(self, log: ParticipationLog):
        self.log = log
        self.organizer_types = {fold(v): k for k, v in ORGANIZER_TYPE_LABELS.items()} | ORGANIZER_TYPE_WORDS
        self.people: dict[tuple, tuple] = {}
        self.events: dict[tuple, tuple] = {}
        self.marks: dict[tuple, tuple] = {}
        self.getters: dict[int, tuple] = {}
        self.lists: dict[tuple, tuple] = {}

    def _cached(self, cache: dict, key: tuple, parse):
        found = cache.get(key)
        if found is None:
            if len(cache) >= self.CACHE_LIMIT:
                cache.clear()
            found = cache[key] = parse(*key)
        return found


    def read(self, header: HeaderMatch, row: int, cells: list[object], sheet: str
             ) -> tuple[list[LogRow], list[Problem]]:
        cols = header.columns
        getters = self.getters.get(id(header))
        if getters is None:
            getters = self.getters[id(header)] = _getters(header)
        width, person_of, event_of, mark_of = getters
        # Padded with one None more than the widest column: a column the file lacks reads that last None.
        if len(cells) != width:
            cells = list(cells[:width - 1]) + [None] * (width - min(len(cells), width - 1))
        full_name, cls, birth, errs = self._cached(self.people, person_of(cells), _person)
        errs = list(errs)
        layout = self.log.layout

        def cell(key: str) -> object:
            idx = cols.get(key)
            return None if idx is None else cells[idx]

        if layout == PLATFORM_LIST:
            # A class's list repeats the same trials on the same days: each distinct set is parsed once.
            marks, list_errs = self._cached(self.lists, tuple(cell(k) for k in _LIST_COLUMNS),
                                            lambda *raw: _platform_marks(header, raw))
            errs += list_errs
            rows = [] if errs or cls is None else [
                LogRow(row, date, title, EVENT_CATEGORY_LABELS[category], PLATFORM_PARTNER, "other", full_name,
                       cls[0], cls[1], "attended", None, "", None, sheet, birth, category, True)
                for date, title, category in marks]   # a student with nothing passed yet records nothing
        elif layout == SUMMARY:
            counts, archived = _figures(header, cells, errs)
            rows = [] if errs or cls is None else [
                LogRow(row, archived, "", "", "", None, full_name, cls[0], cls[1], "attended", None, "", None,
                       sheet, birth, None, True, counts)]
        elif layout == EVENT_LIST:
            raw = cell_text(cell("attended"))
            status = "attended" if not raw else ATTENDANCE_MARK_WORDS.get(fold(raw).rstrip("."))
            if status is None:
                errs.append(("нужно «да» или «нет»", "attended", raw))
            category = _platform_category(self.log.event_title)
            rows = [] if errs or cls is None else [
                LogRow(row, self.log.event_date, self.log.event_title, EVENT_CATEGORY_LABELS[category],
                       PLATFORM_PARTNER, "other", full_name, cls[0], cls[1], status, None, "", None, sheet, birth,
                       category, True)]
        else:
            date, title, category_text, organizer, org_type, hours, event_errs = self._cached(
                self.events, event_of(cells), self._log_event)
            status, result, competence, mark_errs = self._cached(self.marks, mark_of(cells), _mark)
            if errs or event_errs or mark_errs or cls is None:
                errs += event_errs + mark_errs
                rows = []
            else:
                return [LogRow(row, date, title, category_text, organizer, org_type, full_name, cls[0], cls[1],
                               status, result, competence, hours, sheet, birth)], []
        return rows, [Problem(message, row, COLUMN_LABELS[key], cell_text(value), sheet) for message, key, value in errs]

    def _log_event(self, raw_date, raw_title, raw_category, raw_organizer, raw_type, raw_hours) -> tuple:
        errs: list[tuple[str, str, object]] = []
        date = None
        try:
            date = parse_date(raw_date)
            if date is None:
                errs.append(("не указана дата мероприятия", "date", raw_date))
        except ValueError as exc:
            errs.append((str(exc), "date", raw_date))
        title = cell_text(raw_title)
        if not title:
            errs.append(("не указано название мероприятия", "title", ""))
        elif len(title) > 500:
            errs.append(("название мероприятия длиннее 500 знаков", "title", title[:40] + "…"))
        raw = cell_text(raw_type)
        org_type = None if not raw else self.organizer_types.get(fold(raw).rstrip("."))
        if raw and org_type is None:
            errs.append(("тип организатора не распознан: нужно "
                         + ", ".join(f"«{v}»" for v in ORGANIZER_TYPE_LABELS.values()), "organizer_type", raw))
        hours = None
        try:
            hours = parse_number(raw_hours)
            if hours is not None and not 0 <= hours <= MAX_HOURS:
                raise ValueError(f"часы должны быть от 0 до {MAX_HOURS}")
        except ValueError as exc:
            errs.append((str(exc), "hours", raw_hours))
            hours = None
        return date, title, cell_text(raw_category), cell_text(raw_organizer), org_type, hours, tuple(errs)


def _person(raw_name: object, raw_birth: object, *klass: object) -> tuple:
    errs: list[tuple[str, str, object]] = []
    full_name = cell_text(raw_name)
    if not full_name:
        errs.append(("не указаны фамилия и имя обучающегося", "full_name", ""))
    if len(klass) == 1:
        raw, key = cell_text(klass[0]), "class"
    else:
        grade, letter = cell_text(klass[0]), cell_text(klass[1])
        raw, key = f"{grade}{letter}", "grade" if not letter else "letter"
    cls = None
    try:
        label = parse_class_label(raw)
        cls = (label.grade, label.letter)
    except UserError as exc:
        errs.append((str(exc) if raw else "не указан класс", key, raw))
    birth = None
    if raw_birth is not False:
        try:
            birth = parse_date(raw_birth)
        except ValueError as exc:
            errs.append((str(exc), "birth_date", raw_birth))
    return full_name, cls, birth, tuple(errs)


def _mark(raw_mark: object, raw_result: object, raw_competence: object) -> tuple:
    errs: list[tuple[str, str, object]] = []
    raw = cell_text(raw_mark)
    status = "attended" if not raw else ATTENDANCE_MARK_WORDS.get(fold(raw).rstrip("."))
    if status is None:
        errs.append(("отметка не распознана: нужно «участвовал» или «не явился» (пусто = участвовал)", "mark", raw))
    raw = cell_text(raw_result)
    result = None if not raw else COMPETITION_RESULT_WORDS.get(fold(raw).rstrip("."))
    if raw and result is None:
        errs.append(("результат не распознан: нужно «участник», «призёр» или «победитель»", "result", raw))
    return status, result, cell_text(raw_competence)[:300], tuple(errs)


def _figures(header: HeaderMatch, cells: list[object], errs: list) -> tuple[tuple[int, int, int, int], dt.date | None]:
    counts = []
    for key in _COUNT_COLUMNS:
        raw = header.get(cells, key)
        try:
            number = parse_number(raw) or 0
        except ValueError:
            number = -1
        if not (0 <= number <= 10_000 and float(number).is_integer()):
            errs.append(("нужно целое число от 0 до 10 000", key, raw))
            number = 0
        counts.append(int(number))
    archived = None
    raw = header.get(cells, "archived_on")
    try:
        archived = parse_date(raw)
    except ValueError as exc:
        errs.append((str(exc), "archived_on", raw))
    return tuple(counts), archived


def split_list(value: object) -> list[str]:
    """«Повар, Сварщик; Программист» → three values; a line break separates too."""
    text = "" if value is None else (cell_text(value) if not isinstance(value, str) else value)
    return [squeeze(p) for p in re.split(r"[,;\n]", text) if squeeze(p)]


_LIST_COLUMNS = ("trials", "trial_dates", "diagnostics", "diagnostic_dates")


def _platform_marks(header: HeaderMatch, raw: tuple) -> tuple[list[tuple[dt.date, str, str]], list]:
    """The (date, name, category) pairs of a row's lists, and their problems; `raw` holds the cells of
    _LIST_COLUMNS."""
    values = dict(zip(_LIST_COLUMNS, raw))
    marks: list[tuple[dt.date, str, str]] = []
    errs: list[tuple[str, str, object]] = []
    for names_key, dates_key, category in (("trials", "trial_dates", "bvb_trial"),
                                           ("diagnostics", "diagnostic_dates", "bvb_diagnostics")):
        if names_key not in header.columns:
            continue
        raw_names, raw_dates = values[names_key], values[dates_key]
        names = split_list(raw_names)
        dates_raw = [raw_dates] if isinstance(raw_dates, (dt.date, dt.datetime)) else split_list(raw_dates)
        if len(names) != len(dates_raw):
            errs.append((f"в списке {len(names)} назв. и {len(dates_raw)} дат: их число должно совпадать "
                         f"(значение «{cell_text(raw_dates)}»)", names_key, raw_names))
            continue
        for name, raw in zip(names, dates_raw):
            try:
                date = parse_date(raw)
            except ValueError as exc:
                errs.append((f"{exc} (в списке дат)", dates_key, raw))
                continue
            if len(name) > 480:
                errs.append(("название длиннее 480 знаков", names_key, name[:40] + "…"))
                continue
            marks.append((date, name, category))
    return marks, tuple(errs)


def _platform_category(title: str) -> str:
    key = fold(title)
    if "проб" in key:
        return "bvb_trial"
    if "диагност" in key:
        return "bvb_diagnostics"
    return "bvb_event"



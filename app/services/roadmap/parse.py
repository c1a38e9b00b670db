"""Turning a roadmap document — its paragraphs and table rows, in order — into a RoadmapDraft.

Both the DOCX/XLSX importer (`roadmap_import.py`) and the tool that builds the built-in templates from the
seed documents feed this module the same plain blocks, so there is one set of rules for reading a roadmap:

- the header row of a table is found by wording (columns in any order, see `ITEM_COLUMNS`);
- a row merged across the table, or with text in its first cell only, is a section («2. Показатели…»,
  «Целевой ориентир: …»); «4.1» nests under «4»;
- a header row repeated on a later page is dropped; a row with an empty № (or an empty title where the table
  has no №) carries on the item above and is merged into it;
- items before any section go to an unnamed first section; several tables each under a heading paragraph
  («Направление 1. …») are one roadmap with those sections;
- the paragraphs before the first table give the title, period, goal, tasks and the «УТВЕРЖДАЮ» block; the
  paragraphs after the tables from «Исполнитель» on give the «Исполнитель» block.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from app.services.roadmap.draft import IndicatorDraft, ItemDraft, RoadmapDraft, SectionDraft
from app.services.files.tabular import ColumnSpec, match_header
from app.services.text import fold, squeeze


@dataclass
class Paragraph:
    text: str


@dataclass
class TableRow:
    cells: list[str]
    merged: bool = False          # one cell spans the whole row
    number: int | None = None     # row number in the file (XLSX), for messages


@dataclass
class Table:
    rows: list[TableRow]
    name: str = ""                # sheet name or «таблица 2», for messages


Block = Paragraph | Table

ITEM_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("number", "№ п/п", ("номер п п", "номер", "n п п", "номер пп", "п п")),
    ColumnSpec("title", "Наименование мероприятия", (
        "Наименование мероприятия", "Наименование мероприятий", "Наименование работы", "Наименование работ",
        "Мероприятие", "Мероприятия", "Содержание работы", "Содержание мероприятия")),
    ColumnSpec("responsible", "Ответственный исполнитель", (
        "Ответственный исполнитель", "Ответственные исполнители", "Ответственные", "Ответственный",
        "Исполнитель", "Исполнители")),
    ColumnSpec("deadline", "Срок реализации", (
        "Срок реализации", "Сроки реализации", "Срок исполнения", "Сроки исполнения", "Срок проведения",
        "Сроки проведения", "Срок", "Сроки", "Дата проведения")),
    ColumnSpec("expected_result", "Ожидаемый результат", (
        "Ожидаемый результат", "Ожидаемые результаты", "Результат", "Результаты")),
    ColumnSpec("result_form", "Форма представления результата", (
        "Форма представления результата", "Форма представления ожидаемого результата",
        "Форма представления результатов", "Форма представления", "Форма отчета", "Форма отчетности")),
)

INDICATOR_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("number", "№ п/п", ("номер п п", "номер", "n п п")),
    ColumnSpec("goal", "Наименование цели", ("Наименование цели", "Цель", "Целевой ориентир")),
    ColumnSpec("name", "Наименование показателя", ("Наименование показателя", "Показатель", "Показатели")),
    ColumnSpec("unit", "Единицы измерения", ("Единица измерения", "Единицы измерения", "Ед изм")),
    ColumnSpec("target", "Целевое значение", ("Целевое значение", "Значение показателя", "Плановое значение")),
)

WHAT_WAS_LOOKED_FOR = ("таблица мероприятий со строкой заголовков, в которой есть столбец «Наименование "
                       "мероприятия» (или «Наименование работы») и хотя бы один из столбцов «№ п/п», "
                       "«Срок реализации» (исполнения, проведения), «Ответственный исполнитель» "
                       "(«Ответственные», «Исполнитель»), «Ожидаемый результат», "
                       "«Форма представления результата»")

_SECTION_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$", re.DOTALL)
_HEADING = re.compile(r"^(направление|раздел|блок|целевой ориентир|задача|модуль)\b|^\d+(\.\d+)*\.?\s+\S",
                      re.IGNORECASE)
_PERIOD = re.compile(r"(20\d\d)\s*(?:[-–—/]|\s+по\s+)\s*(20\d\d|\d\d)(?!\d)")
_ONE_YEAR = re.compile(r"\bна\s+(20\d\d)\s+год")
_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
           "декабр")
_DATE_WORDS = re.compile(r"[«\"]?(\d{1,2})[»\"]?\s+([а-яё]+)\s+(20\d\d)")
_DATE_DIGITS = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(20\d\d)\b")
_INITIALS_NAME = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$|"
                            r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+(?:[А-ЯЁ]\.\s?){1,2}$")


def _norm_header_cell(text: str) -> str:
    # «№» is not a letter, so it would vanish from the header key: spell it out.
    return text.replace("№", " номер ")


def _header_columns(cells: list[str], specs: tuple[ColumnSpec, ...]) -> dict[str, int]:
    columns, _unknown = match_header([_norm_header_cell(c) for c in cells], specs)
    return columns


def _is_item_header(columns: dict[str, int]) -> bool:
    return "title" in columns and len(columns) >= 2


def _is_indicator_header(columns: dict[str, int]) -> bool:
    return "name" in columns and len(columns) >= 2


def month_of(word: str) -> int | None:
    """1..12 for a Russian month name in any case form («сентября», «Май»), else None."""
    w = fold(word)
    if w in ("май", "мая", "мае", "маю", "маем"):
        return 5
    for i, stem in enumerate(_MONTHS, start=1):
        if i != 5 and w.startswith(stem):
            return i
    return None


def split_section_text(text: str) -> tuple[str, str]:
    """«4.2. Профпробы» → («4.2», «Профпробы»); text without a leading number keeps it all as the title."""
    m = _SECTION_NUMBER.match(text)
    if m:
        return m.group(1), squeeze(m.group(2))
    return "", text


def join_text(first: str, more: str) -> str:
    """Text continued on the next page: joined with a space (a hyphen at the break joins directly)."""
    if not first:
        return more
    if not more:
        return first
    if first.endswith("-") and not first.endswith(" -"):
        return first + more
    return f"{first} {more}"


@dataclass
class _ItemTable:
    columns: dict[str, int]
    width: int
    header_key: tuple[str, ...]


@dataclass
class _Builder:
    draft: RoadmapDraft = field(default_factory=RoadmapDraft)
    section: SectionDraft | None = None
    item: ItemDraft | None = None
    indicator: IndicatorDraft | None = None
    sections_by_number: dict[str, SectionDraft] = field(default_factory=dict)

    def open_section(self, number: str, title: str) -> None:
        section = SectionDraft(number=number, title=title)
        parent_number = number.rpartition(".")[0] if "." in number else ""
        parent = self.sections_by_number.get(parent_number) if parent_number else None
        if parent is not None:
            parent.children.append(section)
        else:
            self.draft.sections.append(section)
        if number:
            self.sections_by_number[number] = section
        self.section, self.item = section, None

    def add_item(self, item: ItemDraft) -> None:
        if self.section is None:
            self.open_section("", "")
        assert self.section is not None
        self.section.items.append(item)
        self.item = item


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    idx = columns.get(key)
    if idx is None or idx >= len(cells):
        return ""
    return squeeze(cells[idx])


def _non_empty(cells: list[str]) -> list[int]:
    return [i for i, c in enumerate(cells) if squeeze(c)]


def _section_text(row: TableRow) -> str | None:
    """The text of a section row (merged across, or text in the first cell only), else None."""
    filled = _non_empty(row.cells)
    if not filled:
        return None
    if row.merged or (len(row.cells) > 1 and filled == [0]):
        return squeeze(row.cells[filled[0]])
    return None


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


class _Parser:
    def __init__(self) -> None:
        self.b = _Builder()
        self.before: list[str] = []       # paragraphs before the first item table
        self.after: list[str] = []        # paragraphs after the last table
        self.pending_heading: list[str] = []
        self.item_tables = 0
        self.last_table: _ItemTable | None = None
        self.indicator_columns: dict[str, int] | None = None
        self.indicator_key: tuple[str, ...] = ()
        self.seen_table = False
        self.gap_has_text = False

    # --- paragraphs ---
    def paragraph(self, text: str) -> None:
        for line in text.split("\n"):
            line = squeeze(line)
            if not self.seen_table:
                self.before.append(line)
            else:
                self.after.append(line)
            if line:
                self.gap_has_text = True
                self.pending_heading.append(line)

    # --- tables ---
    def table(self, table: Table) -> None:
        rows = [r for r in table.rows]
        header_at: int | None = None
        kind = ""
        columns: dict[str, int] = {}
        for i, row in enumerate(rows[:25]):
            cols = _header_columns(row.cells, ITEM_COLUMNS)
            if _is_item_header(cols):
                header_at, kind, columns = i, "items", cols
                break
            cols = _header_columns(row.cells, INDICATOR_COLUMNS)
            if _is_indicator_header(cols) and "goal" in cols:
                header_at, kind, columns = i, "indicators", cols
                break
        if header_at is None:
            width = max((len(r.cells) for r in rows), default=0)
            if self.last_table is not None and not self.gap_has_text and width == self.last_table.width:
                # A table split in two with no header on the second part: the same table goes on.
                self._item_rows(rows, self.last_table)
                return
            for row in rows:            # a layout table (approval block beside the title...): its text
                for cell in row.cells:  # counts as paragraphs
                    if squeeze(cell):
                        self.paragraph(cell)
            return
        for row in rows[:header_at]:
            for cell in row.cells:
                if squeeze(cell):
                    self.paragraph(cell)
        header_cells = rows[header_at].cells
        key = tuple(fold(squeeze(c)) for c in header_cells)
        if kind == "items":
            heading = self._heading_for_table()
            self.seen_table = True
            self.item_tables += 1
            self.after.clear()
            if heading:
                self.b.open_section(*split_section_text(heading))
            self.last_table = _ItemTable(columns, len(header_cells), key)
            self._item_rows(rows[header_at + 1:], self.last_table)
        else:
            self.seen_table = True
            self.after.clear()
            self.indicator_columns, self.indicator_key = columns, key
            self._indicator_rows(rows[header_at + 1:])
            self.last_table = None
        self.pending_heading.clear()
        self.gap_has_text = False

    def _heading_for_table(self) -> str:
        """The heading paragraph right above a table («Направление 1. …»), if it reads as one."""
        if not self.pending_heading:
            return ""
        text = self.pending_heading[-1]
        if _HEADING.match(text) and len(text) <= 300 and not text.endswith(":"):
            return text
        return ""

    def _tail_starts(self, rows: list[TableRow], index: int, *, any_text: bool = False) -> bool:
        """A row «Исполнитель: …» under the table (in a spreadsheet; for the indicators table, any row of
        text in its first cell only, such as a note): it and the rest are the tail text."""
        section = _section_text(rows[index])
        if section is None:
            return False
        if not fold(section).startswith("исполнител") and not (any_text and not re.fullmatch(r"[\d.]+", section)):
            return False
        for row in rows[index:]:
            for cell in row.cells:
                if squeeze(cell):
                    self.paragraph(cell)
        return True

    def _item_rows(self, rows: list[TableRow], table: _ItemTable) -> None:
        columns = table.columns
        has_number = "number" in columns
        for index, row in enumerate(rows):
            cells = row.cells
            if not _non_empty(cells):
                continue
            if self._tail_starts(rows, index):
                return
            if tuple(fold(squeeze(c)) for c in cells) == table.header_key:
                continue  # the header repeated on a later page
            item_columns = _header_columns(cells, ITEM_COLUMNS)
            if _is_item_header(item_columns) and set(item_columns) == set(columns):
                continue  # the same, worded a little differently
            if self._numbering_row(cells):
                continue  # «1 2 3 4 5» under the header: column numbers, not an item
            indicator_columns = _header_columns(cells, INDICATOR_COLUMNS)
            if _is_indicator_header(indicator_columns) and "goal" in indicator_columns:
                # The indicators table right under the plan (one spreadsheet sheet holds both): the notes
                # between them were read as sections without items; they are not sections.
                self._drop_empty_sections()
                self.indicator_columns = indicator_columns
                self.indicator_key = tuple(fold(squeeze(c)) for c in cells)
                self.last_table = None
                self._indicator_rows(rows[index + 1:])
                return
            section = _section_text(row)
            # Text in the first cell only that carries on a sentence is the item above continued, not a section.
            if section is not None and (row.merged or not (_starts_lower(section) and self.b.item is not None)):
                number, title = split_section_text(section)
                self.b.open_section(number, title)
                continue
            number = _cell(cells, columns, "number")
            title = _cell(cells, columns, "title")
            prev = self.b.item
            continues = prev is not None and (
                section is not None   # text in the first cell only, carrying on a sentence (see above)
                or (has_number and not number and (bool(prev.number) or not title))
                or (not has_number and not title))
            if continues:
                assert prev is not None
                prev.title = join_text(prev.title, title)
                for key in ("responsible", "deadline", "expected_result", "result_form"):
                    setattr(prev, key, join_text(getattr(prev, key), _cell(cells, columns, key)))
                if not prev.number and number:
                    prev.number = number
                continue
            self.b.add_item(ItemDraft(
                number=number, title=title, responsible=_cell(cells, columns, "responsible"),
                deadline=_cell(cells, columns, "deadline"),
                expected_result=_cell(cells, columns, "expected_result"),
                result_form=_cell(cells, columns, "result_form")))

    def _drop_empty_sections(self) -> None:
        sections = self.b.draft.sections
        while sections and not sections[-1].items and not sections[-1].children:
            sections.pop()

    @staticmethod
    def _numbering_row(cells: list[str]) -> bool:
        texts = [squeeze(c) for c in cells if squeeze(c)]
        return len(texts) >= 3 and texts == [str(i) for i in range(1, len(texts) + 1)]

    def _indicator_rows(self, rows: list[TableRow]) -> None:
        columns = self.indicator_columns or {}
        indicators = self.b.draft.indicators
        for index, row in enumerate(rows):
            cells = row.cells
            if not _non_empty(cells):
                continue
            if self._tail_starts(rows, index, any_text=True):
                return
            if tuple(fold(squeeze(c)) for c in cells) == self.indicator_key:
                continue
            if self._numbering_row(cells):
                continue
            values = {k: _cell(cells, columns, k) for k in ("number", "goal", "name", "unit", "target")}
            prev = indicators[-1] if indicators else None
            # No number and no goal, and the name carries on a sentence: the row continues the one above.
            if prev is not None and not values["number"] and not values["goal"] and (
                    _starts_lower(values["name"]) or not values["name"]):
                for key, value in values.items():
                    if key != "number":
                        setattr(prev, key, join_text(getattr(prev, key), value))
                continue
            indicators.append(IndicatorDraft(**values))

    # --- the document's head and tail ---
    def finish(self) -> RoadmapDraft:
        draft = self.b.draft
        head = [p for p in self.before if p]
        _read_head(draft, head)
        draft.executor_block = _executor_block(self.after)
        return draft


def _read_head(draft: RoadmapDraft, lines: list[str]) -> None:
    title = ""
    for line in lines:
        low = fold(line)
        if low.startswith(("план", "дорожная карта", "программа")) and len(line) < 600:
            title = line
            break
    if not title:
        title = next((line for line in lines if "дорожн" in fold(line) and len(line) < 600), "")
    draft.title = title.rstrip("*").strip()
    m = _PERIOD.search(draft.title)
    if m:
        start, end = int(m.group(1)), m.group(2)
        draft.period_start = start
        draft.period_end = int(end) if len(end) == 4 else int(str(start)[:2] + end)
    else:
        m = _ONE_YEAR.search(draft.title)
        if m:
            draft.period_start = draft.period_end = int(m.group(1))
    for line in lines:
        low = fold(line)
        if not draft.goal and (low.startswith("цель") or low.startswith("целью")):
            draft.goal = line
        elif not draft.tasks and low.startswith("задачи"):
            draft.tasks = line
    _read_approval(draft, lines)


def _read_approval(draft: RoadmapDraft, lines: list[str]) -> None:
    start = next((i for i, line in enumerate(lines) if fold(line).startswith("утверждаю")), None)
    if start is None:
        return
    rest = lines[start][len("утверждаю"):].strip(" :")
    block = ([rest] if rest else []) + lines[start + 1:start + 7]
    position: list[str] = []
    for line in block:
        if line == draft.title or fold(line).startswith(("план", "дорожная карта")):
            break
        low = fold(line)
        date = _parse_date(line)
        if date and not draft.approved_on:
            draft.approved_on = date
            order = re.search(r"приказ\w*\s*(?:от\s+[\d.]+\s*(?:г\.?)?)?\s*(№\s*\S+)", line, re.IGNORECASE)
            if order:
                draft.approval_order = squeeze(order.group(0))
            continue
        if "приказ" in low:
            draft.approval_order = line
            continue
        name = re.sub(r"^[_\s]+", "", line)
        if _INITIALS_NAME.match(name) and not draft.approved_by_name:
            draft.approved_by_name = name
            continue
        if not draft.approved_by_name and not draft.approved_on:
            position.append(line)
    draft.approved_by_position = " ".join(position)


def _parse_date(line: str) -> dt.date | None:
    m = _DATE_WORDS.search(line)
    if m:
        month = month_of(m.group(2))
        if month:
            try:
                return dt.date(int(m.group(3)), month, int(m.group(1)))
            except ValueError:
                return None
    m = _DATE_DIGITS.search(line)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None


def _executor_block(lines: list[str]) -> str:
    start = next((i for i, line in enumerate(lines) if fold(line).startswith("исполнител")), None)
    if start is None:
        return ""
    out: list[str] = []
    for line in lines[start:]:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def parse_blocks(blocks: list[Block]) -> tuple[RoadmapDraft, int]:
    """The draft read from a document's blocks, and how many item tables were found (0 = none)."""
    parser = _Parser()
    for block in blocks:
        if isinstance(block, Paragraph):
            parser.paragraph(block.text)
        else:
            parser.table(block)
    return parser.finish(), parser.item_tables

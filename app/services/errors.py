"""Errors a user may see. Every message is Russian and says what was wrong and where.

Anything else that escapes a service is a defect: the UI and the CLI log it and show a short
apology, never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """A problem the user can understand and act on; `str(error)` is the Russian message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    pass


class PermissionDenied(UserError):
    pass


class DatabaseError(UserError):
    """The database file cannot be used (newer than the program, not ours, damaged...)."""


@dataclass(frozen=True)
class Problem:
    """One problem in an imported file: where it is and what is wrong with it."""

    message: str
    row: int | None = None
    column: str = ""
    value: str = ""
    sheet: str = ""
    is_warning: bool = False

    def describe(self) -> str:
        where = []
        if self.sheet:
            where.append(f"лист «{self.sheet}»")
        if self.row is not None:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»")
        prefix = ", ".join(where)
        value = f" значение «{self.value}»" if self.value != "" else ""
        head = f"{prefix}:{value}" if prefix else (value.strip() + ":" if value else "")
        kind = "предупреждение: " if self.is_warning else ""
        return f"{head} {kind}{self.message}".strip()


def _rows_text(rows: list[int]) -> str:
    return f"строка {rows[0]}" if len(rows) == 1 else "в строках " + ", ".join(str(r) for r in rows)


def problem_lines(problems: list[Problem] | tuple[Problem, ...], *, limit: int = 20) -> list[str]:
    """One line per kind of problem; at most `limit` lines and a line saying how many more there are."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        if problem.row is None:
            groups[(id(problem),)] = [problem]
            continue
        groups.setdefault((problem.sheet, problem.column, problem.message, problem.is_warning), []).append(problem)
    lines: list[str] = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            lines.append(first.describe())
            continue
        where = [f"лист «{first.sheet}»"] if first.sheet else []
        if first.column:
            where.append(f"столбец «{first.column}»")
        values = {p.value for p in group}
        rows = sorted({p.row for p in group})
        if len(values) == 1 and first.value != "":
            where_text = ", ".join(where + [f"значение «{first.value}»"])
            rows_text = _rows_text(rows)
        else:
            where_text = ", ".join(where)
            shown = sorted(group, key=lambda p: p.row)
            rows_text = "в строках " + ", ".join(f"{p.row} («{p.value}»)" if p.value != "" else str(p.row)
                                                 for p in shown)
        kind = "предупреждение: " if first.is_warning else ""
        lines.append(f"{where_text}: {kind}{first.message} — {rows_text}" if where_text
                     else f"{kind}{first.message} — {rows_text}")
    if len(lines) > limit:
        rest = len(lines) - limit
        lines = lines[:limit] + [f"… и ещё {rest}"]
    return lines


class ImportRejected(UserError):
    """A file that cannot be imported as it is; nothing was written."""

    def __init__(self, file_name: str, problems: list[Problem]):
        self.file_name = file_name
        self.problems = [p for p in problems if not p.is_warning]
        self.warnings = [p for p in problems if p.is_warning]
        count = len(self.problems)
        lines = [f"Файл «{file_name}» не загружен: ошибок — {count}. Ничего не записано."]
        # The same mistake in many rows is one line («в строках 3, 7, 12»).
        lines += [f"  • {line}" for line in problem_lines(self.problems, limit=50)]
        super().__init__("\n".join(lines))

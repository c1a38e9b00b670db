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


class ImportRejected(UserError):
    """A file that cannot be imported as it is; nothing was written."""

    def __init__(self, file_name: str, problems: list[Problem]):
        self.file_name = file_name
        self.problems = [p for p in problems if not p.is_warning]
        self.warnings = [p for p in problems if p.is_warning]
        count = len(self.problems)
        lines = [f"Файл «{file_name}» не загружен: ошибок — {count}. Ничего не записано."]
        lines += [f"  • {p.describe()}" for p in self.problems[:50]]
        if count > 50:
            lines.append(f"  … и ещё {count - 50}")
        super().__init__("\n".join(lines))

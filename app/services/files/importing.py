"""The one shape of every import (roster, participation log, graduates, class sheets, roadmap):
read → plan → apply.

`Importer.plan(uow, path, **options)` reads the file and checks it against the database, writing nothing;
the plan it returns says through `preview()` what the import would do — counts, tables of rows, and every
problem with its row, column and value. `Importer.apply(uow, plan, load_rest=..., progress=..., cancelled=...)`
writes it in one transaction and returns a result whose `summary_lines()` say what was done. One preview
dialog (app/ui/widgets/import_preview.py) and one CLI wrapper (app/cli/importing.py) serve every importer."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from app.services.errors import Problem, problem_lines

MAX_SHOWN_PROBLEMS = 50


@dataclass(frozen=True)
class PreviewTable:
    """Rows shown in one tab of the preview: «Будут добавлены (28)»."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[object, ...]]
    name: str = ""                          # object name in the window, for tests and accessibility


class HasProblems:
    """Errors and warnings of a file's `problems` (a dataclass field of the class that mixes this in)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.is_warning]

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.errors if p.row is not None}


@dataclass
class ImportPreview(HasProblems):
    """What an import would do, before it writes anything."""

    title: str                              # «Загрузка списка учащихся»
    file_name: str
    counts: list[tuple[str, int]] = field(default_factory=list)   # («Будет добавлено», 28), in order
    problems: list[Problem] = field(default_factory=list)
    tables: list[PreviewTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)                 # year, header row, ignored columns…
    # The wording of «load the rest» when the problems allow it (rows with problems are left out and listed);
    # empty: any problem blocks the import.
    rest_option: str = ""
    # Why applying would change nothing; empty when there is something to write.
    nothing_to_do: str = ""

    def can_apply(self, *, load_rest: bool = False) -> bool:
        if self.nothing_to_do:
            return False
        return not self.errors or (load_rest and bool(self.rest_option))

    def lines(self) -> list[str]:
        """The preview as text: for the command line and a plain message."""
        out = [f"Файл «{self.file_name}»."] + self.notes
        out += [f"{label}: {count}" for label, count in self.counts]
        errors, warnings = self.errors, self.warnings
        if errors:
            out.append(f"Ошибок: {len(errors)} в строках: {len(self.bad_rows)}.")
        if warnings:
            out.append(f"Предупреждений: {len(warnings)}.")
        # The same mistake in many rows is one line («в строках 3 («…»), 5 («…»)»), errors first.
        out += [f"  • {line}" for line in problem_lines(errors + warnings, limit=MAX_SHOWN_PROBLEMS)]
        if self.nothing_to_do:
            out.append(self.nothing_to_do)
        return out


class ImportPlan(Protocol):
    """What `Importer.plan` returns: anything that can show itself as a preview."""

    def preview(self) -> ImportPreview: ...


class ImportResult(Protocol):
    def summary_lines(self) -> list[str]: ...


PlanT = TypeVar("PlanT", bound=ImportPlan)
ResultT = TypeVar("ResultT", bound=ImportResult)


@dataclass(frozen=True)
class Importer(Generic[PlanT, ResultT]):
    """One import: its title, how it plans and how it applies. Built once in each importer's module."""

    title: str                                           # «Загрузка журнала участия»
    plan: Callable[..., PlanT]                           # plan(uow, path, **options) → PlanT; writes nothing
    apply: Callable[..., ResultT]                        # apply(uow, plan, *, load_rest, progress, cancelled)
    done: str = "Загрузка завершена."                    # the first line after a successful apply

    def run(self, uow_factory: Callable[[], Any], path, *, load_rest: bool = False, progress=None,
            cancelled=None, **options) -> ResultT:
        """Plan and apply in one go (the command line, tests): refused like the window refuses."""
        from app.services.errors import ImportRejected

        plan = self.plan(uow_factory(), path, **options)
        preview = plan.preview()
        if preview.errors and not (load_rest and preview.rest_option):
            raise ImportRejected(preview.file_name, preview.problems)
        return self.apply(uow_factory(), plan, load_rest=load_rest, progress=progress, cancelled=cancelled)


def problem_table(problems: Sequence[Problem]) -> PreviewTable:
    """The problems as a table: (Лист |) Строка | Столбец | Значение | Что не так."""
    with_sheet = any(p.sheet for p in problems)
    columns = ("Лист",) if with_sheet else ()
    rows = [((p.sheet,) if with_sheet else ()) + (p.row, p.column, p.value,
                                                  ("предупреждение: " if p.is_warning else "") + p.message)
            for p in problems]
    return PreviewTable("Ошибки и предупреждения", columns + ("Строка", "Столбец", "Значение", "Что не так"), rows,
                        "import_problems")

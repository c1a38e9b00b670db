"""The problems of an imported file as a reader wants them: the same mistake in many rows said once, with its
rows («в строках 3, 7, 12»), in the order the rows come."""
from __future__ import annotations

from app.services.errors import Problem


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

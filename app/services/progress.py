"""The one vocabulary of long work: a service takes `progress(done, total)` and `cancelled()` as keyword
arguments, reports through the first and asks the second between steps; a cancelled service raises
`OperationCancelled` before it commits, so nothing is written."""
from __future__ import annotations

from collections.abc import Callable

from app.services.errors import UserError

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class OperationCancelled(UserError):
    """The user pressed «Отмена»: the transaction is rolled back, nothing is written."""

    def __init__(self, what: str = "Операция отменена"):
        super().__init__(f"{what}. Ничего не изменено.")


def check_cancelled(cancelled: CancelledFn | None, what: str = "Операция отменена") -> None:
    if cancelled is not None and cancelled():
        raise OperationCancelled(what)


def report(progress: ProgressFn | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)

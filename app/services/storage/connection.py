"""A server database that cannot be reached, or whose connection broke in the middle of an action.

The unit of work rolls the action back whole and raises `ConnectionLost` with a Russian message; the engine
checks a pooled connection before reusing it (pool_pre_ping), so the next action reconnects by itself.
Nothing typed in an open dialog is lost: a refused save leaves the dialog open (the dialogs' own rule)."""
from __future__ import annotations

import sqlalchemy.exc

from app.services.errors import DatabaseError

LOST_MESSAGE = ("Нет связи с сервером базы данных ({name}). Действие отменено целиком, ничего не записано. "
                "Проверьте сеть и повторите: программа подключится заново.")


class ConnectionLost(DatabaseError):
    """The server went away during an action (or could not be reached for it)."""


def is_connection_lost(exc: BaseException) -> bool:
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return True
    # psycopg reports a refused or timed-out connection as OperationalError before any statement runs.
    return isinstance(exc, sqlalchemy.exc.OperationalError)


def lost_message(database) -> str:
    return LOST_MESSAGE.format(name=database.name)


def unreachable_message(database, exc: BaseException) -> str:
    """Why opening the server database failed, in Russian, without the password."""
    detail = str(getattr(exc, "orig", exc) or "").lower()
    if "password" in detail or "authentication" in detail:
        why = "сервер не принял имя пользователя или пароль"
    elif "does not exist" in detail:
        why = "на сервере нет такой базы данных или такого пользователя"
    elif "timeout" in detail or "timed out" in detail:
        why = "сервер не ответил вовремя"
    else:
        why = "сервер недоступен: проверьте адрес, порт и сеть"
    return f"Не удалось подключиться к базе «{database.name}»: {why}. Ничего не изменено."

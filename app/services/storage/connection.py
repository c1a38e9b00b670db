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


CONFLICT_MESSAGE = ("Сервер базы данных прервал действие: другой пользователь в тот же момент менял те же "
                    "записи. Действие отменено целиком, ничего не записано; повторите его.")


class ServerConflict(DatabaseError):
    """The server broke a deadlock (or a serialisation conflict) by cancelling this action."""


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def is_connection_lost(exc: BaseException) -> bool:
    """The connection broke or could not be made (not an error of the statement itself)."""
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, sqlalchemy.exc.OperationalError):
        return False
    # psycopg reports a refused, timed-out or dropped connection without a SQLSTATE, or in class 08
    # (connection exception) / 57P (the server shutting down); a deadlock is OperationalError too (40P01).
    state = _sqlstate(exc)
    return state is None or state.startswith(("08", "57P"))


def is_conflict(exc: BaseException) -> bool:
    """A deadlock, a serialisation failure, or a unique key another user's action took a moment earlier
    (the services look for duplicates first; on a server two actions can still both find none and race)."""
    return isinstance(exc, sqlalchemy.exc.DBAPIError) and (_sqlstate(exc) or "") in ("40001", "40P01", "23505")


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


def server_url(*, host: str, port: int, database: str, user: str, password: str = "") -> str:
    """The SQLAlchemy URL of a server database from the fields of the connection form."""
    from sqlalchemy.engine import URL

    for label, value in (("сервер", host), ("база данных", database), ("пользователь", user)):
        if not value.strip():
            raise DatabaseError(f"Укажите поле «{label}».")
    if not 1 <= port <= 65535:
        raise DatabaseError(f"Порт {port} вне допустимых пределов (1–65535).")
    return URL.create("postgresql+psycopg", username=user.strip(), password=password or None, host=host.strip(),
                      port=port, database=database.strip()).render_as_string(hide_password=False)


def check_connection(url: str) -> str:
    """«Проверить подключение»: connect, read the server's version and what the database holds; the answer
    in Russian. Nothing is written."""
    from sqlalchemy import inspect, text

    from app.services.storage.database import Database

    database = Database.open(url)
    try:
        with database.engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
            tables = set(inspect(conn).get_table_names())
            revision = (conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                        if "alembic_version" in tables else None)
    except sqlalchemy.exc.DBAPIError as exc:
        raise DatabaseError(unreachable_message(database, exc)) from None
    finally:
        database.dispose()
    if revision:
        holds = f"в ней база ПрофТрека (версия схемы {revision})"
    elif tables:
        holds = "в ней есть чужие таблицы: ПрофТрек её не откроет"
    else:
        holds = "база пуста: при первом подключении в ней будут созданы таблицы ПрофТрека"
    return f"Подключение установлено: PostgreSQL {version}, база «{database.url.database}»; {holds}."

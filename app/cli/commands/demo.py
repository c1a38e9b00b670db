"""`demo`: build the demonstration school in a database file (a new one, or an existing one with --force)."""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

from app.cli.context import add_db_argument, resolve_db_path
from app.services.errors import UserError

# Tables whose rows mean that someone already keeps a school in the file.
_DATA_TABLES = ("school", "academic_year", "student", "event", "partner", "staff")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "demo", help="создать демонстрационную школу",
        description="Создаёт файл базы данных с демонстрационной школой: классы, учащиеся, мероприятия, "
                    "консультации, выпускники и дорожная карта за прошлый и текущий учебные годы.\n"
                    "В базу, где уже есть данные, школа записывается только с --force (сначала делается "
                    "резервная копия, затем база создаётся заново).")
    add_db_argument(p)
    p.add_argument("--students", type=int, default=700, metavar="N", help="число учащихся (по умолчанию 700)")
    p.add_argument("--seed", type=int, default=1, metavar="S",
                   help="начальное число: с одним и тем же числом получается одна и та же школа")
    p.add_argument("--force", action="store_true",
                   help="заменить данные существующей базы (после резервной копии)")
    p.set_defaults(handler=run)


def holds_data(path: Path | str) -> bool:
    """Whether the file (or server database) already holds a school, read without changing it."""
    if isinstance(path, str):
        from app.services.storage.transfer import holds_school
        return holds_school(path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            return any(con.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in _DATA_TABLES if t in tables)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise UserError(f"Файл «{path}» не является базой данных ПрофТрека или повреждён. Файл не изменён.") from None


def holds_demo_school_only(path: Path) -> bool:
    """Whether the school kept in the file is the demonstration school (read without changing it)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "school" not in tables:
                return False
            rows = con.execute("SELECT is_demo FROM school").fetchall()
            return bool(rows) and all(bool(r[0]) for r in rows)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise UserError(f"Файл «{path}» не является базой данных ПрофТрека или повреждён. Файл не изменён.") from None


def _replace_with_empty(path: Path) -> Path:
    """Back the file up, then remove it (with its WAL files) so that the school is built from scratch."""
    from app.services.storage.backups import take_backup
    from app.services.storage.database import Database, delete_database_files

    database = Database.open(path)
    try:
        backup = take_backup(database, reason="before-demo")
    finally:
        database.dispose()
    delete_database_files(path)
    return backup


def _print_progress(done: int, total: int) -> None:
    print(f"\rСоздание демонстрационной школы: {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr,
          flush=True)


def run(args: argparse.Namespace) -> int:
    from app.services.demo.build import build_demo, check_demo_size
    from app.services.storage.migrations import open_database

    from app.services.storage.opening import take_for_command

    path = resolve_db_path(args)
    check_demo_size(args.students)
    backup = None
    if isinstance(path, str):
        # A server has no lock file: the demo goes only into an empty database there.
        if holds_data(path):
            raise UserError("Демонстрационная школа записывается только в пустую базу на сервере: создайте "
                            "новую базу данных. Ничего не изменено.")
        opening = None
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The window's door: never under an open program, never over a damaged file.
        opening = take_for_command(path, must_exist=False)
    try:
        if isinstance(path, Path) and holds_data(path):
            if not args.force:
                raise UserError(f"В базе данных «{path}» уже есть данные. Демонстрационная школа в неё не "
                                "записана. Чтобы заменить данные демонстрационной школой, добавьте --force "
                                "(сначала будет сделана резервная копия).")
            if not holds_demo_school_only(path):
                raise UserError(f"В базе данных «{path}» ведётся школа, а не демонстрационная школа: "
                                "её данные не заменяются даже с --force. Файл не изменён. Для демонстрационной "
                                "школы укажите другой файл (--db).")
            backup = _replace_with_empty(path)
        started = time.perf_counter()
        database = open_database(path)
        try:
            summary = build_demo(database, students=args.students, seed=args.seed,
                                 progress=_print_progress if sys.stderr.isatty() else None)
        finally:
            database.dispose()
            if sys.stderr.isatty():
                print(file=sys.stderr)
    finally:
        if opening is not None:
            opening.release()
    elapsed = time.perf_counter() - started
    number = lambda n: f"{n:,}".replace(",", " ")  # noqa: E731
    lines = [
        f"Демонстрационная школа создана: {summary.school}",
        f"Файл базы данных: {path}" if isinstance(path, Path) else f"База данных: {database.name}",
    ]
    if backup is not None:
        lines.append(f"Прежние данные сохранены в резервной копии: {backup}")
    lines += [
        f"Учебные годы: {', '.join(summary.years)} (текущий — {summary.current_year})",
        f"Учащихся в текущем году: {number(summary.current_students)} "
        f"(всего в базе {number(summary.students)}, с выпускниками и выбывшими)",
        f"Классов за два года: {summary.classes}",
        f"Сотрудников: {summary.staff}; партнёров: {summary.partners}; договоров: {summary.agreements}",
        f"Мероприятий: {number(summary.events)}; отметок участия: {number(summary.participations)}",
        f"Консультаций: {number(summary.consultations)}",
        f"Выпускников прошлого года: {number(summary.graduates)}; "
        f"сведений о продолжении обучения: {number(summary.destinations)}",
        f"Кружков: {summary.clubs}; записей в кружки: {number(summary.club_enrollments)}",
        f"Пунктов дорожной карты: {summary.roadmap_items}",
        f"Время: {elapsed:.1f} с".replace(".", ","),
    ]
    if summary.notes_recovery_key:
        lines.append(f"Ключ восстановления записей консультаций: {summary.notes_recovery_key} "
                     "(записи зашифрованы; ключ показывается один раз)")
    print("\n".join(lines))
    return 0

"""The query planner's statistics, kept current by the program itself: a school's file is never
analysed by anyone else, and without statistics SQLite guesses plans that walk the roster student by
student (the indicators ×3–6 slower on an un-analysed file). The one place that knows the dialect."""
from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.services.storage.database import Database

log = logging.getLogger(__name__)

# Rows sampled per index by a bounded ANALYZE: about 50 ms whatever the size of the school, and plans
# as good as a full ANALYZE gives for tables of this shape.
ANALYSIS_LIMIT = 1000


def has_statistics(session) -> bool:
    """Whether the planner has statistics for this file (PostgreSQL: always gathered by the server)."""
    if session.get_bind().dialect.name != "sqlite":
        return True
    return session.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")).first() is not None


def optimize(database: Database, *, bulk_load: bool = False) -> None:
    """Refresh the statistics after a bulk load (`bulk_load=True`: demo build, migration) and at close.

    SQLite: a bounded ANALYZE when the file has no statistics yet or after a bulk load, else
    `PRAGMA optimize` (which re-analyses only the tables that changed a lot). Never fails the caller:
    statistics only make queries faster, and a busy file is analysed next time."""
    try:
        with database.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
                fresh = conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").first() is None
                conn.exec_driver_sql("ANALYZE" if bulk_load or fresh else "PRAGMA optimize")
            elif bulk_load:
                conn.exec_driver_sql("ANALYZE")
            conn.commit()
    except DBAPIError as exc:
        log.warning("statistics not refreshed: %s", exc)

"""Indicator sets on both engines side by side: the same schools as bench_indicators.py (2,000 students;
100,000 students with 3 million participations), on the SQLite file and on a PostgreSQL server after
`copy-db` moved them there. The numbers must be the same on both engines; goals as on SQLite (< 100 ms a
set at 2,000 students, < 3 s at 100,000).

The server: PROFTRACK_BENCH_PG (a superuser URL of a running server), else a throwaway cluster started
from the machine's PostgreSQL programs (tests/pg_cluster.py).

    python -m benchmarks.bench_indicators_server [--small-only]"""
from __future__ import annotations

import os
import sys
import time

import psycopg
from sqlalchemy.engine import make_url

from app.services.access import system_actor
from app.services.indicators import compute_set
from app.services.storage.migrations import open_database
from app.services.storage.transfer import copy_database
from app.services.uow import UnitOfWork
from benchmarks.bench_indicators import HAND, YEAR, engine_counts, school
from benchmarks.common import Figure, best_of, print_figures


def _admin(url: str, sql: str) -> None:
    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database,
                         autocommit=True) as conn:
        conn.execute(sql)


def _measure(target: str, set_code: str) -> tuple[list, float]:
    db = open_database(target)
    try:
        uow = UnitOfWork(db, system_actor("замер"))
        counts = engine_counts(compute_set(uow, set_code=set_code, year=YEAR))
        return counts, best_of(lambda: compute_set(uow, set_code=set_code, year=YEAR), repeat=3)
    finally:
        db.dispose()


def measure(name: str, path, server: str, goal_seconds: float) -> list[Figure]:
    database = f"bench_{path.stem.replace('-', '_')}"
    _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(server, f'CREATE DATABASE "{database}"')
    url = make_url(server).set(database=database).render_as_string(hide_password=False)
    t0 = time.perf_counter()
    copy_database(path, url)
    copied = time.perf_counter() - t0
    _admin(url, "ANALYZE")
    goal = f"< {goal_seconds * 1000:.0f} мс" if goal_seconds < 1 else f"< {goal_seconds:g} с"
    figures = [Figure(f"copy-db SQLite → PostgreSQL, {name}", "(замер)", copied)]
    for set_code in HAND:
        lite, lite_time = _measure(str(path), set_code)
        pg, pg_time = _measure(url, set_code)
        same = [round(float(x or 0), 6) for x in lite] == [round(float(x or 0), 6) for x in pg]
        if not same:
            raise AssertionError(f"{set_code}: SQLite {lite} ≠ PostgreSQL {pg}")
        figures.append(Figure(f"Набор {set_code}, {name}, PostgreSQL (рядом — SQLite)", f"{goal}, те же числа",
                              pg_time, baseline=lite_time, ok=pg_time < goal_seconds))
    _admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return figures


def run(*, small_only: bool = False) -> list[Figure]:
    server = os.environ.get("PROFTRACK_BENCH_PG")
    cluster = None
    if not server:
        from tests.pg_cluster import Cluster
        cluster = Cluster.start()
        server = cluster.url
    try:
        figures = measure("2 000 обучающихся", school("2k", students=2_000, events=400, per_student=30), server, 0.1)
        if not small_only:
            figures += measure("100 000 обучающихся, 3 млн отметок",
                               school("100k", students=100_000, events=3_000, per_student=30), server, 3.0)
        return figures
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    print_figures(run(small_only="--small-only" in sys.argv))

"""Three schools of one district built with the program itself (the demo builder with different sizes and
seeds, then each school's own details saved through the school service), each with its report exported by
the program: what the municipality tests consolidate."""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.services.access import system_actor
from app.services.demo.build import build_demo
from app.services.reports import export_default_report
from app.services.school.details import get_school, save_school
from app.services.storage.migrations import open_database
from app.services.uow import UnitOfWork

TODAY = dt.date(2025, 6, 1)     # the demo's current year is then 2024/2025, the previous one 2023/2024
YEAR = 2023                     # a complete year in every school
SETS = ("kaliningrad-school", "targets-shares", "profminimum")
SCHOOLS = (  # full name, short name, INN, students, seed
    ("Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»", "МБОУ СШ № 1",
     "3917000101", 60, 11),
    ("Муниципальное автономное общеобразовательное учреждение «Гимназия № 2»", "МАОУ Гимназия № 2",
     "3917000202", 90, 22),
    ("Муниципальное бюджетное общеобразовательное учреждение «Основная школа № 3»", "МБОУ ОШ № 3",
     "", 130, 33),
)
MUNICIPALITY = "Управление образования Светлоборского муниципального округа"


@dataclass(frozen=True)
class DistrictSchool:
    full_name: str
    short_name: str
    db_path: Path
    reports: dict[str, Path]     # set code -> the exported report


def build_district(folder: Path, *, sets: tuple[str, ...] = SETS) -> list[DistrictSchool]:
    folder.mkdir(parents=True, exist_ok=True)
    schools = []
    for n, (full, short, inn, students, seed) in enumerate(SCHOOLS, start=1):
        path = folder / f"school{n}.db"
        database = open_database(path)
        try:
            build_demo(database, students=students, seed=seed, today=TODAY)
            uow = UnitOfWork(database, system_actor("тест"))
            details = get_school(uow)
            details.full_name, details.short_name, details.inn = full, short, inn
            details.oo_code = f"39070{n}" if inn == "" else details.oo_code + str(n)
            save_school(uow, details)
            reports = {}
            for code in sets:
                out = folder / f"school{n}-{code}.xlsx"
                export_default_report(uow, set_code=code, year=YEAR, out=out)
                reports[code] = out
        finally:
            database.dispose()
        schools.append(DistrictSchool(full, short, path, reports))
    return schools


def copy_reports(schools: list[DistrictSchool], set_code: str, folder: Path) -> list[Path]:
    """Copies the test may change without spoiling the module's originals."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for school in schools:
        copy = folder / school.reports[set_code].name
        shutil.copyfile(school.reports[set_code], copy)
        copies.append(copy)
    return copies

"""An e-journal roster export («Сетевой город», «Дневник.ру») read as it is: `;`-separated UTF-8, cp1251 or
UTF-16 with a BOM, with personal columns the program must not keep (152-ФЗ) — read past, named, never stored."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Student
from app.services.students.roster_import import ROSTER_IMPORT, import_roster, preview_roster
from tests.roster_files import make_pupils

HEADER = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "СНИЛС", "Документ, удостоверяющий личность",
          "Гражданство", "Адрес регистрации"]


def ejournal_text(pupils) -> str:
    lines = [";".join(HEADER)]
    for n, p in enumerate(pupils):
        lines.append(";".join([p.last_name, p.first_name, p.patronymic, p.birth_date.strftime("%d.%m.%Y"),
                               p.class_label, f"123-456-789 {n:02d}", f"Свидетельство о рождении II-РЕ {700000 + n}",
                               "Российская Федерация", f"г. Калининград, ул. Мира, д. {n + 1}"]))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "utf-16"])
def test_ejournal_export_loads_names_and_classes_and_never_the_personal_columns(uow, tmp_path, encoding):
    pupils = make_pupils(12, start_year=2025)
    path = tmp_path / f"ученики-{encoding}.csv"
    path.write_bytes(ejournal_text(pupils).encode(encoding))       # Python's utf-16 writes the BOM
    if encoding == "utf-16":
        assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    preview = preview_roster(uow, path, start_year=2025)
    assert (len(preview.added), len(preview.problems)) == (12, 0)
    assert preview.ignored_personal == ["СНИЛС", "Документ, удостоверяющий личность", "Гражданство",
                                        "Адрес регистрации"]
    shown = preview.preview()
    note = next(n for n in shown.notes if "152-ФЗ" in n)
    assert "«СНИЛС»" in note and "«Адрес регистрации»" in note
    summary = import_roster(uow, path, start_year=2025, backup=False)
    assert summary.added == 12
    # Nothing of the personal columns reached the database, in any table.
    with uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Student)) == 12
        dump = "\n".join(s.connection().connection.iterdump())
    assert "123-456-789" not in dump and "РЕ 7000" not in dump and "ул. Мира" not in dump
    assert "Российская Федерация" not in dump
    # Re-importing the same export adds nothing; a later export of the same year adds only what is new.
    again = import_roster(uow, path, start_year=2025, backup=False)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 12)
    later = tmp_path / "later.csv"
    later.write_bytes(ejournal_text(make_pupils(15, start_year=2025)).encode(encoding))
    third = ROSTER_IMPORT.run(lambda: uow, later, start_year=2025)
    assert (third.added, third.unchanged) == (3, 12)

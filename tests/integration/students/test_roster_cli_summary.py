"""The roster import's command-line summary: the classes it created, Latin look-alike letters read as
Cyrillic and said so, and one line for the same mistake in many rows."""
from __future__ import annotations

import csv

from app.cli.main import run


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["ФИО", "Класс", "Дата рождения"])
        writer.writerows(rows)
    return path


def test_summary_lists_created_classes_and_reads_latin_letters_as_cyrillic(tmp_path, db_path, capsys):
    path = _write(tmp_path / "список.csv", [
        ["Иванов Иван Иванович", "8Б", "01.03.2012"],
        ["Петров Пётр Петрович", "8B", "02.04.2012"],      # Latin B: the look-alike of Cyrillic В
        ["Сидорова Анна Олеговна", "8 в", "05.06.2012"],
        ["Орлова Ольга Игоревна", "8A", "07.08.2012"],     # Latin A
    ])
    assert run(["import-students", str(path), "--year", "2024/2025", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Созданы классы: 8А, 8Б, 8В" in out
    assert "8B" not in out.split("Созданы классы:")[1].splitlines()[0]
    assert "литера записана латиницей — прочитано как «8В»" in out
    assert "строка 3" in out and "строка 5" in out


def test_the_same_mistake_in_many_rows_is_one_line(tmp_path, db_path, capsys):
    path = _write(tmp_path / "список.csv", [
        ["Иванов Иван Иванович", "13А", "01.03.2012"],
        ["Петров Пётр Петрович", "8Б", "02.04.2012"],
        ["Сидорова Анна Олеговна", "13А", "05.06.2012"],
        ["Орлова Ольга Игоревна", "0Б", "07.08.2012"],
    ])
    assert run(["import-students", str(path), "--year", "2024/2025", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "столбец «Класс»: параллель должна быть от 1 до 11 — в строках 2 («13А»), 4 («13А»), 5 («0Б»)" in err
    assert err.count("параллель должна быть от 1 до 11") == 1

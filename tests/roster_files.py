"""Real-looking roster files for tests and benchmarks: XLSX and CSV in the layouts schools send."""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

LAST_M = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
          "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
          "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
          "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Ёлкин", "Фролов", "Журавлёв"]
FIRST_M = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
           "Михаил", "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис", "Евгений", "Тимофей"]
FIRST_F = ["Анастасия", "Мария", "Дарья", "Анна", "Елизавета", "Полина", "Виктория", "Екатерина", "Софья",
           "Александра", "Алиса", "Ксения", "Варвара", "Алёна", "Вероника", "Ульяна", "Арина", "Ева", "Милана"]
FATHERS = ["Александров", "Дмитриев", "Сергеев", "Андреев", "Алексеев", "Иванов", "Михайлов", "Николаев",
           "Петров", "Владимиров", "Юрьев", "Олегов", "Викторов", "Павлов", "Евгеньев", "Игорев"]


@dataclass
class Pupil:
    last_name: str
    first_name: str
    patronymic: str
    birth_date: dt.date
    class_label: str
    sex: str
    ovz: bool
    disability: bool
    external_id: str

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name} {self.patronymic}"

    @property
    def grade(self) -> int:
        return int(self.class_label[:-1])

    @property
    def letter(self) -> str:
        return self.class_label[-1]


def make_pupils(count: int, *, start_year: int = 2024, letters: str = "АБВ") -> list[Pupil]:
    """`count` distinct pupils spread over grades 1–11 and the given letters, ages fitting their grade."""
    pupils = []
    classes = [f"{g}{letter}" for g in range(1, 12) for letter in letters]
    for i in range(count):
        female = i % 2 == 1
        last = LAST_M[i % len(LAST_M)]
        first_list = FIRST_F if female else FIRST_M
        first = first_list[(i // len(LAST_M)) % len(first_list)]
        father = FATHERS[(i // (len(LAST_M) * len(first_list))) % len(FATHERS)]
        if female:
            last = last[:-1] + "ва" if last.endswith("в") else (last + "а" if last.endswith("н") else last)
            patronymic = father + "на"
        else:
            patronymic = father + "ич"
        label = classes[i % len(classes)]
        grade = int(label[:-1])
        birth = dt.date(start_year - grade - 6, 1 + i % 12, 1 + (i * 7) % 28)
        pupils.append(Pupil(last, first, patronymic, birth, label, "ж" if female else "м", i % 37 == 0,
                            i % 101 == 0, f"ID{100000 + i}"))
    return pupils


def _cells(p: Pupil, layout: str) -> list[object]:
    flags = ["да" if p.ovz else "нет", "+" if p.disability else ""]
    if layout == "fio":
        return [p.full_name, p.class_label, p.birth_date.strftime("%d.%m.%Y"), p.sex, *flags, p.external_id]
    if layout == "split":
        return [p.last_name, p.first_name, p.patronymic, f"{p.grade} {p.letter.lower()}",
                p.birth_date.strftime("%d.%m.%Y"), p.sex, *flags]
    if layout == "grade_letter":
        return [p.external_id, p.full_name, p.grade, p.letter, p.birth_date.strftime("%d.%m.%Y"), *flags]
    raise ValueError(layout)


HEADERS = {
    "fio": ["ФИО", "Класс", "Дата рождения", "Пол", "ОВЗ", "Инвалидность", "Идентификатор"],
    "split": ["Фамилия", "Имя", "Отчество", "Класс", "Дата рождения", "Пол", "ОВЗ", "Инвалидность"],
    "grade_letter": ["ID", "Обучающийся", "Параллель", "Литера", "Дата рождения", "ОВЗ", "Инвалидность"],
}


def write_xlsx(path: Path, pupils: list[Pupil], *, layout: str = "fio", title: str | None = "Список обучающихся",
               extra_column: str | None = None, date_cells: bool = True,
               extra_values: list[object] | None = None) -> Path:
    """`extra_values[i]` fills the extra column of pupil i (default: «что-то» for every row)."""
    import openpyxl
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Список"
    if title:
        ws.append([title])
        ws.append([])
    header = list(HEADERS[layout]) + ([extra_column] if extra_column else [])
    ws.append(header)
    for i, p in enumerate(pupils):
        cells = _cells(p, layout)
        if date_cells:
            cells = [p.birth_date if isinstance(c, str) and c == p.birth_date.strftime("%d.%m.%Y") else c
                     for c in cells]
        extra = [extra_values[i] if extra_values is not None else "что-то"] if extra_column else []
        ws.append(cells + extra)
    book.save(path)
    return path


def write_csv(path: Path, pupils: list[Pupil], *, layout: str = "fio", encoding: str = "utf-8",
              delimiter: str = ";", title: str | None = None, bad_rows: dict[int, list[object]] | None = None) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        if title:
            writer.writerow([title])
        writer.writerow(HEADERS[layout])
        for i, p in enumerate(pupils):
            writer.writerow((bad_rows or {}).get(i) or _cells(p, layout))
    return path

"""The row rules of roadmap_parse on plain blocks, without files."""
from __future__ import annotations

from app.services.roadmap.parse import Paragraph, Table, TableRow, parse_blocks


def rows(*lines: list[str]) -> list[TableRow]:
    return [TableRow(list(cells)) for cells in lines]


HEADER = ["№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации", "Ожидаемый результат"]


def test_column_numbers_row_is_skipped_and_split_table_goes_on():
    draft, tables = parse_blocks([
        Paragraph("План работы на 2024 год"),
        Table(rows(HEADER, ["1", "2", "3", "4", "5"], ["1.", "Собрание", "Директор", "Май", "Протокол"])),
        Paragraph(""),
        # The second part of a table Word split in two, without its header: the same columns go on.
        Table(rows(["", "родителей выпускников", "", "", ""], ["2.", "Экскурсия", "Классный руководитель",
                                                               "Октябрь", "Отчёт"])),
    ])
    items = [i for _, i in draft.all_items()]
    assert tables == 1
    assert [(i.number, i.title) for i in items] == [("1.", "Собрание родителей выпускников"), ("2.", "Экскурсия")]
    assert (draft.period_start, draft.period_end) == (2024, 2024)


def test_table_without_number_column_continues_on_empty_title():
    draft, _ = parse_blocks([Table(rows(
        ["Наименование работы", "Сроки исполнения", "Ожидаемый результат", "Исполнитель"],
        ["Целевой ориентир: ранняя профориентация", "", "", ""],
        ["Экскурсии", "В течение года", "Доля обучающихся,", "ОО"],
        ["", "", "не менее 80%", ""],
        ["продолжение названия с маленькой буквы", "", "", ""],
    ))])
    [section] = draft.sections
    assert section.title == "Целевой ориентир: ранняя профориентация"
    [item] = section.items
    assert item.expected_result == "Доля обучающихся, не менее 80%"
    assert item.title == "Экскурсии продолжение названия с маленькой буквы"


def test_hyphen_at_the_break_joins_without_space_and_merged_row_is_a_section():
    draft, _ = parse_blocks([Table([
        TableRow(HEADER),
        TableRow(["работа с родителями", "", "", "", ""], merged=True),
        TableRow(["1", "Психолого-", "Психолог", "Май", "Справка"]),
        TableRow(["", "педагогическое консультирование", "", "", ""]),
    ])])
    [section] = draft.sections
    assert section.title == "работа с родителями"
    assert section.items[0].title == "Психолого-педагогическое консультирование"


def test_nothing_recognisable():
    draft, tables = parse_blocks([Paragraph("Письмо"), Table(rows(["Дата", "Тема"], ["1", "2"]))])
    assert tables == 0 and draft.all_items() == []

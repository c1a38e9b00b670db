"""The three seed roadmaps imported from DOCX and XLSX versions built here (headers repeated at page breaks,
continuation rows, merged section rows, goal cells merged down): every section and item with its fields."""
from __future__ import annotations

import json

import pytest

from app.cli.main import run as cli_run
from app.models import Roadmap, RoadmapItem
from app.services.errors import UserError
from app.services.roadmap.file_import import import_roadmap, read_roadmap_file
from app.services.text import squeeze
from tests.conftest import SEEDS_DIR
from tests.roadmap_docs import headed_tables, write_docx, write_xlsx
from tools.seed_blocks import SEEDS, seed_blocks, tables_of

SCHOOL_SECTIONS = [
    "Сопровождение профессионального самоопределения обучающихся",
    "Взаимодействие общеобразовательных организаций с учреждениями/предприятиями",
    "Проведение ранней профориентации обучающихся",
    "Формирование у обучающихся потребности к приобретению или выбору будущей профессии",
    "Диагностика способностей и компетенций обучающихся, необходимых для продолжения образования",
    "Психолого-педагогическая поддержка, консультативная помощь обучающимся в их профессиональной ориентации",
    "Обеспечение информированности обучающихся об особенностях различных сфер профессиональной деятельности",
    "Содействие в поступлении выпускников школ в профессиональные образовательные организации и "
    "образовательные организации высшего образования",
    "Удовлетворение потребности в кадрах рынка труда региона",
    "Участие в конкурсном движении профессиональной направленности",
    "Сбор информации и мониторинг системы профориентации, анализ, меры и управленческие решения по улучшению "
    "ситуации, анализ эффективности принятых мер",
]
DISTRICT_SECTIONS = [
    "Целевой ориентир: выявление предпочтений обучающихся в области профессиональной ориентации",
    "Целевой ориентир: сопровождение профессионального самоопределения обучающихся",
    "Целевой ориентир: профильное обучение",
    "Целевой ориентир: проведение ранней профориентации обучающихся",
    "Целевой ориентир: проведение профориентации обучающихся с ОВЗ",
    "Целевой ориентир: осуществление взаимодействия образовательных организаций с учреждениями/предприятиями",
    "Целевой ориентир: содействие в удовлетворении потребности в кадрах на основе анализа рынка труда",
    "Целевой ориентир: развитие конкурсного движения профориентационной направленности",
]
DISTRICT_SIZES = [4, 8, 3, 2, 1, 3, 1, 2]
REGION_SECTION_STARTS = ["Сопровождение", "Взаимодействие", "Проведение ранней", "Проведение профориентации",
                         "Формирование", "Диагностика", "Психолого-педагогическая", "Обеспечение",
                         "Содействие", "Удовлетворение", "Развитие", "Сбор информации"]
REGION_SIZES = [3, 4, 3, 4, 3, 2, 1, 3, 2, 4, 3, 5]

COLUMN_OF = {"№ п/п": "number", "№": "number", "Наименование мероприятия": "title",
             "Наименование работы": "title", "Ответственный исполнитель": "responsible",
             "Исполнитель": "responsible", "Срок реализации": "deadline", "Сроки исполнения": "deadline",
             "Ожидаемый результат": "expected_result"}


def blocks_of(code):
    return seed_blocks(SEEDS_DIR / SEEDS[code])


@pytest.fixture(params=["docx", "xlsx"])
def fmt(request):
    return request.param


def write(blocks, tmp_path, fmt, name="plan"):
    path = tmp_path / f"{name}.{fmt}"
    return write_docx(blocks, path) if fmt == "docx" else write_xlsx(blocks, path)


def check_every_cell_kept(code, draft):
    """Each cell of every item row of the seed is in the same field of the item with that number (or, for
    continuation rows and unnumbered plans, of some item)."""
    table = tables_of(blocks_of(code))[0]
    header = table.rows[0].cells
    keys = [COLUMN_OF.get(h) for h in header]
    items = [item for _, item in draft.all_items()]
    by_number = {item.number: item for item in items}
    joined = {k: "\n".join(getattr(i, k) for i in items) for k in set(keys) if k}
    for row in table.rows[1:]:
        filled = [i for i, c in enumerate(row.cells) if c.strip()]
        if row.cells == header or filled == [0] or not filled:
            continue
        number = squeeze(row.cells[keys.index("number")]) if "number" in keys else ""
        for key, text in zip(keys, row.cells, strict=False):
            if not key or not text.strip():
                continue
            text = squeeze(text)
            if number:
                assert text in getattr(by_number[number], key), (code, number, key, text)
            else:
                assert text in joined[key], (code, key, text)


def test_school_roadmap(tmp_path, fmt):
    draft = read_roadmap_file(write(blocks_of("school-kaliningrad-38"), tmp_path, fmt))
    assert [s.title for s in draft.sections] == SCHOOL_SECTIONS
    assert [s.number for s in draft.sections] == [str(i) for i in range(1, 12)]
    items = [item for _, item in draft.all_items()]
    assert [i.number for i in items] == [str(i) for i in range(1, 31)]
    assert [len(s.items) for s in draft.sections] == [5, 4, 7, 2, 2, 1, 2, 1, 1, 1, 4]
    i4 = items[3]
    assert i4.deadline == "Январь – апрель" and i4.responsible == "Администрация школы"
    assert i4.expected_result.endswith("гражданско-правовой, коммуникационной и других сферах на основе осознанного "
                                       "выбора дальнейшей профессиональной траектории.")
    assert items[13].expected_result == "Создание условий для раннего профессионального самоопределения школьников"
    assert items[18].responsible.endswith("педагоги-психологи, социальные педагоги")
    assert items[24].title.endswith("проводимых Центром занятости населения с учётом выявленных потребностей "
                                    "рынка труда региона")
    assert items[29].deadline == "В течение года, по мере необходимости" and items[29].expected_result == "-"
    check_every_cell_kept("school-kaliningrad-38", draft)
    assert draft.period_start == 2022 and draft.period_end == 2024
    assert draft.title.startswith("План мероприятий («дорожная карта») по развитию системы")
    assert draft.title.endswith("№ 38 на 2022-2024 годы")
    assert (draft.approved_by_position, draft.approved_by_name) == ("Директор МАОУ СОШ № 38", "В.В. Борзенков")
    assert draft.approved_on.isoformat() == "2023-08-19"
    assert draft.executor_block.splitlines()[0] == "Исполнитель: Прядухин Д.В.,"
    assert "Пешков Е.О.," in draft.executor_block
    names = [i.name for i in draft.indicators]
    assert len(names) == 15 and [i.number for i in draft.indicators if i.number] == [f"{n}." for n in range(1, 11)]
    assert names[1].endswith("среднего общего образования учебные предметы, соответствующие профилю обучения")
    assert names[11].endswith("организациями высшего образования") and names[12].endswith("по профилю обучения")
    assert draft.indicators[0].unit == "единиц" and draft.indicators[3].unit == "человек"


def test_district_roadmap_without_numbers(tmp_path, fmt):
    draft = read_roadmap_file(write(blocks_of("district-targets-shares"), tmp_path, fmt))
    assert [s.title for s in draft.sections] == DISTRICT_SECTIONS
    assert [len(s.items) for s in draft.sections] == DISTRICT_SIZES
    items = [item for _, item in draft.all_items()]
    assert all(i.number == "" for i in items)
    assert items[0].title == "Определение и закрепление в ОО, ответственного за проведение профориентационной работы"
    assert (items[0].deadline, items[0].responsible) == ("Август", "ОО")
    assert items[10].deadline == "В течение учебного года" and items[10].expected_result == "Информационная справка"
    assert items[11].deadline == "В течение учебного года, не менее 2 раз в год"
    assert items[13].deadline == "До 1 февраля"
    assert items[-1].responsible == "ОО, Управление образования"
    check_every_cell_kept("district-targets-shares", draft)
    assert (draft.period_start, draft.period_end) == (2021, 2022)


def test_region_roadmap(tmp_path, fmt):
    draft = read_roadmap_file(write(blocks_of("region-kaliningrad-2020-2022"), tmp_path, fmt))
    assert [s.number for s in draft.sections] == [str(i) for i in range(1, 13)]
    assert all(s.title.startswith(start) for s, start in zip(draft.sections, REGION_SECTION_STARTS, strict=True))
    assert [len(s.items) for s in draft.sections] == REGION_SIZES
    items = [item for _, item in draft.all_items()]
    assert [i.number for i in items] == [f"{n}." for n in range(1, 38)]
    i5 = items[4]
    assert i5.title == ("Организация экскурсий на производство с целью ознакомления обучающихся "
                        "общеобразовательных организаций с базовыми предприятиями профессиональных образовательных "
                        "организаций, спецификой профессиональной деятельности, технологией, производства, "
                        "современным оборудованием")
    assert i5.expected_result.endswith("технологией, производства, современным оборудованием")
    assert items[8].deadline == "август-декабрь 2020 года, далее ежегодно"
    assert items[8].responsible.endswith("образования Калининградской области; образовательные организации")
    assert items[33].expected_result == "" and items[36].title == "Проведение анализа принятых мер"
    check_every_cell_kept("region-kaliningrad-2020-2022", draft)
    assert draft.goal.startswith("Целью развития системы профессиональной ориентации является")
    assert len(draft.indicators) == 7 and draft.indicators[6].unit == "да/нет"


def test_several_tables_under_headings_are_one_roadmap(tmp_path):
    blocks = headed_tables(blocks_of("district-targets-shares"))
    draft = read_roadmap_file(write_docx(blocks, tmp_path / "headed.docx"))
    assert [s.title for s in draft.sections] == [f"Направление {n}. {t}" for n, t in
                                                 enumerate(DISTRICT_SECTIONS, start=1)]
    assert [len(s.items) for s in draft.sections] == DISTRICT_SIZES


def test_items_before_any_section_and_columns_in_any_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("План работы по профориентации на 2025/2026 учебный год")
    table = document.add_table(rows=0, cols=5)
    rows = [["Срок проведения", "Мероприятия", "№", "Ответственные", "Форма представления результата"],
            ["Сентябрь", "Классный час «Мир профессий»", "1.", "Классные руководители", "Фотоотчёт"],
            ["4. Работа с родителями", "", "", "", ""],
            ["Октябрь", "Собрание", "4.1.1", "Заместитель директора", "Протокол"]]
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    path = tmp_path / "any-order.docx"
    document.save(str(path))
    draft = read_roadmap_file(path)
    first, second = draft.sections
    assert (first.number, first.title) == ("", "")
    item = first.items[0]
    assert (item.number, item.title, item.deadline, item.responsible, item.result_form) == (
        "1.", "Классный час «Мир профессий»", "Сентябрь", "Классные руководители", "Фотоотчёт")
    assert (second.number, second.title) == ("4", "Работа с родителями")
    assert second.items[0].number == "4.1.1"


def test_document_without_a_table_is_refused_and_nothing_saved(tmp_path, uow):
    import docx

    document = docx.Document()
    document.add_paragraph("План мероприятий («дорожная карта») на 2025 год")
    document.add_paragraph("1. Классные часы — в течение года.")
    path = tmp_path / "no-table.docx"
    document.save(str(path))
    with pytest.raises(UserError) as info:
        import_roadmap(uow, path)
    message = str(info.value)
    assert "no-table.docx" in message and "Наименование мероприятия" in message and "№ п/п" in message
    with uow:
        assert uow.session.query(Roadmap).count() == 0


def test_not_a_document_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_text("просто текст", encoding="utf-8")
    with pytest.raises(UserError, match="plan.docx"):
        read_roadmap_file(path)


def test_import_saves_sections_and_items(tmp_path, uow):
    path = write_docx(blocks_of("school-kaliningrad-38"), tmp_path / "school.docx")
    result = import_roadmap(uow, path)
    assert (result.sections, result.items) == (11, 30)
    with uow:
        assert uow.session.query(RoadmapItem).count() == 30
        assert uow.session.get(Roadmap, result.roadmap_id).approved_by_name == "В.В. Борзенков"


def test_cli_import_json(tmp_path, db_path, capsys):
    path = write_xlsx(blocks_of("school-kaliningrad-38"), tmp_path / "school.xlsx")
    assert cli_run(["import-roadmap", str(path), "--db", str(db_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"sections", "items"}
    assert data["sections"][0] == "1. " + SCHOOL_SECTIONS[0]
    assert len(data["items"]) == 30
    first = data["items"][0]
    assert set(first) == {"number", "title", "deadline", "responsible", "result", "result_form", "section"}
    assert first["number"] == "1" and first["deadline"] == "Сентябрь-октябрь"
    assert first["section"] == data["sections"][0]
    assert all("  " not in v and "\n" not in v for item in data["items"] for v in item.values())


def test_cli_import_refuses_a_file_without_table(tmp_path, db_path, capsys):
    path = tmp_path / "empty.xlsx"
    import openpyxl
    book = openpyxl.Workbook()
    book.active["A1"] = "Просто заметки"
    book.save(path)
    assert cli_run(["import-roadmap", str(path), "--db", str(db_path)]) == 1
    assert "не найдена таблица дорожной карты" in capsys.readouterr().err


@pytest.mark.parametrize("code", list(SEEDS))
def test_built_in_template_is_what_the_importer_reads(tmp_path, fmt, code):
    from app.services.roadmap.templates import load_template
    from tools.build_roadmap_templates import correct

    # the template is what the importer reads, with the tool's corrections of known seed glitches
    draft = correct(code, read_roadmap_file(write(blocks_of(code), tmp_path, fmt)))
    template = load_template(code)
    assert draft.sections == template.sections
    assert draft.indicators == template.indicators
    assert (draft.title, draft.period_start, draft.approved_on) == (
        template.title, template.period_start, template.approved_on)


def test_approval_in_a_layout_table_and_plan_nested_in_a_cell(tmp_path):
    import docx

    document = docx.Document()
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "СОГЛАСОВАНО\nна педагогическом совете"
    right = layout.cell(0, 1)
    right.text = "УТВЕРЖДАЮ"
    for line in ("Директор МБОУ «СОШ № 5»", "И.И. Иванова", "Приказ от 01.09.2025 № 101-о"):
        right.add_paragraph(line)
    document.add_paragraph("План мероприятий по профориентации на 2025-2026 учебный год")
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    inner = frame.add_table(rows=3, cols=4)
    for r, values in enumerate([["№ п/п", "Мероприятие", "Сроки", "Ответственные"],
                                ["1. Работа с учащимися", "", "", ""],
                                ["1.1", "Классный час", "Сентябрь", "Классные руководители"]]):
        for c, text in enumerate(values):
            inner.cell(r, c).text = text
    path = tmp_path / "nested.docx"
    document.save(str(path))
    draft = read_roadmap_file(path)
    assert (draft.approved_by_position, draft.approved_by_name) == ("Директор МБОУ «СОШ № 5»", "И.И. Иванова")
    assert draft.approved_on.isoformat() == "2025-09-01" and "№ 101-о" in draft.approval_order
    assert (draft.period_start, draft.period_end) == (2025, 2026)
    [section] = draft.sections
    assert (section.number, section.title) == ("1", "Работа с учащимися")
    assert [(i.number, i.title, i.deadline, i.responsible) for i in section.items] == [
        ("1.1", "Классный час", "Сентябрь", "Классные руководители")]

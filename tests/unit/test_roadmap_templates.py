from __future__ import annotations

import pytest

from app.services.errors import UserError
from app.services.roadmap_templates import list_templates, load_template


def test_three_templates_with_their_contents():
    infos = {t.code: t for t in list_templates()}
    assert set(infos) == {"school-kaliningrad-38", "district-targets-shares", "region-kaliningrad-2020-2022"}
    assert (infos["school-kaliningrad-38"].items, infos["school-kaliningrad-38"].sections) == (30, 11)
    assert infos["school-kaliningrad-38"].period == "2022–2024"
    assert infos["region-kaliningrad-2020-2022"].items == 37
    assert infos["district-targets-shares"].items == 24

    school = load_template("school-kaliningrad-38")
    assert school.approved_by_name == "В.В. Борзенков" and school.approved_on.isoformat() == "2023-08-19"
    assert school.executor_block.startswith("Исполнитель: Прядухин Д.В.")
    assert len(school.indicators) == 15
    first = school.sections[0].items[0]
    assert (first.number, first.deadline, first.responsible) == ("1", "Сентябрь-октябрь", "Администрация школы")
    region = load_template("region-kaliningrad-2020-2022")
    assert region.goal.startswith("Целью развития системы")
    assert region.sections[11].number == "12" and region.sections[11].items[-1].number == "37."


def test_unknown_template_is_a_clear_error():
    with pytest.raises(UserError, match="не найден"):
        load_template("../secret")

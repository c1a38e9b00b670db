from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

from app.services.errors import UserError
from app.services.roadmap.templates import list_templates, load_template, templates_folder


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


# --- the templates read clean -------------------------------------------------------------------------------

_WORD = re.compile(r"[А-Яа-яЁё]+")
_PREPOSITIONS = {"в", "во", "с", "со", "к", "ко", "о", "об", "у", "по", "на", "за", "из", "от", "до", "для", "при"}


def template_texts() -> dict[str, list[str]]:
    """Every text of every template (title, goal, sections, item fields, indicators)."""
    out: dict[str, list[str]] = {}

    def walk(obj, texts: list[str]) -> None:
        if isinstance(obj, str):
            texts.append(obj)
        elif isinstance(obj, list):
            for x in obj:
                walk(x, texts)
        elif dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name), texts)

    for info in list_templates():
        walk(load_template(info.code), out.setdefault(info.code, []))
    return out


def broken_words(texts: list[str]) -> list[str]:
    """«профессиональног о образования»: a piece that is no word anywhere else in the templates, and that
    with the piece after it makes a word they do use, is one word broken by a space."""
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        tokens = [t.lower() for t in _WORD.findall(text)]
        words.update(tokens)
        for match in re.finditer(r"(?=\b([А-Яа-яЁё]+) ([а-яё]+)\b)", text):
            pairs[(match.group(1).lower(), match.group(2))] += 1
    return sorted(f"{a} {b}" for (a, b), n in pairs.items() if words[a] == n and words[a + b] > 0)


def test_no_template_text_has_a_word_broken_by_a_space():
    every = [t for texts in template_texts().values() for t in texts]
    assert broken_words(every) == []


def test_the_broken_word_check_finds_one():
    assert broken_words(["организаций профессиональног о образования", "профессионального обучения",
                         "при школьных", "пришкольных лагерях", "при школе"]) == ["профессиональног о"]


def test_no_indicator_name_starts_with_a_lowercase_preposition():
    for info in list_templates():
        for indicator in load_template(info.code).indicators:
            first = indicator.name.split()[0] if indicator.name.split() else ""
            assert first not in _PREPOSITIONS, (info.code, indicator.name[:60])
            assert indicator.goal == "" or indicator.goal[0].isupper(), (info.code, indicator.goal[:60])


def test_the_moved_preposition_is_back_in_the_goal():
    goals = [i.goal for i in load_template("school-kaliningrad-38").indicators]
    assert "Взаимодействие с учреждениями/предприятиями" in goals
    assert any(g.startswith("Взаимодействие с профессиональными образовательными организациями") for g in goals)


def test_shipped_templates_are_what_the_tool_builds(tmp_path):
    from tests.conftest import SEEDS_DIR
    from tools.build_roadmap_templates import build

    for built in build(SEEDS_DIR, tmp_path, quiet=True):
        shipped = templates_folder() / built.name
        assert built.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8"), built.name


def test_the_corrections_are_the_tool_s_own_the_importer_keeps_what_the_file_says():
    from app.services.roadmap.parse import parse_blocks
    from tests.conftest import SEEDS_DIR
    from tools.build_roadmap_templates import SEED_CORRECTIONS, correct
    from tools.seed_blocks import SEEDS, seed_blocks

    draft, _ = parse_blocks(seed_blocks(SEEDS_DIR / SEEDS["school-kaliningrad-38"]))
    assert any(i.name.startswith("с Количество школьников") for i in draft.indicators)
    fixed = correct("school-kaliningrad-38", draft)
    assert not any(i.name.startswith("с ") for i in fixed.indicators)
    with pytest.raises(SystemExit, match="no longer match"):
        correct("school-kaliningrad-38", fixed, SEED_CORRECTIONS)

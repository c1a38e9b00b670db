"""Indicator sets as data: `resources/indicators/<code>.json`, one file a set, validated on load.

A set is a region's list of indicators (code, goal, wording, unit, a declarative rule, a target).
A new region's set is a new file; nothing here names a particular indicator. Every mistake in a file
is reported in Russian with the file and the field, e.g.
«Набор показателей «x.json», поле «indicators[3].rule.kind»: неизвестный вид правила «foo».»"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from app.models.codes import CLUB_ORIENTATIONS, DESTINATIONS, EVENT_CATEGORIES, ORGANIZER_TYPES
from app.services.errors import UserError
from app.services.resources import resource_path

# Kinds whose value is a set of students (counted, or shared over the enrolled students).
STUDENT_KINDS = ("participants", "hours_threshold", "graduates", "exam_choice", "clubs", "consultations")
OTHER_KINDS = ("events", "agreements", "roadmap_approved", "average_hours", "manual")
RULE_KINDS = STUDENT_KINDS + OTHER_KINDS
MEASURES = ("count", "share")
TARGET_OPS = (">=", "<=", ">", "<", "==")
TARGET_OP_WORDS = {">=": "не менее", "<=": "не более", ">": "более", "<": "менее", "==": "равно"}

# Which filters each kind understands; anything else in a rule is a mistake worth reporting.
_COMMON = {"kind", "measure", "grades", "ovz"}
_ALLOWED_KEYS = {
    "participants": _COMMON | {"categories", "organizer_types", "events_match"},
    "hours_threshold": _COMMON | {"categories", "organizer_types", "events_match", "hours"},
    "graduates": _COMMON | {"destinations", "in_region", "by_profile"},
    "exam_choice": _COMMON | {"exam"},
    "clubs": _COMMON | {"orientations"},
    "consultations": _COMMON,
    "events": {"kind", "categories", "organizer_types", "events_match"},
    "agreements": {"kind", "partner_types"},
    "roadmap_approved": {"kind"},
    "average_hours": {"kind", "grades", "ovz", "categories", "organizer_types", "events_match"},
    "manual": {"kind"},
}


@dataclass(frozen=True)
class Rule:
    kind: str
    measure: str = "count"                      # count | share (student kinds only)
    grades: tuple[int, ...] = ()                # students' grades that year; () = all
    ovz: bool = False                           # ОВЗ or инвалидность
    categories: tuple[str, ...] = ()
    organizer_types: tuple[str, ...] = ()
    events_match: str = "all"                   # all: category AND organiser; any: category OR organiser
    destinations: tuple[str, ...] = ()
    in_region: bool | None = None
    by_profile: bool | None = None
    exam: str | None = None
    orientations: tuple[str, ...] = ()
    partner_types: tuple[str, ...] = ()
    hours: float | None = None                  # fixed threshold instead of the school's profminimum level

    @property
    def is_share(self) -> bool:
        return self.measure == "share"

    @property
    def is_students(self) -> bool:
        return self.kind in STUDENT_KINDS


@dataclass(frozen=True)
class Target:
    op: str
    value: float
    text: str

    def is_met(self, value: float) -> bool:
        return {">=": value >= self.value, "<=": value <= self.value, ">": value > self.value,
                "<": value < self.value, "==": value == self.value}[self.op]


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    goal: str
    name: str
    unit: str
    rule: Rule
    target: Target | None = None


@dataclass(frozen=True)
class IndicatorSet:
    code: str
    title: str
    source: str
    indicators: tuple[IndicatorDef, ...] = field(default_factory=tuple)
    file_name: str = ""
    short_title: str = ""    # for file names and tight places: «профминимум»

    @property
    def short_name(self) -> str:
        return self.short_title or self.title

    def get(self, code: str) -> IndicatorDef | None:
        return next((i for i in self.indicators if i.code == code), None)


def sets_dir() -> Path:
    return resource_path("indicators")


def list_sets(directory: Path | None = None) -> list[IndicatorSet]:
    """Every set shipped (or added by the user as a file), in file-name order."""
    folder = directory or sets_dir()
    return [load_set_file(p) for p in sorted(folder.glob("*.json"))]


def load_set(code: str, directory: Path | None = None) -> IndicatorSet:
    folder = directory or sets_dir()
    path = folder / f"{code}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.json"))) or "нет ни одного"
        raise UserError(f"Набор показателей «{code}» не найден. Есть наборы: {known}.")
    return load_set_file(path)


def load_set_file(path: Path) -> IndicatorSet:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"Набор показателей «{path.name}»: файл должен быть в кодировке UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"Набор показателей «{path.name}»: ошибка JSON в строке {exc.lineno}, "
                        f"столбце {exc.colno}.") from None
    return parse_set(data, file_name=path.name)


class _Checker:
    def __init__(self, file_name: str):
        self.file_name = file_name

    def fail(self, where: str, message: str) -> UserError:
        return UserError(f"Набор показателей «{self.file_name}», поле «{where}»: {message}.")

    def text(self, obj: dict, key: str, where: str, *, required: bool = True) -> str:
        value = obj.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"{where}{key}", "нужен текст")
        if required and not value.strip():
            raise self.fail(f"{where}{key}", "не заполнено")
        return value.strip()

    def codes(self, obj: dict, key: str, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}{key}", "нужен список кодов")
        for v in value:
            if v not in allowed:
                raise self.fail(f"{where}{key}", f"неизвестный код «{v}»; допустимы: {', '.join(allowed)}")
        return tuple(value)

    def flag(self, obj: dict, key: str, where: str) -> bool | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(f"{where}{key}", "нужно true или false")
        return value


def parse_set(data: object, *, file_name: str) -> IndicatorSet:
    c = _Checker(file_name)
    if not isinstance(data, dict):
        raise c.fail("(весь файл)", "нужен объект JSON с полями code, title, indicators")
    code = c.text(data, "code", "")
    if file_name.endswith(".json") and file_name[:-5] != code:
        raise c.fail("code", f"код набора «{code}» должен совпадать с именем файла «{file_name[:-5]}»")
    title = c.text(data, "title", "")
    source = c.text(data, "source", "", required=False)
    short_title = c.text(data, "short_title", "", required=False)
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        raise c.fail("indicators", "нужен непустой список показателей")
    indicators: list[IndicatorDef] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        where = f"indicators[{n}]."
        if not isinstance(item, dict):
            raise c.fail(f"indicators[{n}]", "нужен объект показателя")
        ind_code = c.text(item, "code", where)
        if ind_code in seen:
            raise c.fail(f"{where}code", f"код показателя «{ind_code}» повторяется")
        seen.add(ind_code)
        indicators.append(IndicatorDef(
            code=ind_code, goal=c.text(item, "goal", where, required=False), name=c.text(item, "name", where),
            unit=c.text(item, "unit", where), rule=_parse_rule(c, item.get("rule"), f"{where}rule"),
            target=_parse_target(c, item.get("target"), f"{where}target", item.get("unit", ""))))
    return IndicatorSet(code=code, title=title, source=source, indicators=tuple(indicators), file_name=file_name,
                        short_title=short_title)


def _parse_rule(c: _Checker, rule: object, where: str) -> Rule:
    if not isinstance(rule, dict):
        raise c.fail(where, "нужно правило подсчёта — объект с полем kind")
    kind = rule.get("kind")
    if kind not in RULE_KINDS:
        raise c.fail(f"{where}.kind", f"неизвестный вид правила «{kind}»; допустимы: {', '.join(RULE_KINDS)}")
    for key in rule:
        if key not in _ALLOWED_KEYS[kind]:
            raise c.fail(f"{where}.{key}", f"правило вида «{kind}» не знает такого поля")
    measure = rule.get("measure", "count")
    if measure not in MEASURES or (measure == "share" and kind not in STUDENT_KINDS):
        raise c.fail(f"{where}.measure", f"«{measure}» не подходит: count или share (share — только для обучающихся)")
    grades = rule.get("grades", [])
    if not isinstance(grades, list) or not all(isinstance(g, int) and not isinstance(g, bool) and 1 <= g <= 11
                                               for g in grades):
        raise c.fail(f"{where}.grades", "нужен список параллелей от 1 до 11")
    events_match = rule.get("events_match", "all")
    if events_match not in ("all", "any"):
        raise c.fail(f"{where}.events_match", "допустимо all или any")
    exam = rule.get("exam")
    if exam is not None and exam not in ("oge", "ege"):
        raise c.fail(f"{where}.exam", "допустимо oge или ege")
    hours = rule.get("hours")
    if hours is not None and (not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours < 0):
        raise c.fail(f"{where}.hours", "нужно неотрицательное число часов")
    return Rule(
        kind=kind, measure=measure, grades=tuple(sorted(set(grades))), ovz=bool(c.flag(rule, "ovz", f"{where}.")),
        categories=c.codes(rule, "categories", f"{where}.", EVENT_CATEGORIES),
        organizer_types=c.codes(rule, "organizer_types", f"{where}.", ORGANIZER_TYPES),
        events_match=events_match,
        destinations=c.codes(rule, "destinations", f"{where}.", DESTINATIONS),
        in_region=c.flag(rule, "in_region", f"{where}."), by_profile=c.flag(rule, "by_profile", f"{where}."),
        exam=exam, orientations=c.codes(rule, "orientations", f"{where}.", CLUB_ORIENTATIONS),
        partner_types=c.codes(rule, "partner_types", f"{where}.",
                              tuple(t for t in ORGANIZER_TYPES if t != "school")),
        hours=float(hours) if hours is not None else None)


def _parse_target(c: _Checker, target: object, where: str, unit: str) -> Target | None:
    if target is None:
        return None
    if not isinstance(target, dict):
        raise c.fail(where, "нужен объект {\"op\": \">=\", \"value\": 80}")
    op = target.get("op", ">=")
    if op not in TARGET_OPS:
        raise c.fail(f"{where}.op", f"допустимо: {', '.join(TARGET_OPS)}")
    value = target.get("value")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise c.fail(f"{where}.value", "нужно число")
    text = target.get("text")
    if text is not None and not isinstance(text, str):
        raise c.fail(f"{where}.text", "нужен текст")
    shown = f"{value:g}".replace(".", ",")
    return Target(op=op, value=float(value),
                  text=text or f"{TARGET_OP_WORDS[op]} {shown}{'%' if unit == '%' else ' ' + unit}")

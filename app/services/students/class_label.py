"""Class labels: «5 а», «5-А», «5а», «5 «А»» all mean class 5А."""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.services.errors import UserError

_LABEL = re.compile(r"^\s*(\d{1,2})\s*[-–—\s]?\s*[«\"'“„(]?\s*([A-Za-zА-Яа-яЁё]{1,3})?\s*[»\"'”)]?\s*(?:класс|кл\.?)?\s*$",
                    re.IGNORECASE)
# Latin letters that look like Cyrillic ones, as typed on the wrong keyboard layout.
_LOOKALIKE = str.maketrans({"A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О",
                            "P": "Р", "C": "С", "T": "Т", "X": "Х", "Y": "У"})


@dataclass(frozen=True, order=True)
class ClassLabel:
    grade: int
    letter: str

    def __str__(self) -> str:
        return f"{self.grade}{self.letter}"


def parse_class_label(text: str | int | None) -> ClassLabel:
    """Read a class as people write it; a grade outside 1–11 or a shapeless label is an error."""
    raw = "" if text is None else str(text).strip()
    if isinstance(text, float) and text.is_integer():
        raw = str(int(text))
    m = _LABEL.match(raw)
    if not m:
        raise UserError(f"Класс «{raw}» не распознан: нужно, например, «5А».")
    grade = int(m.group(1))
    if not 1 <= grade <= 11:
        raise UserError(f"Класс «{raw}»: параллель должна быть от 1 до 11.")
    letter = (m.group(2) or "").upper().translate(_LOOKALIKE)
    if not letter:
        raise UserError(f"Класс «{raw}»: не указана литера (буква) класса.")
    if not re.fullmatch(r"[А-ЯЁ]{1,3}", letter):
        raise UserError(f"Класс «{raw}»: литера класса должна быть русской буквой.")
    return ClassLabel(grade, letter)


def school_level(grade: int) -> str:
    """Primary = 1–4, basic = 5–9, senior = 10–11."""
    return "primary" if grade <= 4 else ("basic" if grade <= 9 else "senior")


def parse_grades(text: str | None) -> list[int]:
    """Target grades written as «6-11», «5, 7, 9» or «8–9»: a sorted list; empty = any grade."""
    grades: set[int] = set()
    normalised = re.sub(r"\s*[-–—]\s*", "-", (text or "").strip())
    for part in re.split(r"[,;\s]+", normalised):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo > hi:
                lo, hi = hi, lo
            grades.update(range(lo, hi + 1))
        elif part.isdigit():
            grades.add(int(part))
        else:
            raise UserError(f"Параллели «{text}» указаны неверно: нужно, например, «6-11» или «5, 7, 9».")
    bad = sorted(g for g in grades if not 1 <= g <= 11)
    if bad:
        raise UserError(f"Параллели «{text}»: классы должны быть от 1 до 11.")
    return sorted(grades)


def format_grades(grades: list[int]) -> str:
    return ",".join(str(g) for g in sorted(set(grades)))

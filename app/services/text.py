"""Text folding for Russian: case-insensitive search where «ё» equals «е», and alphabetical sort keys.

SQLite's own lower()/LIKE fold ASCII only; app/services/storage/database.py registers these functions on every
connection so that the same rules hold in SQL and in Python.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Case-folded text with «ё» read as «е»: the form every search compares."""
    if not text:
        return ""
    return text.casefold().replace("ё", "е")


def squeeze(text: str | None) -> str:
    """Trim and fold runs of white space (including non-breaking) into one space."""
    if text is None:
        return ""
    return _SPACES.sub(" ", str(text).replace("\u00a0", " ")).strip()


def sort_key(text: str | None) -> tuple[str, str]:
    """Russian alphabetical order: «ё» sorts with «е» first, and after it only on a tie."""
    folded = (text or "").casefold()
    return folded.replace("ё", "е"), folded


def collate_ru(left: str | None, right: str | None) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def matches(haystack: str | None, needle: str | None) -> bool:
    """Whether `needle` occurs in `haystack`, ignoring case and «ё»/«е»."""
    return fold(needle) in fold(haystack)


@lru_cache(maxsize=256)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern[str]:
    parts: list[str] = []
    chars = iter(fold(pattern))
    for ch in chars:
        if escape and ch == fold(escape):
            nxt = next(chars, "")
            parts.append(re.escape(nxt))
        elif ch == "%":
            parts.append(".*")
        elif ch == "_":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.DOTALL)


def sql_like(pattern: str | None, value: str | None, escape: str | None = None) -> int | None:
    """SQLite LIKE with Unicode case folding and «ё» = «е» (argument order as SQLite passes them)."""
    if pattern is None or value is None:
        return None
    return 1 if _like_regex(pattern, escape).fullmatch(fold(value)) else 0


def sql_lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def sql_upper(value: str | None) -> str | None:
    return None if value is None else value.upper()


def sql_fold(value: str | None) -> str | None:
    return None if value is None else fold(value)


def plural(count: int, one: str, few: str, many: str) -> str:
    """The noun form that goes with `count` in Russian: 1 отметка, 2 отметки, 5 отметок, 21 отметка."""
    n = abs(int(count))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def number_ru(value: float | int, *, decimals: int = 0) -> str:
    """A number as Russian text: a decimal comma and thin groups of thousands («6 353,5»); an integral value
    is written without a fraction unless `decimals` asks for one."""
    if isinstance(value, float) and not value.is_integer() or decimals:
        text = f"{value:,.{decimals or 1}f}"
    else:
        text = f"{int(round(value)):,}"
    # Python writes «6,353.5»; the non-breaking space keeps a number on one line.
    return text.replace(",", "\u00a0").replace(".", ",")


def counted(count: int, one: str, few: str, many: str) -> str:
    """«40 отметок», «1 договор»: the count and its noun."""
    return f"{number_ru(count)} {plural(count, one, few, many)}"


# --- Names as people type (and paste) them ----------------------------------------------------------

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})   # controls, format (zero-width, bidi), unassigned
_SPACE_CATEGORIES = frozenset({"Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class CleanText:
    """A name after cleaning, and the invisible characters taken out of it (as «U+200B»), to report."""

    text: str
    removed: tuple[str, ...] = ()

    def describe_removed(self) -> str:
        return "удалены невидимые и управляющие знаки: " + ", ".join(sorted(set(self.removed)))


def clean_name(value: object) -> CleanText:
    """A name in NFC with control and invisible characters (zero-width, right-to-left marks and overrides, soft
    hyphens…) removed and every kind of space made one plain space. A tab or line break counts as a space.
    Without this, «Иванов» with a zero-width space is a second, silent «Иванов»."""
    if value is None:
        return CleanText("")
    text = unicodedata.normalize("NFC", str(value))
    kept: list[str] = []
    removed: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in "\t\n\r" or category in _SPACE_CATEGORIES:
            kept.append(" ")
        elif category in _INVISIBLE_CATEGORIES:
            removed.append(f"U+{ord(ch):04X}")
        else:
            kept.append(ch)
    return CleanText(squeeze("".join(kept)), tuple(removed))


def name_key(value: object) -> str:
    """What two names are compared by: cleaned, NFC, case and «ё»/«е» folded, spaces squeezed."""
    return fold(clean_name(value).text)

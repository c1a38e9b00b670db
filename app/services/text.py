"""Text folding for Russian: case-insensitive search where «ё» equals «е», and alphabetical sort keys.

SQLite's own lower()/LIKE fold ASCII only; app/services/storage/database.py registers these functions on every
connection so that the same rules hold in SQL and in Python.
"""
from __future__ import annotations

import re
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

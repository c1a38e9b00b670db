"""File names the program suggests: Russian, readable, and valid on Windows («Показатели — профминимум —
2026-2027.xlsx»)."""
from __future__ import annotations

import re

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_SPACES = re.compile(r"\s+")
# Windows refuses names longer than this in many places (the whole path is limited to 260 characters).
_LIMIT = 120


def document_name(*parts: str, suffix: str) -> str:
    """The parts joined by « — », with what Windows forbids in a name replaced («2026/2027» → «2026-2027»)."""
    cleaned = []
    for part in parts:
        text = _SPACES.sub(" ", _FORBIDDEN.sub("-", str(part).replace("/", "-"))).strip(" .-")
        if text:
            cleaned.append(text)
    stem = " — ".join(cleaned) or "Документ"
    if len(stem) > _LIMIT:
        stem = stem[:_LIMIT].rstrip(" .—-") + "…"
    return stem + suffix

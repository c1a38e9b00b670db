"""Reading back the text of a PDF we printed, page by page (pypdf)."""
from __future__ import annotations

from pathlib import Path


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))

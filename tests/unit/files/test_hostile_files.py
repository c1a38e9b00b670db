"""Hostile files are refused before any parser sees them, quickly and with bounded memory:
zip bombs, too many entries, billion-laughs XLSX/DOCX, external entities."""
from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.services.errors import UserError
from app.services.files.safe_files import check_office_file, open_docx
from app.services.files.tabular import read_table_file

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + ']>\n')


def _xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Фамилия", "Имя"])
    book.active.append(["Иванов", "Иван"])
    book.save(path)
    return path


def _rewrite(path: Path, part: str, transform) -> Path:
    """Copy an Office file with one part replaced (ZIP entries cannot be edited in place)."""
    out = path.with_name("hostile-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, transform(data) if info.filename == part else data)
    return out


def _with_doctype(doctype: str, entity_ref: str, *, after: str = "Иванов"):
    """A DTD put before the root element and an entity reference put into the text after `after`."""
    def transform(data: bytes) -> bytes:
        text = data.decode("utf-8")
        body = text[text.index("?>") + 2:] if text.startswith("<?xml") else text
        assert after in body
        return (doctype + body.replace(after, after + entity_ref, 1)).encode("utf-8")
    return transform


def _bounded(fn, *, seconds: float = 10.0, megabytes: int = 64):
    # The time bound only catches a parser that decompresses or expands the bomb (minutes); it is loose so a
    # busy machine cannot fail it. The memory bound is the real check.
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(UserError) as info:
            fn()
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < seconds and peak < megabytes * 1024 * 1024, (elapsed, peak)
    return str(info.value)


def test_billion_laughs_xlsx_is_refused(tmp_path):
    good = _xlsx(tmp_path / "list.xlsx")
    assert read_table_file(good)[0].rows[1] == ["Иванов", "Иван"]
    bomb = _rewrite(good, "xl/worksheets/sheet1.xml", _with_doctype(LAUGHS, "&lol9;", after="<t>"))
    message = _bounded(lambda: read_table_file(bomb))
    assert "hostile-list.xlsx" in message and "DTD" in message


def test_openpyxl_itself_parses_with_defusedxml(tmp_path):
    """Defence in depth: even without our pre-scan, openpyxl refuses entities (defusedxml installed)."""
    from openpyxl.xml import DEFUSEDXML
    assert DEFUSEDXML
    bomb = _rewrite(_xlsx(tmp_path / "list.xlsx"), "xl/worksheets/sheet1.xml",
                    _with_doctype(LAUGHS, "&lol9;", after="<t>"))
    with pytest.raises(Exception) as info:
        book = openpyxl.load_workbook(bomb, read_only=True)
        list(book.active.iter_rows(values_only=True))
    chain, exc = [], info.value
    while exc is not None:
        chain.append(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
    assert any("Forbidden" in name for name in chain), chain


def test_zip_bomb_is_refused_quickly(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):  # 64 MB of zeros packed into ~64 KB
                part.write(chunk)
    assert bomb.stat().st_size < 1 << 20
    message = _bounded(lambda: read_table_file(bomb))
    assert "после распаковки слишком велик" in message


def test_too_many_entries_is_refused(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(2500):
            archive.writestr(f"xl/p{i}.xml", "<a/>")
    assert "слишком много частей" in _bounded(lambda: read_table_file(path))


def _docx(path: Path) -> Path:
    import docx
    document = docx.Document()
    document.add_paragraph("Иванов — дорожная карта")
    document.save(path)
    return path


def test_docx_is_opened_after_checks(tmp_path):
    document = open_docx(_docx(tmp_path / "plan.docx"))
    assert "Иванов" in document.paragraphs[0].text


@pytest.mark.parametrize("doctype,ref", [
    (LAUGHS, "&lol9;"),
    ('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', "&xxe;"),
], ids=["billion-laughs", "external-entity"])
def test_hostile_docx_is_refused(tmp_path, doctype, ref):
    bomb = _rewrite(_docx(tmp_path / "plan.docx"), "word/document.xml", _with_doctype(doctype, ref))
    message = _bounded(lambda: open_docx(bomb))
    assert "DTD" in message and "hostile-plan.docx" in message


def test_python_docx_alone_does_not_resolve_external_entities(tmp_path):
    """Defence in depth: python-docx's lxml parser leaves entities unresolved."""
    import docx
    secret = tmp_path / "secret.txt"
    secret.write_text("СЕКРЕТ")
    doctype = f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    bomb = _rewrite(_docx(tmp_path / "plan.docx"), "word/document.xml", _with_doctype(doctype, "&xxe;"))
    text = "\n".join(p.text for p in docx.Document(str(bomb)).paragraphs)
    assert "СЕКРЕТ" not in text


def test_docx_that_is_not_a_docx(tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip at all" * 10)
    with pytest.raises(UserError, match="fake.docx"):
        open_docx(fake)
    xlsx_as_docx = _xlsx(tmp_path / "table.docx")
    with pytest.raises(UserError, match="table.docx"):
        open_docx(xlsx_as_docx)
    check_office_file(_docx(tmp_path / "ok.docx"), kind="документ Word")


def test_hostile_roadmap_docx_is_refused_by_the_importer(tmp_path):
    from app.services.roadmap.file_import import read_roadmap_file
    bomb = _rewrite(_docx(tmp_path / "plan.docx"), "word/document.xml", _with_doctype(LAUGHS, "&lol9;"))
    assert "DTD" in _bounded(lambda: read_roadmap_file(bomb))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_read(tmp_path, encoding):
    """Issue 16: Excel's «Текст Юникод» (UTF-16, tab-separated) was refused as «не является таблицей»."""
    path = tmp_path / "list.txt"
    path.write_bytes("Фамилия\tИмя\nИванов\tИван\nПетрова\tАнна\n".encode(encoding))
    assert read_table_file(path)[0].rows == [["Фамилия", "Имя"], ["Иванов", "Иван"], ["Петрова", "Анна"]]


def test_binary_garbage_is_still_not_a_table(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UserError, match="x.csv"):
        read_table_file(path)

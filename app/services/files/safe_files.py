"""Checks on a file before any parser sees it: size, kind, and for ZIP containers (XLSX, DOCX)
the number of entries, the uncompressed size and the compression ratio, so that a zip bomb is
refused at once with bounded memory."""
from __future__ import annotations

import zipfile
from pathlib import Path

from app.services.errors import UserError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def check_size(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> int:
    try:
        size = path.stat().st_size
    except OSError:
        raise UserError(f"Файл «{path.name}» не найден или недоступен.") from None
    if size == 0:
        raise UserError(f"Файл «{path.name}» пуст.")
    if size > max_bytes:
        raise UserError(f"Файл «{path.name}» слишком большой ({size / 1048576:.1f} МБ): "
                        f"можно не больше {max_bytes // 1048576} МБ.")
    return size


def read_magic(path: Path, n: int = 8) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def check_zip(path: Path, *, kind: str) -> None:
    """Refuse a ZIP container whose entries would unpack to far more than it holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UserError(f"Файл «{path.name}» повреждён: это не {kind}.") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UserError(f"Файл «{path.name}» содержит слишком много частей ({len(infos)}): это не обычный {kind}.")
    total = sum(max(i.file_size, 0) for i in infos)
    packed = sum(max(i.compress_size, 0) for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO and total > 10 * 1024 * 1024:
        raise UserError(f"Файл «{path.name}» после распаковки слишком велик ({total / 1048576:.0f} МБ): "
                        "он не будет открыт.")


def check_office_xml(path: Path, *, kind: str) -> None:
    """Refuse an Office file whose XML parts declare a DTD (entity bombs, external entities).

    Office Open XML never uses a DOCTYPE, so any part that has one is hostile or broken. Only each part's
    prolog is parsed (a DTD must come before the first element), with defusedxml, so this is quick and
    reads little whatever the file holds."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    refused = UserError(f"Файл «{path.name}» содержит недопустимые конструкции XML (DTD или сущности) и не будет "
                        f"открыт: обычный {kind} их не содержит. Пересохраните файл в офисной программе.")
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(info) as stream:
                    try:
                        for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True,
                                                          forbid_entities=True, forbid_external=True):
                            break
                    except DefusedXmlException:
                        raise refused from None
                    except ParseError:
                        raise UserError(f"Файл «{path.name}» повреждён: это не {kind}.") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise UserError(f"Файл «{path.name}» повреждён: это не {kind}.") from None


def check_office_file(path: Path, *, kind: str) -> None:
    """Everything checked before a parser sees an XLSX or DOCX: size, ZIP bomb, hostile XML."""
    check_size(path)
    check_zip(path, kind=kind)
    check_office_xml(path, kind=kind)


def open_docx(path: Path | str):
    """A python-docx Document from a checked file; a bad or hostile file raises UserError.
    python-docx parses with lxml without resolving entities; the DTD pre-scan refuses them outright."""
    path = Path(path)
    check_office_file(path, kind="документ Word")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise UserError(f"Файл «{path.name}» не является документом Word (.docx) или повреждён "
                        f"({type(exc).__name__}).") from None
    except Exception as exc:  # lxml and zipfile raise many kinds for a broken file
        raise UserError(f"Файл «{path.name}» повреждён и не может быть прочитан ({type(exc).__name__}).") from None

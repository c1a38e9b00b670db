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

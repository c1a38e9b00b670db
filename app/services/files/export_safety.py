"""Rules every export of personal data follows: it says so in the file, and no cell text can turn
into a formula when the file is opened (CSV/formula injection)."""
from __future__ import annotations

PERSONAL_DATA_NOTICE = ("Документ содержит персональные данные обучающихся (152-ФЗ). "
                        "Не передавайте его третьим лицам и удалите, когда он больше не нужен.")

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object) -> object:
    """For CSV, where no cell type exists: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_text_cell(cell, value: object) -> None:
    """Set an openpyxl cell so that text is always text (data_type 's'), never a formula."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value

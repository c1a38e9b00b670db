"""The bounds every table and document reader keeps while it streams a file, so that a few kilobytes of
hostile XML (a row numbered three billion, a cell at column XFD, a span of a billion columns) cannot make
it pad its way to gigabytes. Each bound is checked before anything is padded, and the message names it."""
from __future__ import annotations

from app.services.errors import UserError

MAX_ROW = 100_000            # the last row number a table may use (Excel allows 1 048 576)
MAX_COLUMN = 1_024           # the last column a table may use («AMJ»; Excel allows 16 384, «XFD»)
MAX_CELLS_PER_ROW = 16_384   # cell elements in one row, filled or not
MAX_CELLS = 2_000_000        # cell elements in a whole file, and cells kept after padding
MAX_TEXT_CHARS = 50_000_000  # characters of shared strings
MAX_TABLE_COLUMNS = 64       # columns of a Word table (Word itself allows 63) and the widest span


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def column_letters(index: int) -> str:
    """0-based column index → «A», «AB», «XFD»."""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def too_far_row(file_name: str, sheet: str, row: int) -> UserError:
    return UserError(f"Файл «{file_name}», лист «{sheet}»: строка {_n(row)} дальше предела — таблица может "
                     f"занимать не больше {_n(MAX_ROW)} строк. Удалите лишнее и сохраните файл заново.")


def too_far_column(file_name: str, sheet: str, row: int, column: int) -> UserError:
    return UserError(f"Файл «{file_name}», лист «{sheet}», ячейка {column_letters(column)}{row}: столбец "
                     f"{_n(column + 1)} дальше предела — таблица может занимать не больше {_n(MAX_COLUMN)} "
                     f"столбцов ({column_letters(MAX_COLUMN - 1)}). Удалите лишнее и сохраните файл заново.")


def too_many_cells_in_row(file_name: str, sheet: str, row: int) -> UserError:
    return UserError(f"Файл «{file_name}», лист «{sheet}», строка {_n(row)}: больше {_n(MAX_CELLS_PER_ROW)} "
                     "ячеек в одной строке. Файл повреждён или составлен не для импорта.")


def too_many_cells(file_name: str) -> UserError:
    return UserError(f"В файле «{file_name}» больше {_n(MAX_CELLS)} ячеек: это слишком много для одного файла.")


def too_much_text(file_name: str) -> UserError:
    return UserError(f"В файле «{file_name}» больше {_n(MAX_TEXT_CHARS)} знаков текста: это слишком много "
                     "для одного файла.")

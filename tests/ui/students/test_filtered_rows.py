"""The students list filters in its model, in one pass over pre-folded names: «ё» = «е», any case,
every word must match, the class predicate on top, the total kept; the proxy asks Python nothing per row."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel

from app.services.text import fold
from app.ui.widgets.filtered_rows import FilteredRowsModel, SourceFilteredProxy
from app.ui.widgets.table_model import Column


@dataclass(frozen=True)
class Row:
    name: str
    grade: int

    @property
    def search_text(self) -> str:
        return fold(self.name)


def build(qapp):
    model = FilteredRowsModel([Column("ФИО", lambda r: r.name), Column("Класс", lambda r: r.grade)])
    proxy = SourceFilteredProxy()
    proxy.setSourceModel(model)
    model.set_rows([Row("Семёнов Пётр", 5), Row("Семенова Анна", 7), Row("Ёлкин Олег", 5), Row("Петров Иван", 9)])
    return model, proxy


def shown(proxy) -> list[str]:
    return [proxy.index(i, 0).data() for i in range(proxy.rowCount())]


def test_search_folds_case_and_yo_and_needs_every_word(qapp):
    model, proxy = build(qapp)
    proxy.set_search("СЕМЕН")
    assert shown(proxy) == ["Семёнов Пётр", "Семенова Анна"]
    proxy.set_search("петр семён")
    assert shown(proxy) == ["Семёнов Пётр"]
    proxy.set_search("елкин")
    assert shown(proxy) == ["Ёлкин Олег"]
    proxy.set_search("")
    assert len(shown(proxy)) == 4 and model.total == 4


def test_predicate_and_search_together_and_new_rows_keep_the_filter(qapp):
    model, proxy = build(qapp)
    proxy.set_predicate(lambda r: r.grade == 5)
    proxy.set_search("о")
    assert shown(proxy) == ["Семёнов Пётр", "Ёлкин Олег"]
    model.set_rows([Row("Орлов Олег", 5), Row("Орлова Ольга", 6)])
    assert shown(proxy) == ["Орлов Олег"] and model.total == 2


def test_sorting_sorts_every_row_not_only_the_shown(qapp):
    from PySide6.QtCore import Qt
    model, proxy = build(qapp)
    proxy.set_search("семен")
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == ["Семенова Анна", "Семёнов Пётр"]
    proxy.sort(0)
    proxy.set_search("")
    assert shown(proxy) == ["Ёлкин Олег", "Петров Иван", "Семёнов Пётр", "Семенова Анна"]


def test_no_python_call_per_row():
    assert SourceFilteredProxy.filterAcceptsRow is QSortFilterProxyModel.filterAcceptsRow


def test_typing_on_narrows_and_erasing_widens_again(qapp):
    model, proxy = build(qapp)
    seen = []
    for typed in ("п", "пе", "пет", "петр", "пет", "п", "", "о", "о л"):
        proxy.set_search(typed)
        seen.append(shown(proxy))
    assert seen[0] == ["Семёнов Пётр", "Петров Иван"] and seen[3] == ["Семёнов Пётр", "Петров Иван"]
    assert seen[4] == seen[2] and seen[5] == seen[0] and len(seen[6]) == 4
    assert len(seen[7]) == 4 and seen[8] == ["Ёлкин Олег"]  # «о», then a second word «л»


def test_rows_prepared_off_the_window_thread_are_those_set_rows_would_show(qapp):
    from PySide6.QtCore import Qt
    model, proxy = build(qapp)
    proxy.sort(0)
    proxy.set_predicate(lambda r: r.grade < 9)
    rows = [Row("Яковлев Ян", 5), Row("Аксёнова Ая", 9), Row("Ёжиков Ерофей", 7), Row("Борисов Борис", 5)]
    prepared = model.preparer()(rows)
    model.adopt(prepared)
    assert shown(proxy) == ["Борисов Борис", "Ёжиков Ерофей", "Яковлев Ян"] and model.total == 4
    # Told the rows come in the model's own order, it keeps theirs; in another order, it sorts them.
    model.adopt(model.preparer(arrive_sorted_by=(0, Qt.SortOrder.AscendingOrder))(rows))
    assert shown(proxy) == ["Яковлев Ян", "Ёжиков Ерофей", "Борисов Борис"]
    model.adopt(model.preparer(arrive_sorted_by=(1, Qt.SortOrder.AscendingOrder))(rows))
    assert shown(proxy) == ["Борисов Борис", "Ёжиков Ерофей", "Яковлев Ян"]
    # Sorting the model does not touch what was prepared: adopted again, it shows the same.
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == ["Яковлев Ян", "Ёжиков Ерофей", "Борисов Борис"]
    assert [r.name for r in prepared.rows] == ["Аксёнова Ая", "Борисов Борис", "Ёжиков Ерофей", "Яковлев Ян"]


def test_a_column_that_changes_after_the_rows_sorts_again_if_sorted_by(qapp):
    from PySide6.QtCore import Qt
    marks: dict[str, int] = {}
    model = FilteredRowsModel([Column("ФИО", lambda r: r.name), Column("Балл", lambda r: marks.get(r.name, 0))])
    proxy = SourceFilteredProxy()
    proxy.setSourceModel(model)
    model.set_rows([Row("Семёнов Пётр", 5), Row("Ёлкин Олег", 5), Row("Петров Иван", 9)])
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    changed = []
    model.dataChanged.connect(lambda *a: changed.append(a))
    marks.update({"Петров Иван": 3, "Ёлкин Олег": 7})
    model.column_changed(1)
    assert shown(proxy) == ["Ёлкин Олег", "Петров Иван", "Семёнов Пётр"]
    proxy.sort(0)
    model.column_changed(1)
    assert len(changed) == 1 and shown(proxy) == ["Ёлкин Олег", "Петров Иван", "Семёнов Пётр"]

"""The roadmap tree at 1366 px: long cells wrap and their rows grow, every column stays on screen, a tooltip
shows the whole cell."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.calendar import get_or_create_year, set_current_year
from app.services.roadmap.draft import save_draft
from app.services.roadmap.templates import load_template


def test_long_cells_wrap_rows_grow_and_every_column_fits(qtbot, app_context, uow):
    from app.ui.roadmap.page import RoadmapPage

    with uow:
        get_or_create_year(uow.session, 2026)
        set_current_year(uow.session, 2026)
        uow.commit()
    app_context.set_year(2026)
    save_draft(uow, load_template("school-kaliningrad-38"), make_current=True)
    page = RoadmapPage(app_context)
    qtbot.addWidget(page)
    page.resize(1130, 640)     # what the main window leaves a page on a 1366×768 screen
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    tree, model = page.tree, page.model
    section = model.index(0, 0)
    items = [model.index(r, 1, section) for r in range(model.rowCount(section))]
    long_item = max(items, key=lambda i: len(i.data()))
    assert len(long_item.data()) > 150
    one_line = tree.fontMetrics().lineSpacing()
    assert tree.visualRect(long_item).height() >= 3 * one_line
    assert long_item.data(Qt.ItemDataRole.ToolTipRole) == long_item.data()
    header = tree.header()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert sum(header.sectionSize(c) for c in shown) <= tree.viewport().width()
    assert all(header.sectionSize(c) >= 40 for c in shown)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("1.")

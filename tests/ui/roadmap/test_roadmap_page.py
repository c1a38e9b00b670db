"""The «Дорожная карта» page driven as a user would: add an item, move it, undo, mark the year's status,
start from a template, import with preview, print preview."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.services.roadmap import operations as svc
from app.services.calendar import get_or_create_year, set_current_year
from app.services.roadmap.draft import save_draft
from app.services.roadmap.templates import load_template


@pytest.fixture
def school_roadmap(uow):
    with uow:
        get_or_create_year(uow.session, 2026)
        set_current_year(uow.session, 2026)
        uow.commit()
    return save_draft(uow, load_template("school-kaliningrad-38"), make_current=True)


@pytest.fixture
def page(qtbot, school_roadmap, database, admin):
    from app.ui.context import AppContext
    from app.ui.roadmap.page import RoadmapPage

    ctx = AppContext(database, admin)
    widget = RoadmapPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def type_text(widget, text: str) -> None:
    """Type text key by key. qtbot.keyClicks aborts on Cyrillic (QTest converts to Latin-1), so the key
    events carry the text themselves."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def item_numbers(page):
    return [(i.number, i.title) for i in svc.get_roadmap(page.ctx.uow(), page.roadmap.id).all_items()]


def test_add_item_through_the_dialog_move_it_and_undo(qtbot, page, monkeypatch):
    from app.ui.roadmap import dialogs

    first = page.roadmap.sections[0].items[0]
    page.select("item", first.id)
    assert page.add_item_button.isEnabled()

    def fill(dialog):
        type_text(dialog.title, "Экскурсия на завод «Янтарь»")
        type_text(dialog.deadline, "до 15 мая")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.ItemDialog, "exec", lambda self: fill(self) or QDialog.DialogCode.Accepted)
    qtbot.mouseClick(page.add_item_button, Qt.MouseButton.LeftButton)
    rows = item_numbers(page)
    assert rows[1] == ("2", "Экскурсия на завод «Янтарь»") and len(rows) == 31
    assert [n for n, _ in rows] == [str(i) for i in range(1, 32)]
    assert page._selected_key()[0] == "item"
    new_id = page._selected_key()[1]

    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    rows = item_numbers(page)
    assert rows[0] == ("1", "Экскурсия на завод «Янтарь»") and rows[1][1].startswith("Разработка и утверждение")
    assert page._selected_key() == ("item", new_id)

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)       # undo the move
    assert item_numbers(page)[1] == ("2", "Экскурсия на завод «Янтарь»")
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)       # undo the add
    rows = item_numbers(page)
    assert len(rows) == 30 and all("Янтарь" not in t for _, t in rows)
    assert not page.undo_button.isEnabled() and page.redo_button.isEnabled()
    qtbot.mouseClick(page.redo_button, Qt.MouseButton.LeftButton)       # and back again
    assert item_numbers(page)[1] == ("2", "Экскурсия на завод «Янтарь»")


def test_delete_asks_first_and_undo_restores(qtbot, page, monkeypatch):
    third = page.roadmap.sections[0].items[2]
    page.select("item", third.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(item_numbers(page)) == 30
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    rows = item_numbers(page)
    assert len(rows) == 29 and rows[2][0] == "3" and rows[2][1].startswith("Организация учета")
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert item_numbers(page)[2] == ("3", third.title)


def test_status_for_the_year_with_overdue_mark(qtbot, page):
    first = page.roadmap.sections[0].items[0]        # «Сентябрь-октябрь»: past on 24 November 2026
    page.select("item", first.id)
    assert page.progress_box.title() == "Выполнение за 2026/2027"
    status_index = page.model.index_of("item", first.id).siblingAtColumn(6)
    overdue = svc.year_progress(page.ctx.uow(), page.roadmap.id, year=2026)[first.id].overdue
    assert ("срок прошёл" in status_index.data()) == overdue
    assert (page.overdue_label.text() != "") == overdue
    page.status_combo.setCurrentIndex(page.status_combo.findData("done"))
    type_text(page.note_edit, "Приказ № 12")
    qtbot.mouseClick(page.save_status_button, Qt.MouseButton.LeftButton)
    progress = svc.year_progress(page.ctx.uow(), page.roadmap.id, year=2026)[first.id]
    assert (progress.status, progress.note, progress.overdue) == ("done", "Приказ № 12", False)
    assert page.model.index_of("item", first.id).siblingAtColumn(6).data() == "выполнено"
    assert "Выполнено: 1 из 30" in page.totals.text()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert svc.year_progress(page.ctx.uow(), page.roadmap.id, year=2026)[first.id].status == "planned"


def test_new_roadmap_from_template(qtbot, page, monkeypatch):
    from app.ui.roadmap import dialogs

    def choose(dialog):
        dialog.list.setCurrentRow(2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.TemplateDialog, "exec", choose)
    page.new_from_template()
    assert page.roadmap.period == "2020–2022" and len(page.roadmap.all_items()) == 37
    assert page.chooser.count() == 2 and page.model.rowCount() == 12


def test_import_dialog_previews_then_saves(qtbot, page, tmp_path):
    from app.ui.roadmap.import_dialog import ImportDialog
    from tests.conftest import SEEDS_DIR
    from tests.roadmap_docs import write_docx
    from tools.seed_blocks import SEEDS, seed_blocks

    path = write_docx(seed_blocks(SEEDS_DIR / SEEDS["district-targets-shares"]), tmp_path / "район.docx")
    dialog = ImportDialog(page.ctx, page, path=path)
    qtbot.addWidget(dialog)
    assert "мероприятий: 24" in dialog.summary.text()
    assert dialog.tree.model().rowCount() == 8
    dialog.save()
    assert dialog.result is not None and dialog.result.items == 24
    assert len(svc.list_roadmaps(page.ctx.uow())) == 2


def test_import_dialog_refuses_a_document_without_table(qtbot, page, tmp_path, monkeypatch):
    import docx

    from app.ui.roadmap.import_dialog import ImportDialog

    document = docx.Document()
    document.add_paragraph("Просто письмо")
    path = tmp_path / "письмо.docx"
    document.save(str(path))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = ImportDialog(page.ctx, page, path=path)
    qtbot.addWidget(dialog)
    assert shown and "не найдена таблица дорожной карты" in shown[0]
    assert dialog.draft is None and not dialog.ok_button.isEnabled()


def test_print_preview_shows_the_pdf(qtbot, page):
    from app.ui.roadmap.print_preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(page.ctx, page.roadmap.id, page)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() > 3
    assert dialog.pages.text().startswith("Страниц:")
    dialog.with_status.setChecked(True)
    assert dialog.document.pageCount() > 3
    dialog.reject()


def test_deputy_sees_but_cannot_edit(qtbot, database, school_roadmap):
    from app.services.access import Role
    from app.ui.context import AppContext
    from app.ui.roadmap.page import RoadmapPage
    from tests.conftest import make_actor

    page = RoadmapPage(AppContext(database, make_actor(Role.DEPUTY)))
    qtbot.addWidget(page)
    page.select("item", page.roadmap.all_items()[0].id)
    assert page.model.rowCount() == 11
    assert not page.add_item_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.print_button.isEnabled()


def test_drag_and_drop_moves_an_item_into_another_section(qtbot, page):
    from PySide6.QtCore import Qt as _Qt

    first = page.roadmap.sections[0].items[0]
    target = page.roadmap.sections[2]
    model = page.model
    mime = model.mimeData([model.index_of("item", first.id)])
    section_index = model.index_of("section", target.id)
    model.dropMimeData(mime, _Qt.DropAction.MoveAction, 1, 0, section_index)
    view = svc.get_roadmap(page.ctx.uow(), page.roadmap.id)
    assert view.sections[2].items[1].id == first.id
    assert [i.number for i in view.all_items()] == [str(n) for n in range(1, 31)]
    assert view.all_items()[0].title.startswith("Организация и проведение совещаний")
    qtbot.mouseClick(page.undo_button, _Qt.MouseButton.LeftButton)
    assert svc.get_roadmap(page.ctx.uow(), page.roadmap.id).all_items()[0].id == first.id


def test_printing_paints_every_page(qtbot, page, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.roadmap.print_preview import PrintPreviewDialog, print_pdf

    dialog = PrintPreviewDialog(page.ctx, page.roadmap.id, page)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(dialog.document, printer) == dialog.document.pageCount()
    from tests.pdf_text import pdf_pages
    assert out.stat().st_size > 10_000 and len(pdf_pages(out)) == dialog.document.pageCount()
    dialog.reject()

"""Opening the print preview is not an export: only saving the PDF or printing it reaches the audit log."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from app.services.accounts.audit import list_audit
from app.services.calendar import get_or_create_year, set_current_year
from app.services.roadmap.draft import save_draft
from app.services.roadmap.templates import load_template


def test_preview_is_not_logged_saving_is(qtbot, app_context, uow, tmp_path, monkeypatch):
    from app.ui.roadmap.print_preview import PrintPreviewDialog

    with uow:
        get_or_create_year(uow.session, 2026)
        set_current_year(uow.session, 2026)
        uow.commit()
    roadmap_id = save_draft(uow, load_template("school-kaliningrad-38"), make_current=True)
    dialog = PrintPreviewDialog(app_context, roadmap_id)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() > 1
    dialog.with_status.setChecked(not dialog.with_status.isChecked())  # renders again
    assert [r.action for r in list_audit(uow) if r.action.startswith("roadmap.export")] == []

    target = tmp_path / "Дорожная карта.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_pdf()
    assert target.read_bytes().startswith(b"%PDF")
    exports = [r for r in list_audit(uow) if r.action == "roadmap.export"]
    assert len(exports) == 1 and exports[0].details == "Дорожная карта.pdf"
    assert exports[0].action_label == "дорожная карта сохранена в файл"

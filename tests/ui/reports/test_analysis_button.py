"""pytest-qt: «Аналитическая справка…» on the reports page writes the Word document for the chosen set and
year and says what it holds."""
from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt

from tests.ui.reports.test_indicator_pages import messages, save_to  # noqa: F401 (fixtures)


def test_analysis_button_writes_the_document(qtbot, ctx, monkeypatch, messages, tmp_path):  # noqa: F811
    from app.ui.reports.page import ReportsPage
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.set_combo.setCurrentIndex(page.set_combo.findData("kaliningrad-school"))
    assert page.analysis_button.isEnabled()
    save_to(monkeypatch, tmp_path / "справка")
    qtbot.mouseClick(page.analysis_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "справка.docx"
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "по итогам профориентационной работы за 2024/2025 учебный год" in text
    assert [r.cells[0].text for r in doc.tables[0].rows[1:4]] == ["1.1", "1.2", "1.3"]
    assert len(doc.inline_shapes) == 3
    assert "Справка сохранена" in messages[-1] and "Показателей: 15, рисунков: 3" in messages[-1]

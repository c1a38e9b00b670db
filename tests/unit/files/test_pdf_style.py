from __future__ import annotations

from reportlab.platypus import LongTable

from app.services.files.pdf_style import GRID, build_pdf, para, register_fonts, styles
from tests.pdf_text import pdf_text


def test_cyrillic_pdf_with_page_numbers(tmp_path):
    register_fonts()
    st = styles()
    rows = [[para("№", st.header_cell), para("Наименование мероприятия", st.header_cell)]]
    rows += [[para(str(i), st.cell), para(f"Ёлочка и профориентация {i}", st.cell)] for i in range(1, 80)]
    table = LongTable(rows, repeatRows=1, colWidths=[40, 400], style=GRID)
    out = tmp_path / "t.pdf"
    build_pdf(out, [para("Дорожная карта", st.title), table], landscape_pages=True, title="Проба")
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    assert "Ёлочка и профориентация 79" in text
    assert "Страница 2" in text
    assert text.count("Наименование мероприятия") >= 2   # the header row repeats on the next page

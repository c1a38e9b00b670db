"""The yearly indicator report carries the director's signature line, in Excel and in PDF."""
from __future__ import annotations

from openpyxl import load_workbook

from app.services.reports.default_form import export_default_report
from app.services.reports.pdf import export_indicator_pdf
from app.services.school.details import SchoolDetails, save_school
from tests.pdf_text import pdf_text


def _school(uow):
    save_school(uow, SchoolDetails(full_name="МАОУ СОШ № 38", short_name="СОШ № 38", director_name="В.В. Борзенков",
                                   coordinator_name="Пешков Е.О.", coordinator_position="учитель физики"))
    from app.services.calendar import get_or_create_year
    with uow:
        get_or_create_year(uow.session, 2024)
        uow.commit()


def test_excel_report_has_the_director_s_signature_above_the_executor(uow, tmp_path):
    _school(uow)
    out = tmp_path / "отчёт.xlsx"
    export_default_report(uow, set_code="targets-shares", year=2024, out=out)
    rows = [[c.value for c in row] for row in load_workbook(out).worksheets[0].iter_rows()]
    labels = [r[0] for r in rows]
    director = labels.index("Директор:")
    assert rows[director][1] == "____________ /В.В. Борзенков/"
    assert director < labels.index("Исполнитель:")


def test_pdf_report_has_the_director_s_signature(uow, tmp_path):
    _school(uow)
    out = tmp_path / "отчёт.pdf"
    export_indicator_pdf(uow, set_code="targets-shares", year=2024, out=out)
    text = " ".join(pdf_text(out).split())
    assert "Директор СОШ № 38 ____________ /В.В. Борзенков/" in text
    assert text.index("Директор СОШ") < text.index("Исполнитель:")

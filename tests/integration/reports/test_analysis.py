"""The analytic report (аналитическая справка) of the demo school, read back from the DOCX: every indicator
with the engine's value, target, last year's value and the change; the charts as pictures; the roadmap's
execution as year_progress counts it; coverage by grade as the dashboard's series; Times New Roman; the
«Исполнитель» block; and the `analysis` command."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from docx import Document
from PIL import Image

from app.cli.main import run
from app.services.demo.build import build_demo
from app.services.errors import UserError
from app.services.indicators import compute_set
from app.services.indicators.counts import plain_counts
from app.services.indicators.overview import overview
from app.services.labels import target_state
from app.services.reports.analysis_docx import export_analysis, with_unit
from app.services.roadmap.operations import current_roadmap_id, progress_counts, year_progress
from app.services.school.details import get_school

TODAY = dt.date(2026, 11, 24)
PREVIOUS, CURRENT = 2025, 2026
SET = "targets-shares"


@pytest.fixture
def demo(database):
    build_demo(database, students=150, seed=3, today=TODAY)
    return database


def tables_by_header(doc) -> dict[str, list[list[str]]]:
    return {t.rows[0].cells[0].text + "|" + t.rows[0].cells[1].text: [[c.text for c in r.cells] for r in t.rows[1:]]
            for t in doc.tables}


def test_the_demo_schools_analysis_equals_the_engine(uow, demo, tmp_path):
    out = tmp_path / "справка.docx"
    result = export_analysis(uow, set_code=SET, year=CURRENT, out=out, today=TODAY)
    assert result.pictures == 3 and result.indicators == 11
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
    assert "по итогам профориентационной работы за 2026/2027 учебный год" in text
    school = get_school(uow)
    assert school.full_name in text

    now = compute_set(uow, set_code=SET, year=CURRENT)
    before = compute_set(uow, set_code=SET, year=PREVIOUS)
    rows = tables_by_header(doc)["№|Показатель"]
    assert [r[0] for r in rows] == [i.code for i in now.indicators]
    for row, ind in zip(rows, now.indicators):
        old = before.get(ind.code)
        assert row[2] == with_unit(ind.display, "%" if ind.is_share else ind.unit), ind.code
        assert row[4] == with_unit(old.display, "%" if ind.is_share else ind.unit), ind.code
        assert row[3] == (ind.target or "—" if ind.met is None else f"{ind.target}\n({target_state(ind.met)})")
        if ind.value is not None and old.value is not None:
            delta = round(float(ind.value) - float(old.value), 1)
            shown = row[5].replace("−", "-").replace(" п. п.", "").replace(",", ".")
            assert shown == "без изменений" if delta == 0 else float(shown) == delta, ind.code
        else:
            assert row[5] == "—"

    # Coverage by grade: the dashboard's series and the enrolment.
    ov = overview(uow, set_code=SET, year=CURRENT, today=TODAY)
    grade_rows = tables_by_header(doc)["Параллель|Обучающихся"]
    took_part = {int(r[0].split()[0]): int(r[2]) for r in grade_rows}
    assert {g: n for g, n in took_part.items()} == {int(g): n for g, n in ov.by_grade if int(g) in took_part}
    for r in grade_rows:
        assert int(r[1]) == plain_counts(uow, year=CURRENT, grades=(int(r[0].split()[0]),))["enrolled"]
    enrolled = plain_counts(uow, year=CURRENT)["enrolled"]
    assert f"обучалось {enrolled} обучающихся" in text
    assert f"приняли участие {sum(took_part.values())} обучающихся" in text

    # The roadmap's execution for the year, as the roadmap page counts it.
    counts = progress_counts(year_progress(uow, current_roadmap_id(uow), year=CURRENT, today=TODAY))
    line = next(p for p in text.splitlines() if p.startswith("Дорожная карта «"))
    assert f"выполнено — {counts['done']}" in line and f"просрочено — {counts['overdue']}" in line
    items = tables_by_header(doc)["№|Мероприятие"]
    assert len(items) == 30 and any(re.search(r"\d\d\.\d\d\.\d{4} .+ \(\d+ уч\.\)", r[4]) for r in items)

    # What falls short of its target, named.
    for ind in now.indicators:
        if ind.met is False:
            assert f"{ind.code}. {ind.name}: {ind.display}" in text

    # The pictures: three PNGs of the printed width; the text in Times New Roman.
    assert len(doc.inline_shapes) == 3
    with zipfile.ZipFile(out) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(images) == 3
        for name in images:
            picture = Image.open(io.BytesIO(z.read(name)))
            assert picture.format == "PNG" and picture.width == 1600
            assert len(picture.convert("RGB").getcolors(maxcolors=100_000) or ()) > 10   # drawn, not blank
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    assert f"Исполнитель: {school.coordinator_position}, {school.coordinator_name}" in text
    assert "Заместитель директора по УВР" in text


def test_a_year_without_the_one_before_says_so(uow, demo, tmp_path):
    out = tmp_path / "a.docx"
    export_analysis(uow, set_code="kaliningrad-school", year=PREVIOUS, out=out, today=TODAY)
    doc = Document(str(out))
    assert "прошлого учебного года в базе нет" in "\n".join(p.text for p in doc.paragraphs)
    assert all(r[4] == "—" and r[5] == "—" for r in tables_by_header(doc)["№|Показатель"])
    with pytest.raises(UserError, match="docx"):
        export_analysis(uow, set_code=SET, year=PREVIOUS, out=tmp_path / "a.pdf", today=TODAY)


def test_analysis_command(demo, db_path, tmp_path, capsys):
    demo.dispose()
    out = tmp_path / "справка.docx"
    assert run(["analysis", "--year", "2025/2026", "--set", "profminimum", "--out", str(out),
                "--db", str(db_path)]) == 0
    printed = capsys.readouterr().out
    assert "Справка сохранена" in printed and "рисунков: 3" in printed
    assert len(Document(str(out)).inline_shapes) == 3
    assert run(["analysis", "--year", "2025/2026", "--set", "nonexistent", "--out", str(out),
                "--db", str(db_path)]) == 1
    assert "не найден" in capsys.readouterr().err

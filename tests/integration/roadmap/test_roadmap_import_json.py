"""`import-roadmap --json` prints every field it imports, «Форма представления результата» included."""
from __future__ import annotations

import json

from app.cli.main import run as cli_run


def test_json_carries_the_result_form(tmp_path, db_path, capsys):
    import docx

    document = docx.Document()
    document.add_paragraph("План работы по профориентации на 2025/2026 учебный год")
    table = document.add_table(rows=0, cols=6)
    rows = [["№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
             "Ожидаемый результат", "Форма представления результата"],
            ["1. Диагностика", "", "", "", "", ""],
            ["1.1", "Анкетирование 9 классов", "Педагог-психолог", "Октябрь", "Выявлены интересы",
             "Аналитическая  справка"],
            ["1.2", "Классный час «Мир профессий»", "Классные руководители", "Ноябрь", "Охват 100%", ""]]
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    path = tmp_path / "план.docx"
    document.save(str(path))
    assert cli_run(["import-roadmap", str(path), "--db", str(db_path), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [(i["number"], i["result_form"]) for i in items] == [("1.1", "Аналитическая справка"), ("1.2", "")]
    assert items[0]["result"] == "Выявлены интересы"

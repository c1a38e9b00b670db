"""The student's card: the record «Я и моя будущая профессия» on screen, and «Сохранить в PDF»."""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout

from app.services.access import Permission
from app.services.record.student_record import RECORD_TITLE, StudentRecord, export_record_pdf, student_record
from app.ui.operations import run_operation
from app.ui.widgets.file_dialogs import ask_save_file


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def record_html(record: StudentRecord) -> str:
    """The record as simple HTML for QTextBrowser."""
    e = escape
    parts = [f"<h2>{e(record.full_name)}</h2>"]
    facts = []
    if record.class_label:
        facts.append(f"Класс: <b>{e(record.class_label)}</b>")
    if record.birth_date:
        facts.append(f"дата рождения: {record.birth_date:%d.%m.%Y}")
    if record.has_ovz:
        facts.append("ОВЗ")
    if record.has_disability:
        facts.append("инвалидность")
    if record.left_on:
        left = {"f": "выбыла", "m": "выбыл"}.get(record.sex or "", "выбыл(а)")
        facts.append(f"{left} {record.left_on:%d.%m.%Y}")
    parts.append("<p>" + ", ".join(facts) + "</p>")
    parts.append(f"<p>Уровень профминимума: {e(record.level_label)} — не менее {record.level_hours} ч в год.</p>")
    parts.append("<table border='1' cellspacing='0' cellpadding='3'><tr><th>Учебный год</th><th>Класс</th>"
                 "<th>Часов</th><th>Профминимум</th><th>Консультаций</th></tr>")
    for y in record.years:
        verdict = ("освоен" if record.reached(y) else "не освоен") if y.in_profminimum else "—"
        parts.append(f"<tr><td>{y.title}</td><td>{e(y.class_label or '—')}</td><td align='right'>{_hours(y.hours)}"
                     f"</td><td>{verdict}</td><td align='right'>{y.consultation_count}</td></tr>")
    parts.append("</table>")
    for y in record.years:
        parts.append(f"<h3>{y.title}</h3>")
        if not y.events:
            parts.append("<p>Мероприятий нет.</p>")
        else:
            parts.append("<table border='1' cellspacing='0' cellpadding='3'><tr><th>Дата</th><th>Мероприятие</th>"
                         "<th>Категория</th><th>Участие</th><th>Результат</th><th>Часов</th></tr>")
            for ev in y.events:
                result = ", ".join(p for p in (ev.result, ev.competence) if p)
                parts.append(f"<tr><td>{ev.date:%d.%m.%Y}</td><td>{e(ev.title)}</td><td>{e(ev.category_label)}</td>"
                             f"<td>{record.status_label(ev.status)}</td><td>{e(result)}</td>"
                             f"<td align='right'>{_hours(ev.hours) if ev.hours else ''}</td></tr>")
            parts.append("</table>")
        if y.platform is not None:
            parts.append(f"<p>{e(y.platform.describe())}.</p>")
        if y.consultations:
            parts.append("<p><b>Консультации (конфиденциально):</b></p><ul>")
            for c in y.consultations:
                parts.append(f"<li>{c.date:%d.%m.%Y} — {e(c.topic)}: {e(c.note)}</li>")
            parts.append("</ul>")
        elif y.consultation_count:
            parts.append(f"<p>Консультаций педагога-психолога: {y.consultation_count}</p>")
    for d in record.destinations:
        parts.append(f"<p><b>Продолжение обучения ({d.year_title}):</b> {e(d.destination)} {e(d.institution)}</p>")
    for x in record.exam_choices:
        parts.append(f"<p><b>{e(x.exam)} ({x.year_title}):</b> {e(x.subjects)}; по профилю: {e(x.matches_profile)}</p>")
    return "".join(parts)


class StudentRecordDialog(QDialog):
    def __init__(self, ctx, student_id: int, parent=None):
        super().__init__(parent)
        self.ctx, self.student_id = ctx, student_id
        self.record = student_record(ctx.uow(), student_id)
        self.setWindowTitle(f"{RECORD_TITLE} — {self.record.full_name}")
        self.resize(820, 620)
        self.view = QTextBrowser()
        self.view.setObjectName("record_view")
        self.view.setHtml(record_html(self.record))
        self.pdf_button = QPushButton("Сохранить в PDF…")
        self.pdf_button.setObjectName("record_pdf")
        self.pdf_button.setVisible(ctx.can(Permission.EXPORT_PERSONAL_DATA))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        close = QPushButton("Закрыть")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def save_pdf(self, path: str | None = None) -> None:
        if not path:
            suggested = f"{RECORD_TITLE} — {self.record.full_name}.pdf"
            path = ask_save_file(self, "Сохранить в PDF", suggested, "PDF (*.pdf)", kind="student_record",
                                 suffix=".pdf")
        if not path:
            return
        target = Path(path)
        run_operation(self, lambda progress, cancelled: export_record_pdf(self.ctx.uow(), self.student_id, target),
                      title="Сохранение в PDF…",
                      on_success=lambda saved: QMessageBox.information(
                          self, "Сохранено", f"Файл сохранён:\n{saved}\n\nВ нём персональные данные: "
                                             "не передавайте его третьим лицам."))

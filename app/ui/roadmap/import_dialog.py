"""«Импорт…»: the roadmap a school keeps in Word or Excel, shown before it is saved."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QTreeView, QVBoxLayout, QWidget)

from app.services.storage.backups import take_backup
from app.services.roadmap.draft import RoadmapDraft, SectionDraft
from app.services.roadmap.file_import import ImportResult, count_sections, import_roadmap, read_roadmap_file
from app.services.roadmap.templates import period_text
from app.ui.operations import run_operation
from app.ui.widgets.file_dialogs import ask_open_file

PREVIEW_COLUMNS = ["№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
                   "Ожидаемый результат"]


def draft_model(draft: RoadmapDraft | None, parent=None) -> QStandardItemModel:
    """Sections and items of a draft as a tree model (the preview of an import or a template)."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(PREVIEW_COLUMNS)
    if draft is None:
        return model
    bold = QFont()
    bold.setBold(True)

    def add(parent_item: QStandardItem, section: SectionDraft) -> None:
        heading = (f"{section.number}. {section.title}" if section.number and section.title
                   else section.title or section.number or "(без раздела)")
        row = QStandardItem(heading)
        row.setFont(bold)
        row.setEditable(False)
        parent_item.appendRow([row] + [QStandardItem("") for _ in PREVIEW_COLUMNS[1:]])
        for item in section.items:
            cells = [QStandardItem(v) for v in (item.number, item.title, item.responsible, item.deadline,
                                                 item.expected_result)]
            for cell in cells:
                cell.setEditable(False)
                cell.setToolTip(cell.text())
            row.appendRow(cells)
        for child in section.children:
            add(row, child)

    for section in draft.sections:
        add(model.invisibleRootItem(), section)
    return model


class ImportDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, *, path: Path | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Импорт дорожной карты из Word или Excel")
        self.resize(1000, 620)
        self.path: Path | None = None
        self.draft: RoadmapDraft | None = None
        self.result: ImportResult | None = None
        self.file_label = QLabel("Выберите документ Word (.docx) или таблицу Excel (.xlsx) с дорожной картой.")
        self.file_label.setWordWrap(True)
        choose = QPushButton("Выбрать файл…")
        choose.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        self.summary = QLabel("")
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeView()
        self.tree.setObjectName("import_preview")
        self.tree.setModel(draft_model(None, self))
        self.tree.setAlternatingRowColors(True)
        self.make_current = QCheckBox("сделать загруженную карту текущей")
        self.make_current.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить в программе")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.make_current)
        layout.addWidget(self.buttons)
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        name = ask_open_file(self, "Файл дорожной карты", "Word и Excel (*.docx *.xlsx);;Все файлы (*)",
                             kind="roadmap_import")
        if name:
            self.load(name)

    def load(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(f"Файл: {path.name}")
        run_operation(self, lambda progress, cancelled: read_roadmap_file(path), title="Чтение дорожной карты…",
                      on_success=self.show_draft, on_failure=self.show_failure)

    def show_failure(self, exc: BaseException) -> None:
        from app.ui.operations import show_error
        self.draft = None
        self.tree.setModel(draft_model(None, self))
        self.summary.setText("Файл не загружен.")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        show_error(self, exc, title="Импорт дорожной карты")

    def show_draft(self, draft: RoadmapDraft) -> None:
        self.draft = draft
        model = draft_model(draft, self)
        self.tree.setModel(model)
        self.tree.expandAll()
        for column, width in enumerate((80, 360, 180, 140, 260)):
            self.tree.setColumnWidth(column, width)
        self._span_sections(model.invisibleRootItem())
        period = period_text(draft.period_start, draft.period_end)
        extra = f"; показателей — {len(draft.indicators)}" if draft.indicators else ""
        self.summary.setText(f"«{draft.title}»" + (f", {period}" if period else "")
                             + f". Разделов — {count_sections(draft)}, мероприятий — {len(draft.all_items())}"
                             + extra + ". Проверьте и сохраните.")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    def _span_sections(self, parent: QStandardItem) -> None:
        """Section rows read across the whole width, as in the document."""
        for row in range(parent.rowCount()):
            child = parent.child(row, 0)
            if child is not None and child.hasChildren() or (child is not None and child.font().bold()):
                self.tree.setFirstColumnSpanned(row, parent.index(), True)
                self._span_sections(child)

    def save(self) -> None:
        if self.draft is None or self.path is None:
            return
        draft, path, current = self.draft, self.path, self.make_current.isChecked()

        def work(progress, cancelled) -> ImportResult:
            take_backup(self.ctx.database, reason="before-import")
            return import_roadmap(self.ctx.uow(), path, draft=draft, make_current=current)

        def done(result: ImportResult) -> None:
            self.result = result
            self.accept()

        run_operation(self, work, title="Сохранение дорожной карты…", on_success=done)

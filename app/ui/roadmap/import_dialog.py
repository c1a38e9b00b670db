"""«Импорт…»: the roadmap a school keeps in Word or Excel, shown before it is saved — the one import
preview, with the roadmap's sections as a tree and a choice of file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeView, QWidget

from app.services.roadmap.draft import RoadmapDraft, SectionDraft
from app.services.roadmap.file_import import PREVIEW_COLUMNS as COLUMNS
from app.services.roadmap.file_import import ROADMAP_IMPORT, ImportResult, RoadmapPlan
from app.ui.operations import run_operation
from app.ui.widgets.file_dialogs import ask_open_file
from app.ui.widgets.import_preview import ImportPreviewDialog

PREVIEW_COLUMNS = list(COLUMNS)


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


class ImportDialog(ImportPreviewDialog):
    def __init__(self, ctx, parent: QWidget | None = None, *, path: Path | None = None):
        tree = QTreeView()
        tree.setObjectName("import_preview")
        tree.setAlternatingRowColors(True)
        super().__init__(None, parent, ok_text="Сохранить в программе", view=tree,
                         choices=(("make_current", "сделать загруженную карту текущей", True),))
        self.tree = tree
        self.ctx = ctx
        self.setWindowTitle("Импорт дорожной карты из Word или Excel")
        self.resize(1000, 620)
        self.path: Path | None = None
        self.plan: RoadmapPlan | None = None
        self.result: ImportResult | None = None
        self.tree.setModel(draft_model(None, self))
        self.make_current = self.choices["make_current"]
        self.file_label = QLabel("Выберите документ Word (.docx) или таблицу Excel (.xlsx) с дорожной картой.")
        self.file_label.setWordWrap(True)
        choose = QPushButton("Выбрать файл…")
        choose.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        self.layout_.insertLayout(0, top)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.save)
        if path is not None:
            self.load(path)

    @property
    def draft(self) -> RoadmapDraft | None:
        return self.plan.draft if self.plan is not None else None

    def choose_file(self) -> None:
        name = ask_open_file(self, "Файл дорожной карты", "Word и Excel (*.docx *.xlsx);;Все файлы (*)",
                             kind="roadmap_import")
        if name:
            self.load(name)

    def load(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(f"Файл: {path.name}")
        run_operation(self, lambda progress, cancelled: ROADMAP_IMPORT.plan(self.ctx.uow(), path),
                      title="Чтение дорожной карты…", on_success=self.show_plan, on_failure=self.show_failure)

    def show_failure(self, exc: BaseException) -> None:
        from app.ui.operations import show_error
        self.plan = None
        self.tree.setModel(draft_model(None, self))
        self.set_preview(None)
        self.summary.setText("Файл не загружен.")
        show_error(self, exc, title="Импорт дорожной карты")

    def show_plan(self, plan: RoadmapPlan) -> None:
        self.plan = plan
        model = draft_model(plan.draft, self)
        self.tree.setModel(model)
        self.tree.expandAll()
        for column, width in enumerate((80, 360, 180, 140, 260)):
            self.tree.setColumnWidth(column, width)
        self._span_sections(model.invisibleRootItem())
        self.set_preview(plan.preview())
        self.summary.setText(self.summary.text() + "<br>Проверьте и сохраните.")

    def _span_sections(self, parent: QStandardItem) -> None:
        """Section rows read across the whole width, as in the document."""
        for row in range(parent.rowCount()):
            child = parent.child(row, 0)
            if child is not None and child.hasChildren() or (child is not None and child.font().bold()):
                self.tree.setFirstColumnSpanned(row, parent.index(), True)
                self._span_sections(child)

    def save(self) -> None:
        if self.plan is None:
            return
        plan, current = self.plan, self.make_current.isChecked()

        def done(result: ImportResult) -> None:
            self.result = result
            self.accept()

        run_operation(self, lambda p, c: ROADMAP_IMPORT.apply(self.ctx.uow(), plan, make_current=current),
                      title="Сохранение дорожной карты…", on_success=done)

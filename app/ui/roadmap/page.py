"""«Дорожная карта»: choose a roadmap, edit its sections and items (with undo), mark the year's progress,
start one from a template or import the one the school keeps in Word/Excel, print it for signature."""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QListView, QMenu, QMessageBox, QPushButton, QSplitter,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from app.services.roadmap import operations as svc
from app.services.access import Permission
from app.services.calendar import year_title
from app.services.uow import Change
from app.services.labels import ROADMAP_ITEM_STATUS_LABELS
from app.services.files.names import document_name
from app.services.roadmap.draft import save_draft
from app.services.roadmap.printing import export_roadmap
from app.services.roadmap.templates import list_templates, load_template
from app.ui.operations import Outcome, run_operation, run_quick
from app.ui.refresh import follow_changes
from app.ui.widgets.confirm import confirm_loss
from app.ui.widgets.wrapping import ProportionalColumns, WrappingDelegate
from app.ui.roadmap import commands as cmd
from app.ui.roadmap.dialogs import CopyDialog, ItemDialog, RoadmapDialog, SectionDialog, TemplateDialog
from app.ui.roadmap.tree_model import ID_ROLE, KIND_ROLE, STATUS_COLUMN, RoadmapTreeModel
from app.ui.widgets.file_dialogs import ask_save_file

TITLE = "Дорожная карта"


class RoadmapPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.roadmap: svc.RoadmapView | None = None
        self.progress: dict[int, svc.ItemProgress] = {}
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.can_edit = ctx.can(Permission.EDIT_ROADMAP)
        self.can_export = ctx.can(Permission.EXPORT)
        self._loading = False
        self._notifying = False

        # --- the roadmap bar ---
        self.chooser = QComboBox()
        self.chooser.setObjectName("roadmap_chooser")
        self.chooser.setMinimumWidth(300)
        # The names are long («План мероприятий («дорожная карта») по развитию …»): the list opens wide enough
        # to read them, and the box itself shows the whole name in its tooltip.
        self.chooser.view().setMinimumWidth(900)
        self.chooser.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.chooser.currentIndexChanged.connect(
            lambda i: self.chooser.setToolTip(self.chooser.itemText(i) if i >= 0 else ""))
        self.chooser.currentIndexChanged.connect(self._chooser_changed)
        self.details_button = QPushButton("Сведения…")
        self.details_button.setToolTip("Название, период, цель и задачи, утверждение, блок «Исполнитель»")
        self.details_button.clicked.connect(self.edit_details)
        self.new_button = QToolButton()
        self.new_button.setText("Новая")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        new_menu = QMenu(self.new_button)
        new_menu.addAction("Из шаблона…", self.new_from_template)
        new_menu.addAction("Пустая…", self.new_empty)
        new_menu.addAction("Копия выбранной на новый период…", self.copy_to_period)
        self.new_button.setMenu(new_menu)
        self.import_button = QPushButton("Импорт из Word/Excel…")
        self.import_button.clicked.connect(self.import_file)
        self.more_button = QToolButton()
        self.more_button.setText("Ещё")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        self.current_action = more.addAction("Сделать текущей", self.make_current)
        self.delete_roadmap_action = more.addAction("Удалить дорожную карту…", self.delete_roadmap)
        self.more_button.setMenu(more)
        for button in (self.new_button, self.more_button):
            # room for the menu arrow, which Qt otherwise draws over the last letters
            button.setStyleSheet("QToolButton { padding-right: 14px; padding-left: 6px; }")
        self.print_button = QPushButton("Печать…")
        self.print_button.clicked.connect(self.print_preview)
        self.word_button = QPushButton("Экспорт в Word…")
        self.word_button.clicked.connect(self.export_word)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Дорожная карта:"))
        bar.addWidget(self.chooser, 1)
        for w in (self.details_button, self.new_button, self.import_button, self.more_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.print_button)
        bar.addWidget(self.word_button)
        self.info = QLabel("")
        self.info.setObjectName("roadmap_info")
        self.info.setWordWrap(True)

        # --- the edit bar ---
        self.add_section_button = QPushButton("+ Раздел")
        self.add_section_button.clicked.connect(self.add_section)
        self.add_item_button = QPushButton("+ Мероприятие")
        self.add_item_button.setObjectName("add_item")
        self.add_item_button.clicked.connect(self.add_item)
        self.edit_button = QPushButton("Изменить…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setObjectName("delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.up_button = QPushButton("▲ Выше")
        self.up_button.setObjectName("move_up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("▼ Ниже")
        self.down_button.setObjectName("move_down")
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.undo_button = QPushButton("Отменить")
        self.undo_button.setObjectName("undo")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QPushButton("Повторить")
        self.redo_button.setObjectName("redo")
        self.redo_button.clicked.connect(self.redo)
        edit_bar = QHBoxLayout()
        for w in (self.add_section_button, self.add_item_button, self.edit_button, self.delete_button,
                  self.up_button, self.down_button):
            edit_bar.addWidget(w)
        edit_bar.addStretch(1)
        edit_bar.addWidget(self.undo_button)
        edit_bar.addWidget(self.redo_button)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.redo)

        # --- the tree ---
        self.model = RoadmapTreeModel(self)
        self.model.editable = self.can_edit
        self.model.item_dropped.connect(self.drop_item)
        self.tree = QTreeView()
        self.tree.setObjectName("roadmap_tree")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        if self.can_edit:
            self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.tree.setDragEnabled(True)
            self.tree.setAcceptDrops(True)
            self.tree.setDropIndicatorShown(True)
        # Every column on screen at 1366 px, the long texts wrapping: № | title | responsible | deadline |
        # expected result | form of the result | status.
        self.columns = ProportionalColumns(self.tree, {0: 9, 1: 30, 2: 15, 3: 11, 4: 22, 5: 13, 6: 15})
        self.tree.doubleClicked.connect(lambda _i: self.edit_selected())
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())

        # --- the year's progress ---
        self.progress_box = QGroupBox("Выполнение за год")
        self.progress_box.setObjectName("progress_box")
        self.selected_label = QLabel("Выберите мероприятие.")
        self.selected_label.setWordWrap(True)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_combo")
        for code, label in ROADMAP_ITEM_STATUS_LABELS.items():
            self.status_combo.addItem(label, code)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("status_note")
        self.note_edit.setPlaceholderText("примечание: что сделано, документ, ссылка")
        self.save_status_button = QPushButton("Сохранить отметку")
        self.save_status_button.setObjectName("save_status")
        self.save_status_button.clicked.connect(self.save_status)
        self.overdue_label = QLabel("")
        self.overdue_label.setStyleSheet("color: #b00020;")
        self.evidence_model = QStandardItemModel(self)
        self.evidence = QListView()
        self.evidence.setObjectName("evidence")
        self.evidence.setModel(self.evidence_model)
        self.evidence.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evidence.setWordWrap(True)
        self.totals = QLabel("")
        self.totals.setObjectName("progress_totals")
        self.totals.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Статус:", self.status_combo)
        form.addRow("Примечание:", self.note_edit)
        side = QVBoxLayout(self.progress_box)
        side.addWidget(self.selected_label)
        side.addLayout(form)
        side.addWidget(self.save_status_button)
        side.addWidget(self.overdue_label)
        side.addWidget(QLabel("Проведённые мероприятия (подтверждение):"))
        side.addWidget(self.evidence, 1)
        side.addWidget(self.totals)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.progress_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 300])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.info)
        layout.addLayout(edit_bar)
        layout.addWidget(splitter, 1)

        self.refresher = follow_changes(self, ctx, {Change.ROADMAP, Change.EVENTS, Change.PARTICIPATION},
                                        self._changed_elsewhere)
        ctx.year_changed.connect(lambda _y: self.reload())
        self.reload_roadmaps()

    # --- loading ---------------------------------------------------------------------------------
    def _changed_elsewhere(self) -> None:
        if not self._notifying:
            self.reload_roadmaps()

    def _own(self, fn) -> Outcome:
        """A change made on this page: it reloads itself, keeping the selection; other pages follow the
        operation's announcement."""
        self._notifying = True
        try:
            return run_quick(self, fn, title=TITLE)
        finally:
            self._notifying = False

    def reload_roadmaps(self, select_id: int | None = None) -> None:
        if not self.ctx.can(Permission.VIEW_ROADMAP):
            self.info.setText("Недостаточно прав для просмотра дорожной карты.")
            self.setEnabled(False)
            return
        loaded = run_quick(self, lambda: (svc.list_roadmaps(self.ctx.uow()), select_id or (
            self.roadmap.id if self.roadmap else None) or svc.current_roadmap_id(self.ctx.uow())), title=TITLE)
        if not loaded:
            return
        roadmaps, wanted = loaded.value
        self._loading = True
        self.chooser.clear()
        for r in roadmaps:
            label = r.title if len(r.title) < 110 else r.title[:107] + "…"
            period = f" ({r.period})" if r.period else ""
            self.chooser.addItem(("★ " if r.is_current else "") + label + period, r.id)
            self.chooser.setItemData(self.chooser.count() - 1, r.title, Qt.ItemDataRole.ToolTipRole)
        index = self.chooser.findData(wanted) if wanted is not None else -1
        self.chooser.setCurrentIndex(index if index >= 0 else (0 if roadmaps else -1))
        self._loading = False
        self.reload()

    def _chooser_changed(self, _index: int) -> None:
        if not self._loading:
            self.undo_stack.clear()
            self.reload()

    def roadmap_id(self) -> int | None:
        data = self.chooser.currentData()
        return int(data) if data is not None else None

    def reload(self, select: tuple[str, int] | None = None) -> None:
        rid = self.roadmap_id()
        if select is None:
            select = self._selected_key()
        loaded = run_quick(self, lambda: (
            svc.get_roadmap(self.ctx.uow(), rid) if rid is not None else None,
            svc.year_progress(self.ctx.uow(), rid, year=self.ctx.year)
            if rid is not None and self.ctx.year is not None else {}), title=TITLE)
        self.roadmap, self.progress = loaded.value if loaded else (None, {})
        self.model.set_roadmap(self.roadmap, self.progress)
        self.tree.expandAll()
        self.tree.setColumnHidden(5, self.roadmap is None or not any(i.result_form for i in self.roadmap.all_items()))
        self.tree.setColumnHidden(STATUS_COLUMN, self.ctx.year is None)
        self.columns.apply()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            self._span_sections(self.model.index(row, 0))
        self._show_info()
        if select is not None:
            self.select(*select)
        self._selection_changed()

    def _span_sections(self, parent: QModelIndex) -> None:
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if index.data(KIND_ROLE) == "section":
                self.tree.setFirstColumnSpanned(row, parent, True)
                self._span_sections(index)

    def _show_info(self) -> None:
        r = self.roadmap
        if r is None:
            self.info.setText("Дорожной карты пока нет. Создайте её из шаблона («Новая» → «Из шаблона…») или "
                              "загрузите из документа Word/Excel («Импорт…»).")
            self.progress_box.setTitle("Выполнение за год")
            self.totals.setText("")
            return
        parts = []
        if r.period:
            parts.append(f"Период: {r.period}")
        if r.approved_by_name or r.approved_on:
            approved = "Утверждена" + (f": {r.approved_by_position} {r.approved_by_name}".rstrip()
                                       if r.approved_by_name else "")
            if r.approved_on:
                approved += f", {r.approved_on:%d.%m.%Y}"
            parts.append(approved)
        else:
            parts.append("не утверждена")
        parts.append(f"разделов: {len(r.all_sections())}, мероприятий: {len(r.all_items())}")
        if r.is_current:
            parts.append("текущая")
        self.info.setText(" · ".join(parts))
        if self.ctx.year is not None:
            self.progress_box.setTitle(f"Выполнение за {year_title(self.ctx.year)}")
            counts = svc.progress_counts(self.progress)
            total = len(self.progress)
            self.totals.setText(f"Выполнено: {counts['done']} из {total}; выполняется: {counts['in_progress']}; "
                                f"отменено: {counts['cancelled']}; срок прошёл: {counts['overdue']}.")

    # --- selection -------------------------------------------------------------------------------
    def _selected_index(self) -> QModelIndex:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0) if index.isValid() else index

    def _selected_key(self) -> tuple[str, int] | None:
        index = self._selected_index()
        if not index.isValid():
            return None
        return index.data(KIND_ROLE), index.data(ID_ROLE)

    def select(self, kind: str, ident: int) -> None:
        index = self.model.index_of(kind, ident)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)

    def _selected_section_id(self) -> int | None:
        key = self._selected_key()
        if key is None:
            return None
        if key[0] == "section":
            return key[1]
        node = self.model.node(self._selected_index())
        return node.parent.id if node and node.parent else None

    def _selection_changed(self) -> None:
        self._update_buttons()
        key = self._selected_key()
        self.evidence_model.clear()
        self.overdue_label.setText("")
        if key is None or key[0] != "item" or self.roadmap is None:
            self.selected_label.setText("Выберите мероприятие в дорожной карте.")
            return
        item = next((i for i in self.roadmap.all_items() if i.id == key[1]), None)
        progress = self.progress.get(key[1])
        if item is None:
            return
        self.selected_label.setText(f"{item.number} {item.title}".strip())
        if progress is not None:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(progress.status)))
            self.note_edit.setText(progress.note)
            if progress.overdue:
                self.overdue_label.setText(f"Срок «{item.deadline}» прошёл, а мероприятие не выполнено.")
            for event in progress.events:
                row = QStandardItem(f"{event.starts_on:%d.%m.%Y} — {event.title}; участников: {event.participants}")
                row.setData(event.id, Qt.ItemDataRole.UserRole)
                self.evidence_model.appendRow(row)
            if not progress.events:
                self.evidence_model.appendRow(QStandardItem("Мероприятий с этим пунктом в этом году нет."))

    def _undo_index_changed(self, _index: int) -> None:
        # The stack clears itself while the page is being destroyed; its buttons are gone by then.
        if shiboken6.isValid(self) and shiboken6.isValid(self.undo_stack) and shiboken6.isValid(self.undo_button):
            self._update_buttons()

    def _update_buttons(self) -> None:
        has_roadmap = self.roadmap is not None
        key = self._selected_key()
        for w in (self.add_section_button, self.import_button, self.new_button):
            w.setEnabled(self.can_edit)
        self.details_button.setEnabled(has_roadmap)
        self.more_button.setEnabled(self.can_edit and has_roadmap)
        self.add_section_button.setEnabled(self.can_edit and has_roadmap)
        self.add_item_button.setEnabled(self.can_edit and has_roadmap and self._selected_section_id() is not None)
        for w in (self.edit_button, self.delete_button, self.up_button, self.down_button):
            w.setEnabled(self.can_edit and key is not None)
        is_item = key is not None and key[0] == "item"
        for w in (self.status_combo, self.note_edit, self.save_status_button):
            w.setEnabled(self.can_edit and is_item and self.ctx.year is not None)
        self.print_button.setEnabled(self.can_export and has_roadmap)
        self.word_button.setEnabled(self.can_export and has_roadmap)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())
        self.undo_button.setToolTip("Отменить: " + self.undo_stack.undoText() if self.undo_stack.canUndo() else "")
        self.redo_button.setToolTip("Повторить: " + self.undo_stack.redoText() if self.undo_stack.canRedo() else "")

    # --- undoable changes ------------------------------------------------------------------------
    def push(self, command: cmd._Command) -> None:
        """Run a change through the undo stack; an error leaves the stack and the data as they were."""
        if not self._own(command.apply):
            self.reload()
            return
        command.done_already = True
        self.undo_stack.push(command)
        self._after(command)

    def _after(self, command: cmd._Command) -> None:
        self.reload(select=command.selected)

    def undo(self) -> None:
        self._step(self.undo_stack.undo, self.undo_stack.command(self.undo_stack.index() - 1))

    def redo(self) -> None:
        self._step(self.undo_stack.redo, self.undo_stack.command(self.undo_stack.index()))

    def _step(self, action, command) -> None:
        if command is None:
            return
        if not self._own(action):   # the row was changed elsewhere meanwhile
            self.undo_stack.clear()
            self.reload()
            return
        self._after(command)

    def add_section(self) -> None:
        if self.roadmap is None:
            return
        current = self._selected_section_id()
        dialog = SectionDialog(parent=self, can_nest=current is not None)
        if dialog.exec() != SectionDialog.DialogCode.Accepted:
            return
        title = dialog.title.toPlainText().strip()
        if dialog.nested.isChecked() and current is not None:
            self.push(cmd.AddSection(self.ctx.uow, self.roadmap.id, title, current, None))
            return
        # A new top-level section goes after the selected one's top-level section, else last.
        position = None
        if current is not None:
            top = self._top_section_of(current)
            if top is not None:
                position = top.position + 1
        self.push(cmd.AddSection(self.ctx.uow, self.roadmap.id, title, None, position))

    def _top_section_of(self, section_id: int) -> svc.SectionView | None:
        assert self.roadmap is not None
        by_id = {s.id: s for s in self.roadmap.all_sections()}
        section = by_id.get(section_id)
        while section is not None and section.parent_id is not None:
            section = by_id.get(section.parent_id)
        return section

    def add_item(self, *, values: svc.ItemFields | None = None) -> None:
        section_id = self._selected_section_id()
        if self.roadmap is None or section_id is None:
            return
        if values is None:
            dialog = ItemDialog(parent=self)
            if dialog.exec() != ItemDialog.DialogCode.Accepted:
                return
            values = dialog.values()
        key = self._selected_key()
        position = None
        if key is not None and key[0] == "item":
            item = next(i for i in self.roadmap.all_items() if i.id == key[1])
            position = item.position + 1
        self.push(cmd.AddItem(self.ctx.uow, section_id, values, position))

    def edit_selected(self) -> None:
        key = self._selected_key()
        if key is None or self.roadmap is None or not self.can_edit:
            return
        if key[0] == "item":
            item = next(i for i in self.roadmap.all_items() if i.id == key[1])
            old = svc.ItemFields(item.number, item.title, item.responsible, item.deadline, item.expected_result,
                                 item.result_form)
            dialog = ItemDialog(old, self, is_new=False)
            if dialog.exec() == ItemDialog.DialogCode.Accepted and dialog.values() != old:
                self.push(cmd.EditItem(self.ctx.uow, item.id, old, dialog.values(), version=item.version))
        else:
            section = next(s for s in self.roadmap.all_sections() if s.id == key[1])
            dialog = SectionDialog(section.number, section.title, self, is_new=False)
            if dialog.exec() == SectionDialog.DialogCode.Accepted:
                new = (dialog.number.text().strip(), dialog.title.toPlainText().strip())
                if new != (section.number, section.title):
                    self.push(cmd.EditSection(self.ctx.uow, section.id, (section.number, section.title), new))

    def delete_selected(self) -> None:
        key = self._selected_key()
        if key is None or self.roadmap is None:
            return
        if key[0] == "item":
            item = next(i for i in self.roadmap.all_items() if i.id == key[1])
            events = len(self.progress.get(item.id, svc.ItemProgress(item.id, "", "", False)).events)
            extra = f"\nС ним связано мероприятий этого года: {events} — они останутся, но без пункта карты." \
                if events else ""
            if self._confirm(f"Удалить мероприятие «{item.number} {item.title[:120]}»?{extra}"):
                self.push(cmd.DeleteItem(self.ctx.uow, item.id, item.title))
        else:
            section = next(s for s in self.roadmap.all_sections() if s.id == key[1])
            count = len(section.items) + sum(len(c.items) for c in section.children)
            if section.children and not self._confirm(
                    f"В разделе «{section.heading[:120]}» есть подразделы: они будут удалены вместе с ним, и "
                    "вернуть их «Отменить» не сможет. Продолжить?"):
                return
            if self._confirm(f"Удалить раздел «{section.heading[:120]}» и мероприятий в нём: {count}?"):
                self.push(cmd.DeleteSection(self.ctx.uow, section))

    def _confirm(self, text: str) -> bool:
        # Deleting items and sections can be undone («Отменить»); the page's texts say when it cannot.
        return confirm_loss(self, TITLE, text, irreversible=False)

    def move_selected(self, delta: int) -> None:
        key = self._selected_key()
        if key is None:
            return
        if key[0] == "item":
            self.push(cmd.MoveItem(self.ctx.uow, key[1], delta=delta))
        else:
            self.push(_MoveSection(self.ctx.uow, key[1], delta))

    def drop_item(self, item_id: int, section_id: int, position: int) -> None:
        self.push(cmd.MoveItem(self.ctx.uow, item_id, target=svc.ItemPlace(section_id, position)))

    def save_status(self) -> None:
        key = self._selected_key()
        if key is None or key[0] != "item" or self.ctx.year is None:
            return
        old_progress = self.progress.get(key[1])
        old = (old_progress.status, old_progress.note) if old_progress else ("planned", "")
        new = (self.status_combo.currentData(), self.note_edit.text().strip())
        if new != old:
            self.push(cmd.SetStatus(self.ctx.uow, key[1], self.ctx.year, old, new))

    # --- roadmaps ----------------------------------------------------------------------------------
    def edit_details(self) -> None:
        if self.roadmap is None:
            return
        r = self.roadmap
        fields = svc.RoadmapFields(r.title, r.period_start, r.period_end, r.goal, r.tasks, r.approved_by_name,
                                   r.approved_by_position, r.approved_on, r.approval_order, r.executor_block)
        dialog = RoadmapDialog(fields, self)
        if not self.can_edit:
            dialog.setEnabled(False)
        if dialog.exec() == RoadmapDialog.DialogCode.Accepted and self.can_edit:
            values = dialog.values()
            if self._own(lambda: svc.update_roadmap(self.ctx.uow(), r.id, values)):
                self.reload_roadmaps(r.id)

    def new_empty(self) -> None:
        dialog = RoadmapDialog(svc.RoadmapFields(), self, is_new=True)
        if dialog.exec() != RoadmapDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        if not (made := self._own(lambda: svc.new_roadmap(self.ctx.uow(), values))):
            return
        self.undo_stack.clear()
        self.reload_roadmaps(made.value)

    def new_from_template(self) -> None:
        dialog = TemplateDialog(list_templates(), self)
        if dialog.exec() != TemplateDialog.DialogCode.Accepted or not dialog.code():
            return
        code = dialog.code()

        def done(rid: int) -> None:
            self.undo_stack.clear()
            self.reload_roadmaps(rid)

        run_operation(self, lambda p, c: save_draft(self.ctx.uow(), load_template(code), make_current=True),
                      title="Создание дорожной карты…", on_success=done)

    def copy_to_period(self) -> None:
        if self.roadmap is None:
            return
        dialog = CopyDialog(self.roadmap.period_start, self.roadmap.period_end, self)
        if dialog.exec() != CopyDialog.DialogCode.Accepted:
            return
        rid, start, end = self.roadmap.id, dialog.start.value(), dialog.end.value()
        current = dialog.current.isChecked()
        run_operation(self, lambda p, c: svc.copy_roadmap(self.ctx.uow(), rid, period_start=start, period_end=end,
                                                          make_current=current),
                      title="Копирование дорожной карты…", on_success=lambda new_id: self.reload_roadmaps(new_id))

    def import_file(self, path: Path | None = None) -> None:
        from app.ui.roadmap.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self, path=path if isinstance(path, Path) else None)
        if dialog.exec() == ImportDialog.DialogCode.Accepted and dialog.result is not None:
            self.undo_stack.clear()
            self.reload_roadmaps(dialog.result.roadmap_id)

    def make_current(self) -> None:
        if self.roadmap is None:
            return
        rid = self.roadmap.id
        if self._own(lambda: svc.set_current_roadmap(self.ctx.uow(), rid)):
            self.reload_roadmaps(rid)

    def delete_roadmap(self) -> None:
        if self.roadmap is None:
            return
        if not self._confirm(f"Удалить дорожную карту «{self.roadmap.title[:150]}» целиком, со всеми разделами, "
                             "мероприятиями и отметками о выполнении? Это действие нельзя отменить."):
            return
        rid = self.roadmap.id
        if not self._own(lambda: svc.delete_roadmap(self.ctx.uow(), rid)):
            return
        self.roadmap = None
        self.undo_stack.clear()
        self.reload_roadmaps()

    # --- print and Word ----------------------------------------------------------------------------
    def print_preview(self) -> None:
        if self.roadmap is None:
            return
        from app.ui.roadmap.print_preview import PrintPreviewDialog
        PrintPreviewDialog(self.ctx, self.roadmap.id, self,
                           suggested_name=document_name("Дорожная карта", self.roadmap.period, suffix=".pdf")).exec()

    def export_word(self) -> None:
        if self.roadmap is None:
            return
        path = ask_save_file(self, "Экспорт в Word", document_name("Дорожная карта", self.roadmap.period, suffix=".docx"),
                             "Документ Word (*.docx)", kind="roadmap_export", suffix=".docx")
        if path is None:
            return
        rid = self.roadmap.id
        run_operation(self, lambda p, c: export_roadmap(self.ctx.uow(), rid, path), title="Экспорт в Word…",
                      on_success=lambda saved: QMessageBox.information(self, TITLE, f"Сохранено: {saved}"))


class _MoveSection(cmd._Command):
    def __init__(self, uow, section_id: int, delta: int):
        super().__init__(uow, "перемещение раздела")
        self.section_id, self.delta, self.moved = section_id, delta, False

    def apply(self) -> None:
        self.moved = svc.move_section(self.uow(), self.section_id, self.delta)
        self.selected = ("section", self.section_id)

    def undo(self) -> None:
        if self.moved:
            svc.move_section(self.uow(), self.section_id, -self.delta)
        self.selected = ("section", self.section_id)


"""The roadmap as a tree for QTreeView: sections (nested) with their items and, for the chosen academic year,
each item's status, whether it is overdue and how many events were held under it."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.labels import ROADMAP_ITEM_STATUS_LABELS
from app.services.roadmap.operations import ItemProgress, ItemView, RoadmapView, SectionView

COLUMNS = ("№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
           "Ожидаемый результат", "Форма представления результата", "Отметка о выполнении")
STATUS_COLUMN = 6
KIND_ROLE = Qt.ItemDataRole.UserRole + 10     # "section" / "item"
ID_ROLE = Qt.ItemDataRole.UserRole + 11
MIME = "application/x-proftrack-roadmap-item"
OVERDUE_COLOR = QColor(176, 0, 32)


@dataclass
class Node:
    kind: str                          # "root", "section", "item"
    ref: SectionView | ItemView | None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.ref.id if self.ref is not None else 0

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class RoadmapTreeModel(QAbstractItemModel):
    # An item dropped on a section or between items: (item id, section id, position).
    item_dropped = Signal(int, int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.root = Node("root", None)
        self.progress: dict[int, ItemProgress] = {}
        self._by_key: dict[tuple[str, int], Node] = {}
        self.editable = False

    # --- filling ---
    def set_roadmap(self, view: RoadmapView | None, progress: dict[int, ItemProgress] | None = None) -> None:
        self.beginResetModel()
        self.root = Node("root", None)
        self._by_key = {}
        self.progress = progress or {}
        if view is not None:
            self._add_sections(self.root, view.sections)
        self.endResetModel()

    def _add_sections(self, parent: Node, sections: list[SectionView]) -> None:
        for section in sections:
            node = Node("section", section, parent)
            parent.children.append(node)
            self._by_key[("section", section.id)] = node
            for item in section.items:
                child = Node("item", item, node)
                node.children.append(child)
                self._by_key[("item", item.id)] = child
            self._add_sections(node, section.children)

    def index_of(self, kind: str, ident: int) -> QModelIndex:
        node = self._by_key.get((kind, ident))
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def node(self, index: QModelIndex) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    # --- the model interface ---
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        node = self.node(parent) or self.root
        if 0 <= row < len(node.children) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None or node.parent is None or node.parent is self.root:
            return QModelIndex()
        return self.createIndex(node.parent.row(), 0, node.parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent) or self.root
        return len(node.children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                  Qt.ItemDataRole.ToolTipRole):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == KIND_ROLE:
            return node.kind
        if role == ID_ROLE:
            return node.id
        if node.kind == "section":
            section = node.ref
            assert isinstance(section, SectionView)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and column == 0:
                return section.heading or "(без названия раздела)"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        item = node.ref
        assert isinstance(item, ItemView)
        progress = self.progress.get(item.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (item.number, item.title, item.responsible, item.deadline, item.expected_result,
                      item.result_form, self.status_text(progress))
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and progress is not None and progress.overdue:
            return QBrush(OVERDUE_COLOR)
        return None

    @staticmethod
    def status_text(progress: ItemProgress | None) -> str:
        if progress is None:
            return ""
        text = ROADMAP_ITEM_STATUS_LABELS.get(progress.status, progress.status)
        if progress.overdue:
            text += " — срок прошёл"
        if progress.events:
            text += f"; мероприятий: {len(progress.events)}"
        return text

    # --- drag and drop of items ---
    def flags(self, index: QModelIndex):
        base = super().flags(index)
        node = self.node(index)
        if not self.editable:
            return base
        if node is None:
            return base
        if node.kind == "item":
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        ids = {self.node(i).id for i in indexes if self.node(i) and self.node(i).kind == "item"}
        if ids:
            data.setData(MIME, str(next(iter(ids))).encode())
        return data

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: QModelIndex) -> bool:
        if not data.hasFormat(MIME):
            return False
        target = self.node(parent)
        if target is None or target.kind != "section":
            return False
        item_id = int(bytes(data.data(MIME)).decode())
        items_before = [c for c in target.children[:row if row >= 0 else len(target.children)] if c.kind == "item"]
        position = len(items_before)
        node = self._by_key.get(("item", item_id))
        if node is not None and node.parent is target and node in items_before:
            position -= 1  # the item leaves its old place above the drop point
        self.item_dropped.emit(item_id, target.id, position)
        return False  # the page saves the move and reloads the tree

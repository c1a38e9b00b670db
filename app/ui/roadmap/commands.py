"""Undoable changes of the roadmap page (QUndoStack): each command calls the services to do and to undo,
and remembers the ids the database gave so that redo after undo acts on the right rows."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.services.roadmap import operations as svc
from app.services.uow import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


class _Command(QUndoCommand):
    def __init__(self, uow: UowFactory, text: str):
        super().__init__(text)
        self.uow = uow
        self.selected: tuple[str, int] | None = None   # what the page selects after the command
        self.done_already = False

    def redo(self) -> None:
        # The page applies a command first (to catch a refusal before it enters the stack); QUndoStack.push
        # then calls redo() once more, which must not repeat it.
        if self.done_already:
            self.done_already = False
            return
        self.apply()

    def apply(self) -> None:
        raise NotImplementedError


class AddItem(_Command):
    def __init__(self, uow: UowFactory, section_id: int, values: svc.ItemFields, position: int | None):
        super().__init__(uow, f"добавление мероприятия «{values.title[:40]}»")
        self.section_id, self.values, self.position = section_id, values, position
        self.item_id: int | None = None
        self.snapshot: svc.ItemSnapshot | None = None

    def apply(self) -> None:
        if self.snapshot is None:
            self.item_id = svc.add_item(self.uow(), self.section_id, self.values, position=self.position)
        else:
            self.item_id = svc.restore_item(self.uow(), self.snapshot)
        self.selected = ("item", self.item_id)

    def undo(self) -> None:
        assert self.item_id is not None
        self.snapshot = svc.delete_item(self.uow(), self.item_id)
        self.selected = ("section", self.section_id)


class EditItem(_Command):
    """`version` is the item's as the dialog showed it: a save (and an undo) over someone else's change is
    refused; each save remembers the version it left."""

    def __init__(self, uow: UowFactory, item_id: int, old: svc.ItemFields, new: svc.ItemFields, *,
                 version: int | None = None):
        super().__init__(uow, f"изменение мероприятия «{new.title[:40]}»")
        self.item_id, self.old, self.new, self.version = item_id, old, new, version

    def apply(self) -> None:
        self.version = svc.update_item(self.uow(), self.item_id, self.new, expected_version=self.version)
        self.selected = ("item", self.item_id)

    def undo(self) -> None:
        self.version = svc.update_item(self.uow(), self.item_id, self.old, expected_version=self.version)
        self.selected = ("item", self.item_id)


class DeleteItem(_Command):
    def __init__(self, uow: UowFactory, item_id: int, title: str):
        super().__init__(uow, f"удаление мероприятия «{title[:40]}»")
        self.item_id = item_id
        self.snapshot: svc.ItemSnapshot | None = None

    def apply(self) -> None:
        self.snapshot = svc.delete_item(self.uow(), self.item_id)
        self.selected = ("section", self.snapshot.section_id)

    def undo(self) -> None:
        assert self.snapshot is not None
        self.item_id = svc.restore_item(self.uow(), self.snapshot)
        self.selected = ("item", self.item_id)


class MoveItem(_Command):
    """Up/down by one place (`delta`) or to a given place (drag and drop)."""

    def __init__(self, uow: UowFactory, item_id: int, *, delta: int = 0,
                 target: svc.ItemPlace | None = None):
        super().__init__(uow, "перемещение мероприятия")
        self.item_id, self.delta, self.target = item_id, delta, target
        self.old: svc.ItemPlace | None = None
        self.moved = True

    def apply(self) -> None:
        self.old = svc.item_place(self.uow(), self.item_id)
        if self.target is not None:
            svc.move_item_to(self.uow(), self.item_id, self.target.section_id, self.target.position)
        else:
            self.moved = svc.move_item(self.uow(), self.item_id, self.delta)
        self.selected = ("item", self.item_id)

    def undo(self) -> None:
        if self.moved and self.old is not None:
            svc.move_item_to(self.uow(), self.item_id, self.old.section_id, self.old.position)
        self.selected = ("item", self.item_id)


class AddSection(_Command):
    def __init__(self, uow: UowFactory, roadmap_id: int, title: str, parent_id: int | None,
                 position: int | None):
        super().__init__(uow, f"добавление раздела «{title[:40]}»")
        self.roadmap_id, self.title, self.parent_id, self.position = roadmap_id, title, parent_id, position
        self.section_id: int | None = None

    def apply(self) -> None:
        self.section_id = svc.add_section(self.uow(), self.roadmap_id, title=self.title, parent_id=self.parent_id,
                                          position=self.position)
        self.selected = ("section", self.section_id)

    def undo(self) -> None:
        assert self.section_id is not None
        svc.delete_section(self.uow(), self.section_id)
        self.selected = None


class EditSection(_Command):
    def __init__(self, uow: UowFactory, section_id: int, old: tuple[str, str], new: tuple[str, str]):
        super().__init__(uow, f"изменение раздела «{new[1][:40]}»")
        self.section_id, self.old, self.new = section_id, old, new

    def apply(self) -> None:
        svc.update_section(self.uow(), self.section_id, number=self.new[0], title=self.new[1])
        self.selected = ("section", self.section_id)

    def undo(self) -> None:
        svc.update_section(self.uow(), self.section_id, number=self.old[0], title=self.old[1])
        self.selected = ("section", self.section_id)


class DeleteSection(_Command):
    """Deleting a section deletes its items; undo puts the section and its items back."""

    def __init__(self, uow: UowFactory, section: svc.SectionView):
        super().__init__(uow, f"удаление раздела «{section.title[:40]}»")
        self.section = section
        self.section_id = section.id
        self.snapshots: list[svc.ItemSnapshot] = []

    def apply(self) -> None:
        view = svc.get_roadmap(self.uow(), self.section.roadmap_id)
        section = next(x for x in view.all_sections() if x.id == self.section_id)
        # Last item first: each snapshot keeps the position the item had in the full section.
        self.snapshots = [svc.delete_item(self.uow(), item.id) for item in reversed(section.items)]
        svc.delete_section(self.uow(), self.section_id)
        self.selected = None

    def undo(self) -> None:
        s = self.section
        self.section_id = svc.add_section(self.uow(), s.roadmap_id, title=s.title, number=s.number,
                                          parent_id=s.parent_id, position=s.position)
        for snapshot in reversed(self.snapshots):
            snapshot.section_id = self.section_id
            svc.restore_item(self.uow(), snapshot)
        self.selected = ("section", self.section_id)


class SetStatus(_Command):
    def __init__(self, uow: UowFactory, item_id: int, year: int, old: tuple[str, str], new: tuple[str, str]):
        super().__init__(uow, "отметка о выполнении")
        self.item_id, self.year, self.old, self.new = item_id, year, old, new

    def apply(self) -> None:
        svc.set_item_status(self.uow(), self.item_id, year=self.year, status=self.new[0], note=self.new[1])
        self.selected = ("item", self.item_id)

    def undo(self) -> None:
        svc.set_item_status(self.uow(), self.item_id, year=self.year, status=self.old[0], note=self.old[1])
        self.selected = ("item", self.item_id)

"""The audit log speaks Russian: every action and object the program records has a description."""
from __future__ import annotations

import re
from pathlib import Path

from app.services.labels import AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS

SERVICES = Path(__file__).resolve().parents[3] / "app" / "services"
_ACTION = re.compile(r"""(?:audit\(|audit_action\s*[:=]\s*(?:str\s*=\s*)?|action\s*=\s*)"([a-z_]+(?:\.[a-z_]+)+|logout)\"""")
_ACTION_CHOICE = re.compile(r"""action\s*=\s*"([a-z_.]+)"\s+if\s+.*\s+else\s+"([a-z_.]+)\"""")
_ENTITY = re.compile(r'entity="([a-z_]+)"')


def _recorded() -> tuple[set[str], set[str]]:
    actions, entities = set(), set()
    for path in SERVICES.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        actions.update(_ACTION.findall(text))
        for pair in _ACTION_CHOICE.findall(text):
            actions.update(pair)
        entities.update(_ENTITY.findall(text))
    return actions, entities


def test_every_recorded_action_and_object_has_a_russian_description():
    actions, entities = _recorded()
    assert {"report.export", "attendance.save", "demo.build", "login.ok", "events.delete"} <= actions
    assert sorted(a for a in actions if a not in AUDIT_ACTION_LABELS) == []
    assert sorted(e for e in entities if e not in AUDIT_ENTITY_LABELS) == []
    for label in list(AUDIT_ACTION_LABELS.values()) + list(AUDIT_ENTITY_LABELS.values()):
        assert re.search("[а-яё]", label) and not re.search(r"\b[a-z_]+\.[a-z_]+", label), label

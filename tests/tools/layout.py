"""The house's layout, checked: `python -m tests.tools.layout` prints the service packages and exits 1 when
a rule is broken. The rules (see README «Устройство»):

- `app/services` keeps at most ten modules at its top level: shared vocabulary and the unit of work;
  everything else lives in a feature package;
- the shared top-level modules reach no feature package except the infrastructure below every feature
  (`files`, `storage`, `accounts`);
- a feature package imports only packages below it in `PACKAGE_ORDER` (the student's record sits above
  students, events and consultations, because it gathers them);
- `app/services` and `app/models` import no Qt; `app/ui` imports neither `sqlalchemy` nor `app.models`;
- no window catches a UserError itself: the operation object (`app/ui/operations.py`) shows it, and only the
  program's start (`app/ui/app.py`, before any window) may catch one.

Imports are read from the syntax tree, so an import inside a function counts too."""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
MAX_TOP_LEVEL_MODULES = 10
# Low to high: a package may import the ones before it, never the ones after it.
PACKAGE_ORDER = ("files", "storage", "accounts", "school", "students", "events", "consultations", "roadmap",
                 "indicators", "reports", "record", "municipality", "demo")
INFRASTRUCTURE = frozenset({"files", "storage", "accounts"})
QT_ROOTS = frozenset({"PySide6", "shiboken6", "PyQt5", "PyQt6"})
USER_ERRORS = frozenset({"UserError", "NotFound", "PermissionDenied", "DatabaseError", "ImportRejected",
                         "OperationCancelled"})
MAY_CATCH_USER_ERRORS = frozenset({"ui/operations.py", "ui/app.py"})


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, with its line; `from x import y` also counts x.y, since y may be a module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def service_package(module: str, app: Path = APP) -> str | None:
    """The feature package of `app.services.<pkg>...`, or None for a top-level module or outside services."""
    parts = module.split(".")
    if parts[:2] != ["app", "services"] or len(parts) < 3:
        return None
    return parts[2] if (app / "services" / parts[2]).is_dir() else None


def top_level_modules(app: Path = APP) -> list[str]:
    if not (app / "services").is_dir():
        return []
    return sorted(p.stem for p in (app / "services").glob("*.py") if p.stem != "__init__")


def packages(app: Path = APP) -> dict[str, list[str]]:
    if not (app / "services").is_dir():
        return {}
    return {d.name: sorted(p.stem for p in d.glob("*.py") if p.stem != "__init__")
            for d in sorted((app / "services").iterdir()) if (d / "__init__.py").exists()}


def problems(app: Path = APP) -> list[Problem]:
    found: list[Problem] = []
    tops = top_level_modules(app)
    if len(tops) > MAX_TOP_LEVEL_MODULES:
        found.append(Problem("app/services", 0, f"{len(tops)} modules at the top level (at most "
                                                f"{MAX_TOP_LEVEL_MODULES}): {', '.join(tops)}"))
    for name in packages(app):
        if name not in PACKAGE_ORDER:
            found.append(Problem(f"app/services/{name}", 0, "package missing from PACKAGE_ORDER"))
    rank = {name: i for i, name in enumerate(PACKAGE_ORDER)}
    for path in sorted(app.rglob("*.py")):
        rel = path.relative_to(app.parent).as_posix()
        layer = path.relative_to(app).parts[0]
        own = path.relative_to(app / "services").parts[0] if layer == "services" else None
        own_pkg = own if own and (app / "services" / own).is_dir() else None
        seen: set[tuple[int, str]] = set()
        for line, module in imports_of(path):
            root = module.split(".")[0]
            if layer in {"services", "models"} and (root in QT_ROOTS or module.startswith("app.ui")):
                found.append(Problem(rel, line, f"imports {module} (no Qt below app/ui)"))
            if layer == "ui" and (root == "sqlalchemy" or module == "app.models" or module.startswith("app.models.")):
                found.append(Problem(rel, line, f"imports {module} (app/ui reaches data through services only)"))
            if layer != "services":
                continue
            target = service_package(module, app)
            if target is None or target == own_pkg or (line, target) in seen:
                continue
            seen.add((line, target))
            if own_pkg is None and target not in INFRASTRUCTURE:
                found.append(Problem(rel, line, f"a shared top-level module imports the feature package {target}"))
            elif own_pkg is not None and target in rank and own_pkg in rank and rank[target] > rank[own_pkg]:
                found.append(Problem(rel, line, f"{own_pkg} imports {target}, which sits above it"))
    found += _caught_user_errors(app)
    return found


def _caught_user_errors(app: Path) -> list[Problem]:
    found: list[Problem] = []
    for path in sorted((app / "ui").rglob("*.py")) if (app / "ui").is_dir() else []:
        if path.relative_to(app).as_posix() in MAY_CATCH_USER_ERRORS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node.type)
                         if isinstance(n, (ast.Name, ast.Attribute))}
                if names & USER_ERRORS:
                    found.append(Problem(path.relative_to(app.parent).as_posix(), node.lineno,
                                         "catches a UserError by hand (the operation object shows it)"))
    return found


def main() -> int:
    print("app/services (top level):", ", ".join(top_level_modules()))
    for name, modules in packages().items():
        print(f"  {name}/: {', '.join(modules)}")
    found = problems()
    for problem in found:
        print("НАРУШЕНИЕ", problem)
    print("Устройство в порядке." if not found else f"Нарушений: {len(found)}.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

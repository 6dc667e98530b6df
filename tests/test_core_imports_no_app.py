"""Dependencies point one way: every app may use xeber.core, and core imports no app
(nor the project package around them)."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "xeber" / "core"


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules a file imports (relative imports resolved)."""
    package = ["xeber", *path.relative_to(CORE.parent).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.add(".".join([*base, *([node.module] if node.module else [])]))
    return found


def outside_core(name: str) -> bool:
    return name.split(".")[0] == "xeber" and name.split(".")[:2] != ["xeber", "core"]


def test_no_module_under_core_imports_an_app():
    outside = {
        f"{path.relative_to(CORE)}: {name}"
        for path in CORE.rglob("*.py")
        for name in imported_modules(path)
        if outside_core(name)
    }
    assert outside == set()

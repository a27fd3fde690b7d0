"""The package's shape (docs/architecture.md): stages import only from earlier stages, and no
module imports another that imports it back, directly or through others."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "selfeval"

# stage of each top-level part of the package; a module may import its own stage or an earlier one
STAGES = {
    "errors": 0,
    "figures": 0,
    "content_store": 0,
    "lazy_imports": 0,
    "contract": 1,
    "evaluation": 2,
    "analyses": 3,
    "presentation": 4,
    "api": 5,
    "office": 5,
    "bookbuild": 6,
    "authoring": 6,
    "cli": 7,
    "__main__": 8,
    "__init__": 8,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1] or ["__init__"]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Package-internal modules imported anywhere in the file (top level or inside functions)."""
    name = _module_name(path)
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.startswith("selfeval"):
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                out.add(candidate if _exists(candidate) else ".".join(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("selfeval."):
                    out.add(".".join(alias.name.split(".")[1:]))
    return {m for m in out if m and _exists(m)}


def _exists(module: str) -> bool:
    path = PACKAGE.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def test_stages_import_only_earlier_stages():
    wrong = []
    for module, imported in _graph().items():
        stage = STAGES[module.split(".")[0]]
        for other in imported:
            if STAGES[other.split(".")[0]] > stage:
                wrong.append(f"{module} imports {other}")
    assert wrong == []


def test_no_import_cycle():
    graph = _graph()
    # a package imports its own modules through __init__ only when it re-exports; ignore those edges
    edges = {m: {o for o in imported if not m.startswith(o + ".") and o != m} for m, imported in graph.items()}
    seen: dict[str, int] = {}  # 1 = on the stack, 2 = done
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if seen.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt] if nxt in stack else [node, nxt])
            elif nxt not in seen:
                visit(nxt, [*stack, nxt])
        seen[node] = 2

    for module in sorted(edges):
        if module not in seen:
            visit(module, [module])
    assert cycles == []


def test_every_part_has_a_stage():
    assert {m.split(".")[0] for m in _graph()} <= set(STAGES)

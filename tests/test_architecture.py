"""The package's shape as docs/architecture.md states it, checked on the code.

* The stages are read from the document's diagram (``contract/`` … ``authoring/``, ``api.py``,
  ``cli.py``, in that order) and from its sentence naming the modules every stage uses: a
  module imports only from its own stage or an earlier one, every part of the package has a
  documented stage, and no module imports another that imports it back.
* Rules of the document that a reader of the code can check mechanically: presentation never
  divides or builds a Fraction (every figure is computed in evaluation/ or analyses/),
  analyses/ writes no sentence (no Chinese text outside docstrings, messages to the analyst and
  the input vocabulary), HTML is written only by templates, and Markdown is configured once.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "selfeval"
DOC = ROOT / "docs" / "architecture.md"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


# --------------------------------------------------------------------------- the documented stages


def documented_order() -> list[str]:
    """The parts of the package in the order of the document's diagram (its first code block)."""
    block = DOC.read_text(encoding="utf-8").split("```")[1]
    return [m.group(1) for m in re.finditer(r"^([a-z_]+)(?:/|\.py)\s", block, flags=re.M)]


def documented_shared() -> list[str]:
    """The modules the document says every stage uses (the paragraph "… used by every stage")."""
    paragraph = next(p for p in DOC.read_text(encoding="utf-8").split("\n\n") if re.search(r"used\s+by\s+every\s+stage", p))
    return re.findall(r"`([a-z_]+)\.py`", paragraph)


def stages() -> dict[str, int]:
    """Stage number of each top-level part: the shared modules 0, then the diagram's order; the
    package's own ``__init__`` and ``__main__`` (the entry point) after everything."""
    order = documented_order()
    out = dict.fromkeys(documented_shared(), 0)
    out.update({name: n for n, name in enumerate(order, start=1)})
    out.update({"__init__": len(order) + 1, "__main__": len(order) + 1})
    return out


def test_the_document_orders_the_stages_as_the_pipeline_runs():
    order = documented_order()
    assert order == ["contract", "evaluation", "analyses", "presentation", "office", "bookbuild", "department", "authoring", "api", "cli"], order
    assert order[-2:] == ["api", "cli"], "api is the last stage of the library (what notebooks import); only the CLI comes after it"
    assert documented_shared() == ["errors", "figures", "markdown_config", "content_store", "lazy_imports"]


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


def test_every_part_has_a_documented_stage():
    assert {m.split(".")[0] for m in _graph()} <= set(stages())


def test_stages_import_only_earlier_stages():
    stage = stages()
    wrong = []
    for module, imported in _graph().items():
        for other in imported:
            if stage[other.split(".")[0]] > stage[module.split(".")[0]]:
                wrong.append(f"{module} imports {other}")
    assert wrong == []


def test_nothing_in_the_package_imports_the_api():
    """api.py is what chapters import; the stages never depend on it (the CLI may)."""
    assert sorted(m for m, imported in _graph().items() if "api" in imported and m.split(".")[0] not in ("cli", "__main__")) == []


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


# --------------------------------------------------------------------------- rules of the stages


def _sources(folder: str, package: Path = PACKAGE) -> list[tuple[str, ast.Module, str]]:
    out = []
    for path in sorted((package / folder).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        out.append((path.relative_to(package).as_posix(), ast.parse(text), text))
    return out


def _enclosing(tree: ast.Module) -> dict[int, str]:
    """Line → name of the innermost function (or class) around it."""
    spans = sorted(
        ((n.lineno, n.end_lineno or n.lineno, n.name) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))),
        key=lambda s: s[0] - s[1],  # widest first, so the innermost is written last
    )
    out: dict[int, str] = {}
    for first, last, name in spans:
        out.update(dict.fromkeys(range(first, last + 1), name))
    return out


def _called(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else None
    return getattr(func, "id", getattr(func, "attr", "")) if func is not None else ""


# Chart geometry in floats is drawing, not a figure: these divisions only size an axis.
DRAWING_ONLY = {("presentation/charts.py", "attainment_chart"): "the axis leaves a third of the label room left of zero"}


def _joins_a_path(node: ast.BinOp | ast.AugAssign) -> bool:
    """``folder / "name"``, ``Path(root) / str(year)``: a path joined with ``/``, not a quotient."""
    sides = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.value,)
    return any(
        (isinstance(side, ast.Constant) and isinstance(side.value, str)) or isinstance(side, ast.JoinedStr) or _called(side) in ("str", "Path")
        for side in sides
    )


def computations(folder: str, package: Path = PACKAGE) -> list[str]:
    """Every division and every Fraction built in ``folder``, as 'file:line (function): code'."""
    found = []
    for rel, tree, text in _sources(folder, package):
        where = _enclosing(tree)
        for node in ast.walk(tree):
            divides = isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, (ast.Div, ast.FloorDiv)) and not _joins_a_path(node)
            builds = _called(node) == "Fraction"
            if (divides or builds) and (rel, where.get(node.lineno, "")) not in DRAWING_ONLY:
                found.append(f"{rel}:{node.lineno} ({where.get(node.lineno, 'module')}): {ast.get_source_segment(text, node)}")
    return sorted(found)


def test_presentation_never_divides_or_builds_a_fraction():
    """Tables, charts and sentences format the figures evaluation/ and analyses/ computed."""
    assert computations("presentation") == []


def test_the_division_rule_catches_a_rate_computed_in_presentation(tmp_path):
    (tmp_path / "presentation").mkdir()
    (tmp_path / "presentation" / "rate_text.py").write_text(
        "def rate(a, b):\n    return f'{a / b:.2%}'\n\n\ndef share(a, b):\n    return Fraction(a, b)\n\n\ndef page(root, year):\n    return root / str(year) / 'index.html'\n",
        encoding="utf-8",
    )
    assert computations("presentation", tmp_path) == ["presentation/rate_text.py:2 (rate): a / b", "presentation/rate_text.py:6 (share): Fraction(a, b)"]


def _docstrings(tree: ast.Module) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


# Chinese that analyses/ may hold: what the analyst reads in an error, and the column headers
# call-record exports use (calls/columns.py matches them; it never prints them as report text).
# Error text is what a `raise` or a DataError/BuildError/ValueError call carries, the body of a
# function that returns a DataError, and whatever those use: a local variable assigned (or looped
# over) in the same function, a module-level constant or helper function, followed to the end.
MESSAGES = {"DataError", "BuildError", "ValueError"}
INPUT_VOCABULARY = {"Column"}


def _message_nodes(trees: list[ast.Module]) -> set[int]:
    """ids of the nodes that build messages to the analyst (or declare input headers)."""
    defs: dict[str, list[ast.AST]] = {}  # module-level name → its function or assigned value, any module
    local: dict[int, dict[str, list[ast.AST]]] = {}  # function → its local name → assigned values
    enclosing: dict[int, int] = {}  # node → innermost function around it
    seeds: list[ast.AST] = []
    for tree in trees:
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defs.setdefault(node.name, []).append(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            defs.setdefault(name.id, []).append(node.value)
        functions = sorted((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), key=lambda f: f.lineno - (f.end_lineno or 0))
        for fn in functions:  # widest first: the innermost function is written last
            names: dict[str, list[ast.AST]] = local.setdefault(id(fn), {})
            for node in ast.walk(fn):
                enclosing[id(node)] = id(fn)
                pairs = (
                    [(t, node.value) for t in node.targets]
                    if isinstance(node, ast.Assign)
                    else [(node.target, node.iter)]
                    if isinstance(node, (ast.For, ast.comprehension))
                    else []
                )
                for target, value in pairs:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            names.setdefault(name.id, []).append(value)
            if fn.returns is not None and any(e in ast.unparse(fn.returns) for e in ("DataError", "BuildError")):
                seeds.append(fn)
        seeds += [n for n in ast.walk(tree) if isinstance(n, ast.Raise) or _called(n) in MESSAGES | INPUT_VOCABULARY]
    exempt: set[int] = set()
    while seeds:
        for node in ast.walk(seeds.pop()):
            if id(node) in exempt:
                continue
            exempt.add(id(node))
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name is not None:
                seeds += local.get(enclosing.get(id(node), 0), {}).get(name, []) + defs.get(name, [])
    return exempt


def chinese_in(folder: str, package: Path = PACKAGE) -> list[str]:
    """String literals with Chinese characters outside docstrings, messages and input vocabulary."""
    sources = _sources(folder, package)
    messages = _message_nodes([tree for _, tree, _ in sources])
    found = []
    for rel, tree, _ in sources:
        skip = _docstrings(tree) | messages
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip and HAN.search(node.value):
                found.append(f"{rel}:{node.lineno}: {node.value[:40]!r}")
    return found


def test_analyses_write_no_sentence():
    """analyses/ returns values and tags (``measured``, ``per_seat``); presentation/ words them."""
    assert chinese_in("analyses") == []


def test_the_sentence_rule_catches_chinese_returned_by_an_analysis(tmp_path):
    (tmp_path / "analyses").mkdir()
    (tmp_path / "analyses" / "peak.py").write_text(
        '''"""峰值。"""

FIX = "改正"


def _where(n):
    return f"第{n}行"


def peak(x, n):
    """最高的月份。"""
    if x < 0:
        problem = "为负数"
        raise DataError("f", _where(n), problem, FIX)
    word = "最高"
    return f"{x}月{word}"
''',
        encoding="utf-8",
    )
    assert chinese_in("analyses", tmp_path) == ["analyses/peak.py:15: '最高'", "analyses/peak.py:16: '月'"]


HTML_TAG = re.compile(r"</?(?:a|br|div|h[1-6]|img|li|ol|p|script|section|span|style|svg|table|tbody|td|th|thead|tr|ul)\b[^<]*>?", re.I)


def html_outside_templates(package: Path = PACKAGE) -> list[str]:
    """Text with an HTML tag put together in Python: an f-string, or '+' / '%' on a string."""
    found = []
    for rel, tree, _ in _sources(".", package):
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
                parts = [v.value for v in (node.left, node.right) if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            else:
                continue
            if HTML_TAG.search("".join(parts)):
                found.append(f"{rel}:{node.lineno}: {''.join(parts)[:60]!r}")
    return found


def test_html_is_written_only_by_templates():
    """Every HTML fragment comes from presentation/templates (autoescaped)."""
    assert html_outside_templates() == []


def test_the_template_rule_catches_an_html_fragment(tmp_path):
    (tmp_path / "page.py").write_text('def note(x):\n    return f"<p>{x}</p>"\n\n\ndef box(x):\n    return \'<div class="box">\' + x\n', encoding="utf-8")
    assert html_outside_templates(tmp_path) == ["page.py:2: '<p></p>'", "page.py:6: '<div class=\"box\">'"]


def test_markdown_is_configured_once():
    made = [rel for rel, tree, _ in _sources(".") for node in ast.walk(tree) if _called(node) == "MarkdownIt"]
    assert made == ["markdown_config.py"]

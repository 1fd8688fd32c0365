"""The package layout stays easy to live in: no module-level import circle, and an import placed
inside a function says why (a heavy or optional dependency) on its line or the line above."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level_imports(tree: ast.Module, name: str) -> set[str]:
    """Modules of the package imported when `name` is imported (not in functions or
    TYPE_CHECKING blocks)."""
    found: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
        elif isinstance(node, ast.If | ast.Try):
            stack.extend(ast.iter_child_nodes(node))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("assistant"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("assistant"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.ExceptHandler):
            stack.extend(node.body)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = _module_level_imports(ast.parse(path.read_text(encoding="utf-8")), name)
        # A package's own __init__ importing its submodules is the usual shape, not a circle:
        # only the modules named in import statements are edges.
        graph[name] = {m for m in imported if m in modules} - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_level_import_circle():
    assert _cycle(_graph()) is None


def test_the_cycle_check_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _unexplained_imports(source: str) -> list[int]:
    """Lines of imports inside functions with no comment on the line or just above the run of
    imports it belongs to."""
    lines = source.splitlines()
    inner = sorted({node.lineno for func in ast.walk(ast.parse(source))
                    if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
                    for node in ast.walk(func) if isinstance(node, ast.Import | ast.ImportFrom)})
    explained: set[int] = set()
    for lineno in inner:
        above = lines[lineno - 2].strip()
        if "#" in lines[lineno - 1] or above.startswith("#") or lineno - 1 in explained:
            explained.add(lineno)
    return [n for n in inner if n not in explained]


def test_function_level_imports_say_why():
    unexplained = [f"{path.relative_to(PACKAGE.parent)}:{n}" for path in PACKAGE.rglob("*.py")
                   for n in _unexplained_imports(path.read_text(encoding="utf-8"))]
    assert unexplained == []


def test_an_unexplained_import_is_found():
    source = "def f():\n    import json\n    # needs yaml\n    import yaml\n    import toml\n"
    assert _unexplained_imports(source) == [2]

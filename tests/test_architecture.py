"""The shape of the product code (``store/`` and ``tui/``), read from its source with ``ast``.

No import cycle, counting the imports made inside functions (an import only for type checking,
under ``if TYPE_CHECKING:``, is not one: it never runs), and no module reaching for another
module's private (``_underscored``) names. The store's layers are in README's Development part.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "tui")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules(root: Path = ROOT) -> dict[str, Path]:
    return {
        module_name(path, root): path
        for package in PACKAGES
        for path in sorted((root / package).rglob("*.py"))
    }


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, but not the body of ``if TYPE_CHECKING:`` (its ``else`` does run)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _base(own: str, node: ast.ImportFrom) -> str:
    """The module a ``from ... import`` in the module ``own`` names, made absolute (``own``
    of a package's ``__init__`` ends in ``.__init__``)."""
    if not node.level:
        return node.module or ""
    parts = own.split(".")[: -node.level]
    return ".".join([*parts, *([node.module] if node.module else [])])


def imports(own: str, tree: ast.AST, modules: dict[str, Path]) -> Iterator[tuple[str, str]]:
    """(module imported, name taken from it or "") for each import of the module ``own`` that
    runs, product modules only."""
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    yield alias.name, ""
        elif isinstance(node, ast.ImportFrom):
            base = _base(own, node)
            if base.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in modules:
                    yield submodule, ""
                else:
                    yield base, alias.name


def _trees(root: Path = ROOT) -> dict[str, tuple[Path, ast.AST]]:
    modules = product_modules(root)
    return {
        name: (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for name, path in modules.items()
    }


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = product_modules(root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, tree) in _trees(root).items():
        own = name if path.name != "__init__.py" else name + ".__init__"
        for target, _ in imports(own, tree, modules):
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _private(name: str) -> bool:
    """An underscored name; not ``_`` (gettext's, public by custom), nor a dunder."""
    return (
        name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))
    )


def private_uses(root: Path = ROOT) -> list[str]:
    """``module: what`` for each private name one product module takes from another: imported
    by name, or read as an attribute of a module it imported."""
    modules = product_modules(root)
    found = []
    for name, (path, tree) in _trees(root).items():
        own = name if path.name != "__init__.py" else name + ".__init__"
        for target, taken in imports(own, tree, modules):
            if taken and _private(taken) and target != name:
                found.append(f"{name}: {target}.{taken}")
        aliases: dict[str, str] = {}  # the names this module binds to product modules
        for node in _runtime_nodes(tree):
            if isinstance(node, ast.ImportFrom):
                base = _base(own, node)
                for alias in node.names:
                    if f"{base}.{alias.name}" in modules:
                        aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        aliases[alias.asname or alias.name.split(".")[0]] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != name
                and _private(node.attr)
            ):
                found.append(f"{name}: {aliases[node.value.id]}.{node.attr}")
    return sorted(set(found))


def test_no_import_cycle_in_the_product_code() -> None:
    assert cycles(import_graph()) == []


def test_no_module_takes_another_modules_private_names() -> None:
    assert private_uses() == []


def test_the_checks_see_a_cycle_and_a_private_name(tmp_path: Path) -> None:
    """The two tests above can fail: a cycle made through an import inside a function, and a
    private name taken by a relative import, are both found."""
    store = tmp_path / "store"
    (tmp_path / "tui").mkdir()
    store.mkdir()
    (store / "__init__.py").write_text("")
    (store / "a.py").write_text("from .b import thing\n")
    (store / "b.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .c import other\n"
        "def thing():\n    from . import a\n    return a\n"
    )
    (store / "c.py").write_text("from .a import _hidden\nfrom . import b\nb._secret\n")
    assert cycles(import_graph(tmp_path)) == [["store.a", "store.b"]]
    assert private_uses(tmp_path) == ["store.c: store.a._hidden", "store.c: store.b._secret"]


def readme_layers(root: Path = ROOT) -> dict[str, set[str]]:
    """README's table of the store's modules: each module and the store modules it may import."""
    text = (root / "README.md").read_text(encoding="utf-8")
    table = text.split("### The store's modules", 1)[1]
    layers: dict[str, set[str]] = {}
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        names, _job, allowed = (cell.strip() for cell in line.strip("|").split(" | "))
        for name in names.replace("`", "").split(", "):
            layers[f"store.{name}"] = {
                f"store.{n}" for n in allowed.replace("`", "").split(", ") if n != "nothing"
            }
    return layers


def test_each_store_module_imports_only_what_the_readme_allows() -> None:
    graph = import_graph()
    layers = readme_layers()
    modules = {name for name in graph if name.startswith("store.")}
    assert modules == set(layers), "README's table lists every store module"
    extra = {m: sorted(graph[m] - layers[m]) for m in modules if graph[m] - layers[m]}
    assert extra == {}

"""What bantin relies on inside Textual is in ``tui/textual_compat.py`` alone, and each such
reliance fails a test when Textual changes under it (run these first after moving the pin)."""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import pkgutil
from pathlib import Path

from pilot import main_screen, until
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static

import tui
from tui import textual_compat
from tui.app import BantinApp
from tui.widgets.reader import Reader
from tui.widgets.scrollbar import QuickScrollBar

TUI = Path(tui.__file__).parent
COMPAT = TUI / "textual_compat.py"

# the private names of Textual's that textual_compat uses, each with its reason there
KNOWN = {
    "_bindings",
    "_merged_bindings",
    "_check_refresh",
    "_start_widget",
    "_vertical_scrollbar",
    "_horizontal_scrollbar",
}

# the Textual classes bantin's screens, widgets and app are made from
TEXTUAL_BASES: list[type] = [
    App,
    Screen,
    ModalScreen,
    Widget,
    ScrollView,
    ScrollBar,
    OptionList,
    Input,
    Static,
    Label,
    Horizontal,
    Vertical,
    VerticalScroll,
]


def _private(names: object) -> set[str]:
    return {n for n in dir(names) if n.startswith("_") and not n.startswith("__")}


def _textual_private_names() -> set[str]:
    """Textual's private names, on its classes and on instances of them (``_bindings`` is
    set in ``__init__``)."""
    names: set[str] = set()
    for cls in TEXTUAL_BASES:
        names |= _private(cls)
        names |= _private(cls())
    return names


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in TUI.rglob("*.py")]


def _named(tree: ast.Module) -> list[tuple[str, int]]:
    """Private names a module reaches for: as attributes, or as strings (``getattr``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            found.append((node.attr, node.lineno))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.isidentifier()
            and node.value.startswith("_")
        ):
            found.append((node.value, node.lineno))
    return found


def _defined_by_bantin() -> set[str]:
    """Private names bantin's own code defines (functions, classes, attributes it assigns)."""
    defined: set[str] = set()
    for _path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
    return defined


def test_only_textual_compat_uses_the_known_private_names() -> None:
    offenders = [
        f"{path.relative_to(TUI.parent)}:{line} {name}"
        for path, tree in _modules()
        if path != COMPAT
        for name, line in _named(tree)
        if name in KNOWN
    ]
    assert offenders == []


def test_only_textual_compat_imports_textuals_private_modules() -> None:
    offenders = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                parts = module.split(".")
                if parts[0] == "textual" and any(p.startswith("_") for p in parts[1:]):
                    offenders.append(f"{path.relative_to(TUI.parent)}:{node.lineno} {module}")
    assert all(o.startswith("tui/textual_compat.py") for o in offenders), offenders


def test_no_module_but_textual_compat_reaches_any_private_name_of_textuals() -> None:
    """Wider than the known names: any private name of the Textual classes bantin builds on
    that bantin does not define itself."""
    textual_names = _textual_private_names() - _defined_by_bantin()
    offenders = [
        f"{path.relative_to(TUI.parent)}:{line} {name}"
        for path, tree in _modules()
        if path != COMPAT
        for name, line in _named(tree)
        if name in textual_names
    ]
    assert offenders == []


def test_no_screen_or_widget_of_bantins_overwrites_a_private_name_of_textuals() -> None:
    """A private attribute or method of a bantin widget must not be one its Textual base has
    (``Footer._keys`` would break the day Textual's ``Widget`` gets one)."""
    clashes = []
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.startswith("tui.locale"):
            continue
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            bases = [b for b in cls.__mro__ if b.__module__.split(".")[0] == "textual"]
            if not bases:
                continue
            theirs = _private(bases[0])
            with_instance = next((b for b in bases if b in TEXTUAL_BASES), None)
            if with_instance is not None:
                theirs |= _private(with_instance())
            tree = ast.parse(inspect.getsource(cls))
            ours = {
                node.attr
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
            }
            ours |= {
                node.name
                for node in tree.body[0].body  # type: ignore[attr-defined]
                if isinstance(node, ast.FunctionDef)
            }
            clashes += [f"{cls.__name__}.{name}" for name in ours & theirs]
    assert clashes == []


# the uses themselves ---------------------------------------------------------------------


def test_node_bindings_are_the_classes_bindings() -> None:
    """``node_bindings`` reads ``DOMNode._bindings``: a widget's own keys, unmounted."""
    bindings = textual_compat.node_bindings(Reader())
    descriptions = {b.description for found in bindings.key_to_bindings.values() for b in found}
    assert "Next match/article" in descriptions
    assert [b.action for b in bindings.key_to_bindings["n"]] == ["next"]


def test_repaint_now_asks_the_screen_at_once(tmp_path: Path) -> None:
    """``repaint_now`` calls ``Widget._check_refresh``: a repaint asked for is handed to the
    screen there and then, not when the widget's message loop is next idle."""
    assert callable(getattr(Widget, "_check_refresh", None))

    async def main() -> None:
        app = BantinApp(db_path=tmp_path / "lib.db", language="en")
        async with app.run_test(size=(120, 32)) as pilot:
            reader = main_screen(app).reader
            await until(pilot, lambda: reader.opened is not None)
            reader.refresh()
            assert reader._repaint_required
            textual_compat.repaint_now(reader)
            assert not reader._repaint_required  # handed over: an Update is on its way

    asyncio.run(main())


def test_the_bar_drawn_is_the_adopted_one(tmp_path: Path) -> None:
    """``adopt_scrollbar`` gives a widget its bar through ``Widget._vertical_scrollbar`` and
    ``App._start_widget``: the bar Textual lays out and draws is that one, running."""

    async def main() -> None:
        app = BantinApp(db_path=tmp_path / "lib.db", language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            reader = main_screen(app).reader
            await until(pilot, lambda: reader.opened is not None and reader.show_vertical_scrollbar)
            bar = reader.vertical_scrollbar
            assert type(bar) is QuickScrollBar and bar.is_running and bar.parent is reader
            region = reader.region
            drawn, _ = app.screen.get_widget_at(region.right - 1, region.y + 1)
            assert drawn is bar

    asyncio.run(main())

"""bantin's messages are dataclasses (``tui.messages.message``), each handled where it should be."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

from textual.message import Message

import tui
from tui.widgets.article_list import ArticleList


def _messages() -> list[type[Message]]:
    found = []
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            inner = [c for c in vars(cls).values() if inspect.isclass(c)]
            found += [c for c in [cls, *inner] if issubclass(c, Message) and c is not Message]
    return found


def test_no_message_writes_its_own_init() -> None:
    messages = _messages()
    assert len(messages) > 20
    for message in messages:
        if "__init__" in vars(message):
            assert dataclasses.is_dataclass(message), message
            assert message.__eq__ is object.__eq__  # one event, compared by identity


def test_a_message_handled_by_its_name_keeps_its_handler() -> None:
    """Textual finds an ``on_...`` handler by the message's class name."""
    assert ArticleList.PageLoaded.handler_name == "on_article_list_page_loaded"
    assert callable(getattr(ArticleList, ArticleList.PageLoaded.handler_name))

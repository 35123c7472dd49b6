"""``@message``: a Textual message written as a dataclass, its fields in its body.

Textual's ``Message`` sets itself up in ``__post_init__``, so a dataclass needs nothing more.
Only ``__init__`` is generated: a message is one event, compared by identity, and Textual logs
it through its own ``__rich_repr__``. The ``__repr__`` and ``__eq__`` of a plain ``@dataclass``
would more than double what each class costs to make (measured: 0.09 ms a class against 0.20),
and some fifteen message classes load with the main screen at start-up. Each has a docstring:
without one, the dataclass writes one from the signature, which costs as much again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

from textual.message import Message

M = TypeVar("M", bound=Message)


@dataclass_transform(eq_default=False)
def message(cls: type[M]) -> type[M]:
    return dataclass(repr=False, eq=False)(cls)

"""Library calls in thread workers, and the one way a failed one reaches the screen.

Every call into the library runs in a thread worker made with ``library_work``. An exception
it raises (a damaged file, a full disk, a folder gone read-only) becomes a
``LibraryCallFailed`` message: the app says it in a notification (``BantinApp``), unless a
screen says it its own way first (the name finder, on its status line), and the app goes on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from textual import work
from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from store.text import printable

from .messages import message

P = ParamSpec("P")
Node = TypeVar("Node", bound=MessagePump)


@message
class LibraryCallFailed(Message):
    """A library call in a worker raised: ``error`` says why (printable: it may quote the
    file); ``saving``: it was saving a change (a bookmark, a read mark), not reading."""

    error: str
    saving: bool = False


def library_work(
    *, group: str, exclusive: bool = False, saving: bool = False
) -> Callable[[Callable[Concatenate[Node, P], None]], Callable[Concatenate[Node, P], Worker[None]]]:
    """``@work(thread=True)`` for a method that calls the library: what it raises is posted
    as ``LibraryCallFailed`` from the method's widget or screen, instead of ending the app.

    ``exclusive``: a new call cancels the group's running one (as ``work``'s); ``saving``: the
    method saves a change, and its failure says "Not saved"."""

    def decorate(
        method: Callable[Concatenate[Node, P], None],
    ) -> Callable[Concatenate[Node, P], Worker[None]]:
        @functools.wraps(method)
        def run(node: Node, *args: P.args, **kwargs: P.kwargs) -> None:
            try:
                method(node, *args, **kwargs)
            except Exception as exc:
                node.post_message(LibraryCallFailed(printable(str(exc)), saving))

        return work(run, thread=True, exclusive=exclusive, group=group)

    return decorate

"""The command palette's provider: bantin's commands and article titles, marks ignored.

Textual's own matcher scores ``nguyen`` against "Nguyễn" as 0; here both sides are folded
(marks, đ, case) first, and the highlight found in the folded text is laid on the original,
which folding keeps the same length.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import FuzzySearch

from store.text import fold, printable

from .i18n import N_, _

COMMANDS: list[tuple[str, str, str]] = [
    (N_("Search articles"), N_("Search as you type"), "search"),
    (
        N_("Find in article"),
        N_("Words in the open article, with or without marks"),
        "find_in_article",
    ),
    (N_("Bookmarks"), N_("Every bookmark with its note"), "bookmarks"),
    (N_("Find a name"), N_("A person, organisation, place, event or title"), "find_name"),
    (N_("Bookmark this article"), N_("Add or remove a bookmark"), "bookmark"),
    (N_("Mark read or unread"), N_("Toggle the read mark"), "toggle_read"),
    (
        N_("Copy a citation"),
        N_("Title, outlet, date and address of the article, to the clipboard"),
        "copy_citation",
    ),
    (N_("Show all articles"), N_("The whole library, newest first"), "view:all"),
    (N_("Show unread articles"), N_("Only what you have not opened"), "view:unread"),
    (N_("Show bookmarked articles"), N_("Only bookmarked articles"), "view:bookmarked"),
    (N_("Toggle the side panel"), N_("Show or hide the panel on the right"), "toggle_sidebar"),
    (N_("Reload the list"), N_("See changes made by other sessions"), "refresh"),
    (N_("Help"), N_("Every key of this screen"), "help"),
    (N_("Tiếng Việt/English"), N_("Switch the language of the screens"), "switch_language"),
    (N_("Quit"), N_("Leave bantin"), "quit"),
]


_FUZZY = FuzzySearch()


def folded_match(query: str, text: str) -> tuple[float, Text]:
    """Score (0..1) of ``query`` against ``text`` with marks ignored, and the text highlighted.

    The offsets come from the fuzzy search itself: ``Matcher.highlight`` would read a title
    as markup (and fail on one holding ``[/i]``)."""
    text = printable(text)
    score, offsets = _FUZZY.match(fold(query), fold(text))
    shown = Text(text, end="")
    for offset in offsets if score > 0 else ():
        if not text[offset].isspace():
            shown.stylize("bold underline", offset, offset + 1)
    return score, shown


class BantinCommands(Provider):
    """Commands of the main screen, and the titles of articles in the library."""

    def _run(self, action: str) -> Callable[[], None]:
        screen = self.screen
        app = self.app

        def run() -> None:
            if action.startswith("view:"):
                show_view = getattr(screen, "show_view", None)
                if show_view is not None:
                    show_view(action.split(":", 1)[1])
            elif action in ("help", "switch_language"):
                app.call_later(app.run_action, action)
            elif action == "quit":
                app.exit()
            else:
                method = getattr(screen, f"action_{action}", None)
                if method is not None:
                    method()

        return run

    async def discover(self) -> Hits:
        for title, help_text, action in COMMANDS:
            yield DiscoveryHit(_(title), self._run(action), help=_(help_text))

    async def search(self, query: str) -> Hits:
        for title, help_text, action in COMMANDS:
            score, shown = folded_match(query, _(title))
            if score > 0:
                yield Hit(score, shown, self._run(action), text=_(title), help=_(help_text))
        service = getattr(self.app, "service", None)
        opener = getattr(self.screen, "open_from_elsewhere", None)
        if service is None or opener is None or not query.strip():
            return
        try:
            rows = await asyncio.to_thread(service.search_titles, query, 20)
        except Exception:  # a failing library must not break the palette
            return
        for row in rows:
            title = printable(" ".join(row.title.split()))
            score, shown = folded_match(query, title)
            yield Hit(
                max(score, 0.5) * 0.9,
                shown,
                partial(opener, row.id),
                text=title,
                help=_("Open this article"),
            )

"""The side panel of the main screen: what bantin knows about the open article."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..data import OpenedArticle
from ..i18n import _, long_date, number


class Sidebar(Static):
    """Facts about the open article: source file, length, bookmark note, search matches."""

    DEFAULT_CSS = """
    Sidebar {
        width: 26;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self._shown: tuple[OpenedArticle | None, int] = (None, 0)

    def relabel(self) -> None:
        self.show(*self._shown)

    def show(self, opened: OpenedArticle | None, matches: int = 0) -> None:
        self._shown = (opened, matches)
        text = Text(no_wrap=False)
        text.append(_("This article") + "\n", "bold")
        if opened is None:
            text.append(_("No article open."), "italic")
            self.update(text)
            return
        article = opened.article
        rows = [
            (_("Date"), long_date(article.date) or _("No date")),
            (_("Author"), article.author or _("Unknown")),
            (_("Words"), number(article.words)),
            (_("File"), article.source),
            (_("Id"), article.id),
        ]
        if matches:
            rows.append((_("Matches"), number(matches)))
        if opened.bookmarked:
            rows.append((_("Bookmark"), opened.note or "★"))
        for label, value in rows:
            text.append(label + "\n", "dim")
            text.append(value + "\n\n")
        self.update(text)

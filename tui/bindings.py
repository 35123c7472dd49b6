"""Every key binding of bantin in one table, with ids and descriptions.

Descriptions are English message ids, kept so in the bindings: the footer and the help screen
translate them as they draw them (``tui.i18n``), so they speak the UI language, and a switch of
language relabels them at once.
"""

from __future__ import annotations

from typing import TypeAlias

from textual.binding import Binding

from .i18n import N_

BindingList: TypeAlias = list[Binding | tuple[str, str] | tuple[str, str, str]]

APP: BindingList = [
    Binding("L", "switch_language", N_("Tiếng Việt/English"), id="app.language", show=False),
    Binding("ctrl+c", "quit", N_("Quit"), id="app.quit", show=False, priority=True),
    Binding("question_mark", "help", N_("Help"), id="app.help", key_display="?"),
    Binding("ctrl+p", "command_palette", N_("Commands"), id="app.palette", show=False),
]

MAIN: BindingList = [
    # "/" searches what is in view: the library from the list, the article from the reader
    # (``READER``), as in less and vim; "s" searches the library from anywhere
    Binding("slash", "search", N_("Search"), id="main.search", key_display="/"),
    Binding("s", "search", N_("Search"), id="main.search_library"),
    # bookmarking the article in hand before the list of bookmarks: where the footer has room
    # for one of them (the reader at 80 columns), it is that one
    Binding("b", "bookmark", N_("Bookmark"), id="main.bookmark"),
    Binding("B", "bookmarks", N_("Bookmarks"), id="main.bookmarks"),
    Binding("u", "toggle_read", N_("Read/unread"), id="main.read", show=False),
    Binding("v", "cycle_view", N_("All/unread/bookmarked"), id="main.view", show=False),
    Binding("e", "toggle_sidebar", N_("Entities panel"), id="main.sidebar", show=False),
    Binding("f", "find_name", N_("Find a name"), id="main.find"),
    Binding("tab", "focus_next_pane", N_("Next pane"), id="main.next_pane", show=False),
    Binding(
        "shift+tab", "focus_previous_pane", N_("Previous pane"), id="main.prev_pane", show=False
    ),
    Binding("q", "back", N_("Back/quit"), id="main.back"),
    Binding("escape", "leave", N_("Back"), id="main.leave", show=False),
    Binding("ctrl+r", "refresh", N_("Reload the list"), id="main.refresh", show=False),
]

LIST: BindingList = [
    Binding("j,down", "cursor_down", N_("Next row"), id="list.down", show=False),
    Binding("k,up", "cursor_up", N_("Previous row"), id="list.up", show=False),
    Binding("g,home", "first", N_("First row"), id="list.first", show=False),
    Binding("G,end", "last", N_("Last row"), id="list.last", show=False),
    Binding("space,pagedown", "page_down", N_("Page down"), id="list.page_down", show=False),
    Binding("pageup", "page_up", N_("Page up"), id="list.page_up", show=False),
    Binding("enter", "open", N_("Open"), id="list.open"),
    # the highlighted row's citation (the footer keeps its room for the list's own keys)
    Binding("y", "screen.copy_citation", N_("Cite"), id="list.cite", show=False),
]

READER: BindingList = [
    Binding("j,down", "scroll_down", N_("Scroll down"), id="reader.down", show=False),
    Binding("k,up", "scroll_up", N_("Scroll up"), id="reader.up", show=False),
    Binding("g,home", "scroll_home", N_("Top"), id="reader.top", show=False),
    Binding("G,end", "scroll_end", N_("Bottom"), id="reader.bottom", show=False),
    Binding("space,pagedown", "page_down", N_("Page down"), id="reader.page_down", show=False),
    Binding("pageup", "page_up", N_("Page up"), id="reader.page_up", show=False),
    Binding("n", "next", N_("Next match/article"), id="reader.next"),
    Binding("slash", "find", N_("Find in article"), id="reader.find", key_display="/"),
    Binding("y", "screen.copy_citation", N_("Cite"), id="reader.cite"),
    Binding("N", "previous_match", N_("Previous match"), id="reader.previous_match", show=False),
    Binding("p", "previous_article", N_("Previous article"), id="reader.previous", show=False),
    Binding(
        "right_square_bracket",
        "next_article",
        N_("Next article"),
        id="reader.next_article",
        show=False,
        key_display="]",
    ),
    Binding(
        "left_square_bracket",
        "previous_article",
        N_("Previous article"),
        id="reader.previous_article",
        show=False,
        key_display="[",
    ),
    Binding("escape", "clear_highlights", N_("Clear highlights"), id="reader.clear", show=False),
]

SIDEBAR: BindingList = [
    Binding("a", "appears_with", N_("Appears with"), id="sidebar.appears_with"),
    Binding("escape", "back", N_("Back"), id="sidebar.back", show=False),
    Binding("j", "cursor_down", N_("Next row"), id="sidebar.down", show=False),
    Binding("k", "cursor_up", N_("Previous row"), id="sidebar.up", show=False),
]

FINDER: BindingList = [
    Binding("escape", "close", N_("Close"), id="finder.close"),
    Binding("down", "to_results", N_("To the results"), id="finder.results", show=False),
]

FIND: BindingList = [
    Binding("escape", "cancel", N_("Stop finding"), id="find.cancel"),
]

SEARCH: BindingList = [
    Binding("escape", "cancel", N_("Leave search"), id="search.cancel"),
    Binding("down", "to_results", N_("To the results"), id="search.results", show=False),
    Binding("ctrl+s", "pick_spelling", N_("Spelling"), id="search.spelling"),
]

BOOKMARKS: BindingList = [
    Binding("escape,q", "close", N_("Close"), id="bookmarks.close"),
    Binding("enter", "open", N_("Open"), id="bookmarks.open"),
    Binding("e", "edit_note", N_("Edit note"), id="bookmarks.edit"),
    Binding("d", "remove", N_("Remove"), id="bookmarks.remove"),
    Binding("j", "cursor_down", N_("Next row"), id="bookmarks.down", show=False),
    Binding("k", "cursor_up", N_("Previous row"), id="bookmarks.up", show=False),
]

DIALOG: BindingList = [
    Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
]

HELP: BindingList = [
    Binding("escape,q,question_mark", "close", N_("Close"), id="help.close"),
]

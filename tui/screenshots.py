"""The screens bantin shows, as scenes: the README's screenshots and the snapshot tests.

``uv run python -m tui.screenshots`` writes ``screenshots/*.svg`` from the bundled articles,
with the data, config and state folders pointed at a temporary place so nothing of the user's
shows (and no bookmark made for a scene is left in the user's state).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from .app import BantinApp
from .screens.main import MainScreen

Steps = Callable[[Pilot[None], BantinApp], Awaitable[None]]


async def settle(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 15) -> None:
    """Let workers and messages run until ``condition`` holds, then one more refresh."""
    waited = 0.0
    while not condition():
        await pilot.pause(0.02)
        waited += 0.02
        if waited > timeout:
            raise TimeoutError("the app did not reach the expected state")
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause(0.05)


def _main(app: BantinApp) -> MainScreen:
    """The main screen, whatever is on top of it."""
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise LookupError("no main screen")


def _panel_follows(app: BantinApp) -> bool:
    """The entity panel shows the open article's entities (or has no room on the screen): it
    loads them after the article, a moment later when the cursor moved onto it."""
    main = _main(app)
    return main.narrow or (
        main.reader.opened is not None and main.sidebar.article_id == main.reader.article_id
    )


async def ready(pilot: Pilot[None], app: BantinApp) -> None:
    """The list, the first article and its entities are on the screen."""
    await settle(pilot, lambda: _main(app).article_list.total > 0 and _panel_follows(app))


async def main_screen(pilot: Pilot[None], app: BantinApp) -> None:
    await ready(pilot, app)


async def reader(pilot: Pilot[None], app: BantinApp) -> None:
    await ready(pilot, app)
    await pilot.press("j", "j", "enter")
    await settle(pilot, lambda: _main(app).reader.has_focus and _panel_follows(app))
    await pilot.press("j", "j", "j")
    await settle(pilot, lambda: True)


async def search(pilot: Pilot[None], app: BantinApp) -> None:
    await ready(pilot, app)
    await pilot.press("slash", *"ma tuy")
    await settle(pilot, lambda: _main(app).article_list.source.query == "ma tuy")
    await pilot.press("down")
    await settle(
        pilot,
        lambda: (_main(app).reader.match_count > 0 or _main(app).narrow) and _panel_follows(app),
    )


async def bookmarks(pilot: Pilot[None], app: BantinApp) -> None:
    from .screens.bookmarks import BookmarksScreen
    from .screens.note import NoteDialog

    await ready(pilot, app)
    for row, note in ((2, "AIPACODD 4"), (4, "")):
        _main(app).article_list.move_to(row)
        await pilot.press("b")
        await settle(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press(*note, "enter")
        await settle(pilot, lambda: not isinstance(app.screen, NoteDialog))
    await settle(
        pilot, lambda: bool((item := _main(app).article_list.item(4)) and item.row.bookmarked)
    )
    app.clear_notifications()
    await pilot.press("B")
    await settle(pilot, lambda: isinstance(app.screen, BookmarksScreen) and bool(app.screen.marks))


async def help_screen(pilot: Pilot[None], app: BantinApp) -> None:
    from .screens.help import HelpScreen

    await ready(pilot, app)
    await pilot.press("question_mark")
    await settle(pilot, lambda: isinstance(app.screen, HelpScreen))


async def finder(pilot: Pilot[None], app: BantinApp) -> None:
    from .screens.finder import NameFinder

    await ready(pilot, app)
    await pilot.press("f")
    await settle(pilot, lambda: isinstance(app.screen, NameFinder) and app.screen.index is not None)
    await pilot.press(*"thanh son")
    await settle(pilot, lambda: len(getattr(app.screen, "hits", [])) >= 2)


async def entity(pilot: Pilot[None], app: BantinApp) -> None:
    from .screens.finder import NameFinder

    await ready(pilot, app)
    await pilot.press("f")
    await settle(pilot, lambda: isinstance(app.screen, NameFinder) and app.screen.index is not None)
    await pilot.press(*"to lam")
    await settle(pilot, lambda: bool(getattr(app.screen, "hits", [])))
    await pilot.press("enter")
    await settle(pilot, lambda: _main(app).article_list.source.is_entity)
    await pilot.press("enter")
    await settle(
        pilot,
        lambda: (
            _main(app).reader.has_focus
            and _main(app).reader.match_count > 0
            and _panel_follows(app)
        ),
    )
    await pilot.press("n")  # to the second mention (to the first again when there is one)
    reader = _main(app).reader
    await settle(pilot, lambda: reader._current_match == 1 % reader.match_count)


async def find(pilot: Pilot[None], app: BantinApp) -> None:
    """A find in the open article, stepped back past the first match."""
    await reader(pilot, app)
    await pilot.press("slash", *"ma tuy", "enter")
    await settle(pilot, lambda: _main(app).reader.has_focus and _main(app).reader.match_count > 1)
    found = _main(app).reader
    await pilot.press(*["N"] * (found.current_match + 1))  # back to the first, then round
    await settle(pilot, lambda: found.current_match == found.match_count - 1)


async def find_typing(pilot: Pilot[None], app: BantinApp) -> None:
    """The find's prompt open, its words lit as they are typed."""
    await reader(pilot, app)
    await pilot.press("slash", *"hop tac")
    await settle(pilot, lambda: _main(app).reader.match_count > 1)


# Articles without a date, as many scraped archives are (sentences written for the scene)
UNDATED = [
    (
        "Công an tỉnh triệt phá đường dây ma túy xuyên biên giới",
        "Lực lượng chức năng bắt giữ ba đối tượng vận chuyển ma túy qua cửa khẩu.",
    ),
    (
        "Tòa án xét xử vụ lừa đảo qua mạng chiếm đoạt hàng tỷ đồng",
        "Nhiều người bị hại chuyển tiền cho nhóm giả danh cơ quan chức năng.",
    ),
    (
        "Hợp tác phòng, chống tội phạm mạng giữa các nước ASEAN",
        "Các cơ quan thực thi pháp luật thống nhất chia sẻ thông tin về tội phạm mạng.",
    ),
    (
        "Bắt giữ nhóm buôn lậu thuốc lá qua đường biển",
        "Lực lượng biên phòng phát hiện tàu chở hàng nghìn bao thuốc lá không rõ nguồn gốc.",
    ),
    (
        "Cảnh báo thủ đoạn gọi điện giả danh công an để lừa tiền",
        "Công an thành phố đề nghị người dân không chuyển tiền theo yêu cầu qua điện thoại.",
    ),
    (
        "Diễn đàn an ninh khu vực bàn về phòng, chống khủng bố",
        "Đại biểu các nước cam kết phối hợp chia sẻ thông tin và điều tra chung.",
    ),
]


def undated_library(folder: Path) -> Path:
    """A library of the articles above, which carry no date."""
    from store.library import open_library

    files = folder / "undated"
    files.mkdir(exist_ok=True)
    for number, (title, lede) in enumerate(UNDATED):
        body = f"{title}\n\n{lede}\n\nCơ quan chức năng đang tiếp tục điều tra, mở rộng vụ việc.\n"
        (files / f"{number}.txt").write_text(body, encoding="utf-8")
    db = folder / "undated.db"
    with open_library(db, seed=False) as library:
        library.import_paths([files], entities=False)
    return db


def provenance_library(folder: Path) -> Path:
    """A library of two articles written for the scenes: one with everything about where it
    came from (address, outlet, section, tags, credit, author), one with nothing of it."""
    from store.library import open_library
    from store.parse import Article

    cited = Article(
        title="Bắt giữ nhóm đối tượng vận chuyển ma túy qua biên giới",
        title_inferred=False,
        date="2023-06-21",
        author="Kim Thanh",
        lede="Lực lượng biên phòng bắt giữ ba đối tượng vận chuyển ma túy qua đường mòn.",
        paragraphs=[
            "Các đối tượng khai nhận đã nhiều lần vận chuyển hàng cấm qua khu vực này.",
            "Cơ quan chức năng đang tiếp tục điều tra, mở rộng vụ việc.",
        ],
        source="bat-giu.html",
        url="https://www.vnexpress.net/phap-luat/ho-so-pha-an/"
        "bat-giu-nhom-doi-tuong-van-chuyen-ma-tuy-qua-bien-gioi-4712345.html",
        outlet="VnExpress",
        section="Pháp luật",
        tags=["ma túy", "biên giới"],
        credit="Theo VOV",
    )
    bare = Article(
        title="Hội nghị bàn về hợp tác phòng, chống tội phạm mạng",
        title_inferred=False,
        date="2023-06-20",
        author=None,
        lede="Đại biểu các nước thống nhất chia sẻ thông tin về tội phạm mạng.",
        paragraphs=["Hội nghị kết thúc với một tuyên bố chung."],
        source="hoi-nghi.txt",
    )
    db = folder / "provenance.db"
    with open_library(db, seed=False) as library:
        library.import_articles([cited, bare], "scenes", entities=False)
    return db


async def provenance(pilot: Pilot[None], app: BantinApp) -> None:
    """The article with its provenance open in the reader."""
    await ready(pilot, app)
    await pilot.press("enter")
    await settle(pilot, lambda: _main(app).reader.has_focus and _panel_follows(app))


def crime_library(folder: Path) -> Path:
    """A library of two domestic crime articles written for the scenes, in the style of the
    police and court news: suspects named by cues and initials, police units, a court, places
    with their administrative words, Ho Chi Minh City as the press writes it and a street
    named after a person. Their entities are extracted as an import does."""
    from store.library import open_library
    from store.parse import Article

    smuggling = Article(
        title="Triệt phá đường dây vận chuyển ma túy qua cửa khẩu Lao Bảo",
        title_inferred=False,
        date="2024-03-18",
        author="Hoàng Lâm",
        lede="Phòng Cảnh sát hình sự Công an tỉnh Nghệ An vừa bắt giữ bốn đối tượng, "
        "thu giữ 12 bánh heroin và 30.000 viên ma túy tổng hợp.",
        paragraphs=[
            "Theo cơ quan điều tra, đối tượng Nguyễn Văn Hùng (42 tuổi, trú xã Diễn Kỷ, "
            "huyện Diễn Châu) cầm đầu đường dây, thuê người đưa ma túy từ Lào qua cửa khẩu "
            "Lao Bảo rồi chở ra các tỉnh phía Bắc.",
            "Ngày 12/3, tổ công tác dừng xe tải do Lê Văn T. (35 tuổi) điều khiển trên quốc lộ "
            "1A đoạn qua huyện Diễn Châu, phát hiện 12 bánh heroin giấu trong thùng hàng.",
            "Mở rộng điều tra, lực lượng chức năng khám xét một căn nhà trên đường Nguyễn Huệ, "
            "quận 1, TP.HCM, bắt giữ bị can Trần Thị Mai (29 tuổi) cùng 30.000 viên ma túy "
            "tổng hợp.",
            "Anh Phạm Quốc Bảo, người thuê trọ gần đó, cho biết nhóm này thường ra vào lúc "
            "nửa đêm.",
            "Năm 2019, Hùng từng bị TAND tỉnh Quảng Ninh xử phạt 7 năm tù về tội mua bán trái "
            "phép chất ma túy.",
            "Công an tỉnh Nghệ An đang phối hợp với Viện Kiểm sát nhân dân tỉnh Nghệ An tiếp "
            "tục điều tra, mở rộng vụ án.",
        ],
        source="ma-tuy-lao-bao.txt",
        outlet="Báo Nghệ An",
        section="Pháp luật",
    )
    trial = Article(
        title="Xét xử nhóm buôn lậu thuốc lá qua đường biển",
        title_inferred=False,
        date="2024-03-15",
        author="Minh Châu",
        lede="TAND tỉnh Quảng Ninh mở phiên tòa xét xử năm bị cáo trong đường dây buôn lậu "
        "hơn 20.000 bao thuốc lá.",
        paragraphs=[
            "Theo cáo trạng, bị cáo Nguyễn Văn Hưng (38 tuổi, trú TP Móng Cái) thuê tàu chở "
            "thuốc lá từ vùng biển giáp ranh về cảng.",
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ninh phát hiện tàu khi đang neo gần đảo "
            "Vĩnh Thực.",
            "Hội đồng xét xử tuyên phạt Hưng 6 năm tù, các bị cáo còn lại từ 2 đến 4 năm tù.",
        ],
        source="buon-lau-thuoc-la.txt",
    )
    db = folder / "crime.db"
    with open_library(db, seed=False) as library:
        library.import_articles([smuggling, trial], "scenes")
    return db


async def crime_panel(pilot: Pilot[None], app: BantinApp) -> None:
    """The crime article open with its entity panel (on a narrow screen, opened over it)."""
    await provenance(pilot, app)
    main = _main(app)
    if main.narrow:
        await pilot.press("e")
        await settle(
            pilot,
            lambda: (
                main.has_class("-sidebar-overlay")
                and main.sidebar.article_id == main.reader.article_id
            ),
        )


async def crime_finder(pilot: Pilot[None], app: BantinApp) -> None:
    """The name finder on the crime articles, a name typed without its marks."""
    from .screens.finder import NameFinder

    await ready(pilot, app)
    await pilot.press("f")
    await settle(pilot, lambda: isinstance(app.screen, NameFinder) and app.screen.index is not None)
    await pilot.press(*"nguyen van hung")
    await settle(pilot, lambda: len(getattr(app.screen, "hits", [])) >= 2)


@dataclass(frozen=True)
class Scene:
    name: str
    steps: Steps
    language: str = "en"
    size: tuple[int, int] = (120, 34)
    library: Callable[[Path], Path] | None = None  # makes the scene's library (None: the seeds)


SCENES = [
    Scene("main", main_screen),
    Scene("main-vi", main_screen, "vi"),
    Scene("reader", reader),
    Scene("reader-vi", reader, "vi"),
    Scene("search", search),
    Scene("search-vi", search, "vi"),
    Scene("bookmarks", bookmarks),
    Scene("bookmarks-vi", bookmarks, "vi"),
    Scene("help", help_screen),
    Scene("help-vi", help_screen, "vi"),
    Scene("finder", finder),
    Scene("finder-vi", finder, "vi"),
    Scene("entity", entity),
    Scene("entity-vi", entity, "vi"),
    Scene("main-80x24", main_screen, "en", (80, 24)),
    Scene("reader-80x24", reader, "vi", (80, 24)),
    Scene("find-80x24", find, "en", (80, 24)),
    Scene("find-typing-80x24", find_typing, "vi", (80, 24)),
    Scene("undated-80x24", main_screen, "en", (80, 24), undated_library),
    Scene("provenance-80x24", provenance, "vi", (80, 24), provenance_library),
    Scene("provenance", provenance, "en", (120, 34), provenance_library),
    Scene("crime-panel", crime_panel, "en", (120, 34), crime_library),
    Scene("crime-panel-80x24", crime_panel, "vi", (80, 24), crime_library),
    Scene("crime-finder", crime_finder, "en", (120, 34), crime_library),
]


def app_for(scene: Scene, folder: Path) -> BantinApp:
    """A fresh app on a new library (the bundled articles, unless the scene makes its own)
    in ``folder``."""
    db = scene.library(folder) if scene.library else folder / f"{scene.name}.db"
    return BantinApp(db_path=db, language=scene.language)


async def shoot(scene: Scene, folder: Path, out: Path) -> Path:
    app = app_for(scene, folder)
    async with app.run_test(size=scene.size) as pilot:
        await scene.steps(pilot, app)
        target = out / f"{scene.name}.svg"
        app.save_screenshot(str(target.name), path=str(out))
    return target


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        for scene in SCENES:  # each in its own folders: no scene sees another's bookmarks
            home = Path(temp) / scene.name
            os.environ["XDG_DATA_HOME"] = str(home / "data")
            os.environ["XDG_CONFIG_HOME"] = str(home / "config")
            os.environ["XDG_CACHE_HOME"] = str(home / "cache")
            os.environ["XDG_STATE_HOME"] = str(home / "state")
            home.mkdir()
            target = asyncio.run(shoot(scene, home, out))
            print(f"wrote {target}")


if __name__ == "__main__":
    main()

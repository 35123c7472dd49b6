"""Importing by address, timed against a server of its own on the loopback address.

    uv run python tests/bench/bench_fetch.py [--runs 5]

Prints the median of ``--runs`` runs of:
- ``bantin --version`` (the command line's start-up, for scale);
- ``bantin import URL`` of a 50 KB page into a new library, the same page saved as a file
  imported the same way (for comparison), and the address imported in-process
  (``Library.import_paths``: the fetch, the parse and the store, without the start-up);
- ``bantin update`` of 3 feeds that have not changed (each answers 304 to its ETag).
Nothing touches the real network.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SENTENCES = [
    "Công an tỉnh vừa triệt phá một đường dây vận chuyển hàng cấm qua biên giới.",
    "Theo cơ quan điều tra, các đối tượng dùng xe tải chở hàng vào ban đêm.",
    "Lực lượng chức năng đã thu giữ nhiều tang vật và phương tiện liên quan.",
    "Vụ việc đang được mở rộng điều tra để làm rõ trách nhiệm của từng người.",
]


def page(size: int) -> bytes:
    """An HTML news page of about ``size`` bytes: menus, an article, a footer."""
    head = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Triệt phá đường dây vận chuyển hàng cấm</title></head><body>"
        "<nav><a href='/'>Trang chủ</a> <a href='/phap-luat'>Pháp luật</a></nav><article>"
        "<h1>Triệt phá đường dây vận chuyển hàng cấm</h1>"
    )
    paragraphs = []
    n = 0
    length = len(head.encode("utf-8"))
    while length < size - 100:
        paragraphs.append(f"<p>{SENTENCES[n % 4]} {SENTENCES[(n + 1) % 4]} ({n})</p>")
        length += len(paragraphs[-1].encode("utf-8"))
        n += 1
    tail = "</article><footer>Báo Mẫu · Tổng biên tập: Nguyễn Văn A</footer></body></html>"
    return (head + "".join(paragraphs) + tail).encode("utf-8")


def feed(number: int) -> bytes:
    items = "".join(
        f"<item><title>Tin {number}-{i}: {SENTENCES[i % 4][:40]}</title>"
        f"<link>https://bao-mau.example/{number}/{i}.html</link>"
        f"<description>{SENTENCES[i % 4]}</description></item>"
        for i in range(20)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Báo Mẫu {number}</title>{items}</channel></rss>"
    ).encode()


def serve(routes: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = routes.get(self.path)
            if body is None:
                self.send_error(404)
                return
            kind = "application/rss+xml" if self.path.endswith(".rss") else "text/html"
            if self.headers.get("If-None-Match") == '"1"':
                self.send_response(304)
                self.send_header("ETag", '"1"')
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("ETag", '"1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def timed(args: list[str], env_home: Path) -> float:
    import os

    env = {**os.environ, "XDG_CONFIG_HOME": str(env_home / "config")}
    env.update(XDG_DATA_HOME=str(env_home / "data"), XDG_STATE_HOME=str(env_home / "state"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tui.cli", *args], env=env, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{args}: exit {done.returncode}\n{done.stdout.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    routes = {"/page.html": page(50 * 1024), **{f"/feed{n}.rss": feed(n) for n in range(3)}}
    httpd = serve(routes)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        config = work / "config.toml"
        urls = ", ".join(f'"{base}/feed{n}.rss"' for n in range(3))
        config.write_text(f"[feeds]\nurls = [{urls}]\n", encoding="utf-8")
        saved = work / "page.html"
        saved.write_bytes(routes["/page.html"])
        startup, imports, files, in_process, updates = [], [], [], [], []
        from store.library import open_library

        for run in range(runs):
            startup.append(timed(["--version"], work))
            db = work / f"page{run}.db"
            imports.append(timed(["import", "--db", str(db), f"{base}/page.html"], work))
            files.append(timed(["import", "--db", str(work / f"file{run}.db"), str(saved)], work))
            with open_library(work / f"lib{run}.db", seed=False, state=work / "s.db") as library:
                started = time.perf_counter()
                report = library.import_paths([f"{base}/page.html"], entities=False)
                in_process.append(time.perf_counter() - started)
                assert report.imported == 1, report
            feeds_db = work / f"feeds{run}.db"
            open_library(feeds_db, seed=False, state=work / "state.db").close()
            timed(["update", "--db", str(feeds_db), "--config", str(config)], work)  # first
            updates.append(timed(["update", "--db", str(feeds_db), "--config", str(config)], work))
    httpd.shutdown()
    size = len(routes["/page.html"]) / 1024
    print(f"median of {runs} runs")
    print(f"bantin --version                          {statistics.median(startup) * 1000:7.0f} ms")
    print(
        f"bantin import URL ({size:.0f} KB page)            "
        f"{statistics.median(imports) * 1000:7.0f} ms"
    )
    print(f"bantin import FILE (the same page, saved)  {statistics.median(files) * 1000:7.0f} ms")
    print(
        f"  in process (fetch, parse, store)        {statistics.median(in_process) * 1000:7.0f} ms"
    )
    print(f"bantin update, 3 feeds not modified       {statistics.median(updates) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()

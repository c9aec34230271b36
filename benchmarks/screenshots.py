"""Screenshots of one page of every kind, for a reviewer to look at (nothing is committed).

Usage:
    python benchmarks/screenshots.py OUT_DIR [--site SITE_DIR] [--sizes s,m,l] [--widths 390,1280]
        [--pages home,catalogue,...] [--full]

Builds the sample site (content/ with mkdocs.yml) unless --site names a built one, serves it on
127.0.0.1 and photographs the pages of tests/integration/_a11y.py in Debian's Chromium: one
PNG per page, width and font size, named ``<page>-<width>-<size>.png``. --full takes the whole
page instead of the first screen (long pages make large files).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration._a11y import PAGES, SIZES, set_font, settle  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--site", type=Path)
    parser.add_argument("--sizes", default="m")
    parser.add_argument("--widths", default="390,1280")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args(argv)

    site = args.site
    if site is None:
        from generator.site.plugin import build_site

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        site = build_site(ROOT / "mkdocs.yml", Path(tempfile.mkdtemp(prefix="zwgk-shots-")) / "site")
    args.out.mkdir(parents=True, exist_ok=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"

    from playwright.sync_api import sync_playwright

    sizes = [s for s in args.sizes.split(",") if s in SIZES]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for width in (int(w) for w in args.widths.split(",")):
            context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 844})
            page = context.new_page()
            for name in args.pages.split(","):
                url = PAGES[name]
                page.goto(base + url)
                settle(page, url)
                for size in sizes:
                    set_font(page, size)
                    target = args.out / f"{name}-{width}-{size}.png"
                    page.screenshot(path=str(target), full_page=args.full)
                    print(target)
            context.close()
        browser.close()
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

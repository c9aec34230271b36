"""First-load transfer of built pages: the HTML and every stylesheet and script it loads.

Usage:
    python benchmarks/page_weight.py SITE_DIR [PAGE ...]

SITE_DIR is a built site (``zwgk build -d DIR``); each PAGE is a site-relative directory URL
(default: the sample site's policy page with a table, the home page and a catalogue). For each
page it prints the bytes of the HTML and of the local CSS and JS it links, raw and as gzip
(level 6, what a web server typically sends), and their total. Images, icons and fonts are
not counted: the theme loads none from files (icons are inline SVG, fonts are the system's).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

DEFAULT_PAGES = ["policies/2026-ca-minimum-living-standard/", "", "catalogues/social-assistance/"]
_ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src)="([^"]+)"')


def assets(html: str, page_url: str) -> list[str]:
    """Site-relative paths of the local stylesheets and scripts a page loads."""
    out = []
    for ref in _ASSET.findall(html):
        target = urlsplit(urljoin("http://site/" + page_url, ref))
        if target.netloc == "site":
            out.append(target.path.lstrip("/"))
    return out


def weigh(site: Path, page_url: str) -> list[tuple[str, int, int]]:
    html_file = site / page_url / "index.html"
    html = html_file.read_text(encoding="utf-8")
    rows = []
    for rel in [page_url + "index.html", *assets(html, page_url)]:
        data = (site / rel).read_bytes()
        rows.append((rel, len(data), len(gzip.compress(data, compresslevel=6, mtime=0))))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    args = parser.parse_args(argv)
    for page in args.pages:
        rows = weigh(args.site, page)
        print(f"/{page}")
        for rel, raw, packed in rows:
            print(f"  {rel:60} {raw:>9,} B  gzip {packed:>8,} B")
        print(f"  {'total':60} {sum(r[1] for r in rows):>9,} B  gzip {sum(r[2] for r in rows):>8,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())

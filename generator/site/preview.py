"""The preview's problem box (``zwgk serve``): shown over the pages while the content has
errors, never written into a built site; and how the preview stops."""

from __future__ import annotations

import contextlib
import html
import re
from pathlib import Path

from generator.content.diagnostics import Diagnostic, display_path, format_text

PROBLEM_PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>内容有问题，网站没有生成</title></head><body></body></html>"
).encode()


def with_problems(page: bytes, problems: tuple[str, ...], *, built: bool) -> bytes:
    """The problems in a box at the top of a preview page (preview only: never in a build).

    ``built``: a good build came before, and its pages are shown under the box."""
    shown = "网站没有更新：下面显示的是上一次成功生成的网站" if built else "网站还没有生成"
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
    box = (
        '<div id="zwgk-preview-problems" role="alert" style="position:relative;z-index:10000;'
        "margin:0;padding:1em 1.25em;background:#fff4e5;color:#1f1f1f;border-bottom:3px solid #b3261e;"
        'font:16px/1.6 system-ui,sans-serif;max-height:60vh;overflow:auto">'
        '<p style="margin:0 0 .5em;font-weight:bold;color:#8c1d18">'
        f"内容有问题，{shown}。改正后保存，页面会自动刷新。</p>"
        f'<ul style="margin:0;padding-left:1.25em;white-space:pre-wrap;word-break:break-all">{items}</ul></div>'
    ).encode()
    found = re.search(rb"<body[^>]*>", page)
    at = found.end() if found else 0
    return page[:at] + box + page[at:]


def problem_lines(diagnostics: list[Diagnostic], content_dir: Path) -> list[str]:
    """The content's problems as the box lists them: each located as `zwgk check` does, then the count."""
    lines = [format_text(d, display_path(d.path, content_dir)) for d in diagnostics]
    errors = sum(d.severity == "error" for d in diagnostics)
    return [*lines, f"内容有 {errors} 个错误。"]


def stop_on_signals() -> None:
    """A preview ended by the system (``kill``, a closed terminal, a service stopped) stops as
    on Ctrl+C: its site folder and spare are removed, not left behind in the temporary folder."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            with contextlib.suppress(ValueError):  # (not the main thread: left as it is)
                signal.signal(getattr(signal, name), stop)

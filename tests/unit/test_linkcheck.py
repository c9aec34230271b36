"""zwgk linkcheck against a real HTTP server on 127.0.0.1 (never the outside network)."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands import main


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path.startswith("/ok") or self.path == "/no-head" else 404)
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_site(root: Path, links: list[str]) -> Path:
    site = root / "site"
    (site / "policies" / "a").mkdir(parents=True)
    anchors = "".join(f'<a href="{u}">x</a>' for u in links)
    (site / "policies" / "a" / "index.html").write_text(
        f"<html><body>{anchors}<a href='../b/'>in</a></body></html>"
    )
    (site / "index.html").write_text(f'<html><body><a href="{links[0]}">x</a></body></html>')
    return site


def test_broken_links_are_reported_with_their_pages(server: str, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/gone"
    site = write_site(tmp_path, [f"{server}/ok", f"{server}/missing", f"{server}/no-head", dead])
    result = CliRunner().invoke(main, ["linkcheck", str(site), "--timeout", "5"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "检查了 4 个外部链接，2 个失效。"
    assert f"失效 {server}/missing：服务器返回 404（出现在 policies/a/index.html）" in lines
    assert any(line.startswith(f"失效 {dead}：无法访问") for line in lines)


def test_json_and_ignore(server: str, tmp_path: Path) -> None:
    site = write_site(tmp_path, [f"{server}/ok", f"{server}/missing"])
    args = ["linkcheck", str(site), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert [r["url"] for r in json.loads(result.output)] == [f"{server}/missing"]
    assert result.exit_code == 1
    result = CliRunner().invoke(main, [*args, "--ignore", f"{server}/missing"])
    assert json.loads(result.output) == [] and result.exit_code == 0

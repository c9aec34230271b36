"""Reading a member's files: from a built site on disk, or over HTTP(S) with a timeout, a size
limit and redirects followed only to http(s)."""

from __future__ import annotations

import http.client
import os
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

MB = 1024 * 1024
JSON_LIMIT = 64 * MB  # catalogues.json of a county of 20,000 items is about 16 MB
BUNDLE_FILE_LIMIT = 32 * MB  # one file of a pagefind bundle (chunks are far smaller)
USER_AGENT = "zwgk-portal"


class Unavailable(Exception):
    """A member's file cannot be had; the message (Chinese) says why."""


class Source:
    """Where a member's site is read from."""

    def read(self, rel: str, limit: int) -> bytes:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self, rel: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class LocalSource(Source):
    """A built site on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self, rel: str) -> str:
        return str(self.root / rel)

    def read(self, rel: str, limit: int) -> bytes:
        path = self.root / rel
        if not self.root.is_dir():
            raise Unavailable(f"网站目录“{self.root}”不存在：请先生成成员网站，或改正 portal.yml 中的 path")
        try:
            size = path.stat().st_size
            if size > limit:
                raise Unavailable(f"{rel} 有 {size / MB:.1f} MB，超过上限 {limit // MB} MB")
            with path.open("rb") as fh:
                return fh.read(limit + 1)[:limit]
        except FileNotFoundError:
            raise Unavailable(f"缺少 {rel}（{path}）：成员网站可能不是用 zwgk 生成的，或生成不完整") from None
        except IsADirectoryError:
            raise Unavailable(f"{rel} 是一个目录，应为文件") from None
        except OSError as exc:
            raise Unavailable(f"无法读取 {rel}（{exc.strerror or exc}）") from None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http(s), and only a few times."""

    max_redirections = 5

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        target = urljoin(req.full_url, newurl)
        if urlsplit(target).scheme not in ("http", "https"):
            raise Unavailable(f"{req.full_url} 被重定向到非 http(s) 地址 {target}，已拒绝")
        return super().redirect_request(req, fp, code, msg, headers, target)


def _opener() -> urllib.request.OpenerDirector:
    """http and https only: no file:, ftp: or data: handler is installed."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class HttpSource(Source):
    """A published site."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self.base = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.opener = _opener()

    def describe(self, rel: str) -> str:
        return self.base + rel

    def read(self, rel: str, limit: int) -> bytes:
        url = self.base + rel
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise Unavailable(f"{url} 有 {int(declared) / MB:.1f} MB，超过上限 {limit // MB} MB")
                data: bytes = response.read(limit + 1)
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:  # urllib refuses a redirect to file: itself, as an error
                raise Unavailable(f"{url} 被重定向到非 http(s) 地址，已拒绝") from None
            raise Unavailable(f"{url} 返回 HTTP {exc.code}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, ConnectionRefusedError):
                raise Unavailable(f"无法连接 {url}（连接被拒绝）：网站可能已关闭") from None
            if isinstance(reason, socket.gaierror):
                raise Unavailable(f"无法连接 {url}（域名无法解析）：请核对网址") from None
            if isinstance(reason, socket.timeout | TimeoutError):
                raise Unavailable(f"读取 {url} 超时（{self.timeout:g} 秒）") from None
            raise Unavailable(f"无法连接 {url}（{reason}）") from None
        except TimeoutError:
            raise Unavailable(f"读取 {url} 超时（{self.timeout:g} 秒）") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise Unavailable(f"读取 {url} 失败（{type(exc).__name__}：{exc}）") from None
        if len(data) > limit:
            raise Unavailable(f"{url} 超过大小上限 {limit // MB} MB")
        return data


def source_for(url: str | None, path: str | None, base_dir: Path, timeout: float) -> Source:
    if url is not None:
        return HttpSource(url, timeout)
    assert path is not None
    return LocalSource(Path(os.path.normpath(base_dir / path)))

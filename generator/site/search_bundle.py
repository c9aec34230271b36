"""Pagefind's bundle files: read, rewritten in a canonical order, the words read back, and
a part's files kept when it is indexed again.

**Kept files.** Pagefind names each file of a bundle by its content and does not write a
named file that is already there (it would hold the same bytes). Much of the time pagefind
spends on a part after reading it goes to compressing a fragment file for every record (the
text a result shows) at its highest level. So before pagefind indexes a part again, the
fragments of the previous build of the part (as the manifest describes it) whose pages are
those of records that did not change (each fragment says its page's URL) are hard-linked into
its output (:func:`prelink`): pagefind finds them there and writes only the others. A
record's fragment is the same when its page is (pagefind makes it from the page alone), and so
is its name, the first seven hex digits of the fragment's hash; a linked file is therefore
named by an unchanged page of the new part, which no other page can share without pagefind
lengthening one of the two names. :func:`settle` indexes the part again from nothing where a
name was lengthened, and removes the linked files no page names (a page without words is not
indexed). The result is the bytes of a part indexed from nothing; no changed page's old text
is linked.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from generator.site import cbor
from generator.site.search_query import MAX_WORD, is_cjk

MAGIC = b"pagefind_dcd"
_URL = b'{"url":'
_HEAD = 4096  # bytes of a fragment read for its page's URL


def read(path: Path) -> Any:
    """A pagefind bundle file (gzip, pagefind's marker, CBOR)."""
    raw = gzip.decompress(path.read_bytes())
    return cbor.loads(raw[len(MAGIC) :] if raw.startswith(MAGIC) else raw)


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: Any) -> str:
    """Write a bundle file named by its content, as pagefind names them; return the name."""
    raw = MAGIC + cbor.dumps(value)
    name = f"{prefix}_{hashlib.blake2b(raw, digest_size=8).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def canonicalise(bundle: Path) -> None:
    """Make a pagefind bundle depend only on its content.

    Pagefind writes the values of each filter, and the list of filters in its metadata, in
    hash-map order: two runs over the same pages give differently ordered (and so differently
    named) files. Sorting them and renaming each file by its content makes builds of the same
    content byte-identical.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language, info in entry.get("languages", {}).items():
        renamed: dict[str, str] = {}
        for chunk in sorted((bundle / "filter").glob(f"{language}_*.pf_filter")):
            name, values = read(chunk)
            values.sort(key=lambda pair: pair[0])
            renamed[chunk.name[: -len(".pf_filter")]] = _write(
                bundle / "filter", language, 7, ".pf_filter", [name, values]
            )
            chunk.unlink()
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _rename(read(meta_path), renamed)
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}", 13, ".pf_meta", meta)[len("pagefind.") :]
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _rename(value: Any, renamed: dict[str, str]) -> Any:
    """Replace file names; lists of [name, file] pairs (the filters) are sorted by name."""
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list):
        items = [_rename(v, renamed) for v in value]
        if items and all(
            isinstance(v, list) and len(v) == 2 and isinstance(v[1], str) and v[1] in renamed.values()
            for v in items
        ):
            items.sort(key=lambda pair: str(pair[0]))
        return items
    if isinstance(value, dict):
        return {k: _rename(v, renamed) for k, v in value.items()}
    return value


# A word entry of a pagefind index chunk is a CBOR array [word, pages, …]: the array header,
# then the word as a text item. Only words of 2–8 Chinese characters are wanted.
_ENTRY = re.compile(rb"[\x83\x84](?:([\x66-\x77])|\x78([\x18]))")


def indexed_words(bundle: Path) -> set[str]:
    """The words pagefind indexed (2–8 Chinese characters), read from its index chunks.

    Entries are found by their CBOR framing rather than by decoding whole chunks (a
    county's chunks hold millions of small numbers). Whole titles kept only for metadata
    also appear; they are long or carry punctuation and digits, so the length and
    character checks leave them out.
    """
    words: set[str] = set()
    for chunk in sorted((bundle / "index").glob("*.pf_index")):
        raw = gzip.decompress(chunk.read_bytes())
        for found in _ENTRY.finditer(raw):
            size = found.group(1)[0] - 0x60 if found.group(1) else found.group(2)[0]
            start = found.end()
            try:
                word = raw[start : start + size].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if 2 <= len(word) <= MAX_WORD and all(is_cjk(ch) for ch in word) and _in_text(raw, start + size):
                words.add(word)
    return words


def _head(b: bytes, i: int) -> tuple[int, int, int]:
    """A CBOR item's major type and argument, and where its content starts."""
    major, info = b[i] >> 5, b[i] & 31
    if info < 24:
        return major, info, i + 1
    size = 1 << (info - 24)
    return major, int.from_bytes(b[i + 1 : i + 1 + size], "big"), i + 1 + size


def _in_text(b: bytes, i: int) -> bool:
    """Whether the pages of the entry at ``i`` hold body locations (not only title metadata).

    The pages are ``[[page, [locations], [meta locations]], …]``; a word indexed from page
    text has locations on some page, usually the first, so this stops early.
    """
    try:
        _, pages, i = _head(b, i)
        for _ in range(pages):
            _, _, i = _head(b, i)  # [page, locations, meta]
            _, _, i = _head(b, i)  # page number
            _, count, i = _head(b, i)
            if count:
                return True
            _, metas, i = _head(b, i)
            for _ in range(metas):
                _, _, i = _head(b, i)
    except IndexError:
        return True  # not the framing expected: keep the word rather than lose it
    return False


def _short(name: str) -> bool:
    """Whether a file stem is pagefind's usual name: ``<language>_`` and seven hex digits."""
    language, _, digest = name.rpartition("_")
    return bool(language) and len(digest) == 7


def record_path(url: str) -> PurePosixPath:
    """Where a record's page goes in the folder pagefind reads: ``a/b/`` at ``a/b/index.html``,
    a table row's ``a/b/#row`` at ``a/b/row.html``."""
    path, _, fragment = url.partition("#")
    return PurePosixPath(path) / (f"{fragment}.html" if fragment else "index.html")


def page_url(url: str) -> str:
    """The URL pagefind gives a record's page (its path there, without ``index.html``)."""
    return "/" + str(record_path(url)).removesuffix("index.html")


def _fragment_url(path: str) -> str | None:
    """The URL of the page a fragment file is of (it comes first in the file)."""
    try:
        with open(path, "rb") as f:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(f.read(), _HEAD)
    except (OSError, zlib.error):
        return None
    start = head.find(_URL)
    if start < 0:
        return None
    try:
        url, _ = json.JSONDecoder().raw_decode(head[start + len(_URL) :].decode("utf-8", "ignore"))
    except ValueError:
        return None
    return url if isinstance(url, str) else None


@functools.lru_cache(maxsize=1)
def _ln() -> str | None:
    return shutil.which("ln")


def prelink(previous: Path, output: Path, unchanged: set[str]) -> set[str]:
    """Hard-link into ``output`` the fragments of ``previous`` (the part as the last build made
    it) of the pages of the ``unchanged`` records (their URLs); returns the names linked (none
    where the files cannot be linked).

    One ``ln`` links them: a thousand links made from this process would each wait for the
    interpreter whenever another thread holds it."""
    source, target = previous / "fragment", output / "fragment"
    ln = _ln()
    if ln is None or os.name != "posix" or target.exists():
        return set()
    try:
        entries = list(os.scandir(source))
    except OSError:
        return set()
    pages = {page_url(url) for url in unchanged}
    chosen = [e for e in entries if e.name.endswith(".pf_fragment") and _fragment_url(e.path) in pages]
    if not chosen:
        return set()
    target.mkdir(parents=True)
    done = subprocess.run([ln, *(e.path for e in chosen), str(target)], capture_output=True, check=False)
    if done.returncode != 0:  # (another file system): pagefind writes them all
        shutil.rmtree(target, ignore_errors=True)
        return set()
    return {e.name for e in chosen}


def settle(output: Path, linked: set[str]) -> bool:
    """After pagefind on a part into whose ``output`` the fragments ``linked`` were: remove
    those no page of the new part names. False (the part is to be indexed again without
    links) where a name was lengthened: two pages of the part shared the seven digits, and
    a changed page may have been given the name of an unchanged page's linked file."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text("utf-8"))
        named: set[str] = set()
        for info in entry.get("languages", {}).values():
            pages = read(output / f"pagefind.{info['hash']}.pf_meta")[1]
            if not all(isinstance(page[0], str) and _short(page[0]) for page in pages):
                return False
            named.update(f"{page[0]}.pf_fragment" for page in pages)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    for name in linked - named:
        with contextlib.suppress(FileNotFoundError):
            (output / "fragment" / name).unlink()
    return True

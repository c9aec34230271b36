"""Query segmentation against the words pagefind really indexed; what a query becomes; the\nexact lookup; content/search.yml."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.corpus import load_corpus
from generator.site import search, search_bundle, search_records
from generator.site.search import (
    indexed_words,
    segment,
    useful_synonyms,
    write_vocabulary,
)
from generator.site.search_lookup import KeptLookup, intact, write_lookup
from generator.site.search_query import (
    MAX_WORD,
    doc_number_key,
    doc_prefix_key,
    fallbacks,
    lookup_key,
    plan,
    shard_of,
    synonym_table,
)
from generator.site.search_record import SearchRecord
from tests.integration._ranking import RANKING

PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
    '<main data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1><p>{text}</p></main></body></html>'
)


def test_segment_into_indexed_words() -> None:
    vocab = {"财政", "预算", "最低", "生活", "保障", "政办发", "示例"}
    assert segment("财政预算", vocab) == ["财政", "预算"]
    assert segment("最低生活保障", vocab) == ["最低", "生活", "保障"]
    assert segment("示政办发〔2026〕20号", vocab) == ["示", "政办发", "2026", "20", "号"]
    assert segment("示例县 ABC预算", vocab) == ["示例", "县", "abc", "预算"]
    assert segment("", vocab) == []


def test_segment_prefers_fewest_words() -> None:
    assert segment("乡村振兴", {"乡村", "振兴", "乡村振兴"}) == ["乡村振兴"]
    assert segment("乡村振兴", {"乡", "村振", "乡村", "振兴"}) == ["乡村", "振兴"]


def test_words_are_read_back_from_a_real_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(
        PAGE.format(title="关于做好财政预算公开的通知", text="推进最低生活保障和乡村振兴工作。"), "utf-8"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--output-path",
            str(tmp_path / "pf"),
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    words = indexed_words(tmp_path / "pf")
    # what the index really holds: 财政预算 is two words there, not one
    assert {"财政", "预算", "最低", "生活", "保障", "乡村", "振兴"} <= words
    assert "财政预算" not in words
    assert segment("财政预算", words) == ["财政", "预算"]
    write_vocabulary(tmp_path / "pf", words)
    shards = list((tmp_path / "pf" / "zwgk-vocab").glob("*.json"))
    assert len(shards) == 65  # 64 shards and meta.json


# --- what a query becomes (generator/site/search_query.py and its mirror in zwgk-search.js) ---


def test_doc_numbers_typed_any_way_are_one_key() -> None:
    same = [
        "示民发〔2026〕11号",
        "示民发[2026]11号",
        "示民发（2026）11号",
        "示民发(2026)11号",
        "示民发2026年11号",
    ]
    assert {doc_number_key(q) for q in [*same, "示民发〔2026〕11", " 示民发 〔2026〕 第11号 "]} == {
        "示民发〔2026〕11号"
    }
    assert doc_number_key("示民发〔2026〕011号") == "示民发〔2026〕11号"
    for other in ("最低生活保障", "民生路18号", "000000000/2026-00019", "2026年11号", "每亩105元"):
        assert doc_number_key(other) is None, other
    assert lookup_key("000000000/2026-00019") == "000000000202600019"
    assert (
        lookup_key("《示例县公共租赁住房保障实施细则》 政策解读") == "示例县公共租赁住房保障实施细则政策解读"
    )
    assert lookup_key("Ａ级纳税人名单") == "a级纳税人名单"
    assert doc_prefix_key("示政办发〔2026〕20号") == "示政办发"


def test_questions_are_reduced_to_their_content_words() -> None:
    vocab = {"申请", "最低", "生活", "保障", "标准", "应急", "避难", "场所", "办理", "居民", "身份证"}
    table = synonym_table()
    assert plan("怎么申请低保", vocab, table).terms == ["申请", "低保"]
    assert plan("低保标准是多少", vocab, table).terms == ["低保", "标准"]
    assert plan("哪里有应急避难场所", vocab, table).terms == ["应急", "避难", "场所"]
    assert plan("哪里可以办理居民身份证", vocab, table).terms == ["办理", "居民", "身份证"]
    # a question word inside a word of the index stays: 目的 is not 目 + 的
    assert plan("目的", {"目的"}, table).terms == ["目的"]
    # a query of question words only searches for what was typed
    assert plan("怎么", vocab, table).terms == ["怎么"]
    assert plan("怎么申请低保", vocab, table).asking
    assert plan("最低生活保障审核确认结果", vocab, table).asking  # 结果: a service word
    assert not plan("最低生活保障", vocab, table).asking


def test_short_forms_search_for_what_documents_say() -> None:
    vocab = {"最低", "生活", "保障", "申请", "公共", "租赁", "住房"}
    table = synonym_table({"县政府办": ["示例县人民政府办公室"]})
    assert plan("低保", vocab, table).alternatives == [["低保"], ["最低", "生活", "保障"]]
    assert plan("公租房在哪里申请", vocab, table).alternatives == [
        ["公租房", "申请"],
        ["公共", "租赁", "住房", "申请"],
    ]
    # a site's own pairs work both ways; the built-in ones stay
    assert table["县政府办"] == ["示例县人民政府办公室"] and table["示例县人民政府办公室"] == ["县政府办"]
    assert table["医保"][0] == "医疗保障"


def test_fallbacks_try_the_most_specific_sub_queries_first() -> None:
    # the words alone first (火, 星: characters no indexed word covers), then fewer words
    assert fallbacks(["最低", "生活", "保障", "火", "星", "基地"]) == [
        ["最低", "生活", "保障", "基地"],
        ["最低", "生活", "保障"],
        ["最低", "生活", "基地"],
        ["最低", "保障", "基地"],
        ["生活", "保障", "基地"],
        ["最低", "生活"],
        ["最低", "保障"],
        ["最低", "基地"],
        ["生活", "保障"],
        ["生活", "基地"],
        ["保障", "基地"],
        ["最低"],
    ]
    assert fallbacks(["最低生活保障", "低保", "2026"]) == [
        ["最低生活保障", "2026"],
        ["最低生活保障", "低保"],
        ["低保", "2026"],
        ["最低生活保障"],
        ["2026"],
        ["低保"],
    ]
    assert fallbacks(["低保"]) == [] and fallbacks(["火", "星"]) == []


def test_only_synonyms_the_index_can_find_are_shipped() -> None:
    words = {"最低", "生活", "保障", "公共", "租赁", "住房"}
    table = useful_synonyms(synonym_table(), words)
    assert table["低保"] == ["最低生活保障"] and table["公租房"] == ["公共租赁住房"]
    assert "医保" not in table and "两项补贴" not in table  # nothing the site says


def test_the_lookup_is_sharded_by_key(tmp_path: Path) -> None:
    entry = {"u": "policies/a/", "t": "甲", "d": "2026-01-02"}
    newer = {"u": "policies/b/", "t": "乙", "d": "2026-05-06"}
    pairs = [("示民发", entry), ("示民发", newer), *((f"键{n}", entry) for n in range(40))]
    shards = write_lookup(tmp_path, pairs).shards
    assert shards == 4  # 41 keys, at most 16 a shard, a power of two
    tables = [json.loads((tmp_path / "zwgk-lookup" / f"{n}.json").read_text("utf-8")) for n in range(shards)]
    assert sum(len(t) for t in tables) == 41
    assert tables[shard_of("示民发", shards)]["示民发"] == [newer, entry]  # newest first


def test_a_lookup_written_again_links_the_shards_of_unchanged_keys(tmp_path: Path) -> None:
    """Given the previous lookup and the keys that changed, the shards of the other keys are
    linked (the same files) and the rest written from the pairs: the same bytes as written
    whole, also in a shard where an unchanged key sits beside one that changed."""
    entries = [
        {"u": f"policies/p{n}/", "t": f"文件{n}", "d": f"2026-01-{n % 28 + 1:02d}"} for n in range(300)
    ]
    pairs = [(f"示民发〔2026〕{n}号", entries[n]) for n in range(300)]
    pairs += [("示民发", e) for e in entries]  # one key of many entries, newest first
    before = write_lookup(tmp_path / "before", pairs)
    changed = dict(entries[7], t="文件7（修订）")
    again = [(key, changed if entry is entries[7] else entry) for key, entry in pairs]
    kept = KeptLookup(tmp_path / "before" / "zwgk-lookup", before, {"示民发〔2026〕7号", "示民发"})
    after = write_lookup(tmp_path / "after", again, kept)
    whole = write_lookup(tmp_path / "whole", again)
    assert after.shards == whole.shards == before.shards == 32
    folder = {name: tmp_path / name / "zwgk-lookup" for name in ("before", "after", "whole")}
    names = sorted(p.name for p in folder["whole"].iterdir())
    assert [(folder["after"] / n).read_bytes() for n in names] == [
        (folder["whole"] / n).read_bytes() for n in names
    ]
    dirty = {f"{shard_of(key, 32)}.json" for key in kept.changed}
    linked = {n for n in names if (folder["after"] / n).stat().st_ino == (folder["before"] / n).stat().st_ino}
    assert linked == set(names) - dirty and len(dirty) == 2
    assert any(len(json.loads((folder["after"] / n).read_text("utf-8"))) > 1 for n in dirty)
    # completed where the previous lookup is (spare.complete): only the changed shards written
    partial = write_lookup(tmp_path / "partial", again, kept, link=False)
    assert sorted(p.name for p in (tmp_path / "partial" / "zwgk-lookup").iterdir()) == sorted(dirty)
    assert partial.shards == after.shards and partial.files.keys() == after.files.keys()
    kept_files = {n: after.files[n] for n in after.files if f"{n}.json" not in dirty}
    assert {n: partial.files[n] for n in kept_files} == kept_files  # (as the next build checks them)
    assert all(
        (folder["after"] / n).read_bytes() == (tmp_path / "partial/zwgk-lookup" / n).read_bytes()
        for n in dirty
    )


def test_a_lookup_whose_keys_all_stayed_needs_no_pairs(tmp_path: Path) -> None:
    """No key changed, came or went, and the previous lookup is intact: every shard is the
    previous build's (linked, or left where the site is completed), however few of the pairs
    are given. A shard not as its build left it, or a folder that is a link, is not intact."""
    pairs = [(f"示民发〔2026〕{n}号", {"u": f"policies/p{n}/", "t": f"文件{n}"}) for n in range(100)]
    before = write_lookup(tmp_path / "before", pairs)
    folder = tmp_path / "before" / "zwgk-lookup"
    assert intact(folder, before) and before.shards == 8
    kept = KeptLookup(folder, before, set(), intact=True)
    assert kept.unchanged()
    after = write_lookup(tmp_path / "after", pairs[:3], kept)  # (a part's pairs alone)
    assert after == before
    assert all((tmp_path / "after/zwgk-lookup" / n).samefile(folder / n) for n in os.listdir(folder))
    assert write_lookup(tmp_path / "partial", [], kept, link=False) == before
    assert list((tmp_path / "partial" / "zwgk-lookup").iterdir()) == []
    assert not KeptLookup(folder, before, {"示民发〔2026〕7号"}, intact=True).unchanged()
    assert not KeptLookup(folder, before, set(), intact=False).unchanged()
    (tmp_path / "elsewhere").symlink_to(folder, target_is_directory=True)
    assert not intact(tmp_path / "elsewhere", before)
    (folder / "5.json").write_text("{}", "utf-8")  # (not as the previous build left it)
    assert not intact(folder, before)
    (folder / "5.json").unlink()
    assert not intact(folder, before)


def test_a_lookup_written_again_follows_no_symbolic_link(tmp_path: Path) -> None:
    """No build makes a symbolic link in a site: a shard that is one, or a lookup folder that is
    one, is written again rather than kept (its stamp may match the file it points to)."""
    pairs = [(f"示民发〔2026〕{n}号", {"u": f"policies/p{n}/", "t": f"文件{n}"}) for n in range(100)]
    before = write_lookup(tmp_path / "before", pairs)
    folder = tmp_path / "before" / "zwgk-lookup"
    (folder / "3.json").rename(tmp_path / "3.json")
    (folder / "3.json").symlink_to(tmp_path / "3.json")
    before.files["3"] = [(tmp_path / "3.json").stat().st_size, (tmp_path / "3.json").stat().st_mtime_ns]
    kept = KeptLookup(folder, before, set())
    partial = write_lookup(tmp_path / "partial", pairs, kept, link=False)
    assert sorted(p.name for p in (tmp_path / "partial" / "zwgk-lookup").iterdir()) == ["3.json"]
    fresh = write_lookup(tmp_path / "fresh", pairs)
    assert not (tmp_path / "partial/zwgk-lookup/3.json").is_symlink()
    assert (tmp_path / "partial/zwgk-lookup/3.json").read_bytes() == (
        tmp_path / "fresh/zwgk-lookup/3.json"
    ).read_bytes()
    assert partial.shards == fresh.shards
    (tmp_path / "elsewhere").symlink_to(folder, target_is_directory=True)
    whole = write_lookup(
        tmp_path / "whole", pairs, KeptLookup(tmp_path / "elsewhere", before, set()), link=False
    )
    assert len(list((tmp_path / "whole" / "zwgk-lookup").iterdir())) == whole.shards == before.shards


def test_search_yml_is_loaded_and_checked(content: Path) -> None:
    (content / "search.yml").write_text(
        "synonyms:\n  县政府办: [测试县人民政府办公室]\n  低保: 最低生活保障\n", "utf-8"
    )
    corpus = load_corpus(content)
    assert corpus.search is not None
    assert corpus.search.synonyms == {"县政府办": ["测试县人民政府办公室"], "低保": ["最低生活保障"]}
    (content / "search.yml").write_text("synonyms: [低保]\n", "utf-8")
    broken = load_corpus(content)
    assert broken.search is None
    assert any(f.rel == "search.yml" and f.diagnostics for f in broken.files)


# --- the browser's segmenter agrees with this one ---------------------------------------------

SCRIPT = Path(__file__).resolve().parents[2] / "generator" / "site" / "theme" / "assets" / "zwgk-search.js"
CHROMIUM = Path("/usr/bin/chromium")

# runs in node (module.exports) or in a page (window.zwgkSearch): the same answers as _python
AGREE = """(core, input) => {
  const vocab = new Set(input.vocab), known = (w) => vocab.has(w);
  return input.queries.map((q) => {
    const p = core.plan(q, known, input.synonyms, input.max), key = core.lookupKey(q);
    return {segment: core.segment(q, known, input.max), terms: p.terms, alternatives: p.alternatives,
            asking: p.asking, fallbacks: p.fallbacks, key: key, doc: core.docNumberKey(q),
            shard: core.shardOf(key, 32)};
  });
}"""


def _python(queries: list[str], vocab: set[str], synonyms: dict[str, list[str]]) -> list[dict[str, Any]]:
    out = []
    for q in queries:
        p = plan(q, vocab, synonyms)
        key = lookup_key(q)
        out.append(
            {
                "segment": segment(q, vocab),
                "terms": p.terms,
                "alternatives": p.alternatives,
                "asking": p.asking,
                "fallbacks": p.fallbacks,
                "key": key,
                "doc": doc_number_key(q),
                "shard": shard_of(key, 32),
            }
        )
    return out


def _javascript(payload: dict[str, Any]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node:
        runner = f"const core = require({json.dumps(str(SCRIPT))});\n" + (
            "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
            f"process.stdout.write(JSON.stringify(({AGREE})(core, input)));\n"
        )
        proc = subprocess.run(
            [node, "-e", runner], input=json.dumps(payload), capture_output=True, text=True, check=True
        )
        return json.loads(proc.stdout)  # type: ignore[no-any-return]
    if not CHROMIUM.exists():
        pytest.skip("neither node nor chromium: the search script cannot be run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.add_script_tag(content=SCRIPT.read_text("utf-8"))
            return page.evaluate(f"(input) => ({AGREE})(window.zwgkSearch, input)", payload)  # type: ignore[no-any-return]
        finally:
            browser.close()


def _vocabulary(queries: list[str]) -> set[str]:
    """Words for the test: pieces of the queries' Chinese runs, of two to four characters at
    varied offsets, so that the cuts are neither trivial nor all alike."""
    words: set[str] = set()
    for q in queries:
        chars = [ch for ch in q if "\u3400" <= ch <= "\u9fff"]
        for size, step in ((2, 2), (3, 3), (4, 5)):
            for start in range(size % 2, len(chars) - size + 1, step):
                words.add("".join(chars[start : start + size]))
    return words


def test_the_python_and_javascript_segmenters_agree() -> None:
    queries = [q for q, _, _ in RANKING] + [
        "",
        "   ",
        "怎么",
        "示民发〔２０２６〕１１号",
        "ABC预算 2026",
        "学区 划分",
        "Ａ级纳税人名单",
        "低保、特困和临救",
        "公租房在哪里申请？？",
        "我想了解医保和社保",
        "请问五保户的标准是多少呀",
        "𠀀字和emoji😀混合",
        "县政府办发文",
        "城市低保农村低保",
    ]
    vocab = _vocabulary(queries) | {"最低", "生活", "保障", "申请", "医疗", "社会", "保险"}
    synonyms = synonym_table({"县政府办": ["示例县人民政府办公室"]})
    payload = {"queries": queries, "vocab": sorted(vocab), "synonyms": synonyms, "max": MAX_WORD}
    python = _python(queries, vocab, synonyms)
    javascript = _javascript(payload)
    differ = [(q, p, j) for q, p, j in zip(queries, python, javascript, strict=True) if p != j]
    assert not differ, "\n".join(f"{q!r}: python {p} ≠ javascript {j}" for q, p, j in differ[:5])
    assert len(queries) >= 150
    # the test means something: the queries were cut, reduced and expanded
    assert sum(len(p["alternatives"]) > 1 for p in python) >= 10
    assert sum(p["asking"] for p in python) >= 20
    assert sum(p["doc"] is not None for p in python) >= 25


def test_pagefind_is_found_without_its_service_module(tmp_path: Path) -> None:
    """The program is the extended binary of the pagefind package, found without importing
    pagefind.service (it imports asyncio: more than a second on a thread while the build
    runs), and PAGEFIND_BINARY_PATH overrides it, as in the pagefind package."""
    script = (
        "import sys, json\n"
        "from generator.site import search\n"
        "print(json.dumps([search._pagefind(), 'pagefind.service' in sys.modules]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PAGEFIND_BINARY_PATH"}
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    program, service = json.loads(found.stdout)
    assert Path(program[0]).name == "pagefind_extended" and Path(program[0]).is_file()
    assert not service
    version = subprocess.run([*program, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("pagefind ")
    own = tmp_path / "pagefind"
    env["PAGEFIND_BINARY_PATH"] = str(own)
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(found.stdout)[0] == [str(own)]


# --- a part indexed again keeps its unchanged records' fragments (search_bundle.py) ---


def _bundle(
    tmp_path: Path,
    name: str,
    pages: dict[str, str],
    previous: Path | None = None,
    unchanged: tuple[str, ...] = (),
) -> set[str]:
    """Index ``pages`` (URL → html) into ``tmp_path/name``, with the fragments of ``previous``
    of the ``unchanged`` pages linked first; returns the names linked."""
    folder, out = tmp_path / f"{name}-pages", tmp_path / name
    for url, html in pages.items():
        search.write_record(folder, SearchRecord(url, html, []))
    linked = search_bundle.prelink(previous, out, set(unchanged)) if previous is not None else set()
    assert search.run_pagefind(folder, out) == ""
    return linked


def _files(bundle: Path) -> dict[str, bytes]:
    search_bundle.canonicalise(bundle)  # (filters are written in hash-map order)
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}


def _fragments(bundle: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in (bundle / "fragment").iterdir()}


def _page(title: str = "", text: str = "") -> str:
    """A record's html: its title (indexed as metadata too) and a paragraph."""
    heading = f'<h1 data-pagefind-meta="title">{title}</h1>' if title else ""
    return f"<div data-pagefind-body>{heading}{f'<p>{text}</p>' if text else ''}</div>"


def test_a_part_indexed_again_keeps_the_fragments_of_its_unchanged_pages(tmp_path: Path) -> None:
    pages = {
        "policies/a/": _page("养老服务补贴", "申请条件。"),
        "policies/b/": _page("最低生活保障", "保障标准。"),
        "catalogues/x/#row-1": _page(text="乡村振兴 补贴发放"),
    }
    _bundle(tmp_path, "old", pages)
    changed = {**pages, "policies/b/": _page("最低生活保障", "保障标准提高到每月 900 元。")}
    _bundle(tmp_path, "fresh", changed)
    unchanged = ("policies/a/", "catalogues/x/#row-1")
    linked = _bundle(tmp_path, "again", changed, tmp_path / "old", unchanged)
    old = _fragments(tmp_path / "old")
    assert len(old) == 3 and len(linked) == 2 and linked <= set(old)  # (not the changed page's)
    assert search_bundle.settle(tmp_path / "again", linked)
    # the two unchanged pages' fragments are the previous files, the changed page's is new: the
    # same files and bytes as indexed from nothing
    now = _fragments(tmp_path / "again")
    assert sum(old.get(name) == inode for name, inode in now.items()) == 2 and len(now) == 3
    assert _files(tmp_path / "again") == _files(tmp_path / "fresh")


def test_no_old_text_is_linked_under_a_new_fragments_name(tmp_path: Path) -> None:
    """A fragment is named by seven hex digits of its hash. Were a previous file named as a
    changed or new page's fragment is now (two contents sharing them), pagefind would not
    write it and the part would show the old text: only the fragments of unchanged pages are
    linked, whatever their names. Here the previous fragment of a page that went is named as
    the new page's is, beside a page without words (not indexed)."""
    pages = {
        "policies/a/": _page("养老服务补贴"),
        "policies/c/": _page(),
        "policies/r/": _page("最低生活保障"),
    }
    _bundle(tmp_path, "old", pages)
    changed = {"policies/a/": _page("养老服务补贴"), "policies/c/": _page(), "policies/x/": _page("临时救助")}
    _bundle(tmp_path, "fresh", changed)
    old, fresh = set(_fragments(tmp_path / "old")), set(_fragments(tmp_path / "fresh"))
    assert len(old) == len(fresh) == 2  # (c has no words: no fragment)
    (went,), (made,) = old - fresh, fresh - old
    os.rename(tmp_path / "old" / "fragment" / went, tmp_path / "old" / "fragment" / made)
    linked = _bundle(tmp_path, "again", changed, tmp_path / "old", ("policies/a/", "policies/c/"))
    assert made not in linked and len(linked) == 1
    assert search_bundle.settle(tmp_path / "again", linked)
    assert "临时救助".encode() in _gunzip(tmp_path / "again" / "fragment" / made)
    assert _files(tmp_path / "again") == _files(tmp_path / "fresh")


def test_a_page_that_shared_a_name_before_is_written_again(tmp_path: Path) -> None:
    """Where two pages of the previous part shared the seven digits, pagefind lengthened one
    of the names. When the other page changes, the unchanged one gets the usual name, under
    which the previous part holds the changed page's old text: that file is not linked, the
    lengthened one is linked and then removed (no page names it)."""
    pages = {
        "policies/u/": _page("养老服务补贴"),
        "policies/v/": _page("最低生活保障"),
    }
    _bundle(tmp_path, "old", pages)
    changed = {**pages, "policies/v/": _page("临时救助")}
    _bundle(tmp_path, "fresh", changed)
    old = tmp_path / "old" / "fragment"
    (stale,) = set(os.listdir(old)) - set(_fragments(tmp_path / "fresh"))  # v's previous fragment
    (usual,) = set(os.listdir(old)) - {stale}  # u's
    lengthened = usual.replace(".pf_fragment", "0.pf_fragment")
    # as pagefind names a collision: u's lengthened, v's old text under u's usual name
    os.rename(old / usual, old / lengthened)
    os.rename(old / stale, old / usual)
    linked = _bundle(tmp_path, "again", changed, tmp_path / "old", ("policies/u/",))
    assert linked == {lengthened}
    assert search_bundle.settle(tmp_path / "again", linked)
    assert not (tmp_path / "again" / "fragment" / lengthened).exists()
    assert "养老服务补贴".encode() in _gunzip(tmp_path / "again" / "fragment" / usual)
    assert _files(tmp_path / "again") == _files(tmp_path / "fresh")


def _gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def test_the_build_goes_on_once_pagefind_runs(tmp_path: Path) -> None:
    """index_site says pagefind is at work (the build's main thread, waiting for that, goes
    on) only once its process runs: the thread that starts it needs the interpreter, which
    the main thread would hold."""
    records = [
        SearchRecord(f"policies/p{n}/", f"<div data-pagefind-body><p>养老服务补贴第 {n} 项</p></div>", [])
        for n in range(3)
    ]
    stop = search.Stop()
    running: list[int] = []
    (tmp_path / "site").mkdir()
    search.index_site(tmp_path / "site", records, stop=stop, then=lambda: running.append(len(stop.running)))
    assert running == [1]
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()


_TOOLS_AS_WRITTEN = re.compile(r'\s*<p class="zwgk-tools">.*?</p>', re.S)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                ' <p class="zwgk-tools">',
                '<p class="zwgk-tools">',
                "</p>",
                "<p>",
                "朗读",
                " ",
                "\n",
                "\u3000",
                "x",
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_a_record_leaves_out_the_tools_paragraph_as_the_pattern_did(html: str) -> None:
    """The read-aloud paragraph is cut by two finds: the same cut as the first pattern's."""
    assert search_records._without_tools(html) == _TOOLS_AS_WRITTEN.sub("", html, count=1)

"""How a query becomes search terms: the words of the index, without question words, with the
short forms of the field expanded; and the keys of the exact lookup shipped with the site.

The site's search script (``theme/assets/zwgk-search.js``) does the same in the browser; this
module is the reference the tests hold the script to (they feed both the same queries), and
the build uses its keys and synonyms to write the lookup and synonym files the script reads.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

MAX_WORD = 8  # longest word the query segmenter looks for
MAX_ALTERNATIVES = 6  # searches made for one query (the query itself and its short forms)
MAX_FALLBACKS = 12  # sub-queries tried when nothing matches the whole query

# Words that carry no meaning of their own in a question (search-vocabulary.md). They are
# dropped when the segmenter cuts them out as words of their own, never from inside a word.
QUESTION_WORDS: tuple[str, ...] = (
    "怎么办",
    "怎么",
    "怎样",
    "如何",
    "哪里",
    "哪儿",
    "在哪",
    "什么",
    "多少",
    "是否",
    "能否",
    "可以",
    "需要",
    "请问",
    "我想",
    "我要",
    "了解",
    "哪些",
    "几时",
    "时候",
    "吗",
    "呢",
    "吧",
    "了",
    "的",
    "呀",
    "啊",
    "在",
    "有",
    "去",
    "要",
    "是",
)

# Words that ask for a service (how to apply, what standard, where): a catalogue row listing
# them as 公开内容 answers such a query better than a document that mentions them in passing.
SERVICE_WORDS: tuple[str, ...] = (
    "申请",
    "办理",
    "条件",
    "材料",
    "标准",
    "流程",
    "程序",
    "时间",
    "地点",
    "电话",
    "公示",
    "查询",
    "结果",
    "名单",
    "名录",
)

# Short forms and everyday names of the field → what documents and catalogues say
# (search-vocabulary.md). A site adds its own in content/search.yml.
BUILTIN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "低保": ("最低生活保障",),
    "城市低保": ("城市最低生活保障",),
    "农村低保": ("农村最低生活保障",),
    "低保户": ("最低生活保障",),
    "特困": ("特困人员救助供养",),
    "五保": ("特困人员救助供养",),
    "五保户": ("特困人员救助供养",),
    "临救": ("临时救助",),
    "两项补贴": ("困难残疾人生活补贴", "重度残疾人护理补贴"),
    "残疾人补贴": ("困难残疾人生活补贴", "重度残疾人护理补贴"),
    "高龄补贴": ("高龄津贴",),
    "医保": ("医疗保障", "基本医疗保险", "城乡居民基本医疗保险"),
    "新农合": ("城乡居民基本医疗保险",),
    "社保": ("社会保险",),
    "养老金": ("基本养老保险", "基础养老金"),
    "城乡居保": ("城乡居民基本养老保险",),
    "公积金": ("住房公积金",),
    "公租房": ("公共租赁住房",),
    "廉租房": ("廉租住房", "公共租赁住房"),
    "经适房": ("经济适用住房",),
    "棚改": ("棚户区改造",),
    "保障房": ("保障性住房",),
    "危改": ("农村危房改造",),
    "危房改造": ("农村危房改造",),
    "拆迁": ("房屋征收", "国有土地上房屋征收与补偿"),
    "征地": ("土地征收", "征地补偿"),
    "义教": ("义务教育",),
    "入学": ("招生入学", "义务教育"),
    "招生": ("招生入学",),
    "双随机": ("双随机、一公开",),
    "一卡通": ("惠民惠农财政补贴资金一卡通",),
    "惠民补贴": ("惠民惠农财政补贴资金一卡通",),
    "地力补贴": ("耕地地力保护补贴",),
    "农机补贴": ("农机购置补贴", "农机购置与应用补贴"),
    "预决算": ("预算", "决算", "财政预决算"),
    "环评": ("环境影响评价",),
    "排污许可": ("排污许可证",),
    "招投标": ("招标投标", "公共资源交易"),
    "政采": ("政府采购",),
    "户口": ("户籍", "户口迁移", "落户"),
    "身份证": ("居民身份证",),
    "依申请": ("依申请公开", "政府信息公开申请"),
    "年报": ("政府信息公开工作年度报告",),
}


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# full-width ASCII (U+FF01–U+FF5E) and the ideographic space, each as NFKC has it
_HALF_WIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def normalise(query: str) -> str:
    """Full-width letters, digits and spaces as half-width (ＡＢＣ１２ → ABC12); trimmed."""
    if _FULL_WIDTH.search(query) is None:  # (translating looks up every character)
        return query.strip()
    return query.translate(_HALF_WIDTH).strip()


def synonym_table(site: Mapping[str, Iterable[str]] | None = None) -> dict[str, list[str]]:
    """Each word → the words a query for it also searches for.

    The built-in short forms point one way (低保 → 最低生活保障); a site's own pairs in
    search.yml work both ways, as content-format.md says.
    """
    table: dict[str, list[str]] = {k: list(v) for k, v in BUILTIN_SYNONYMS.items()}

    def add(key: str, value: str) -> None:
        if key != value and value not in table.setdefault(key, []):
            table[key].append(value)

    for key, values in (site or {}).items():
        for value in values:
            add(key, value)
            add(value, key)
    return dict(sorted(table.items()))


# --- the exact lookup ---------------------------------------------------------------------------

# 示民发〔2026〕11号 and the ways people type it: [2026], （2026）, (2026), 2026年, without 号
_DOC_NUMBER = re.compile(
    r"^(\D*?[^\d\s])\s*[〔\[［（(【]?\s*((?:19|20)\d\d)\s*[〕\]］）)】年]?\s*第?(\d{1,5})\s*号?$"
)
_NOT_KEY = re.compile(r"[\s\W_]+")


def doc_number_key(text: str) -> str | None:
    """The canonical form of a 发文字号 (示民发〔2026〕11号), or None when it is not one."""
    return _doc_number_key(normalise(text))


def _doc_number_key(normalised: str) -> str | None:
    found = _DOC_NUMBER.match(normalised)
    if not found:
        return None
    prefix = _NOT_KEY.sub("", found.group(1))
    return f"{prefix}〔{found.group(2)}〕{int(found.group(3))}号" if prefix else None


def lookup_key(text: str) -> str:
    """What a query must equal to be an exact match: a canonical 发文字号, or the text without
    spaces and punctuation, letters in lower case."""
    normalised = normalise(text)
    return _doc_number_key(normalised) or _NOT_KEY.sub("", normalised).lower()


def doc_prefix_key(doc_number: str) -> str | None:
    """The 机关代字 of a 发文字号 (示民发 of 示民发〔2026〕11号), as a lookup key."""
    key = doc_number_key(doc_number)
    return lookup_key(key.split("〔", 1)[0]) if key else None


def shard_of(key: str, shards: int) -> int:
    """CRC-32 (zlib's) of the key's UTF-8; the script computes the same. (Sixty thousand keys
    are placed in every build: a hash written in Python took a fifth of a second.)"""
    return zlib.crc32(key.encode("utf-8", "replace")) % shards


# --- query terms ----------------------------------------------------------------------------------


@dataclass
class Plan:
    """What is searched for a query: the term lists (the query's content words, then each with a
    short form replaced by what documents say), whether it asks for a service, and the
    sub-queries tried, most specific first, when nothing matches the whole."""

    terms: list[str]
    alternatives: list[list[str]] = field(default_factory=list)
    asking: bool = False
    fallbacks: list[list[str]] = field(default_factory=list)


def plan(query: str, vocabulary: set[str], synonyms: Mapping[str, list[str]]) -> Plan:
    """The terms the site's script searches for ``query`` (mirrors its ``plan``)."""
    words = vocabulary | set(QUESTION_WORDS) | set(synonyms)
    cut = segment(normalise(query), words)
    terms = [t for t in cut if t not in QUESTION_WORDS]
    if not terms:  # a query of question words only: search for what was typed
        terms = cut
    asking = len(terms) < len(cut) or any(w in t or t in w for t in terms for w in SERVICE_WORDS)
    alternatives = [terms]
    for n, term in enumerate(terms):
        for value in synonyms.get(term, []):
            alt = terms[:n] + segment(value, vocabulary) + terms[n + 1 :]
            if alt not in alternatives and len(alternatives) < MAX_ALTERNATIVES:
                alternatives.append(alt)
    return Plan(terms, alternatives, asking, fallbacks(terms))


def fallbacks(terms: list[str]) -> list[list[str]]:
    """Sub-queries of ``terms``, most specific first.

    A single character stands alone only where no indexed word covers it, so the words alone
    come first; then fewer words, longer ones before shorter, earlier before later.
    """
    unique = list(dict.fromkeys(terms))
    words = [t for t in unique if len(t) > 1]
    out: list[list[str]] = [words] if words and len(words) < len(unique) else []
    for size in range(len(words) - 1, 0, -1):
        subsets = [list(c) for c in combinations(words, size)]
        subsets.sort(key=lambda s: -sum(len(t) for t in s))  # stable: earlier terms first on ties
        out.extend(subsets)
        if len(out) >= MAX_FALLBACKS:
            break
    return out[:MAX_FALLBACKS]


def segment(query: str, vocabulary: set[str]) -> list[str]:
    """The query segmentation the site's script performs.

    Runs of Chinese characters are cut into the fewest known words (a character no word
    covers stands alone); other runs of letters and digits are kept, in lower case; the rest
    separates.
    """
    terms: list[str] = []
    run = ""
    for ch in query + " ":
        kind = "cjk" if is_cjk(ch) else ("word" if ch.isalnum() else "sep")
        if run and (kind != ("cjk" if is_cjk(run[-1]) else "word")):
            terms.extend(_cut(run, vocabulary) if is_cjk(run[-1]) else [run.lower()])
            run = ""
        if kind != "sep":
            run += ch
    return terms


def _cut(run: str, vocabulary: set[str]) -> list[str]:
    n = len(run)
    best: list[tuple[int, int]] = [(0, 0)] + [(n + 1, 0)] * n  # (terms, start of last term)
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_WORD), end):
            piece = run[start:end]
            if end - start == 1 or piece in vocabulary:
                cost = best[start][0] + 1
                if cost < best[end][0]:
                    best[end] = (cost, start)
    out: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]
        out.append(run[start:end])
        end = start
    return out[::-1]

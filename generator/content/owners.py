"""Who approves a change to which file: each organization's ``reviewers`` (organizations.yml)
over the files that belong to it, written as a GitHub CODEOWNERS file (``zwgk codeowners``).

A file belongs to the organizations its own keys name, never to the one its path suggests:
a catalogue to its ``organization``, an annual report to its ``organization``, a policy to its
``issuer`` (every issuer of a joint document), an interpretation to its ``interpreter``. Each
such file gets one line of its own, so no pattern can catch a file it should not, and the
order of the lines does not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.corpus import Corpus
from generator.content.load import FileResult

# the kinds of file that belong to organizations, in the order CODEOWNERS lists them
OWNED_KINDS: dict[str, str] = {
    "catalogue": "标准目录",
    "annual-report": "政府信息公开工作年度报告",
    "policy": "政策文件",
    "interpretation": "政策解读",
}
_ORG_KEY = {"annual-report": "organization", "policy": "issuer", "interpretation": "interpreter"}

HEADER = """\
# 本文件由 zwgk codeowners 根据 {content}/organizations.yml 中各机构的 reviewers（审核人）生成，请不要手工修改。
# 修改审核人：编辑 {content}/organizations.yml 的 reviewers，然后在仓库根目录运行
#   zwgk codeowners{options}
# 重新生成本文件并提交。每个机构的标准目录、年度报告、政策文件（发文机关）和政策解读（解读机关）
# 各占一行：修改这些文件的 Pull Request 需要该机构的审核人批准（在仓库设置的分支保护规则中
# 勾选 Require review from Code Owners 后生效）。没有审核人的机构，其文件不在这里列出。
"""


def file_organizations(corpus: Corpus, f: FileResult) -> tuple[str, ...]:
    """The ids of the registered organizations ``f`` belongs to (none for other kinds of file).

    Read from the model, or, where the model failed, from what is right on its own.
    """
    values: list[str] = []
    if f.kind == "catalogue":
        if f.refs is not None and f.refs.organization:
            values = [f.refs.organization]
    elif f.kind in _ORG_KEY:
        key = _ORG_KEY[f.kind]
        raw = getattr(f.model, key) if f.model is not None else f.salvaged.get(key)
        values = [raw] if isinstance(raw, str) else [v for v in raw or () if isinstance(v, str)]
    out: list[str] = []
    for value in values:
        org = corpus.resolve_org(value)
        if org is not None and org not in out:
            out.append(org)
    return tuple(out)


@dataclass(frozen=True)
class OwnedFile:
    """One file and who approves changes to it."""

    kind: str
    rel: str  # relative to content/
    organizations: tuple[str, ...]
    reviewers: tuple[str, ...]


def owned_files(corpus: Corpus) -> list[OwnedFile]:
    """Every file that belongs to an organization with reviewers: by kind (catalogues, annual
    reports, policies, interpretations), then by path."""
    out: list[OwnedFile] = []
    order = list(OWNED_KINDS)
    for f in sorted(corpus.files, key=lambda f: (order.index(f.kind) if f.kind in order else -1, f.rel)):
        if f.kind not in OWNED_KINDS:
            continue
        orgs = file_organizations(corpus, f)
        reviewers: list[str] = []
        for org in orgs:
            for reviewer in corpus.organizations[org].reviewers:
                if reviewer.lower() not in (r.lower() for r in reviewers):
                    reviewers.append(reviewer)
        if reviewers:
            out.append(OwnedFile(f.kind, f.rel, orgs, tuple(reviewers)))
    return out


_SPECIAL = re.compile(r"([\\ #*?\[\]!])")


def _pattern(path: str) -> str:
    """A path from the repository's root as CODEOWNERS reads it: anchored, nothing a pattern."""
    return "/" + _SPECIAL.sub(r"\\\1", path)


def codeowners(corpus: Corpus, content_prefix: str, options: str = "") -> str:
    """The CODEOWNERS text. ``content_prefix``: the content folder from the repository's root
    (``content``); ``options``: how the command was called beyond its defaults, for the header.

    One section per organization, in the order of organizations.yml; a file of several
    organizations (a joint policy) is listed under the first, with every one's reviewers.
    """
    prefix = content_prefix.strip("/")
    out = [HEADER.format(content=prefix or ".", options=options)]
    files = owned_files(corpus)
    for org_id, org in corpus.organizations.items():
        mine = [f for f in files if f.organizations[0] == org_id]
        if not mine:
            continue
        out.append(f"\n# {org.name}（{org_id}）\n")
        for f in mine:
            path = f"{prefix}/{f.rel}" if prefix else f.rel
            out.append(f"{_pattern(path)} {' '.join(f.reviewers)}\n")
    return "".join(out)

"""Rules across files: references, uniqueness, interpretations and their deadline, staleness."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator
from typing import Any

from generator.checks.file import DOC_NUMBER
from generator.checks.registry import CORPUS_RULES, corpus_rule, declared
from generator.content import model as m
from generator.content.corpus import Corpus
from generator.content.diagnostics import Diagnostic
from generator.content.domains import builtin_registry
from generator.content.load import FileResult
from generator.content.owners import file_organizations
from generator.content.variants import canonical_doc_number
from generator.content.yamlsafe import Path


def _reader(f: FileResult) -> Callable[[str], Any]:
    """The top-level fields of a policy or an interpretation: from its model, or, when the model
    failed, as read on their own (None when a field is wrong too: reported in its file)."""
    model = f.model
    if model is None:
        return f.salvaged.get
    return lambda name: getattr(model, name)


def _hint(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return f"是不是要写“{close[0]}”？" if close else ""


def _org_problem(corpus: Corpus, f: FileResult, path: Path, value: str) -> Diagnostic | None:
    if corpus.resolve_org(value) is not None or corpus.org_file is None:
        return None
    if corpus.org_file.model is None:
        return None  # organizations.yml is broken: reported there, not at every reference
    hint = _hint(value, list(corpus.org_lookup))
    return f.diag(
        "E302",
        path,
        f"“{value}”不是已登记的机构。{hint}请写 organizations.yml 中的机构编号或全称，新机构请先在那里登记",
    )


def _domain_problem(corpus: Corpus, f: FileResult, path: Path, value: str) -> Diagnostic | None:
    reg = corpus.domains
    spelling = value.strip()
    if spelling in reg.ambiguous:
        names = "、".join(reg.domains[s].name for s in reg.ambiguous[spelling])
        return f.diag(
            "E301",
            path,
            f"“{value}”同时是{names}的别名，无法确定是哪个领域：请写领域的正式名称",
        )
    if reg.resolve(spelling) is not None:
        return None
    hint = _hint(spelling, list(reg.lookup))
    return f.diag(
        "E301",
        path,
        f"“{value}”不是已知的领域。{hint}请写 26 个试点领域之一（名称、别名或英文代号），"
        "本地领域请先在 domains.yml 中声明",
    )


@corpus_rule("E301", "E302", "E303")
def references(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """Domains, organizations, and the policies a catalogue's 公开依据 refers to."""
    for f in corpus.catalogues:
        c = f.refs
        if c is None:
            continue
        if c.domain is not None and (d := _domain_problem(corpus, f, ("domain",), c.domain)):
            yield d
        if c.organization is not None and (d := _org_problem(corpus, f, ("organization",), c.organization)):
            yield d
        for i, j, subject in c.subjects:
            if (d := _org_problem(corpus, f, ("items", i, "subjects", j), subject)) is not None:
                yield d
        for i, j, ref in c.policies:
            if corpus.resolve_policy(ref) is None and (
                canonical_doc_number(ref) not in corpus.broken_policy_refs
            ):
                hint = _hint(canonical_doc_number(ref), list(corpus.policy_lookup))
                yield f.diag(
                    "E303",
                    ("items", i, "basis", j, "policy"),
                    f"找不到政策文件“{ref}”。{hint}请写 content/policies 中政策的编号（文件名）"
                    "或发文字号；引用的不是本站文件时，直接写文件名称即可，不要用 policy:",
                )
    for f in corpus.policies:
        read = _reader(f)
        for i, issuer in enumerate(read("issuer") or ()):
            if (d := _org_problem(corpus, f, ("issuer", i), issuer)) is not None:
                yield d
        drafter = read("drafter")
        if drafter and (d := _org_problem(corpus, f, ("drafter",), drafter)) is not None:
            yield d
        for i, name in enumerate(read("domains") or ()):
            if (d := _domain_problem(corpus, f, ("domains", i), name)) is not None:
                yield d
    for f in corpus.interpretations:
        interpreter = _reader(f)("interpreter")
        if interpreter and (d := _org_problem(corpus, f, ("interpreter",), interpreter)):
            yield d
    for f in corpus.annual_reports:
        reporter = _reader(f)("organization")
        if reporter and (d := _org_problem(corpus, f, ("organization",), reporter)):
            yield d


@corpus_rule("E305")
def local_domains(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """domains.yml must not clash with the built-in domains or itself."""
    f = corpus.domains_file
    if f is None or not isinstance(f.model, m.Domains):
        return
    builtin = {d.slug: d for d in corpus.domains.domains.values() if d.builtin}
    builtin_lookup = builtin_registry().lookup
    for i, local in enumerate(f.model.root):
        base = builtin.get(local.slug)
        if base is not None and local.name and local.name != base.name:
            yield f.diag(
                "E305",
                (i, "name"),
                f"“{local.slug}”是内置领域“{base.name}”的代号：为内置领域补充别名时不要写 name，"
                "本地新领域请换一个代号",
            )
        if base is None and not local.name:
            yield f.diag("E305", (i, "slug"), f"本地领域“{local.slug}”缺少 name（领域名称）：请补上")
    claimed: dict[str, str] = {}
    for i, local in enumerate(f.model.root):
        for j, spelling in enumerate([local.name or "", *local.aliases]):
            if not spelling:
                continue
            owner = builtin_lookup.get(spelling) or claimed.get(spelling)
            if owner is not None and owner != local.slug:
                path: Path = (i, "name") if j == 0 else (i, "aliases", j - 1)
                shown = corpus.domains.domains[owner].name if owner in corpus.domains.domains else owner
                yield f.diag("E305", path, f"“{spelling}”已经是领域“{shown}”的名称或别名：请换一个叫法")
            claimed.setdefault(spelling, local.slug)


def _duplicates(
    groups: dict[str, list[tuple[FileResult, Path]]], code: str, label: str
) -> Iterator[Diagnostic]:
    """Every file of a group that shares one value, each naming the others."""
    for value, members in groups.items():
        if len(members) < 2:
            continue
        for f, path in members:
            others = "、".join(o.rel for o, _ in members if o is not f)
            yield f.diag(code, path, f"{label}“{value}”与 {others} 重复：请核对，每份文件的{label}必须唯一")


@corpus_rule("E403", "E404", "E405", "E406")
def uniqueness(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """Unique 索引号, 发文字号 and document ids; one catalogue per organization and domain."""
    for kind, files in (("政策", corpus.policies), ("解读", corpus.interpretations)):
        ids: dict[str, list[tuple[FileResult, Path]]] = {}
        for f in files:
            ids.setdefault(f.doc_id, []).append((f, ()))
        for doc_id, members in ids.items():
            if len(members) > 1:
                for f, _ in members:
                    others = "、".join(o.rel for o, _ in members if o is not f)
                    yield f.diag(
                        "E405",
                        (),
                        f"{kind}编号“{doc_id}”与 {others} 重复：文件名（不含 .md）就是编号，请改名",
                    )
    numbers: dict[str, list[tuple[FileResult, Path]]] = {}
    indexes: dict[str, list[tuple[FileResult, Path]]] = {}
    for f in corpus.policies:
        read = _reader(f)
        if doc_number := read("doc_number"):
            numbers.setdefault(canonical_doc_number(doc_number), []).append((f, ("doc_number",)))
        if index_number := read("index_number"):
            indexes.setdefault(index_number, []).append((f, ("index_number",)))
    yield from _duplicates(numbers, "E404", "发文字号")
    yield from _duplicates(indexes, "E403", "索引号")
    seen: dict[tuple[str, str], FileResult] = {}
    for f in sorted(corpus.catalogues, key=lambda f: f.rel):
        c = f.refs
        if c is None:
            continue
        if c.domain is None or c.organization is None:
            continue
        slug = corpus.domains.resolve(c.domain)
        org = corpus.resolve_org(c.organization)
        if slug is None or org is None or c.domain.strip() in corpus.domains.ambiguous:
            continue
        other = seen.setdefault((slug, org), f)
        if other is not f:
            yield f.diag(
                "E406",
                ("domain",),
                f"{other.rel} 已经是同一机构在“{corpus.domains.domains[slug].name}”领域的目录："
                "请把两个文件的事项合并到一个文件里",
            )


@corpus_rule("E304", "E506", "E507", "W508", "W509", "W510", "W512")
def interpretations(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """Interpretations: what they interpret, by whom, and when; policies that lack one."""
    linked: dict[str, list[FileResult]] = {}
    deadline = corpus.interpretation_deadline
    for f in corpus.interpretations:
        it = f.model
        if not isinstance(it, m.Interpretation):
            # invalid (reported in its file), but still evidence that its policy is interpreted
            for ref in f.ref_hints:
                if (target := corpus.resolve_policy(ref)) is not None:
                    linked.setdefault(target.rel, [])
        interprets = _reader(f)("interprets")
        if not interprets:
            continue
        target = corpus.resolve_policy(interprets)
        if target is None:
            if canonical_doc_number(interprets) in corpus.broken_policy_refs:
                continue
            close = difflib.get_close_matches(
                canonical_doc_number(interprets), list(corpus.policy_lookup), n=1, cutoff=0.5
            )
            hint = f"是不是要写“{close[0]}”？" if close else ""
            if close:  # most likely a typo: that policy is not also reported as uninterpreted
                linked.setdefault(corpus.policy_lookup[close[0]].rel, [])
            yield f.diag(
                "E304",
                ("interprets",),
                f"找不到被解读的政策“{interprets}”。{hint}请写政策文件的编号（文件名）或发文字号",
            )
            continue
        if not isinstance(it, m.Interpretation):
            linked.setdefault(target.rel, [])  # its dates are wrong: judged once they are fixed
            continue
        linked.setdefault(target.rel, []).append(f)
        p = target.model
        assert isinstance(p, m.Policy)
        if p.disclosure != "主动公开":
            yield f.diag(
                "W512",
                ("interprets",),
                f"所解读的政策“{p.title}”的公开属性是“{p.disclosure}”：请核对公开属性，或删除这份解读",
            )
        if it.published < p.published:
            yield f.diag(
                "W510",
                ("published",),
                f"解读发布日期 {it.published} 早于政策发布日期 {p.published}：请核对日期",
            )
        else:
            days, unknown = corpus.calendar.workdays_after(p.published, it.published)
            if unknown:
                years = "、".join(str(y) for y in unknown)
                yield f.diag(
                    "W509",
                    ("published",),
                    f"{years} 年的放假调休安排未知，工作日暂按周一至周五计算：请在 content/holidays.yml 中补充",
                )
            if days > deadline:
                yield f.diag(
                    "E507",
                    ("published",),
                    f"解读在政策发布（{p.published}）后第 {days} 个工作日才发布，超过了 {deadline} 个工作日的时限："
                    "解读应与政策同步发布",
                )
        drafter_id = corpus.resolve_org(p.drafter or p.issuer[0])
        interpreter_id = corpus.resolve_org(it.interpreter)
        if drafter_id and interpreter_id and drafter_id != interpreter_id:
            shown = corpus.organizations[drafter_id].name
            yield f.diag(
                "W508",
                ("interpreter",),
                f"按“谁起草、谁解读”，应由起草单位“{shown}”解读：请核对解读机关",
            )
    for f in corpus.policies:
        p = f.model
        if not isinstance(p, m.Policy):
            continue
        if p.disclosure == "主动公开" and p.needs_interpretation and f.rel not in linked:
            name = p.doc_number if p.doc_number and DOC_NUMBER.match(p.doc_number) else f.doc_id
            yield f.diag(
                "E506",
                ("title",),
                f"这份主动公开的政策还没有解读：请在 content/interpretations/{p.published.year}/ 中添加解读"
                f"（interprets: {name}），确实无需解读时写 needs_interpretation: false 并说明理由",
            )


@corpus_rule("W511", "W514")
def staleness(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """A catalogue not reviewed for more than a year, or with no review date at all."""
    for f in corpus.catalogues:
        c = f.refs
        # (of a broken catalogue, a missing date may be one that is wrong: reported in the file)
        if c is not None and not c.updated and not c.partial:
            yield f.diag(
                "W514",
                ("domain",),
                "目录没有写复核日期，无法判断是否及时更新：请在文件中加上 updated: 复核日期（YYYY-MM-DD）",
            )
        if c is not None and c.updated and (today - dt.date.fromisoformat(c.updated)).days > 365:
            yield f.diag(
                "W511",
                ("updated",),
                f"目录最近一次复核是 {c.updated}，已超过一年：请复核目录并把 updated 改为复核日期",
            )


@corpus_rule("W901")
def reviewers(corpus: Corpus, today: dt.date) -> Iterator[Diagnostic]:
    """An organization that publishes catalogues names who approves changes to them."""
    f = corpus.org_file
    if f is None or not isinstance(f.model, m.Organizations):
        return
    with_catalogues = {org for c in corpus.catalogues for org in file_organizations(corpus, c)}
    for i, org in enumerate(f.model.root):
        if org.reviewers or org.id not in with_catalogues or corpus.organizations.get(org.id) is not org:
            continue
        yield f.diag(
            "W901",
            (i, "id"),
            f"{org.name}有标准目录，但没有写审核人：请在这一项加上 reviewers（审核本机构文件修改的 GitHub "
            f'用户或团队），例如 reviewers: ["@example-county/{org.id}"]（example-county 换成本县在 GitHub 上的组织名），'
            "然后运行 zwgk codeowners 更新 .github/CODEOWNERS",
        )


def run_corpus_rules(corpus: Corpus, today: dt.date) -> list[Diagnostic]:
    """Every cross-file rule, on the loaded corpus."""
    out: list[Diagnostic] = []
    for rule in CORPUS_RULES:
        out.extend(declared(rule, rule.check(corpus, today)))
    return out

"""The compliance figures as text for a terminal, or as Markdown for a pull request's summary.

Both give the same sections in the same order, with the lists behind every number; the JSON
form is :func:`generator.checks.compliance.as_json`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.checks.compliance import AnnualReportStatus, Compliance, Interpretations, Unit
from generator.content.diff import md

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

TITLE = "政务公开考评自查报告"
SECTIONS = (
    "一、标准目录覆盖情况",
    "二、各领域标准目录",
    "三、政策解读",
    "四、目录动态调整",
    "五、依申请公开、不予公开的理由",
    "六、政府信息公开工作年度报告",
)


def _line(value: str) -> str:
    """One line for a terminal: newlines as ⏎, control characters (escape sequences) visible."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎").replace("\t", " ")
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", value)


def interpretation_summary(figures: Interpretations) -> str:
    return (
        f"需要解读 {figures.required} 件：按时 {figures.on_time} 件，"
        f"逾期 {len(figures.late)} 件，缺少解读 {len(figures.missing)} 件"
    )


def coverage_line(report: Compliance, unit: Unit) -> str:
    return f"已覆盖 {len(unit.covered)}/{report.pilot_domains} 个试点领域，目录 {unit.catalogues} 份，事项 {unit.items} 条"


def forms_line(report: Compliance) -> str:
    used = sum(1 for n in report.forms.values() if n)
    shown = "、".join(f"{form} {n}" for form, n in report.forms.items())
    return f"解读形式：{shown}（使用了 {used} 种形式）"


def _doc(report: Compliance, policy: str, title: str, number: str | None, esc: Callable[[str], str]) -> str:
    label = f"《{title}》" if not title.startswith("《") else title
    return f"{esc(policy)} {esc(label)}" + (f"（{esc(number)}）" if number else "")


def format_text(report: Compliance) -> str:
    """The report for a terminal, in Chinese."""
    out = [f"{_line(report.site_name)} {TITLE}（截至 {report.generated}）"]
    units = [u for u in report.units if u.organizations]

    out += ["", SECTIONS[0]]
    for u in units:
        missing = "、".join(report.domain_name(s) for s in u.uncovered) or "无"
        out.append(f"  {_line(u.name)}：{coverage_line(report, u)}；未覆盖：{missing}")
        if u.local:
            out.append(f"    本地领域：{'、'.join(_line(report.domain_name(s)) for s in u.local)}")

    out += ["", SECTIONS[1], "  领域｜目录｜机构｜事项｜县级目录｜乡级目录"]
    for d in report.domains:
        if d.builtin or d.catalogues:
            levels = "｜".join(str(n) for n in d.levels.values())
            out.append(f"  {_line(d.name)}｜{d.catalogues}｜{d.organizations}｜{d.items}｜{levels}")

    figures = report.interpretations
    out += ["", f"{SECTIONS[2]}（时限：政策发布后 {report.deadline} 个工作日内）"]
    out.append(f"  {interpretation_summary(figures)}")
    for u in units:
        if u.interpretations.required:
            out.append(f"    {_line(u.name)}：{interpretation_summary(u.interpretations)}")
    if figures.late:
        out.append("  逾期发布的解读：")
        for x in figures.late:
            out.append(
                f"    {_doc(report, x.policy, x.title, x.doc_number, _line)} {x.published} 发布，"
                f"解读 {_line(x.interpretation)} {x.interpretation_published} 发布，"
                f"第 {x.working_days} 个工作日（超过 {x.working_days - report.deadline} 个）"
            )
    if figures.missing:
        out.append("  缺少解读：")
        for y in figures.missing:
            who = _line(report.org_name(y.organization))
            out.append(
                f"    {_doc(report, y.policy, y.title, y.doc_number, _line)} {y.published} 发布，起草单位 {who}"
            )
    out.append(f"  {forms_line(report)}")

    out += ["", f"{SECTIONS[3]}：超过一年未复核的目录 {len(report.stale_catalogues)} 份"]
    for c in report.stale_catalogues:
        out.append(
            f"    {_line(c.path)}：{_line(report.org_name(c.organization))} {_line(report.domain_name(c.domain))}，"
            f"最近复核 {c.updated}（{c.days} 天前）"
        )
    if report.undated_catalogues:
        out.append(f"  没有写复核日期的目录 {len(report.undated_catalogues)} 份")
        for c in report.undated_catalogues:
            out.append(
                f"    {_line(c.path)}：{_line(report.org_name(c.organization))} {_line(report.domain_name(c.domain))}"
            )

    out += ["", f"{SECTIONS[4]}：缺少理由 {len(report.unreasoned)} 项"]
    for r in report.unreasoned:
        what = "目录事项" if r.kind == "item" else "政策文件"
        out.append(f"    {_line(r.path)}：{what}“{_line(r.name)}”（{r.method}）没有说明理由")

    out += ["", SECTIONS[5]]
    if not report.annual_reports:
        out.append("  没有年度报告的记录")
    for a in report.annual_reports:
        out.append(f"    {_line(report.org_name(a.organization))} {a.year} 年度：{annual_status(a)}")
    return "\n".join(out)


def annual_status(a: AnnualReportStatus) -> str:
    if a.published is None:
        return f"缺失（应于 {a.due} 前发布）"
    return f"{a.published} 发布，" + ("按时" if a.on_time else f"逾期（应于 {a.due} 前发布）")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def format_markdown(report: Compliance, *, heading: str = "##") -> str:
    """The report as GitHub Markdown (the pull request's job summary); content is escaped."""
    sub = heading + "#"
    out = [f"{heading} {md(report.site_name)} {TITLE}（截至 {report.generated}）"]
    units = [u for u in report.units if u.organizations]

    out += ["", f"{sub} {SECTIONS[0]}", ""]
    out += _table(
        ["单位", "试点领域覆盖", "目录", "事项", "未覆盖的试点领域"],
        [
            [
                md(u.name),
                f"{len(u.covered)}/{report.pilot_domains}",
                str(u.catalogues),
                str(u.items),
                md("、".join(report.domain_name(s) for s in u.uncovered)) or "无",
            ]
            for u in units
        ],
    )

    out += ["", f"{sub} {SECTIONS[1]}", ""]
    out += _table(
        ["领域", "目录", "机构", "事项", "县级目录", "乡级目录"],
        [
            [md(d.name), str(d.catalogues), str(d.organizations), str(d.items), *map(str, d.levels.values())]
            for d in report.domains
            if d.builtin or d.catalogues
        ],
    )

    figures = report.interpretations
    out += [
        "",
        f"{sub} {SECTIONS[2]}",
        "",
        f"时限：政策发布后 {report.deadline} 个工作日内。{interpretation_summary(figures)}。",
    ]
    if figures.late:
        out += ["", "逾期发布的解读：", ""]
        out += _table(
            ["政策", "发布日期", "解读", "解读发布日期", "工作日"],
            [
                [
                    _doc(report, x.policy, x.title, x.doc_number, md),
                    str(x.published),
                    md(x.interpretation),
                    str(x.interpretation_published),
                    str(x.working_days),
                ]
                for x in figures.late
            ],
        )
    if figures.missing:
        out += ["", "缺少解读：", ""]
        out += _table(
            ["政策", "发布日期", "起草单位"],
            [
                [
                    _doc(report, y.policy, y.title, y.doc_number, md),
                    str(y.published),
                    md(report.org_name(y.organization)),
                ]
                for y in figures.missing
            ],
        )
    out += ["", forms_line(report) + "。"]

    out += ["", f"{sub} {SECTIONS[3]}", "", f"超过一年未复核的目录 {len(report.stale_catalogues)} 份。"]
    if report.stale_catalogues:
        out += [""]
        out += _table(
            ["文件", "机构", "领域", "最近复核", "天数"],
            [
                [
                    md(c.path),
                    md(report.org_name(c.organization)),
                    md(report.domain_name(c.domain)),
                    str(c.updated),
                    str(c.days),
                ]
                for c in report.stale_catalogues
            ],
        )
    if report.undated_catalogues:
        names = "、".join(md(c.path) for c in report.undated_catalogues)
        out += ["", f"没有写复核日期的目录 {len(report.undated_catalogues)} 份：{names}。"]

    out += ["", f"{sub} {SECTIONS[4]}", "", f"缺少理由 {len(report.unreasoned)} 项。"]
    if report.unreasoned:
        out += [""]
        out += _table(
            ["文件", "类别", "名称", "公开方式"],
            [
                [md(r.path), "目录事项" if r.kind == "item" else "政策文件", md(r.name), r.method]
                for r in report.unreasoned
            ],
        )

    out += ["", f"{sub} {SECTIONS[5]}", ""]
    if not report.annual_reports:
        out.append("没有年度报告的记录。")
    else:
        out += _table(
            ["机构", "年度", "情况"],
            [
                [md(report.org_name(a.organization)), str(a.year), annual_status(a)]
                for a in report.annual_reports
            ],
        )
    return "\n".join(out) + "\n"


# --- what a change does to the figures (a pull request against its base) ---------------------

CHANGES_TITLE = "本次修改对考评数据的影响"


def _unit_figures(report: Compliance) -> dict[str, tuple[str, dict[str, int]]]:
    return {
        u.key: (
            u.name,
            {
                "试点领域覆盖": len(u.covered),
                "目录": u.catalogues,
                "事项": u.items,
                "解读逾期": len(u.interpretations.late),
                "缺少解读": len(u.interpretations.missing),
                "超过一年未复核": u.stale,
                "缺少理由": u.unreasoned,
            },
        )
        for u in report.units
        if u.organizations
    }


def _lists(report: Compliance) -> dict[str, dict[str, str]]:
    """The lists behind the numbers, each entry by a stable key and how it reads."""
    return {
        "解读逾期": {
            x.policy: f"{x.policy}（第 {x.working_days} 个工作日）" for x in report.interpretations.late
        },
        "缺少解读": {y.policy: y.policy for y in report.interpretations.missing},
        "超过一年未复核的目录": {c.path: c.path for c in report.stale_catalogues},
        "没有写复核日期的目录": {c.path: c.path for c in report.undated_catalogues},
        "缺少理由": {f"{r.path}#{r.id}": f"{r.path}：{r.name}" for r in report.unreasoned},
        "年度报告逾期或缺失": {
            f"{a.organization}/{a.year}": f"{report.org_name(a.organization)} {a.year} 年度"
            for a in report.annual_reports
            if not a.on_time
        },
    }


def format_changes_markdown(before: Compliance, after: Compliance, base: str, *, heading: str = "###") -> str:
    """How the figures of ``after`` (this change) differ from ``before`` (its base), in Markdown."""
    out = [f"{heading} {CHANGES_TITLE}（与 {md(base)} 比较）", ""]
    rows: list[list[str]] = []
    old_units, new_units = _unit_figures(before), _unit_figures(after)
    for key in [*new_units, *(k for k in old_units if k not in new_units)]:
        name, new = new_units.get(key, old_units.get(key, ("", {})))
        old = old_units.get(key, (name, {}))[1]
        for label in new or old:
            a, b = old.get(label, 0), new.get(label, 0)
            if a != b:
                rows.append([md(name), label, str(a), str(b)])
    lines: list[str] = []
    old_lists, new_lists = _lists(before), _lists(after)
    for label, now in new_lists.items():
        was = old_lists[label]
        added = [now[k] for k in now if k not in was]
        gone = [was[k] for k in was if k not in now]
        if added:
            lines.append(f"- {label}，新增：{md('、'.join(added))}")
        if gone:
            lines.append(f"- {label}，已解决：{md('、'.join(gone))}")
    if not rows and not lines:
        return "\n".join([*out, "本次修改没有改变考评数据。", ""])
    if rows:
        out += _table(["单位", "项目", "修改前", "修改后"], rows)
    if lines:
        out += ["", *lines]
    return "\n".join([*out, ""])

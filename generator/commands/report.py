"""zwgk report: where the county stands on each point of the 政务公开 assessment."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.base import (
    CONTENT_DIR,
    EXIT_OK,
    EXIT_PROBLEMS,
    NO_CACHE,
    cache_dir,
    report_bug,
    today_option,
)
from generator.content.diff.result import DiffError

if TYPE_CHECKING:
    from generator.content.corpus import Corpus


@click.command(name="report")
@CONTENT_DIR
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，markdown 供 Pull Request 摘要，json 供省市平台读取。",
)
@today_option("按这一天统计目录是否超过一年未复核、年度报告是否到期")
@NO_CACHE
@click.option(
    "--base",
    metavar="REF",
    help="同时列出与这个 git 版本（如 origin/main）相比考评数据的变化（用于 Pull Request 摘要）。",
)
@click.pass_context
def report_command(
    ctx: click.Context,
    content_dir: Path,
    fmt: str,
    today: dt.datetime | None,
    no_cache: bool,
    base: str | None,
) -> int:
    """统计 CONTENT_DIR（默认 content）的政务公开考评要点。

    按领域和单位（县级、各乡镇）列出：试点领域覆盖、解读是否按时、解读形式、
    超过一年未复核的目录、依申请公开和不予公开是否说明理由、年度报告是否按时，
    以及每个数字背后的清单。内容有错误时照样统计，错误请用 zwgk check 查看。
    加 --base 时先列出本次修改带来的变化（markdown 和 text 格式）；
    json 格式中放在 changes_from_base 键下。
    退出码：0 已输出报告，1 程序出错，2 用法错误。
    """
    from generator.checks.compliance import as_json, compute
    from generator.checks.compliance_report import format_changes_markdown, format_markdown, format_text
    from generator.checks.file import run_file_rules
    from generator.content.corpus import load_corpus

    if not content_dir.is_dir():
        raise click.UsageError(f"找不到内容目录“{content_dir}”：请在站点根目录运行，或指定内容目录", ctx)
    day = today.date() if today else dt.date.today()
    before = None
    try:
        if base is not None:
            before = compute(base_corpus(base, content_dir), day)
        corpus = load_corpus(content_dir, cache_dir(no_cache, content_dir), run_file_rules)
        figures = compute(corpus, day)
    except DiffError as exc:
        raise click.UsageError(str(exc), ctx) from None
    except Exception as exc:
        report_bug(
            ctx, exc, "这是程序的问题，不是内容的问题。请加 --debug 重新运行，并把输出报告给维护人员。"
        )
        return EXIT_PROBLEMS
    changes = format_changes_markdown(before, figures, base) if before is not None and base else ""
    # the figures count what could be read: say so when files cannot be read as content, or
    # still hold a template's placeholders (E1xx, E2xx; the rules' own findings are the report)
    unreadable = [d for d in corpus.problems if d.code.startswith(("E1", "E2"))]
    unreadable += [d for f in corpus.files for d in f.diagnostics if d.code.startswith(("E1", "E2"))]
    errors = len(unreadable)
    caution = (
        f"注意：内容中有 {errors} 个格式错误（如日期写错、模板中未替换的占位内容），以上统计可能不准确。"
        "请运行 zwgk check 查看并改正。"
        if errors
        else ""
    )
    if fmt == "json":
        out = as_json(figures)
        if errors:  # only then: a clean tree's report equals the site's data/compliance.json
            out["content_errors"] = errors
        if before is not None:
            out["changes_from_base"] = {"base": base, "before": as_json(before)}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        note = f"> {caution}\n\n" if caution else ""
        click.echo(note + changes + ("\n" if changes else "") + format_markdown(figures), nl=False)
    else:
        click.echo(changes + ("\n" if changes else "") + format_text(figures))
        if caution:
            click.echo(caution)
    return EXIT_OK


def base_corpus(base: str, content_dir: Path) -> Corpus:
    """The content tree as it is at git ref ``base`` (empty when it has none there)."""
    from generator.checks.file import run_file_rules
    from generator.content.corpus import load_corpus
    from generator.content.diff.sides import materialise, repo_root, resolve_ref

    repo = repo_root(content_dir)
    commit = resolve_ref(repo, base)
    try:
        prefix = content_dir.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError as exc:
        raise DiffError(f"内容目录“{content_dir}”不在 git 仓库 {repo} 中") from exc
    with tempfile.TemporaryDirectory(prefix="zwgk-report-") as tmp:
        root = Path(tmp) / "content"
        root.mkdir()
        materialise(repo, commit, "" if prefix == "." else prefix, root)
        return load_corpus(root, None, run_file_rules)  # models built now: nothing read later

"""zwgk portal: a province's or city's portal over its counties' sites."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.base import EXIT_NO_MEMBERS, EXIT_OK, EXIT_PROBLEMS, report_bug
from generator.content.diagnostics import format_text


@click.command(name="portal")
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="portal.yml",
    show_default=True,
    help="门户设置文件。",
)
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="生成到哪个目录（默认为门户设置文件旁的 site/）。",
)
@click.pass_context
def portal_command(ctx: click.Context, config_file: Path, site_dir: Path | None) -> int:
    """生成省、市的政务公开门户：汇集 portal.yml 中各县（市、区）网站的数据。

    读取每个成员网站的 data/compliance.json、data/policies.json、data/catalogues.json 和
    搜索索引（pagefind/），生成跨县全文搜索、考评指标对比、最新政策文件和标准目录索引。
    读取不到的成员在页面上标为“暂不可用”并写明原因，其余照常生成；生成失败时保留上一次的门户。

    退出码：0 已生成（至少一个成员可用），1 门户设置有错误或无法生成，2 用法错误，
    3 已生成但所有成员都暂不可用。
    """
    from generator.portal.build import PortalBuildFailed, PortalConfigError, build_portal
    from generator.portal.members import Member

    if not config_file.is_file():
        raise click.UsageError(
            f"找不到门户设置文件“{config_file}”：请在门户仓库的根目录（有 portal.yml 的目录）运行，或用 -f 指定",
            ctx,
        )

    def progress(member: Member) -> None:
        where = member.config.url or member.config.path
        if member.ok:
            click.echo(f"成员 {member.id}（{member.name}，{where}）：已读取", err=True)
        else:
            click.echo(
                f"成员 {member.id}（{member.name}，{where}）：暂不可用。原因：{member.problem}", err=True
            )

    try:
        result = build_portal(config_file, site_dir, progress=progress)
    except PortalConfigError as exc:
        for d in exc.diagnostics:
            click.echo(format_text(d, d.path), err=True)
        click.echo(f"门户设置有 {len(exc.diagnostics)} 个错误，门户没有生成：请先改正。", err=True)
        return EXIT_PROBLEMS
    except PortalBuildFailed as exc:
        click.echo(f"门户没有生成：{exc}。上一次生成的门户保持不变。", err=True)
        return EXIT_PROBLEMS
    except Exception as exc:
        report_bug(ctx, exc, "门户没有生成，上一次生成的门户保持不变")
        return EXIT_PROBLEMS
    total, bad = len(result.members), len(result.unavailable)
    summary = f"门户已生成：{result.site}（{total} 个成员网站，{total - bad} 个可用"
    summary += f"，{bad} 个暂不可用）" if bad else "）"
    click.echo(summary, err=True)
    if not result.available:
        click.echo("所有成员网站都暂不可用：门户页面只显示了各成员的问题，请按上面的原因处理。", err=True)
        return EXIT_NO_MEMBERS
    return EXIT_OK

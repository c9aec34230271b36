"""zwgk linkcheck: the external links of a built site that no longer answer."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.commands.base import EXIT_OK, EXIT_PROBLEMS


@click.command(name="linkcheck")
@click.argument("site_dir", default="site", type=click.Path(file_okay=False, path_type=Path))
@click.option("--timeout", default=10.0, show_default=True, help="每个链接最多等待的秒数。")
@click.option("--jobs", default=8, show_default=True, help="同时检查的链接数。")
@click.option("--ignore", multiple=True, help="不检查以此开头的网址（可多次使用）。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本，json 供程序读取。",
)
@click.pass_context
def linkcheck_command(
    ctx: click.Context, site_dir: Path, timeout: float, jobs: int, ignore: tuple[str, ...], fmt: str
) -> int:
    """检查已生成网站（默认 site/）中的外部链接是否还能打开。

    适合定期运行（例如每周一次），不必每次提交都运行。退出码：0 全部正常，1 有失效链接。
    """
    from generator.site.linkcheck import check_links

    if not site_dir.is_dir():
        raise click.UsageError(f"找不到网站目录“{site_dir}”：请先运行 zwgk build", ctx)
    reports = check_links(site_dir, timeout=timeout, jobs=jobs, ignore=ignore)
    broken = [r for r in reports if r.broken]
    if fmt == "json":
        rows = [{"url": r.url, "status": r.status, "problem": r.problem, "pages": r.pages} for r in broken]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in broken:
            pages = "、".join(r.pages[:5]) + (f" 等 {len(r.pages)} 个页面" if len(r.pages) > 5 else "")
            click.echo(f"失效 {r.url}：{r.problem}（出现在 {pages}）")
        click.echo(f"检查了 {len(reports)} 个外部链接，{len(broken)} 个失效。")
    return EXIT_PROBLEMS if broken else EXIT_OK

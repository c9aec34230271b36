"""zwgk init: a new county's site repository, or (--portal) a province's or city's portal."""

from __future__ import annotations

from pathlib import Path

import click

from generator import __version__
from generator.commands.base import EXIT_OK, EXIT_USAGE
from generator.site.newsite import DEFAULT_NAME, InitError, Names, create_site


@click.command(name="init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", help=f"发布信息的政府全称（默认“{DEFAULT_NAME}”）；用 --portal 时为门户名称。")
@click.option("--short-name", help="简称（默认为全称去掉“人民政府”，如“示例县”）。")
@click.option(
    "--zwgk-spec",
    "spec",
    metavar="要求",
    help=f"新仓库的 requirements.txt 中安装 zwgk 的一行（默认 zwgk=={__version__}，即本版本）。"
    "使用本单位镜像时可写 wheel 文件网址或 “zwgk @ git+https://…@v版本号”。",
)
@click.option(
    "--portal", is_flag=True, help="创建省、市的门户仓库（portal.yml，汇集各县网站），而不是县的网站。"
)
@click.pass_context
def init_command(
    ctx: click.Context,
    directory: Path,
    name: str | None,
    short_name: str | None,
    spec: str | None,
    portal: bool,
) -> int:
    """在 DIRECTORY（新目录或空目录）中创建一个县的政务公开网站仓库。

    包括样例内容（content/）、网站配置（mkdocs.yml）、GitHub 自动检查和发布流程、
    审核人设置（.github/CODEOWNERS）、版本升级提醒（Dependabot）、提交前检查（pre-commit）、
    固定 zwgk 版本的 requirements.txt 和使用说明（README.md）。加 --portal 则创建省、市门户的仓库：
    门户设置（portal.yml）、定时和成员发布后重新生成门户的 GitHub 流程、使用说明。
    退出码：0 完成，2 用法错误。
    """
    if portal:
        return _init_portal(ctx, directory, name, spec)
    try:
        names = Names.of(name or DEFAULT_NAME, short_name, spec=spec)
        written = create_site(directory, names)
    except InitError as exc:
        click.echo(f"zwgk init：{exc}", err=True)
        ctx.exit(EXIT_USAGE)
    except OSError as exc:
        click.echo(f"zwgk init：无法写入“{directory}”（{exc.strerror or exc}）", err=True)
        ctx.exit(EXIT_USAGE)
    click.echo(f"已在 {directory} 创建{names.name}的政务公开网站（{len(written)} 个文件）。接下来：")
    click.echo(f"  cd {directory}")
    click.echo(f"  pip install -r requirements.txt   # 安装本站使用的 zwgk（{names.spec}）")
    click.echo("  zwgk check        # 检查内容")
    click.echo("  zwgk serve        # 本机预览 http://127.0.0.1:8000/")
    click.echo("  git init && git add . && git commit -m 初始化网站")
    click.echo("请先按 README.md“第一次使用前”一节修改网址、机构名录和样例内容。")
    return EXIT_OK


def _init_portal(ctx: click.Context, directory: Path, name: str | None, spec: str | None) -> int:
    from generator.portal.newportal import DEFAULT_PORTAL_NAME, create_portal

    name = name or DEFAULT_PORTAL_NAME
    try:
        written = create_portal(directory, name, spec)
    except InitError as exc:
        click.echo(f"zwgk init：{exc}", err=True)
        ctx.exit(EXIT_USAGE)
    except OSError as exc:
        click.echo(f"zwgk init：无法写入“{directory}”（{exc.strerror or exc}）", err=True)
        ctx.exit(EXIT_USAGE)
    click.echo(f"已在 {directory} 创建{name}的仓库（{len(written)} 个文件）。接下来：")
    click.echo(f"  cd {directory}")
    click.echo("  编辑 portal.yml：填写门户网址和各县（市、区）网站")
    click.echo("  zwgk portal       # 生成门户到 site/")
    click.echo("  git init && git add . && git commit -m 初始化门户")
    click.echo("详见 README.md。")
    return EXIT_OK

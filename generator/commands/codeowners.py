"""zwgk codeowners: .github/CODEOWNERS from the reviewers in organizations.yml."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import click

from generator.commands.base import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, NO_CACHE, cache_dir, emit, report_bug

DEFAULT_CONTENT = "content"
DEFAULT_OUTPUT = ".github/CODEOWNERS"
# the folders GitHub reads CODEOWNERS from, besides the repository's root
_OWNERS_DIRS = (".github", "docs")


def repository_root(output: Path) -> Path:
    """The repository's root as GitHub sees it from where CODEOWNERS is: paths in it start there."""
    parent = output.parent
    return parent.parent if parent.name in _OWNERS_DIRS else parent


def _options(content_dir: Path, output: Path) -> str:
    """The command's options beyond its defaults, as the file's header repeats them."""
    out = ""
    if PurePosixPath(content_dir.as_posix()) != PurePosixPath(DEFAULT_CONTENT):
        out += f" -c {content_dir.as_posix()}"
    if PurePosixPath(output.as_posix()) != PurePosixPath(DEFAULT_OUTPUT):
        out += f" -o {output.as_posix()}"
    return out


@click.command(name="codeowners")
@click.option(
    "-c",
    "--content",
    "content_dir",
    default=DEFAULT_CONTENT,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="内容目录。",
)
@click.option(
    "-o",
    "--output",
    default=DEFAULT_OUTPUT,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入的文件（路径从它所在的仓库根目录算起）。",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="只检查文件是否最新、不改写：不是最新时退出码为 1（供自动检查使用）。",
)
@NO_CACHE
@click.pass_context
def codeowners_command(
    ctx: click.Context, content_dir: Path, output: Path, check_only: bool, no_cache: bool
) -> int:
    """按 organizations.yml 中各机构的 reviewers（审核人）生成 GitHub 的 CODEOWNERS 文件。

    每个机构的标准目录、年度报告、政策文件（按发文机关）和政策解读（按解读机关）各写一行，
    修改这些文件的 Pull Request 需要该机构的审核人批准。请在仓库根目录运行。
    退出码：0 完成（--check：文件是最新的），1 文件需要更新或机构名录有错误，2 用法错误。
    """
    from generator.checks import check
    from generator.content.owners import codeowners, owned_files

    if not content_dir.is_dir():
        raise click.UsageError(f"找不到内容目录“{content_dir}”：请在站点根目录运行，或用 -c 指定", ctx)
    root = repository_root(output)
    try:
        prefix = content_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise click.UsageError(
            f"内容目录“{content_dir}”不在仓库根目录“{root}”之下：CODEOWNERS 中的路径从仓库根目录算起，"
            "请在仓库根目录运行，并把 -o 写成 .github/CODEOWNERS",
            ctx,
        ) from None
    try:
        result = check(content_dir, cache_dir=cache_dir(no_cache, content_dir))
    except Exception as exc:
        report_bug(ctx, exc, "没有生成 CODEOWNERS。请加 --debug 重新运行，并把输出报告给维护人员。")
        return EXIT_PROBLEMS
    org_file = result.corpus.org_file
    if org_file is None or org_file.model is None:
        emit([d for d in result.errors if d.path in ("organizations.yml", "")], content_dir, "text", 1)
        click.echo(
            "机构名录有错误，无法确定审核人：请先改正 organizations.yml（zwgk check），再运行 zwgk codeowners",
            err=True,
        )
        return EXIT_PROBLEMS
    text = codeowners(result.corpus, "" if prefix == "." else prefix, _options(content_dir, output))
    files = len(owned_files(result.corpus))
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if check_only:
        if current == text:
            click.echo(f"{output} 是最新的（{files} 个文件有审核人）。")
            return EXIT_OK
        what = "不存在" if current is None else "与 organizations.yml 中的审核人不一致"
        click.echo(
            f"{output} {what}：请运行 zwgk codeowners{_options(content_dir, output)} 重新生成并提交。",
            err=True,
        )
        return EXIT_PROBLEMS
    if current == text:
        click.echo(f"{output} 已是最新的，没有改动（{files} 个文件有审核人）。")
        return EXIT_OK
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"zwgk codeowners：无法写入“{output}”（{exc.strerror or exc}）", err=True)
        return EXIT_USAGE
    click.echo(f"已写入 {output}：{files} 个文件有审核人。请提交这个文件。")
    missing = [d for d in result.diagnostics if d.code == "W901"]
    if missing:
        click.echo(f"另有 {len(missing)} 个机构有标准目录但没有审核人（zwgk check 的 W901）。")
    return EXIT_OK

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.commands import main

from ..conftest import TODAY


def invoke(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the real console entry point in a subprocess (exit codes come from sys.exit)."""
    env = {**os.environ, "ZWGK_TODAY": TODAY.isoformat(), "XDG_CACHE_HOME": str(cwd / "xdg-cache")}
    proc = subprocess.run(
        [sys.executable, "-c", "from generator.commands import main; main()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def break_it(content: Path) -> None:
    path = content / "catalogues/compulsory-education/edu.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "channels: [政府网站, 两微一端, 公开查阅点]", "channels: [政府网址, 两微一端, 公开查阅点]"
    )
    text = text.replace("audience: 特定群体", "audience: 特定群众")
    path.write_text(text, encoding="utf-8")


def test_clean_exit_zero(content: Path) -> None:
    code, out = invoke(["check", "content"], content.parent)
    assert code == 0, out
    assert "没有发现问题" in out


def test_text_format_and_exit_one(content: Path) -> None:
    break_it(content)
    code, out = invoke(["check"], content.parent)  # default directory: content
    assert code == 1
    first, second, summary = out.strip().splitlines()
    assert first == (
        "content/catalogues/compulsory-education/edu.yml:15:16: 错误 E203 items[0].channels[0]: "
        "“政府网址”不是“公开渠道和载体”的可选值。是不是要写“政府网站”？可选：政府网站、政府公报、两微一端、"
        "发布会/听证会、广播电视、纸质媒体、公开查阅点、政务服务中心、便民服务站、入户/现场、"
        "社区/企事业单位/村公示栏(电子屏)、精准推送、其他"
    )
    assert second.startswith(
        "content/catalogues/compulsory-education/edu.yml:27:15: 警告 W201 items[1].audience:"
    )
    assert summary == "检查了 8 个文件，发现 1 个错误、1 个警告。"


def test_paths_are_relative_to_the_current_directory(content: Path) -> None:
    break_it(content)
    _, out = invoke(["check", "."], content)
    assert out.startswith("catalogues/compulsory-education/edu.yml:15:16:")


def test_json_format(content: Path) -> None:
    break_it(content)
    code, out = invoke(["check", "--format", "json", "content"], content.parent)
    assert code == 1
    data = json.loads(out)
    assert [set(d) for d in data] == [{"path", "line", "column", "severity", "code", "key", "message"}] * 2
    assert data[0]["path"] == "content/catalogues/compulsory-education/edu.yml"
    assert (data[0]["line"], data[0]["column"], data[0]["severity"]) == (15, 16, "error")
    assert data[1]["severity"] == "warning"


def test_github_format(content: Path) -> None:
    break_it(content)
    code, out = invoke(["check", "--format", "github", "content"], content.parent)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(
        "::error file=content/catalogues/compulsory-education/edu.yml,line=15,col=16,title=E203 items[0].channels[0]::"
    )
    assert out.splitlines()[1].startswith("::warning file=")


def test_warnings_only_pass_unless_strict(content: Path) -> None:
    path = content / "catalogues/compulsory-education/edu.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("audience: 特定群体", "audience: 特定群众"), encoding="utf-8"
    )
    assert invoke(["check", "content"], content.parent)[0] == 0
    assert invoke(["check", "--strict", "content"], content.parent)[0] == 1


def test_usage_errors_exit_two_in_chinese(tmp_path: Path) -> None:
    code, out = invoke(["check", "nowhere"], tmp_path)
    assert code == 2 and "找不到内容目录" in out
    code, out = invoke(["check", "--format", "xml"], tmp_path)
    assert code == 2 and "不是可选值" in out
    code, out = invoke(["check", "--bogus"], tmp_path)
    assert code == 2 and "没有这个选项" in out


def test_cache_is_used_and_correct(content: Path) -> None:
    cwd = content.parent
    assert invoke(["check", "content"], cwd)[0] == 0
    (db,) = (cwd / "xdg-cache" / "zwgk").glob("*/check-cache.sqlite3")  # outside the repo
    assert not (content / ".zwgk_cache").exists()
    break_it(content)  # one file changed: its new problems must show despite the cache
    code, out = invoke(["check", "content"], cwd)
    assert code == 1 and "E203" in out
    # problems of unchanged files come back from the cache with their positions
    (content / "catalogues/compulsory-education/edu.yml").write_text(
        (content / "catalogues/compulsory-education/edu.yml").read_text(encoding="utf-8")
    )
    again = invoke(["check", "content"], cwd)
    assert again == (code, out)
    assert db.stat().st_size > 0


def test_help_is_chinese() -> None:
    result = CliRunner().invoke(main, ["check", "--help"], standalone_mode=False)
    assert "检查" in result.output


def test_cross_file_problem_on_a_cached_file_keeps_its_position(content: Path) -> None:
    path = content / "catalogues/compulsory-education/edu.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("organization: edu", "organization: edu9"))
    cold = invoke(["check", "content"], content.parent)
    warm = invoke(["check", "content"], content.parent)  # every file from the cache
    assert cold == warm
    assert "edu.yml:3:15: 错误 E302 organization:" in warm[1]


COMMAND_NAMES = [
    "build",
    "check",
    "codeowners",
    "diff",
    "fmt",
    "import",
    "init",
    "linkcheck",
    "new",
    "portal",
    "report",
    "serve",
]


def test_plain_zwgk_lists_each_command_once(tmp_path: Path) -> None:
    for args in ([], ["--help"]):
        _code, out = invoke(args, tmp_path)
        listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ") and line.split()]
        listed = [name for name in listed if name in COMMAND_NAMES]
        assert listed == COMMAND_NAMES, out


ENGLISH_CLICK_WORDS = (
    "Usage:",
    "RANGE",
    "%Y",
    "Options:",
    "Commands:",
    "[default:",
    "[required]",
    "required]",
    " TEXT",
    " INTEGER",
)


def test_every_help_text_is_chinese(tmp_path: Path) -> None:
    for args in ([], *([name, "--help"] for name in COMMAND_NAMES)):
        code, out = invoke(list(args), tmp_path)
        assert code in (0, 2), out
        assert out.startswith("用法：zwgk"), out
        assert "选项：" in out
        found = [word for word in ENGLISH_CLICK_WORDS if word in out]
        assert found == [], f"zwgk {' '.join(args)}: {found}\n{out}"
    _code, out = invoke(["import", "--help"], tmp_path)
    assert "[必填]" in out  # --domain and --organization
    _code, out = invoke(["serve", "--help"], tmp_path)
    assert "[默认：127.0.0.1:8000]" in out


def test_path_type_errors_are_chinese(tmp_path: Path) -> None:
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    code, out = invoke(["check", "a-file.txt"], tmp_path)
    assert code == 2 and "“a-file.txt”是一个文件，这里要写目录" in out, out
    assert "is a file" not in out
    code, out = invoke(["linkcheck", "--jobs", "many"], tmp_path)
    assert code == 2 and "“many”不是整数" in out, out

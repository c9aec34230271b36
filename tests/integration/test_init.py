"""zwgk init: a new county's site from the package's template, checked clean and built for real;
and every workflow and hook file (the repository's and the template's) is valid YAML that uses
only real GitHub actions."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from generator import __version__
from generator.checks import check
from generator.commands.codeowners import codeowners_command
from generator.commands.init import init_command
from generator.site.newsite import TEMPLATE_DIR, template_files

REPO = Path(__file__).resolve().parents[2]
ACTIONS = {
    "actions/checkout@v4",
    "actions/setup-python@v5",
    "actions/upload-artifact@v4",
    "actions/upload-pages-artifact@v3",
    "actions/deploy-pages@v4",
    "actions/download-artifact@v4",
    "pypa/gh-action-pypi-publish@release/v1",
}


def init(target: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(init_command, [str(target), *args])
    return result.exit_code, result.output


def load_yaml(path: Path) -> Any:
    # YAML 1.2, as GitHub reads it: `on:` stays the key "on"
    return YAML(typ="safe", pure=True).load(io.StringIO(path.read_text(encoding="utf-8")))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "county-site"
    code, out = init(target)
    assert code == 0, out
    return target


def test_init_writes_a_whole_site(site: Path) -> None:
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert written == [
        ".github/CODEOWNERS",
        ".github/dependabot.yml",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        "content/annual-reports/2025/office.yml",
        "content/catalogues/compulsory-education/edu.yml",
        "content/interpretations/2026/2026-edu-enrolment-plan-jd.md",
        "content/organizations.yml",
        "content/pages/guide.md",
        "content/pages/statutory.md",
        "content/pages/system.md",
        "content/policies/2026/2026-edu-enrolment-plan.md",
        "content/site.yml",
        "docs/.gitkeep",
        "mkdocs.yml",
        "requirements.txt",
        "schemas/annual-report.schema.json",
        "schemas/attachments.schema.json",
        "schemas/catalogue.schema.json",
        "schemas/domains.schema.json",
        "schemas/holidays.schema.json",
        "schemas/interpretation.schema.json",
        "schemas/organizations.schema.json",
        "schemas/page.schema.json",
        "schemas/policy.schema.json",
        "schemas/search.schema.json",
        "schemas/site.schema.json",
        "site_theme/main.html",
    ]
    assert "__ZWGK_" not in "".join((site / rel).read_text(encoding="utf-8") for rel in written)
    assert "site/" in (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert '{% extends "zwgk-base.html" %}' in (site / "site_theme/main.html").read_text(encoding="utf-8")
    readme = (site / "README.md").read_text(encoding="utf-8")
    for command in ("zwgk check", "zwgk build", "zwgk serve", "Pull Request", "GitHub Pages"):
        assert command in readme


def test_init_content_checks_clean(site: Path) -> None:
    result = check(site / "content")
    assert result.diagnostics == []
    corpus = result.corpus
    assert corpus.site is not None and corpus.site.name == "示例县人民政府"
    assert sorted(o.name for o in corpus.organizations.values()) == [
        "示例县人民政府办公室",
        "示例县教育和体育局",
    ]
    assert [len(f.model.items) for f in corpus.catalogues] == [3]
    assert [f.doc_id for f in corpus.policies] == ["2026-edu-enrolment-plan"]
    assert [f.doc_id for f in corpus.interpretations] == ["2026-edu-enrolment-plan-jd"]
    assert sorted(p.model.column for p in corpus.pages) == [
        "政府信息公开制度",
        "政府信息公开指南",
        "法定主动公开内容",
    ]
    # the annual report in the national format, not a free page
    assert [(f.model.year, f.model.organization) for f in corpus.annual_reports] == [(2025, "office")]


def test_init_names_the_county(tmp_path: Path) -> None:
    target = tmp_path / "qingshan"
    code, out = init(target, "--name", "青山县人民政府")
    assert code == 0, out
    assert "青山县人民政府" in out
    result = check(target / "content")
    assert result.diagnostics == []
    assert result.corpus.site is not None
    assert (result.corpus.site.name, result.corpus.site.short_name) == ("青山县人民政府", "青山县")
    assert result.corpus.organizations["edu"].name == "青山县教育和体育局"
    policy = result.corpus.policies[0].model
    assert policy.doc_number == "青教体发〔2026〕3号"
    assert load_yaml(target / "mkdocs.yml")["site_name"] == "青山县人民政府信息公开"
    assert "示例县" not in (target / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_init_site_builds(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site.plugin import build_site

    monkeypatch.setenv("ZWGK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    out = build_site(site / "mkdocs.yml", site / "site", strict=True)
    assert out == (site / "site").resolve()
    for page in (
        "index.html",
        "policies/2026-edu-enrolment-plan/index.html",
        "interpretations/2026-edu-enrolment-plan-jd/index.html",
        "catalogues/compulsory-education/index.html",
        "pages/guide/index.html",
        "pagefind/pagefind.js",
    ):
        assert (out / page).is_file(), page
    policy = (out / "policies/2026-edu-enrolment-plan/index.html").read_text(encoding="utf-8")
    assert "示例县教育和体育局关于做好2026年义务教育招生入学工作的通知" in policy
    assert not (site / "docs" / "index.md").exists()


def requirement(site: Path) -> str:
    """The one line of requirements.txt that is not a comment."""
    lines = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    (line,) = [x for x in lines if x.strip() and not x.startswith("#")]
    return line


def test_init_pins_the_version_that_made_it(site: Path) -> None:
    assert requirement(site) == f"zwgk=={__version__}"
    publish = load_yaml(site / ".github/workflows/publish.yml")
    assert "pip install -r requirements.txt" in [s.get("run") for s in steps(publish)]
    # nothing installs zwgk any other way, nor tells anyone to
    for path in [*workflows(site)[-2:], site / "README.md", site / ".pre-commit-config.yaml"]:
        text = path.read_text(encoding="utf-8")
        assert "pip install zwgk" not in text and "从 PyPI" not in text, path
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in readme
    assert f"`zwgk=={__version__}`" in readme


def test_dependabot_moves_the_pin(site: Path) -> None:
    config = load_yaml(site / ".github/dependabot.yml")
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
    assert (site / "requirements.txt").is_file()  # what the pip ecosystem reads at /


@pytest.mark.parametrize(
    "spec",
    [
        "zwgk @ git+https://example.org/zwgk.git@v0.2.0",
        "https://mirror.example.gov.cn/packages/zwgk-0.2.0-py3-none-any.whl",
        "zwgk>=0.2,<0.3",
        "  zwgk==0.2.0  ",
    ],
)
def test_init_installs_what_the_county_names(tmp_path: Path, spec: str) -> None:
    code, out = init(tmp_path / "site", "--zwgk-spec", spec)
    assert code == 0, out
    assert requirement(tmp_path / "site") == spec.strip()
    assert spec.strip() in out


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("zwgk==0.2.0\n--index-url https://evil.example/", "只能写一行"),
        ("-e .", "不能以“-”开头"),
        ("--extra-index-url=https://evil.example/", "不能以“-”开头"),
        ("requests==2.0", "不是 zwgk 的安装要求"),
        ("zwgkx==1.0", "不是 zwgk 的安装要求"),
    ],
)
def test_init_refuses_a_spec_that_is_not_zwgk(tmp_path: Path, spec: str, said: str) -> None:
    code, out = init(tmp_path / "site", "--zwgk-spec", spec)
    assert code == 2, out
    assert said in out and "zwgk==0.2.0" in out  # says what to write instead
    assert not (tmp_path / "site").exists()


def test_readme_links_resolve(site: Path) -> None:
    """Every relative link and every file the generated README names exists in the new site."""
    readme = (site / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", readme)
    assert len(links) >= 5
    for link in links:
        assert not link.startswith(("http:", "https:")), f"a link out of the repository: {link}"
        assert (site / link.split("#")[0]).exists(), link
    # the paths it names in code spans (a folder or file of the repository, not a pattern)
    named = {n for n in re.findall(r"`([^`\s<>*]+/[^`\s<>*]*)`", readme) if not n.startswith("@")}
    assert {".github/CODEOWNERS", "content/organizations.yml"} <= named
    for name in named:
        assert (site / name).exists() or name.startswith("site/"), name  # site/: what zwgk build makes


def test_project_readme_links_resolve() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = [link for link in re.findall(r"\]\(([^)]+)\)", readme) if not link.startswith("http")]
    assert links
    for link in links:
        assert (REPO / link.split("#")[0]).exists(), link


def test_new_site_codeowners_is_current(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (site / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/content/catalogues/compulsory-education/edu.yml @example-county/edu\n" in text
    assert "/content/annual-reports/2025/office.yml @example-county/office\n" in text
    monkeypatch.chdir(site)
    monkeypatch.setenv("ZWGK_CACHE_DIR", str(site.parent / "cache"))
    result = CliRunner().invoke(codeowners_command, ["--check"])
    assert result.exit_code == 0, result.output
    assert "是最新的（4 个文件有审核人）" in result.output


def test_init_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("已有文件\n", encoding="utf-8")
    code, out = init(target)
    assert code == 2
    assert "不是空的" in out
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_init_refuses_a_file_and_a_bad_name(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, out = init(afile)
    assert code == 2 and "不是目录" in out
    code, out = init(tmp_path / "new", "--name", "示例县: {evil}")
    assert code == 2 and "不能使用" in out
    assert not (tmp_path / "new").exists()


def test_an_empty_directory_is_fine(tmp_path: Path) -> None:
    code, out = init(tmp_path)
    assert code == 0, out
    assert (tmp_path / "content" / "site.yml").is_file()


def test_template_has_no_hidden_files() -> None:
    """Package-data globs skip hidden files: the template stores them as dot-…"""
    hidden = [p for p in TEMPLATE_DIR.rglob("*") if p.name.startswith(".")]
    assert hidden == []
    assert {str(rel) for rel, _ in template_files()} >= {
        ".gitignore",
        ".github/workflows/check.yml",
        "docs/.gitkeep",
    }


# --- workflows and hooks ---------------------------------------------------------------------


def workflows(site: Path) -> list[Path]:
    return sorted((REPO / ".github/workflows").glob("*.yml")) + sorted(
        (site / ".github/workflows").glob("*.yml")
    )


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_yaml_written_parses(site: Path) -> None:
    files = [
        *workflows(site),
        REPO / ".pre-commit-hooks.yaml",
        site / ".pre-commit-config.yaml",
        site / "mkdocs.yml",
        *(site / "content").rglob("*.yml"),
    ]
    assert len(files) >= 9
    for path in files:
        assert load_yaml(path) is not None, path


def test_workflows_use_only_real_actions(site: Path) -> None:
    for path in workflows(site):
        workflow = load_yaml(path)
        assert workflow["on"], path
        used = {step["uses"] for step in steps(workflow) if "uses" in step}
        assert used and used <= ACTIONS, (path, used - ACTIONS)


@pytest.mark.parametrize("where", ["repository", "template"])
def test_check_workflow(site: Path, where: str) -> None:
    root = REPO if where == "repository" else site
    workflow = load_yaml(root / ".github/workflows/check.yml")
    assert "pull_request" in workflow["on"]
    runs = [step.get("run", "") for step in steps(workflow)]
    install = "pip install ." if where == "repository" else "pip install -r requirements.txt"
    assert install in runs
    assert ("zwgk codeowners --check" in runs) == (where == "template")
    assert "zwgk check --format github" in runs
    assert 'zwgk diff "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    report = 'zwgk report --format markdown --base "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"'
    report_step = next(s for s in steps(workflow) if s.get("run") == report)
    assert report_step["if"] == "github.event_name == 'pull_request'"
    assert "zwgk build" in runs
    job = next(
        j for j in workflow["jobs"].values() if any("zwgk diff" in s.get("run", "") for s in j["steps"])
    )
    checkout = next(s for s in job["steps"] if s.get("uses") == "actions/checkout@v4")
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in job["steps"] if s.get("uses") == "actions/setup-python@v5")
    assert python["with"]["python-version"] == "3.11"
    upload = next(s for s in job["steps"] if s.get("uses") == "actions/upload-artifact@v4")
    assert upload["with"]["path"] == "site/"
    assert ("bash scripts/test.sh" in runs) == (where == "repository")


@pytest.mark.parametrize("where", ["repository", "template"])
def test_publish_workflow(site: Path, where: str) -> None:
    root = REPO if where == "repository" else site
    workflow = load_yaml(root / ".github/workflows/publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "zwgk build" in [s.get("run") for s in build["steps"]]
    checkout = next(s for s in build["steps"] if s.get("uses") == "actions/checkout@v4")
    assert checkout["with"]["fetch-depth"] == 0  # the pages' 更新记录 need the whole history
    assert build["steps"][-1]["uses"] == "actions/upload-pages-artifact@v3"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    if where == "repository":
        assert deploy["steps"][-1]["uses"] == "actions/deploy-pages@v4"
        return
    # the county's site: deployed, then (optionally) the portal is told to rebuild
    deploying, notify = deploy["steps"][-2:]
    assert deploying["uses"] == "actions/deploy-pages@v4"
    assert notify["if"] == "${{ vars.PORTAL_REPO != '' }}"
    assert notify["continue-on-error"] is True
    assert notify["env"]["PORTAL_TOKEN"] == "${{ secrets.PORTAL_TOKEN }}"
    assert 'if [ -z "$PORTAL_TOKEN" ]' in notify["run"]
    assert '"https://api.github.com/repos/$PORTAL_REPO/dispatches"' in notify["run"]
    assert '\\"event_type\\":\\"member-published\\"' in notify["run"]


def test_pre_commit_hooks() -> None:
    hooks = {h["id"]: h for h in load_yaml(REPO / ".pre-commit-hooks.yaml")}
    assert set(hooks) == {"zwgk-check", "zwgk-fmt"}
    check_hook, fmt_hook = hooks["zwgk-check"], hooks["zwgk-fmt"]
    assert (check_hook["entry"], check_hook["language"], check_hook["pass_filenames"]) == (
        "zwgk check",
        "python",
        False,
    )
    assert check_hook["files"] == "^content/"
    assert (fmt_hook["entry"], fmt_hook["language"]) == ("zwgk fmt", "python")
    assert fmt_hook["files"] == r"^content/.*\.(ya?ml|md)$"


def test_template_pre_commit_config(site: Path) -> None:
    (repo,) = load_yaml(site / ".pre-commit-config.yaml")["repos"]
    assert repo["repo"] == "local"
    hooks = {h["id"]: h for h in repo["hooks"]}
    assert {h["entry"] for h in hooks.values()} == {"zwgk check", "zwgk fmt"}
    assert {h["language"] for h in hooks.values()} == {"system"}
    assert hooks["zwgk-check"]["pass_filenames"] is False


# --- a portal's repository ------------------------------------------------------------------


def test_init_portal_writes_a_portal_repository(tmp_path: Path) -> None:
    from generator.content.portal import load_portal
    from generator.portal.newportal import TEMPLATE_DIR as PORTAL_TEMPLATE

    target = tmp_path / "portal"
    code, out = init(target, "--portal", "--name", "示例省政务公开平台")
    assert code == 0, out
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert written == [
        ".github/dependabot.yml",
        ".github/workflows/portal.yml",
        ".gitignore",
        "README.md",
        "portal.yml",
        "requirements.txt",
        "schemas/portal.schema.json",
    ]
    # the version that made it, installed by the workflow and moved on by Dependabot
    pins = [
        line for line in (target / "requirements.txt").read_text("utf-8").splitlines() if line[:1] not in "#"
    ]
    assert pins == [f"zwgk=={__version__}"]
    assert "__ZWGK_SPEC__" not in (target / "README.md").read_text("utf-8")
    assert load_yaml(target / ".github/dependabot.yml")["updates"][0]["package-ecosystem"] == "pip"
    portal, problems = load_portal(target / "portal.yml")
    assert problems == [] and portal is not None
    assert portal.name == "示例省政务公开平台"
    assert [m.url for m in portal.members] == [
        "https://zwgk.county-a.example.gov.cn/",
        "https://zwgk.county-b.example.gov.cn/",
    ]
    assert "示例省政务公开平台" in (target / "README.md").read_text(encoding="utf-8")
    assert "Access-Control-Allow-Origin" in (target / "README.md").read_text(encoding="utf-8")
    assert [p for p in PORTAL_TEMPLATE.rglob("*") if p.name.startswith(".")] == []

    workflow = load_yaml(target / ".github/workflows/portal.yml")
    assert workflow["on"]["repository_dispatch"] == {"types": ["member-published"]}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"][0]["cron"]
    used = {step["uses"] for step in steps(workflow) if "uses" in step}
    assert used and used <= ACTIONS
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "zwgk portal" in [s.get("run") for s in build["steps"]]
    assert "pip install -r requirements.txt" in [s.get("run") for s in build["steps"]]
    assert build["steps"][-1]["with"]["path"] == "site/"
    assert deploy["steps"][-1]["uses"] == "actions/deploy-pages@v4"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}

    # a mirror's requirement, as for a county
    mirrored = tmp_path / "mirrored"
    spec = "zwgk @ https://mirror.example.gov.cn/zwgk-0.2.0-py3-none-any.whl"
    assert init(mirrored, "--portal", "--zwgk-spec", spec)[0] == 0
    assert spec in (mirrored / "requirements.txt").read_text("utf-8").splitlines()

    # a county's site does not get the portal's schema
    county = tmp_path / "county"
    assert init(county)[0] == 0
    assert not (county / "schemas" / "portal.schema.json").exists()


def test_init_portal_refuses_a_non_empty_directory_and_a_bad_name(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("已有文件\n", encoding="utf-8")
    code, out = init(tmp_path, "--portal")
    assert code == 2 and "不是空的" in out
    code, out = init(tmp_path / "new", "--portal", "--name", "门户: {evil}")
    assert code == 2 and "不能使用" in out
    assert not (tmp_path / "new").exists()

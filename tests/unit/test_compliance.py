"""The compliance report on a fixture with known late and missing interpretations, stale and
undated catalogues and unreasoned 依申请 entries: exact figures and lists, in all three formats."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checks.compliance import annual_report_due, annual_reports, as_json, compute
from generator.content.corpus import load_corpus

from ..conftest import FIXTURES, TODAY

COMPLIANCE = FIXTURES / "sites" / "compliance" / "content"
ZWGK = [sys.executable, "-c", "from generator.commands import main; main()"]

LATE = [
    {
        "policy": "town-late",
        "interpretation": "town-late-qa",  # the first of its two interpretations
        "working_days": 8,  # 2024-05-11, a Saturday, was a 调休 work day
        "title": "考评县关于town-late的通知",
        "doc_number": "东政发〔2024〕3号",
        "published": "2024-05-06",
        "interpretation_published": "2024-05-15",
        "organization": "dongcheng",
    },
    {
        "policy": "late-plan",
        "interpretation": "late-plan-read",
        "working_days": 5,  # 国庆: 09-29 (调休), 09-30, 10-08, 10-09, 10-10
        "title": "考评县关于late-plan的通知",
        "doc_number": "考教发〔2024〕2号",
        "published": "2024-09-27",
        "interpretation_published": "2024-10-10",
        "organization": "edu",
    },
]
MISSING = ["missing-plan", "town-missing"]
STALE = [
    {
        "path": "catalogues/medical-and-health/health.yml",
        "organization": "health",
        "domain": "medical-and-health",
        "updated": "2023-06-30",
        "days": 490,
    },
    {
        "path": "catalogues/compulsory-education/dongcheng.yml",
        "organization": "dongcheng",
        "domain": "compulsory-education",
        "updated": "2023-10-31",
        "days": 367,
    },
]


def report(fmt: str, today: dt.date = TODAY, content: Path = COMPLIANCE) -> str:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from generator.commands import main; main()",
            "report",
            str(content),
            "--format",
            fmt,
            "--no-cache",
        ],
        env={**os.environ, "ZWGK_TODAY": today.isoformat()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def figures() -> dict:  # type: ignore[type-arg]
    return json.loads(report("json"))


def test_json_interpretations_exact(figures: dict) -> None:  # type: ignore[type-arg]
    assert figures["site"] == {"name": "考评县人民政府", "base_url": "https://zwgk.kaoping.gov.cn/"}
    assert figures["generated"] == "2024-11-01"
    assert figures["interpretation_deadline"] == 3
    it = figures["interpretations"]
    # holiday-plan: 09-30 → 10-09 is 2 working days across 国庆 (7 counted Monday to Friday)
    assert (it["required"], it["on_time"], it["late"], it["missing"]) == (6, 2, 2, 2)
    assert it["late_list"] == LATE
    assert it["missing_list"] == MISSING
    assert figures["interpretation_forms"] == {
        "文字解读": 1,
        "图片图解": 1,
        "音视频解读": 1,
        "问答解读": 1,
        "新闻发布会": 1,
        "专家解读": 0,
    }


def test_json_catalogues_exact(figures: dict) -> None:  # type: ignore[type-arg]
    assert figures["stale_catalogues"] == STALE  # social-assistance, 365 days old, is not stale
    assert figures["undated_catalogues"] == [
        {
            "path": "catalogues/transport/office.yml",
            "organization": "office",
            "domain": "transport",
            "updated": None,
        }
    ]
    domains = {d["slug"]: d for d in figures["domains"]}
    assert len(domains) == 27 and sum(d["pilot"] for d in domains.values()) == 26
    assert domains["compulsory-education"] == {
        "slug": "compulsory-education",
        "name": "义务教育",
        "pilot": True,
        "catalogues": 2,
        "organizations": 2,
        "items": 4,
        "levels": {"县级": 1, "乡级": 1},
    }
    assert domains["transport"]["pilot"] is False and domains["transport"]["items"] == 1
    assert domains["tax-administration"]["catalogues"] == 0
    assert figures["unreasoned"] == [
        {
            "kind": "item",
            "path": "catalogues/medical-and-health/health.yml",
            "id": "patient-records",
            "name": "诊疗记录",
            "method": "依申请",
            "organization": "health",
            "domain": "medical-and-health",
        },
        {
            "kind": "policy",
            "path": "policies/2024/on-request.md",
            "id": "on-request",
            "name": "考评县关于on-request的通知",
            "method": "依申请公开",
            "organization": "edu",
            "domain": None,
        },
    ]
    assert figures["annual_reports"] == []


def test_json_per_organization(figures: dict) -> None:  # type: ignore[type-arg]
    units = {u["id"]: u for u in figures["organizations"]}
    assert list(units) == ["county", "dongcheng", "xicheng"]
    county, town, empty = units["county"], units["dongcheng"], units["xicheng"]
    assert county["members"] == ["office", "edu", "health"]
    assert county["pilot_domains"]["covered"] == 2 and len(county["pilot_domains"]["uncovered"]) == 24
    assert county["local_domains"] == ["transport"]
    assert (county["catalogues"], county["items"], county["stale_catalogues"], county["unreasoned"]) == (
        3,
        6,
        1,
        2,
    )
    assert county["interpretations"] == {"required": 4, "on_time": 2, "late": 1, "missing": 1}
    assert town["pilot_domains"]["covered"] == 2
    assert "social-assistance" not in town["pilot_domains"]["uncovered"]
    assert town["interpretations"] == {"required": 2, "on_time": 0, "late": 1, "missing": 1}
    assert (town["stale_catalogues"], town["unreasoned"]) == (1, 0)
    assert (empty["pilot_domains"]["total"], empty["pilot_domains"]["covered"]) == (26, 0)
    assert len(empty["pilot_domains"]["uncovered"]) == 26 and empty["catalogues"] == 0


def test_text_lists_exact() -> None:
    text = report("text").splitlines()
    assert text[0] == "考评县人民政府 政务公开考评自查报告（截至 2024-11-01）"
    assert "  需要解读 6 件：按时 2 件，逾期 2 件，缺少解读 2 件" in text
    assert "    考评县东城镇人民政府：需要解读 2 件：按时 0 件，逾期 1 件，缺少解读 1 件" in text
    at = text.index("  逾期发布的解读：")
    assert text[at + 1 : at + 3] == [
        "    town-late 《考评县关于town-late的通知》（东政发〔2024〕3号） 2024-05-06 发布，"
        "解读 town-late-qa 2024-05-15 发布，第 8 个工作日（超过 5 个）",
        "    late-plan 《考评县关于late-plan的通知》（考教发〔2024〕2号） 2024-09-27 发布，"
        "解读 late-plan-read 2024-10-10 发布，第 5 个工作日（超过 2 个）",
    ]
    at = text.index("  缺少解读：")
    assert [line.split()[0] for line in text[at + 1 : at + 3]] == MISSING
    assert (
        "  解读形式：文字解读 1、图片图解 1、音视频解读 1、问答解读 1、新闻发布会 1、专家解读 0（使用了 5 种形式）"
        in text
    )
    at = text.index("四、目录动态调整：超过一年未复核的目录 2 份")
    assert text[at + 1 : at + 3] == [
        "    catalogues/medical-and-health/health.yml：考评县卫生健康局 医疗卫生，最近复核 2023-06-30（490 天前）",
        "    catalogues/compulsory-education/dongcheng.yml：考评县东城镇人民政府 义务教育，最近复核 2023-10-31（367 天前）",
    ]
    assert "五、依申请公开、不予公开的理由：缺少理由 2 项" in text
    assert "  县级：已覆盖 2/26 个试点领域，目录 3 份，事项 6 条；未覆盖：城乡规划" in "\n".join(text)
    assert "  义务教育｜2｜2｜4｜1｜1" in text


def test_markdown_tables_exact() -> None:
    text = report("markdown")
    assert text.startswith("## 考评县人民政府 政务公开考评自查报告（截至 2024-11-01）\n")
    assert "| 县级 | 2/26 | 3 | 6 | 城乡规划、" in text
    assert "| 义务教育 | 2 | 2 | 4 | 1 | 1 |" in text
    assert "时限：政策发布后 3 个工作日内。需要解读 6 件：按时 2 件，逾期 2 件，缺少解读 2 件。" in text
    # Markdown punctuation of the content is escaped: （ ） are not, ( ) would be
    assert (
        "| town-late 《考评县关于town-late的通知》（东政发〔2024〕3号） | 2024-05-06 | town-late-qa | 2024-05-15 | 8 |"
        in text
    )
    assert (
        "| late-plan 《考评县关于late-plan的通知》（考教发〔2024〕2号） | 2024-09-27 | late-plan-read | 2024-10-10 | 5 |"
        in text
    )
    assert (
        "| missing-plan 《考评县关于missing-plan的通知》（考教发〔2024〕4号） | 2024-06-03 | 考评县教育和体育局 |"
        in text
    )
    assert (
        "| catalogues/medical-and-health/health.yml | 考评县卫生健康局 | 医疗卫生 | 2023-06-30 | 490 |"
        in text
    )
    assert (
        "| catalogues/compulsory-education/dongcheng.yml | 考评县东城镇人民政府 | 义务教育 | 2023-10-31 | 367 |"
        in text
    )
    assert "| policies/2024/on-request.md | 政策文件 | 考评县关于on-request的通知 | 依申请公开 |" in text
    assert "超过一年未复核的目录 2 份。" in text and "缺少理由 2 项。" in text


def test_today_moves_staleness() -> None:
    later = json.loads(report("json", today=dt.date(2024, 11, 3)))
    assert [c["path"] for c in later["stale_catalogues"]] == [
        "catalogues/medical-and-health/health.yml",
        "catalogues/compulsory-education/dongcheng.yml",
        "catalogues/social-assistance/dongcheng.yml",  # reviewed 2023-11-02: 367 days on
    ]


# --- annual reports: computed from files of the annual-report kind ---------------------------


def _copy_with_reports(tmp_path: Path, reports: dict[str, str]) -> Path:
    """The fixture with real annual report files: path under content/ → published date."""
    content = tmp_path / "content"
    shutil.copytree(COMPLIANCE, content)
    for rel, published in reports.items():
        year, org = rel.split("/")[1], rel.split("/")[2].removesuffix(".yml")
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"year: {year}\norganization: {org}\npublished: {published}\noverview: 全年主动公开政府信息。\n",
            encoding="utf-8",
        )
    return content


def _with_reports(tmp_path: Path, reports: dict[str, str]) -> list[dict]:  # type: ignore[type-arg]
    corpus = load_corpus(_copy_with_reports(tmp_path, reports))
    return as_json(compute(corpus, TODAY))["annual_reports"]


def test_no_annual_reports_no_list() -> None:
    assert annual_reports(load_corpus(COMPLIANCE), TODAY) == []


def test_annual_reports_late_and_missing(tmp_path: Path) -> None:
    assert annual_report_due(2023) == dt.date(2024, 1, 31)
    found = _with_reports(
        tmp_path,
        {"annual-reports/2023/office.yml": "2024-01-31", "annual-reports/2023/edu.yml": "2024-02-05"},
    )
    assert found == [
        {
            "organization": "office",
            "year": 2023,
            "published": "2024-01-31",
            "on_time": True,
            "due": "2024-01-31",
            "missing": False,
        },
        {
            "organization": "edu",
            "year": 2023,
            "published": "2024-02-05",
            "on_time": False,
            "due": "2024-01-31",
            "missing": False,
        },
        *(
            {
                "organization": org,
                "year": 2023,
                "published": None,
                "on_time": False,
                "due": "2024-01-31",
                "missing": True,
            }
            for org in ("health", "dongcheng", "xicheng")
        ),
    ]


def test_annual_report_not_yet_due_is_not_missing(tmp_path: Path) -> None:
    corpus = load_corpus(_copy_with_reports(tmp_path, {"annual-reports/2023/office.yml": "2024-01-20"}))
    early = annual_reports(corpus, dt.date(2024, 1, 31))  # the due day itself: nothing missing yet
    assert [(r.organization, r.on_time, r.missing) for r in early] == [("office", True, False)]
    missing = [r.organization for r in annual_reports(corpus, dt.date(2024, 2, 1)) if r.missing]
    assert missing == ["edu", "health", "dongcheng", "xicheng"]


# --- what a pull request changes in the figures ----------------------------------------------


def test_markdown_with_base_shows_what_the_change_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(COMPLIANCE, content)
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.gov.cn"}
    env |= {"GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.gov.cn"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], env=env, check=True)
    # the pull request: an interpretation for missing-plan, the health catalogue reviewed
    (content / "interpretations/2024/missing-plan-read.md").write_text(
        "---\ntitle: 解读\ninterprets: missing-plan\ninterpreter: edu\npublished: 2024-06-04\n---\n解读。\n",
        encoding="utf-8",
    )
    health = content / "catalogues/medical-and-health/health.yml"
    health.write_text(
        health.read_text(encoding="utf-8").replace("2023-06-30", "2024-10-30"), encoding="utf-8"
    )
    proc = subprocess.run(
        [*ZWGK, "report", str(content), "--format", "markdown", "--base", "HEAD", "--no-cache"],
        env={**env, "ZWGK_TODAY": TODAY.isoformat()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    changes, _, rest = proc.stdout.partition("\n## ")
    assert changes.splitlines() == [
        "### 本次修改对考评数据的影响（与 HEAD 比较）",
        "",
        "| 单位 | 项目 | 修改前 | 修改后 |",
        "|---|---|---|---|",
        "| 县级 | 缺少解读 | 1 | 0 |",
        "| 县级 | 超过一年未复核 | 1 | 0 |",
        "",
        "- 缺少解读，已解决：missing-plan",
        "- 超过一年未复核的目录，已解决：catalogues/medical-and-health/health.yml",
    ]
    assert rest.startswith("考评县人民政府 政务公开考评自查报告")
    assert "需要解读 6 件：按时 3 件，逾期 2 件，缺少解读 1 件。" in rest


def test_base_must_be_a_git_version(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*ZWGK, "report", str(COMPLIANCE), "--base", "no-such-branch", "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "找不到 git 版本“no-such-branch”" in proc.stderr


def test_report_says_when_the_content_has_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(COMPLIANCE, content)
    assert "注意：" not in report("text", content=content)  # its E503/E505 are the report's own lists
    assert "content_errors" not in json.loads(report("json", content=content))
    policy = next((content / "policies").rglob("*.md"))
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("title: ", "title: 《……》", 1), encoding="utf-8")  # an E209 placeholder
    assert "注意：内容中有 1 个格式错误" in report("text", content=content)
    assert report("markdown", content=content).startswith("> 注意：内容中有 1 个格式错误")
    assert json.loads(report("json", content=content))["content_errors"] == 1


def test_the_sites_figures_are_made_when_first_asked() -> None:
    """A build's view of the site computes the assessment figures when the page or the
    download first asks (after the search index has started), as `zwgk report` does, once a
    process, and then lets go of the corpus they are made of."""
    from generator.checks.run import check
    from generator.site.sitedata import build

    result = check(COMPLIANCE, today=TODAY)
    data = build(result.corpus, today=TODAY)
    assert "compliance" not in vars(data)  # not made yet
    made = data.compliance
    assert made is not None and as_json(made) == as_json(compute(result.corpus, TODAY))
    assert vars(data)["compliance"] is made and data.compliance is made
    assert data.figures is None  # (what they are made of is let go)


def test_the_figures_are_the_same_from_the_models_and_from_the_cache(tmp_path: Path) -> None:
    """A build's figures count the catalogues' validated models; a check's read them back
    from the cache as data, without validating them: the same figures either way."""
    from dataclasses import asdict

    cache = tmp_path / "cache"
    load_corpus(COMPLIANCE, cache)  # fills the cache
    as_data = load_corpus(COMPLIANCE, cache)
    as_models = load_corpus(COMPLIANCE, cache)
    catalogues = [f for f in as_models.files if f.kind == "catalogue"]
    assert catalogues and all(f.model is not None for f in catalogues)  # validated now
    assert not any(f.validated for f in as_data.files if f.kind == "catalogue")
    from_data, from_models = compute(as_data, TODAY), compute(as_models, TODAY)
    assert from_models.unreasoned and from_models.domains
    assert asdict(from_models) == asdict(from_data)

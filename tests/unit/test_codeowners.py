"""zwgk codeowners: CODEOWNERS from each organization's reviewers, and W901 / E210."""

from __future__ import annotations

from pathlib import Path

from generator.checks import check
from generator.content.owners import codeowners, owned_files

from ..conftest import TODAY, codes
from .test_cli import invoke

CATALOGUE = "catalogues/compulsory-education/edu.yml"


def owner_lines(text: str) -> dict[str, list[str]]:
    """path → its owners, from the lines that are not comments."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            path, *owners = line.split()
            assert path not in out, f"{path} listed twice"
            out[path] = owners
    return out


def test_each_file_of_an_organization_needs_its_reviewers(content: Path) -> None:
    code, out = invoke(["codeowners"], content.parent)
    assert code == 0, out
    assert "已写入 .github/CODEOWNERS：5 个文件有审核人" in out
    text = (content.parent / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert text.startswith("# 本文件由 zwgk codeowners 根据 content/organizations.yml")
    assert owner_lines(text) == {
        "/content/catalogues/compulsory-education/edu.yml": ["@test-county/edu"],
        "/content/policies/2024/enrolment-plan.md": ["@test-county/edu"],
        # a joint document: any issuer's reviewers may approve
        "/content/policies/2024/open-gov-plan.md": ["@test-county/office", "@test-county/edu"],
        "/content/interpretations/2024/enrolment-plan-qa.md": ["@test-county/edu"],
        "/content/interpretations/2024/open-gov-plan-read.md": ["@test-county/office"],
    }
    # a section per organization, in the order of organizations.yml
    assert text.index("# 测试县人民政府办公室（office）") < text.index("# 测试县教育和体育局（edu）")


def test_the_files_own_keys_decide_not_their_paths(content: Path) -> None:
    moved = content / "catalogues/compulsory-education/office.yml"
    (content / CATALOGUE).rename(moved)  # named like office's, but organization: edu
    orgs = content / "organizations.yml"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace('  reviewers: ["@test-county/office"]\n', ""),
        encoding="utf-8",
    )
    result = check(content, today=TODAY)
    owned = {f.rel: f.reviewers for f in owned_files(result.corpus)}
    assert owned["catalogues/compulsory-education/office.yml"] == ("@test-county/edu",)
    # office has no reviewers now: its interpretation has no line, the joint policy keeps edu's
    assert "interpretations/2024/open-gov-plan-read.md" not in owned
    assert owned["policies/2024/open-gov-plan.md"] == ("@test-county/edu",)
    # office publishes no catalogue: no W901 for it
    assert "W901" not in codes(result)


def test_check_says_when_the_file_is_out_of_date(content: Path) -> None:
    root = content.parent
    code, out = invoke(["codeowners", "--check"], root)
    assert code == 1 and ".github/CODEOWNERS 不存在：请运行 zwgk codeowners" in out, out
    assert not (root / ".github").exists()  # --check never writes
    assert invoke(["codeowners"], root)[0] == 0
    code, out = invoke(["codeowners", "--check"], root)
    assert code == 0 and "是最新的" in out, out
    orgs = content / "organizations.yml"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace("@test-county/edu", "@test-county/education"),
        encoding="utf-8",
    )
    code, out = invoke(["codeowners", "--check"], root)
    assert code == 1 and "与 organizations.yml 中的审核人不一致" in out, out
    assert invoke(["codeowners"], root)[0] == 0
    assert "@test-county/education" in (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert invoke(["codeowners", "--check"], root)[0] == 0


def test_other_places_and_content_folders(content: Path) -> None:
    root = content.parent
    sub = root / "site"
    sub.mkdir()
    content.rename(sub / "content")
    code, out = invoke(["codeowners", "-c", "site/content", "-o", "CODEOWNERS"], root)
    assert code == 0, out
    text = (root / "CODEOWNERS").read_text(encoding="utf-8")
    # the header repeats how to regenerate it; paths start at the repository's root
    assert "#   zwgk codeowners -c site/content -o CODEOWNERS\n" in text
    assert "/site/content/catalogues/compulsory-education/edu.yml @test-county/edu" in text
    code, out = invoke(["codeowners", "-c", "site/content", "-o", "CODEOWNERS", "--check"], root)
    assert code == 0, out


def test_content_outside_the_repository_is_a_usage_error(content: Path) -> None:
    root = content.parent
    (root / "repo").mkdir()
    code, out = invoke(["codeowners", "-c", "content", "-o", "repo/.github/CODEOWNERS"], root)
    assert code == 2 and "不在仓库根目录" in out, out
    assert not (root / "repo/.github").exists()


def test_broken_registry_writes_nothing(content: Path) -> None:
    orgs = content / "organizations.yml"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace('"@test-county/edu"', "教育局张三"), encoding="utf-8"
    )
    code, out = invoke(["codeowners"], content.parent)
    assert code == 1, out
    assert "E210" in out and "“教育局张三”不是 GitHub 用户或团队" in out
    assert "请先改正 organizations.yml" in out
    assert not (content.parent / ".github").exists()


def test_reviewers_are_validated(content: Path) -> None:
    orgs = content / "organizations.yml"
    text = orgs.read_text(encoding="utf-8")
    for bad in ("test-county", "@", "@-x", "@a/", "@a/b/c", "@张三"):
        orgs.write_text(text.replace('"@test-county/edu"', f'"{bad}"'), encoding="utf-8")
        assert codes(check(content, today=TODAY)) == ["E210"], bad
    for good in ("@zhang-san", "@Example-County/edu_team", "@a/b.c"):
        orgs.write_text(text.replace('"@test-county/edu"', f'"{good}"'), encoding="utf-8")
        assert codes(check(content, today=TODAY)) == [], good
    # one reviewer may be written without a list
    orgs.write_text(text.replace('["@test-county/edu"]', '"@zhang-san"'), encoding="utf-8")
    result = check(content, today=TODAY)
    assert result.corpus.organizations["edu"].reviewers == ["@zhang-san"]


def test_unusual_paths_are_escaped(content: Path) -> None:
    odd = content / "catalogues/义务 教育#1/edu.yml"
    odd.parent.mkdir()
    (content / CATALOGUE).rename(odd)
    result = check(content, today=TODAY)
    text = codeowners(result.corpus, "content")
    assert "/content/catalogues/义务\\ 教育\\#1/edu.yml @test-county/edu\n" in text

"""portal.yml's located errors, the shape checks of a member's data, and reading members over
HTTP (limits, redirects) without a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content.diagnostics import format_text
from generator.content.portal import load_portal
from generator.portal.fetch import HttpSource, LocalSource, Unavailable
from generator.portal.members import Member, load_member, members_of

GOOD = """\
name: 示例市政务公开平台
members:
  - id: county-a
    name: 甲县人民政府
    url: https://a.example.gov.cn/
  - id: county-b
    name: 乙县人民政府
    path: ../county-b/site
"""


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "portal.yml"
    path.write_text(text, encoding="utf-8")
    portal, found = load_portal(path, "portal.yml")
    assert (portal is None) == bool(found)
    return [format_text(d, d.path) for d in found]


def test_a_good_portal_yml(tmp_path: Path) -> None:
    assert errors(tmp_path, GOOD) == []
    (tmp_path / "portal.yml").write_text(GOOD, encoding="utf-8")
    portal, _ = load_portal(tmp_path / "portal.yml")
    assert portal is not None and [m.id for m in portal.members] == ["county-a", "county-b"]
    assert portal.mirror is False and portal.timeout == 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("name: 示例市政务公开平台\n", ""),
            "portal.yml:1:1: 错误 E201 name: 缺少必填项“门户名称”（name）：请补上，例如 name: 示例市政务公开平台",
        ),
        ("name: 门户\n", "portal.yml:1:1: 错误 E201 members: 缺少必填项“成员网站”（members）"),
        (
            "name: 门户\nmembers: []\n",
            "portal.yml:2:10: 错误 E207 members: “成员网站”（members）至少要填写一项",
        ),
        (
            GOOD.replace("    path: ../county-b/site\n", ""),
            "portal.yml:6:5: 错误 E201 members[1]: 成员缺少网站位置：请写 url（已发布的网站地址，"
            "如 https://a.example.gov.cn/）或 path（已生成的网站目录，如 ../county-a/site）其中一项",
        ),
        (
            GOOD.replace(
                "    url: https://a.example.gov.cn/\n", "    url: https://a.example.gov.cn/\n    path: x\n"
            ),
            "portal.yml:6:5: 错误 E202 members[0].path: url 和 path 只能写一项",
        ),
        (
            GOOD.replace("id: county-b", "id: county-a"),
            "portal.yml:6:9: 错误 E206 members[1].id: 成员编号“county-a”与第 1 个成员重复：每个成员的 id 必须不同",
        ),
        (
            GOOD.replace("id: county-b", "id: 乙县"),
            "portal.yml:6:9: 错误 E206 members[1].id: “乙县”不能作为“成员编号”（id）：只能用小写英文字母、数字和连字符 -",
        ),
        (
            GOOD.replace("https://a.example.gov.cn/", "file:///etc/"),
            "portal.yml:5:10: 错误 E206 members[0].url: “file:///etc/”不是完整的网址：“网站地址”（url）应以 http:// 或 https:// 开头",
        ),
        (
            GOOD.replace("    path: ../county-b/site\n", "    path: ../county-b/site\n    mirror: true\n"),
            "portal.yml:9:5: 错误 E202 members[1].mirror: mirror 只用于写 url 的成员",
        ),
        (
            GOOD + "timeout: 0\n",
            "portal.yml:9:10: 错误 E208 timeout: “下载超时（秒）”（timeout）应不小于 1，这里是“0”",
        ),
        (
            GOOD.replace("    name: 甲县人民政府\n", "    nmae: 甲县人民政府\n"),
            "portal.yml:4:5: 错误 E202 members[0].nmae: “nmae”不是可用的键",
        ),
        ("name: [门户\n", "portal.yml:1:7: 错误 E101 方括号列表写法有误"),
        ("", "portal.yml:1:1: 错误 E106 文件是空的：请按门户设置的模板填写"),
    ],
)
def test_portal_yml_errors_are_located_and_in_chinese(tmp_path: Path, text: str, expected: str) -> None:
    found = errors(tmp_path, text)
    assert any(line.startswith(expected) for line in found), found


def test_an_unreadable_portal_yml(tmp_path: Path) -> None:
    portal, found = load_portal(tmp_path / "missing.yml", "missing.yml")
    assert portal is None
    assert [format_text(d, d.path) for d in found] == [
        "missing.yml:1:1: 错误 E102 无法读取门户设置文件（No such file or directory）：请检查文件名和权限"
    ]


# --- a member's data ---------------------------------------------------------------------------

COMPLIANCE = {
    "site": {"name": "甲县人民政府", "base_url": "https://a.example.gov.cn/"},
    "generated": "2026-06-01",
    "domains": [
        {"slug": "compulsory-education", "name": "义务教育", "pilot": True, "catalogues": 2},
        {"slug": "employment", "name": "就业", "pilot": True, "catalogues": 0},
        {"slug": "transport", "name": "交通运输", "pilot": False, "catalogues": 1},
    ],
    "interpretations": {"required": 4, "on_time": 3, "late": 1, "missing": 0},
    "stale_catalogues": [{"path": "x.yml"}],
    "annual_reports": [
        {"organization": "office", "year": 2024, "published": "2025-01-10", "on_time": True},
        {"organization": "office", "year": 2025, "published": None, "on_time": False},
        {"organization": "edu", "year": 2025, "published": "2026-01-10", "on_time": True},
    ],
}
POLICIES = {
    "site": {"name": "甲县人民政府", "url": "https://a.example.gov.cn/"},
    "policies": [
        {
            "id": "p1",
            "url": "https://a.example.gov.cn/policies/p1/",
            "title": "甲",
            "published": "2026-01-05",
        },
        {"id": "p2", "url": "https://elsewhere.example/p2/", "title": "乙", "published": "2026-03-05"},
        {"id": "p3", "url": "javascript:alert(1)", "title": "丙", "published": "2025-03-05"},
    ],
}
CATALOGUES = {
    "site": {"name": "甲县人民政府", "url": "https://a.example.gov.cn/"},
    "domains": [
        {
            "slug": "compulsory-education",
            "name": "义务教育",
            "url": "https://a.example.gov.cn/catalogues/compulsory-education/",
            "catalogues": [{"organization": {"id": "edu", "name": "甲县教育局"}, "items": [{}, {}, {}]}],
        }
    ],
}


def member_site(root: Path, **replace: object) -> Path:
    files = {"compliance": COMPLIANCE, "policies": POLICIES, "catalogues": CATALOGUES, **replace}
    (root / "data").mkdir(parents=True)
    (root / "pagefind").mkdir()
    (root / "pagefind" / "zwgk-parts.json").write_text("[]", encoding="utf-8")
    for name, data in files.items():
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        (root / "data" / f"{name}.json").write_text(text, encoding="utf-8")
    return root


def read(tmp_path: Path, url: str | None = None, **replace: object) -> Member:
    site = member_site(tmp_path / "site", **replace)
    (tmp_path / "portal.yml").write_text(
        "name: 门户\nmembers:\n  - id: a\n    name: 甲县人民政府\n"
        + (f"    url: {url}\n" if url else f"    path: {site.name}\n"),
        encoding="utf-8",
    )
    portal, found = load_portal(tmp_path / "portal.yml")
    assert portal is not None, found
    (member,) = members_of(portal, tmp_path)
    load_member(member, latest=10)
    return member


def test_a_members_figures_and_links(tmp_path: Path) -> None:
    member = read(tmp_path)
    assert member.ok, member.problem
    f = member.figures
    assert f is not None
    assert (f.covered, f.pilot) == (1, 2)  # the local domain does not count
    assert (f.required, f.on_time, f.late, f.missing, f.stale) == (4, 3, 1, 0, 1)
    assert (f.report_year, f.reports, f.reports_on_time) == (2025, 2, 1)
    # newest first; only the member's own URLs are linked (on its copy in the portal)
    assert [(p.title, p.link) for p in member.policies] == [
        ("乙", None),
        ("甲", "members/a/policies/p1/"),
        ("丙", None),
    ]
    (education,) = member.catalogues.values()
    assert (education.link, education.organizations, education.items) == (
        "members/a/catalogues/compulsory-education/",
        ("甲县教育局",),
        3,
    )


@pytest.mark.parametrize(
    ("replace", "reason"),
    [
        ({"compliance": "{not json"}, "data/compliance.json 不是有效的 JSON"),
        ({"compliance": {**COMPLIANCE, "domains": "全部"}}, "data/compliance.json 的格式不对（domains"),
        (
            {"compliance": {k: v for k, v in COMPLIANCE.items() if k != "interpretations"}},
            "（interpretations：",
        ),
        ({"policies": {"site": {"name": "x"}, "policies": [{"id": "p"}]}}, "data/policies.json 的格式不对"),
        ({"catalogues": []}, "data/catalogues.json 的格式不对（最外层"),
        ({"compliance": {**COMPLIANCE, "generated": "昨天"}}, "data/compliance.json 的格式不对（generated"),
    ],
)
def test_bad_data_makes_a_member_unavailable(tmp_path: Path, replace: dict[str, object], reason: str) -> None:
    member = read(tmp_path, **replace)
    assert not member.ok
    assert member.problem is not None and reason in member.problem, member.problem


def test_a_missing_file_and_bad_parts(tmp_path: Path) -> None:
    site = member_site(tmp_path / "one")
    (site / "data" / "policies.json").unlink()
    with pytest.raises(Unavailable, match=r"缺少 data/policies.json"):
        LocalSource(site).read("data/policies.json", 100)
    with pytest.raises(Unavailable, match="超过上限"):
        LocalSource(site).read("data/compliance.json", 10)
    member = read(tmp_path / "two")
    assert member.ok
    (tmp_path / "two" / "site" / "pagefind" / "zwgk-parts.json").write_text(
        '["../../etc/"]', encoding="utf-8"
    )
    load_member(member, latest=10)
    assert member.problem is not None and "zwgk-parts.json 的格式不对" in member.problem


# --- over HTTP ----------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith(("/to-file/", "/to-ftp/")):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd" if "file" in self.path else "ftp://127.0.0.1/x")
            self.end_headers()
        elif self.path.startswith("/moved/"):
            self.send_response(301)
            self.send_header("Location", "/" + self.path.removeprefix("/moved/"))
            self.end_headers()
        else:
            super().do_GET()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_a_member_over_http(tmp_path: Path) -> None:
    site = member_site(tmp_path / "served")
    with serve(site) as url:
        member = read(tmp_path / "portal", url)
        assert member.ok, member.problem
        assert [p.link for p in member.policies] == [None, f"{url}policies/p1/", None]
        source = HttpSource(url, timeout=5)
        assert json.loads(source.read("moved/data/compliance.json", 10**6))["generated"] == "2026-06-01"
        for scheme in ("file", "ftp"):
            with pytest.raises(Unavailable, match=r"被重定向到非 http\(s\) 地址.*已拒绝"):
                source.read(f"to-{scheme}/x", 10**6)
        with pytest.raises(Unavailable, match="超过上限"):
            source.read("data/compliance.json", 100)
        with pytest.raises(Unavailable, match="返回 HTTP 404"):
            source.read("data/nothing.json", 100)


def test_the_output_may_not_hold_portal_yml(tmp_path: Path) -> None:
    from generator.portal.build import PortalBuildFailed, build_portal

    config = tmp_path / "repo" / "portal.yml"
    config.parent.mkdir()
    config.write_text(GOOD, encoding="utf-8")
    for target in (config.parent, tmp_path):
        with pytest.raises(PortalBuildFailed, match="包含门户设置文件"):
            build_portal(config, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"]
    assert [p.name for p in config.parent.iterdir()] == ["portal.yml"]

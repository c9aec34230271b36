"""One test (or a few) per rule, on a copy of the minimal valid site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.checks import check

from ..conftest import TODAY, codes, lines

CAT = "catalogues/compulsory-education/edu.yml"
POLICY = "policies/2024/enrolment-plan.md"
JOINT = "policies/2024/open-gov-plan.md"
INTERP = "interpretations/2024/enrolment-plan-qa.md"
JOINT_INTERP = "interpretations/2024/open-gov-plan-read.md"


def edit(content: Path, rel: str, old: str, new: str) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(content: Path, today: dt.date = TODAY) -> list[str]:
    return codes(check(content, today=today))


def test_minimal_site_is_clean(content: Path) -> None:
    assert lines(check(content, today=TODAY)) == []


def test_required_elements_of_54(content: Path) -> None:
    edit(content, CAT, "    time_limit: 信息形成或者变更之日起20个工作日内\n", "")
    result = check(content, today=TODAY)
    (d,) = result.diagnostics
    assert (d.code, d.path, d.line, d.column, d.key) == ("E201", CAT, 7, 5, "items[0].time_limit")
    assert "公开时限" in d.message


def test_variant_warns_and_names_canonical(content: Path) -> None:
    edit(content, CAT, "audience: 特定群体", "audience: 特定群众")
    result = check(content, today=TODAY)
    (d,) = result.diagnostics
    assert (d.code, d.severity) == ("W201", "warning")
    assert "“特定群体”" in d.message


def test_unknown_domain_suggests(content: Path) -> None:
    edit(content, CAT, "domain: 义务教育", "domain: 义务教肓")
    result = check(content, today=TODAY)
    assert codes(result) == ["E301"]
    assert "义务教育" in result.diagnostics[0].message


def test_domain_by_slug_and_alias(content: Path) -> None:
    edit(content, CAT, "domain: 义务教育", "domain: compulsory-education")
    assert run(content) == []


def test_ambiguous_alias_is_an_error(content: Path) -> None:
    edit(content, CAT, "domain: 义务教育", "domain: 自然资源")
    result = check(content, today=TODAY)
    assert codes(result) == ["E301"]
    assert "城乡规划" in result.diagnostics[0].message and "征地补偿" in result.diagnostics[0].message


def test_local_domain(content: Path) -> None:
    (content / "domains.yml").write_text("- slug: transport\n  name: 交通运输\n  aliases: [交通]\n")
    edit(content, CAT, "domain: 义务教育", "domain: 交通")
    assert run(content) == []
    (content / "domains.yml").write_text("- slug: transport\n  name: 义务教育\n")
    assert "E305" in run(content)


def test_unknown_organization(content: Path) -> None:
    edit(content, CAT, "organization: edu", "organization: edu2")
    assert run(content) == ["E302"]


def test_organization_by_name(content: Path) -> None:
    edit(content, CAT, "organization: edu", "organization: 测试县教育和体育局")
    assert run(content) == []


def test_subject_unknown(content: Path) -> None:
    edit(content, CAT, "subjects: [edu, dongcheng]", "subjects: [edu, xicheng]")
    result = check(content, today=TODAY)
    assert [(d.code, d.key) for d in result.diagnostics] == [("E302", "items[1].subjects[1]")]


def test_basis_policy_reference(content: Path) -> None:
    edit(content, CAT, "policy: 测教发〔2024〕3号", "policy: 测教发〔2024〕30号")
    assert run(content) == ["E303"]


def test_basis_reference_by_id_and_bracket_variant(content: Path) -> None:
    edit(content, CAT, "policy: 测教发〔2024〕3号", "policy: enrolment-plan")
    assert run(content) == []
    edit(content, CAT, "policy: enrolment-plan", "policy: 测教发[2024]3号")
    assert run(content) == []


def test_interprets_unresolved(content: Path) -> None:
    edit(content, INTERP, "interprets: 测教发〔2024〕3号", "interprets: 测教发〔2024〕4号")
    # a near miss: one error, with the policy it most likely means
    result = check(content, today=TODAY)
    assert codes(result) == ["E304"]
    assert "测教发〔2024〕3号" in result.diagnostics[0].message
    # nothing alike: the interpretation points nowhere and its policy is left without one
    edit(content, INTERP, "interprets: 测教发〔2024〕4号", "interprets: 不存在的文件")
    assert sorted(run(content)) == ["E304", "E506"]


def test_duplicate_item_id(content: Path) -> None:
    edit(content, CAT, "id: student-aid", "id: enrolment-area")
    result = check(content, today=TODAY)
    (d,) = result.diagnostics
    assert d.code == "E401" and "第 7 行" in d.message


def test_duplicate_doc_number_and_index_number(content: Path) -> None:
    edit(content, JOINT, "测政办发〔2024〕12号", "测教发〔2024〕3号")
    edit(content, JOINT, "000000000/2024-00012", "000000000/2024-00003")
    result = check(content, today=TODAY)
    # said on both files, each naming the other: either may be the one that changed
    assert sorted((d.code, d.path) for d in result.diagnostics) == sorted(
        [("E403", JOINT), ("E403", POLICY), ("E404", JOINT), ("E404", POLICY)]
    )
    assert JOINT in next(d.message for d in result.diagnostics if d.path == POLICY)


def test_duplicate_document_id_across_years(content: Path) -> None:
    (content / "policies/2023").mkdir()
    text = (content / POLICY).read_text(encoding="utf-8")
    text = text.replace("测教发〔2024〕3号", "测教发〔2023〕3号").replace("2024-00003", "2023-00003")
    (content / "policies/2023/enrolment-plan.md").write_text(text, encoding="utf-8")
    assert "E405" in run(content)


def test_two_catalogues_for_one_org_and_domain(content: Path) -> None:
    text = (content / CAT).read_text(encoding="utf-8")
    (content / "catalogues/compulsory-education/edu-2.yml").write_text(text, encoding="utf-8")
    assert run(content) == ["E406"]


def test_written_after_published(content: Path) -> None:
    edit(content, POLICY, "written: 2024-03-01", "written: 2024-03-05")
    assert run(content) == ["E501"]


def test_doc_number_brackets_warn(content: Path) -> None:
    edit(content, POLICY, "doc_number: 测教发〔2024〕3号", "doc_number: 测教发[2024]3号")
    result = check(content, today=TODAY)
    assert codes(result) == ["W502"]
    assert "测教发〔2024〕3号" in result.diagnostics[0].message


def test_doc_number_format(content: Path) -> None:
    edit(content, POLICY, "doc_number: 测教发〔2024〕3号", "doc_number: 第3号")
    assert "E513" in run(content)


def test_disclosure_reason_required(content: Path) -> None:
    edit(content, JOINT, "disclosure: 主动公开", "disclosure: 不予公开")
    # also: the interpretation now explains a document that is not public
    assert sorted(run(content)) == ["E503", "W512"]
    edit(content, JOINT, "disclosure: 不予公开", "disclosure: 不予公开\ndisclosure_reason: 内部事务")
    assert run(content) == ["W512"]


def test_method_reason_required(content: Path) -> None:
    edit(content, CAT, "    method_reason: 名单涉及未成年人个人信息，仅向本人及监护人提供\n", "")
    assert run(content) == ["E504"]


def test_no_interpretation_reason_required(content: Path) -> None:
    (content / JOINT_INTERP).unlink()
    assert run(content) == ["E506"]
    edit(content, JOINT, "disclosure: 主动公开", "disclosure: 主动公开\nneeds_interpretation: false")
    assert run(content) == ["E505"]
    edit(
        content,
        JOINT,
        "needs_interpretation: false",
        "needs_interpretation: false\nno_interpretation_reason: 内部工作安排",
    )
    assert run(content) == []


def test_interpretation_deadline_in_working_days(content: Path) -> None:
    # 2024-09-30 → 2024-10-11: 10-08, 10-09, 10-10, 10-11 = 4 working days (10-01..10-07 off)
    edit(content, JOINT_INTERP, "published: 2024-10-09", "published: 2024-10-11")
    result = check(content, today=TODAY)
    assert codes(result) == ["E507"]
    assert "第 4 个工作日" in result.diagnostics[0].message
    edit(content, JOINT_INTERP, "published: 2024-10-11", "published: 2024-10-10")
    assert run(content) == []


def test_deadline_is_a_site_setting(content: Path) -> None:
    edit(content, "site.yml", "interpretation_deadline: 3", "interpretation_deadline: 1")
    assert run(content) == ["E507"]


def test_interpretation_before_policy(content: Path) -> None:
    edit(content, INTERP, "published: 2024-03-04", "published: 2024-03-01")
    assert run(content) == ["W510"]


def test_unknown_year_warns_and_holidays_file_fixes_it(content: Path) -> None:
    for rel in (JOINT, JOINT_INTERP):
        text = (content / rel).read_text(encoding="utf-8")
        (content / rel).write_text(
            text.replace("2024-09-", "2031-09-").replace("2024-10-", "2031-10-"), encoding="utf-8"
        )
    result = check(content, today=TODAY)
    assert "W509" in codes(result)
    (content / "holidays.yml").write_text(
        "2031:\n  holidays: [2031-10-01, 2031-10-02, 2031-10-03, 2031-10-06, 2031-10-07]\n  workdays: []\n"
    )
    assert "W509" not in run(content)


def test_interpreter_is_not_the_drafter(content: Path) -> None:
    edit(content, INTERP, "interpreter: edu", "interpreter: office")
    assert run(content) == ["W508"]


def test_joint_document_is_interpreted_by_the_lead(content: Path) -> None:
    edit(content, JOINT_INTERP, "interpreter: office", "interpreter: edu")
    assert run(content) == ["W508"]


def test_drafter_decides_the_interpreter(content: Path) -> None:
    edit(content, JOINT, "issuer: [office, edu]", "issuer: [office, edu]\ndrafter: edu")
    assert run(content) == ["W508"]  # office interprets, edu drafted


def test_personal_data_in_body_table(content: Path) -> None:
    edit(content, POLICY, "| 小学 | 7月1日至7月10日 |", "| 小学 | 7月1日至7月10日，咨询13912345678 |")
    result = check(content, today=TODAY)
    (d,) = result.diagnostics
    assert (d.code, d.line, d.key) == ("E602", 18, "正文")
    line = (content / POLICY).read_text(encoding="utf-8").splitlines()[d.line - 1]
    assert line[d.column - 1 :].startswith("13912345678")
    assert "13912345678" not in d.message


def test_personal_data_in_yaml_value(content: Path) -> None:
    edit(content, CAT, "content: 受助学生名单（去标识化）", "content: 受助学生名单 11010519491231002X")
    result = check(content, today=TODAY)
    (d,) = result.diagnostics
    assert d.code == "E601" and d.key == "items[1].content"


def test_stale_catalogue(content: Path) -> None:
    assert run(content, today=dt.date(2025, 3, 1)) == []
    assert run(content, today=dt.date(2025, 3, 3)) == ["W511"]


def test_missing_site_and_organizations(content: Path) -> None:
    (content / "site.yml").unlink()
    (content / "organizations.yml").unlink()
    result = check(content, today=TODAY)
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("E201", "organizations.yml"),
        ("E201", "site.yml"),
    ]


def test_broken_policy_does_not_cascade(content: Path) -> None:
    edit(content, POLICY, "published: 2024-03-04", "published: 2024-03-4")
    # the date error only: references to the broken policy are not reported again
    assert run(content) == ["E205"]


def test_personal_data_in_a_key(content: Path) -> None:
    edit(content, CAT, "    time_limit: 制定", "    13912345678: 备注\n    time_limit: 制定")
    result = check(content, today=TODAY)
    assert ("E602", 24, 5) in [(d.code, d.line, d.column) for d in result.diagnostics]


# --- a file whose model failed still takes part in the cross-file rules ---------------------


def test_invalid_date_and_duplicate_doc_number_both_reported(content: Path) -> None:
    edit(content, JOINT, "published: 2024-09-30", "published: 2026.6.3")
    edit(content, JOINT, "doc_number: 测政办发〔2024〕12号", "doc_number: 测教发〔2024〕3号")
    result = check(content, today=TODAY)
    assert sorted((d.code, d.path, d.key) for d in result.diagnostics) == sorted(
        [("E205", JOINT, "published"), ("E404", JOINT, "doc_number"), ("E404", POLICY, "doc_number")]
    )
    assert JOINT in next(d.message for d in result.diagnostics if d.path == POLICY and d.code == "E404")


def test_broken_policy_duplicate_index_number_and_unknown_issuer(content: Path) -> None:
    edit(content, JOINT, "published: 2024-09-30", "published: 2024-13-30")
    edit(content, JOINT, "000000000/2024-00012", "000000000/2024-00003")
    edit(content, JOINT, "issuer: [office, edu]", "issuer: [office, edu2]")
    result = check(content, today=TODAY)
    assert sorted((d.code, d.path, d.key) for d in result.diagnostics) == sorted(
        [
            ("E205", JOINT, "published"),
            ("E302", JOINT, "issuer[1]"),
            ("E403", JOINT, "index_number"),
            ("E403", POLICY, "index_number"),
        ]
    )


def test_broken_file_read_back_from_the_cache(content: Path, tmp_path: Path) -> None:
    edit(content, JOINT, "published: 2024-09-30", "published: 2026.6.3")
    edit(content, JOINT, "doc_number: 测政办发〔2024〕12号", "doc_number: 测教发〔2024〕3号")
    edit(content, CAT, "audience: 特定群体", "audience: 所有人")
    edit(content, CAT, "subjects: [edu, dongcheng]", "subjects: [edu, xicheng]")
    fresh = lines(check(content, today=TODAY, cache_dir=tmp_path / "cache"))
    assert lines(check(content, today=TODAY, cache_dir=tmp_path / "cache")) == fresh
    assert [line.split(" ")[2] for line in fresh] == ["E302", "E203", "E404", "E404", "E205"]


def test_broken_field_is_not_reported_twice(content: Path) -> None:
    # the 发文字号 itself is wrong: its error only, no duplicate reported from it
    edit(content, JOINT, "doc_number: 测政办发〔2024〕12号", "doc_number: [测教发〔2024〕3号]")
    assert run(content) == ["E204"]


def test_broken_interpretation_still_checked_for_references(content: Path) -> None:
    edit(content, INTERP, "published: 2024-03-04", "published: 2024-3-4")
    edit(content, INTERP, "interpreter: edu", "interpreter: edu2")
    edit(content, INTERP, "interprets: 测教发〔2024〕3号", "interprets: 不存在的文件")
    result = check(content, today=TODAY)
    assert sorted((d.code, d.path) for d in result.diagnostics) == [
        ("E205", INTERP),
        ("E302", INTERP),
        ("E304", INTERP),
        ("E506", POLICY),  # nothing interprets it now
    ]


def test_broken_catalogue_still_checked_for_references(content: Path) -> None:
    edit(content, CAT, "audience: 特定群体", "audience: 所有人")
    edit(content, CAT, "subjects: [edu, dongcheng]", "subjects: [edu, xicheng]")
    edit(content, CAT, "policy: 测教发〔2024〕3号", "policy: 测教发〔2024〕30号")
    result = check(content, today=TODAY)
    assert sorted((d.code, d.key) for d in result.diagnostics) == [
        ("E203", "items[1].audience"),
        ("E302", "items[1].subjects[1]"),
        ("E303", "items[0].basis[1].policy"),
    ]
    # a second catalogue for the same organization and domain is found too
    text = (content / CAT).read_text(encoding="utf-8")
    (content / "catalogues/compulsory-education/edu-2.yml").write_text(text, encoding="utf-8")
    assert "E406" in run(content)


def test_broken_catalogue_review_date(content: Path) -> None:
    edit(content, CAT, "audience: 特定群体", "audience: 所有人")
    # its date is right: a stale catalogue is still found stale
    assert sorted(run(content, today=dt.date(2025, 3, 3))) == ["E203", "W511"]
    # its date is wrong: that error only, not also "no review date"
    edit(content, CAT, "updated: 2024-03-01", "updated: 2024-03-32")
    assert sorted(run(content)) == ["E203", "E205"]

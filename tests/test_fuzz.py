"""Property: any bytes in any content file give diagnostics, never an exception."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import check

from .conftest import MINIMAL, TODAY

TARGETS = [
    "site.yml",
    "organizations.yml",
    "catalogues/compulsory-education/edu.yml",
    "policies/2024/enrolment-plan.md",
    "interpretations/2024/enrolment-plan-qa.md",
    "pages/guide.md",
    "holidays.yml",
    "domains.yml",
]

# bytes that look like content: YAML punctuation, Chinese, digits, control characters
YAMLISH = st.text(
    alphabet=st.sampled_from(
        list("-:[]{}#&*!|>'\"%@`,?\n\t \\0123456789abcdefxyz")
        + list("义务教育县级〔〕主动公开")
        + ["\x00", "\r", "\ufeff"]
    ),
    max_size=400,
)


def _run(tmp_path: Path, rel: str, payload: bytes) -> None:
    content = tmp_path / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(MINIMAL, content)
    target = content / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    result = check(content, today=TODAY)
    for d in result.diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.code and d.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(TARGETS), payload=st.binary(max_size=600))
def test_any_bytes(tmp_path: Path, rel: str, payload: bytes) -> None:
    _run(tmp_path, rel, payload)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(TARGETS), text=YAMLISH, front=st.booleans())
def test_yaml_like_text(tmp_path: Path, rel: str, text: str, front: bool) -> None:
    payload = (f"---\n{text}\n---\n正文\n" if front else text).encode("utf-8", errors="surrogatepass")
    _run(tmp_path, rel, payload)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_real_file(tmp_path: Path, data: st.DataObject) -> None:
    rel = data.draw(st.sampled_from(TARGETS[:6]))
    original = (MINIMAL / rel).read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    insert = data.draw(st.binary(max_size=20))
    _run(tmp_path, rel, original[:cut] + insert + original[cut + data.draw(st.integers(0, 10)) :])

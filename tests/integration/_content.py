"""The content files, read directly: what the built site is expected to show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from tests.integration.conftest import REPO

CONTENT = REPO / "content"


def front_matter(path: Path) -> tuple[dict, str]:  # type: ignore[type-arg]
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def documents(kind: str, content: Path = CONTENT) -> dict[str, tuple[dict, str]]:  # type: ignore[type-arg]
    """id (file name) → (front matter, body) of content/<kind>/**/*.md."""
    return {p.stem: front_matter(p) for p in sorted((content / kind).rglob("*.md"))}


def published_policies(content: Path = CONTENT) -> dict[str, dict]:  # type: ignore[type-arg]
    return {k: fm for k, (fm, _) in documents("policies", content).items() if fm["disclosure"] != "不予公开"}


def interpretations_by_policy(content: Path = CONTENT) -> dict[str, list[str]]:
    """policy id → ids of its interpretations (``interprets`` is an id or a 发文字号)."""
    policies = documents("policies", content)
    by_number = {fm.get("doc_number"): pid for pid, (fm, _) in policies.items()}
    out: dict[str, list[str]] = {}
    for iid, (fm, _) in documents("interpretations", content).items():
        target = fm["interprets"] if fm["interprets"] in policies else by_number[fm["interprets"]]
        out.setdefault(target, []).append(iid)
    return out


def catalogue_files(content: Path = CONTENT) -> Iterator[tuple[str, dict]]:  # type: ignore[type-arg]
    """(domain folder slug, catalogue YAML) for every catalogue file."""
    for path in sorted((content / "catalogues").glob("*/*.yml")):
        yield path.parent.name, yaml.safe_load(path.read_text(encoding="utf-8"))


def organizations(content: Path = CONTENT) -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load((content / "organizations.yml").read_text(encoding="utf-8"))


def site_yml(content: Path = CONTENT) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((content / "site.yml").read_text(encoding="utf-8"))

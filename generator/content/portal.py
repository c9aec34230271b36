"""Reading portal.yml: the model with located Chinese diagnostics, and what the model alone
cannot say (each member has exactly one of url and path; ids are unique)."""

from __future__ import annotations

from pathlib import Path

from generator.content.diagnostics import Diagnostic, make, sort_diagnostics
from generator.content.load import load_file
from generator.content.portal_model import Portal

__all__ = ["Portal", "load_portal"]


def load_portal(config_file: Path, shown: str | None = None) -> tuple[Portal | None, list[Diagnostic]]:
    """The portal's settings, or None and the errors (each with its line and column).

    ``shown`` is the file name the diagnostics carry (default: the path as given)."""
    rel = shown or str(config_file)
    try:
        raw = config_file.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, [make("E102", rel, (1, 1), "", f"无法读取门户设置文件（{reason}）：请检查文件名和权限")]
    result = load_file(rel, "portal", raw)
    diagnostics = [d for d in result.diagnostics if d.severity == "error"]
    data = result.data
    members = data.get("members") if isinstance(data, dict) else None
    seen: dict[str, int] = {}
    for n, member in enumerate(members if isinstance(members, list) else []):
        if not isinstance(member, dict):
            continue
        where = ("members", n)
        has_url, has_path = member.get("url") is not None, member.get("path") is not None
        if not has_url and not has_path:
            diagnostics.append(
                result.diag(
                    "E201",
                    where,
                    "成员缺少网站位置：请写 url（已发布的网站地址，如 https://a.example.gov.cn/）"
                    "或 path（已生成的网站目录，如 ../county-a/site）其中一项",
                )
            )
        elif has_url and has_path:
            diagnostics.append(
                result.diag(
                    "E202",
                    (*where, "path"),
                    "url 和 path 只能写一项：用已发布的网站写 url，用本机已生成的网站目录写 path，删除另一项",
                    at_key=True,
                )
            )
        if member.get("path") is not None and member.get("mirror") is not None:
            diagnostics.append(
                result.diag(
                    "E202",
                    (*where, "mirror"),
                    "mirror 只用于写 url 的成员（path 的成员总是整站复制到门户）：请删除这一行",
                    at_key=True,
                )
            )
        ident = member.get("id")
        if isinstance(ident, str):
            if ident in seen:
                diagnostics.append(
                    result.diag(
                        "E206",
                        (*where, "id"),
                        f"成员编号“{ident}”与第 {seen[ident] + 1} 个成员重复：每个成员的 id 必须不同",
                    )
                )
            seen.setdefault(ident, n)
    if diagnostics or result.model is None:
        if not diagnostics:  # pragma: no cover - a model that failed always says why
            diagnostics.append(make("E107", rel, (1, 1), "", "门户设置无法读取：请对照格式说明修改"))
        return None, sort_diagnostics(diagnostics)
    return result.model, []

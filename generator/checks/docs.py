"""The generated reference files: the JSON Schemas and the error-code page.

The page comes from the code table (:data:`generator.content.codes.CODES`: severity, title, fix,
example) and the rule registry (which part of the checker reports each code).
``python -m generator.commands.schema`` rewrites both; a test fails when the committed files drift.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks.registry import CORPUS, FILE, FORMAT, IMPORT, READ, parts
from generator.content.codes import CODES
from generator.content.schema import schema_documents

# what each part of the checker is, for the reader of the page
PART_NOTES: dict[str, str] = {
    READ: "文件本身无法作为内容读取（编码、YAML 写法、文件位置和名称等）",
    FORMAT: "某个键或值不符合内容格式（缺项、键名拼写、可选值、日期等）",
    FILE: "只看这一个文件就能判断的规则（日期先后、必须说明的理由、个人信息等）",
    CORPUS: "要对照多个文件判断的规则（引用、重复、解读及其时限、目录复核等）",
    IMPORT: "`zwgk import` 读取部门的 Excel 目录时发现的问题",
}


def code_page() -> str:
    """The Markdown error-code page."""
    part_of = parts()
    lines = [
        "# 检查结果代码一览",
        "",
        "`zwgk check` 报告的每个问题都带一个代码。以 E 开头的是**错误**，必须改正后才能发布；"
        "以 W 开头的是**警告**，建议改正（使用 `--strict` 时警告也会使检查失败）。",
        "",
        "报告的格式是 `文件:行:列: 错误|警告 代码 键: 说明`，例如：",
        "",
        "```text",
        "content/catalogues/compulsory-education/edu.yml:14:7: 错误 E203 items[2].channels[1]: "
        "“政府网址”不是“公开渠道和载体”的可选值。可选：政府网站、政府公报……",
        "```",
        "",
        "每个代码都注明由检查的哪个环节报告：",
        "",
        *(f"- {part}：{note}" for part, note in PART_NOTES.items()),
        "",
    ]
    for code, info in CODES.items():
        kind = "错误" if info.severity == "error" else "警告"
        lines += [
            f"## {code} {info.title}",
            "",
            f"- 级别：{kind}",
            f"- 检查环节：{'、'.join(part_of.get(code, []))}",
            f"- 怎么改：{info.fix}",
            "- 例子：",
            "",
            "```yaml",
            info.example,
            "```",
            "",
        ]
    return "\n".join(lines)


def generated_files(root: Path) -> dict[Path, str]:
    """Every generated file under the project ``root`` → its text."""
    files = {root / "schemas" / name: text for name, text in schema_documents().items()}
    files[root / "docs" / "staff" / "error-codes.md"] = code_page()
    return files

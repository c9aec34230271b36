"""Diagnostics: what a check found, where, and how it is printed.

The core only creates :class:`Diagnostic` objects; the CLI and the mkdocs plugin decide how
to print them (text, JSON or GitHub Actions annotations).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.content.codes import CODES

Severity = Literal["error", "warning"]

SEVERITY_LABEL: dict[str, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, located in a file. ``line`` and ``column`` are 1-based."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    key: str
    message: str
    # what the finding is about, as data, for a rule that restates it (personal data: the
    # masked number; the kind is the code): never parsed back out of the message
    value: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.key)


def make(code: str, path: str, pos: tuple[int, int], key: str, message: str, value: str = "") -> Diagnostic:
    """Create a diagnostic with the default severity of ``code``."""
    return Diagnostic(
        path=path,
        line=pos[0],
        column=pos[1],
        severity=CODES[code].severity,
        code=code,
        key=key,
        message=message,
        value=value,
    )


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable, de-duplicated order: by file, line, column, code."""
    return sorted(set(diags), key=Diagnostic.sort_key)


def display_path(path: str, content_dir: Path, cwd: Path | None = None) -> str:
    """Turn a content-relative path into one relative to the current directory."""
    full = content_dir / path
    base = cwd or Path.cwd()
    try:
        rel = os.path.relpath(full, base)
    except ValueError:  # another drive on Windows
        rel = str(full)
    return rel.replace(os.sep, "/")


def counts(diags: Sequence[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for d in diags if d.severity == "error")
    return errors, len(diags) - errors


def summary_line(diags: Sequence[Diagnostic], files: int) -> str:
    errors, warnings = counts(diags)
    if not diags:
        return f"检查了 {files} 个文件，没有发现问题。"
    return f"检查了 {files} 个文件，发现 {errors} 个错误、{warnings} 个警告。"


def format_text(d: Diagnostic, shown_path: str) -> str:
    key = f" {d.key}:" if d.key else ""
    return f"{shown_path}:{d.line}:{d.column}: {SEVERITY_LABEL[d.severity]} {d.code}{key} {d.message}"


def to_json_obj(d: Diagnostic, shown_path: str) -> dict[str, object]:
    return {
        "path": shown_path,
        "line": d.line,
        "column": d.column,
        "severity": d.severity,
        "code": d.code,
        "key": d.key,
        "message": d.message,
    }


def format_json(items: Sequence[tuple[Diagnostic, str]]) -> str:
    return json.dumps([to_json_obj(d, p) for d, p in items], ensure_ascii=False, indent=2)


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(d: Diagnostic, shown_path: str) -> str:
    """A GitHub Actions workflow command that annotates the line in the pull request."""
    kind = "error" if d.severity == "error" else "warning"
    title = f"{d.code} {d.key}".strip()
    props = f"file={_gh_escape_prop(shown_path)},line={d.line},col={d.column},title={_gh_escape_prop(title)}"
    return f"::{kind} {props}::{_gh_escape_data(d.message)}"

"""Trimming the theme's CSS and JS keeps what they mean."""

from __future__ import annotations

import re
from pathlib import Path

from generator.site import minify

ASSETS = Path(__file__).resolve().parents[2] / "generator" / "site" / "theme" / "assets"


def test_css_loses_comments_and_spaces_but_not_strings() -> None:
    source = """/* a comment */
.a  >  .b ,
.c {  color : red ;  }
.d::before { content: "表格较宽，  可左右滑动 /* not a comment */ →"; }
.e::after { content: attr(data-label) '：'; }
@media screen and (max-width: 44em) { html[x="l"] :is(.f .g, .h) { margin: 0 } }
"""
    out = minify.css(source)
    assert not out.startswith("/*") and "/* a comment" not in out
    assert ".a>.b,.c{color : red}" in out
    assert '"表格较宽，  可左右滑动 /* not a comment */ →"' in out
    assert "attr(data-label) '：'" in out
    assert '@media screen and (max-width: 44em){html[x="l"] :is(.f .g,.h){margin: 0}}' in out


def test_the_theme_stylesheet_keeps_every_rule() -> None:
    source = (ASSETS / "zwgk.css").read_text(encoding="utf-8")
    out = minify.css(source)
    assert len(out) < 0.85 * len(source)
    uncommented = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    assert out.count("{") == uncommented.count("{") and out.count("}") == uncommented.count("}")
    assert "/*" not in out


def test_js_loses_comment_lines_and_indentation() -> None:
    source = '  // a note\n  var a = "x // y";\n  /* one line */\n  if (a) {\n    go();  // why\n  }\n'
    assert minify.js(source) == 'var a = "x // y";\nif (a) {\ngo();  // why\n}\n'


def test_js_with_template_literals_or_continued_strings_is_left_alone() -> None:
    for source in ("var a = `\n  two lines`;\n", 'var a = "one \\\n  two";\n'):
        assert minify.js(source) == source

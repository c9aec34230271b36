from __future__ import annotations

import time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.yamlsafe import MAX_DEPTH, parse_yaml, path_str


def test_positions_of_keys_values_and_items() -> None:
    parsed = parse_yaml("a: 1\nitems:\n  - id: x\n    channels: [政府网站, 两微一端]\n")
    assert parsed.problems == []
    assert parsed.keys[("a",)] == (1, 1)
    assert parsed.values[("a",)] == (1, 4)
    assert parsed.values[("items", 0)] == (3, 5)
    assert parsed.keys[("items", 0, "channels")] == (4, 5)
    assert parsed.values[("items", 0, "channels", 1)] == (4, 22)


def test_line_offset_for_front_matter() -> None:
    parsed = parse_yaml("title: x\n", line_offset=1)
    assert parsed.values[("title",)] == (2, 8)


def test_scalars_keep_the_authors_text() -> None:
    parsed = parse_yaml(
        "code: 0501\ndate: 2015-13-04\nflag: yes\nt: true\nf: false\nn: ~\ne:\nq: 'null'\nnum: 1.50\n"
    )
    assert parsed.data == {
        "code": "0501",
        "date": "2015-13-04",
        "flag": "yes",
        "t": True,
        "f": False,
        "n": None,
        "e": None,
        "q": "null",
        "num": "1.50",
    }


def test_quoted_true_stays_text() -> None:
    assert parse_yaml("a: 'true'\n").data == {"a": "true"}


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    parsed = parse_yaml("name: a\nother: b\nname: c\n")
    assert [(p.code, p.pos, p.key) for p in parsed.problems] == [("E102", (3, 1), "name")]
    assert "第 1 行" in parsed.problems[0].message
    assert parsed.data["name"] == "a"


def test_tags_are_refused_and_never_constructed() -> None:
    parsed = parse_yaml("x: !!python/object/apply:os.system ['echo pwned']\n")
    assert [p.code for p in parsed.problems] == ["E103"]
    assert "!!python/object/apply:os.system" in parsed.problems[0].message
    assert parsed.data == {"x": ["echo pwned"]}  # plain text, nothing executed


def test_anchor_and_alias_are_refused() -> None:
    parsed = parse_yaml("a: &x [1]\nb: *x\n")
    # said once per file, at the first place, with the count of the others
    assert [(p.code, p.pos) for p in parsed.problems] == [("E104", (1, 4))]
    assert "另有 1 处" in parsed.problems[0].message
    assert parsed.data == {"a": ["1"], "b": None}
    assert parsed.reported == {("b",)}  # the anchored value itself is fine content


def test_alias_bomb_costs_nothing() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    parsed = parse_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert [p.code for p in parsed.problems] == ["E104"]
    # every anchor and every alias counted, none expanded
    assert f"另有 {10 + 9 * 9 - 1} 处" in parsed.problems[0].message


def test_deep_nesting_is_bounded() -> None:
    parsed = parse_yaml("[" * 20000 + "]" * 20000)
    assert [p.code for p in parsed.problems] == ["E110"]
    assert parsed.data is None
    assert parsed.problems[0].pos == (1, MAX_DEPTH + 1)


def test_syntax_errors_are_located_and_in_chinese() -> None:
    tab = parse_yaml("a:\n\tb: 1\n")
    assert [(p.code, p.pos[0]) for p in tab.problems] == [("E101", 2)]
    assert "制表符" in tab.problems[0].message
    quote = parse_yaml('a: "open\nb: 2\n')
    assert quote.problems[0].code == "E101"
    assert "引号" in quote.problems[0].message


def test_second_document_is_refused() -> None:
    parsed = parse_yaml("a: 1\n---\nb: 2\n")
    assert [(p.code, p.pos) for p in parsed.problems] == [("E107", (2, 1))]


def test_non_text_key() -> None:
    parsed = parse_yaml("[1, 2]: x\nok: y\n")
    assert [p.code for p in parsed.problems] == ["E107"]
    assert parsed.data == {"ok": "y"}


def test_empty_document() -> None:
    assert parse_yaml("# only a comment\n").empty
    assert not parse_yaml("a: 1\n").empty


def test_path_str() -> None:
    assert path_str(("items", 2, "channels", 1)) == "items[2].channels[1]"
    assert path_str((0, "id")) == "[0].id"
    assert path_str(()) == ""


# nested mappings (keys possibly repeated) and lists of plain texts, written as block YAML
_TREES = st.recursive(
    st.sampled_from(["政府网站", "x", "true", "~", "13912345678", "0501"]),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4),
        st.lists(
            st.tuples(st.sampled_from(["id", "name", "渠道", "13912345678"]), inner), min_size=1, max_size=4
        ),
    ),
    max_leaves=20,
)


def _write(tree: Any, indent: int, path: tuple[Any, ...], out: list[str], where: dict[str, Any]) -> None:
    """Block YAML of ``tree``, each node on lines of its own; ``where`` collects the expected
    data, the positions of values and keys, and the duplicate keys."""
    pad = " " * indent
    if isinstance(tree, list) and tree and isinstance(tree[0], tuple):  # a mapping
        seen: dict[str, int] = {}
        for key, value in tree:
            line = len(out) + 1
            if key in seen:
                where["duplicates"].append((line, indent + 1))
                out.append(f"{pad}{key}: x")
                continue
            seen[key] = line
            where["keys"][(*path, key)] = (line, indent + 1)
            _entry(f"{pad}{key}: ", value, indent, (*path, key), out, where)
    elif isinstance(tree, list):  # a list
        for n, value in enumerate(tree):
            _entry(f"{pad}- ", value, indent, (*path, n), out, where)


def _entry(
    head: str, value: Any, indent: int, path: tuple[Any, ...], out: list[str], where: dict[str, Any]
) -> None:
    """A key's or an item's line: ``head`` and a text, or ``head`` alone with the node below."""
    line = len(out) + 1
    if isinstance(value, list):
        out.append(head.rstrip())
        where["values"][path] = (line + 1, indent + 3)
        _write(value, indent + 2, path, out, where)
    else:
        out.append(f"{head}{value}")
        where["values"][path] = (line, len(head) + 1)


def _data(tree: Any) -> Any:
    if isinstance(tree, list) and tree and isinstance(tree[0], tuple):
        out: dict[str, Any] = {}
        for key, value in tree:
            out.setdefault(key, _data(value))
        return out
    if isinstance(tree, list):
        return [_data(v) for v in tree]
    return {"true": True, "~": None}.get(tree, tree)


@settings(max_examples=300, deadline=None)
@given(_TREES.filter(lambda t: isinstance(t, list)))
def test_every_value_and_key_is_placed_where_it_is_written(tree: Any) -> None:
    where: dict[str, Any] = {"values": {}, "keys": {}, "duplicates": []}
    out: list[str] = []
    _write(tree, 0, (), out, where)
    parsed = parse_yaml("\n".join(out) + "\n")
    assert parsed.data == _data(tree)
    assert [(p.code, p.pos) for p in parsed.problems] == [("E102", pos) for pos in where["duplicates"]]
    assert {k: v for k, v in parsed.values.items() if k} == where["values"]
    assert parsed.keys == where["keys"]
    texts = {path for path, is_key in parsed.suspects if not is_key}
    assert texts == {p for p, _ in where["values"].items() if _at(parsed.data, p) == "13912345678"}


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data

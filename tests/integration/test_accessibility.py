"""Every kind of page, as a reader with a phone, a keyboard or poor sight meets it.

axe-core (installed from npm by scripts/test.sh, read from disk here) runs in Debian's
Chromium on one page of each kind at 390 and 1280 px in each of the three font sizes and must
find no WCAG 2.1 A/AA violation. The same pages must not scroll sideways at 320, 390 and
1280 px in any size, every control must show where the keyboard focus is and lie on screen
when focused (a closed phone menu is out of the Tab order), the first Tab reaches a skip
link to the main content, and the search box is a few Tabs away.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration._a11y import AXE, AXE_TAGS, PAGES, SIZES, set_font, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 1280)
NARROWEST = 320

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
    count: v.nodes.length,
  }));
}"""

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Every control the keyboard can reach: focused one by one, each must show an outline (or a
# ring) and lie inside the viewport once focused.
FOCUS_CHECK = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const bad = [];
  const controls = Array.from(document.querySelectorAll(selector)).filter(el =>
    el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true}) &&
    !el.closest('[inert]'));
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  for (const el of controls) {
    el.focus();
    if (document.activeElement !== el) continue;  // not focusable after all (e.g. inside display:none)
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const ring = style.boxShadow && style.boxShadow !== 'none';
    const r = el.getBoundingClientRect();
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      ' "' + (el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 20) + '"';
    if (!outline && !ring) bad.push('no focus indicator: ' + name);
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= vw || r.bottom <= 0 || r.top >= vh)
      bad.push(`off screen when focused (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}): ` + name);
  }
  document.activeElement && document.activeElement.blur();
  return {count: controls.length, bad: bad};
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing: scripts/test.sh installs axe-core from npm")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def viewport(request: pytest.FixtureRequest, browser: Any, server: str, axe_source: str) -> Iterator[Any]:
    """One browser context per width for the whole module; pages load axe themselves."""
    width = request.param
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 800 if width > 500 else 844}
    )
    context.add_init_script(axe_source)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"{page.url}: exception: {e}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{page.url}: HTTP {r.status} {r.url}"))
    page.on("request", lambda r: r.url.startswith((server, "data:", "blob:")) or problems.append(r.url))
    page.problems = problems  # type: ignore[attr-defined]
    page.base = server  # type: ignore[attr-defined]
    page.width = width  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def _open(page: Any, url: str) -> None:
    response = page.goto(page.base + url)
    assert response is not None and (response.ok or url == "404.html"), (
        f"{url}: {response and response.status}"
    )
    settle(page, url)


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {v['count']}×): {v['help']}")
        lines.extend(f"    {n}" for n in v["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_violations_and_no_sideways_scroll(viewport: Any, kind: str) -> None:
    page, width = viewport, viewport.width
    _open(page, PAGES[kind])
    failures = []
    for size in SIZES:
        set_font(page, size)
        violations = page.evaluate(RUN_AXE, AXE_TAGS)
        if violations:
            failures.append(f"[{width}px {size}] axe:\n{_describe(violations)}")
        widths = (width, NARROWEST) if width < 500 else (width,)
        for w in widths:
            if w != width:
                page.set_viewport_size({"width": w, "height": 844})
            extra = page.evaluate(OVERFLOW)
            if extra > 0:
                failures.append(f"[{w}px {size}] the page scrolls sideways by {extra} px")
            if w != width:
                page.set_viewport_size({"width": width, "height": 844})
    set_font(page, "m")
    assert not page.problems, page.problems
    assert not failures, f"{PAGES[kind]}:\n" + "\n".join(failures)


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_control_shows_focus_and_is_on_screen(viewport: Any, kind: str) -> None:
    page = viewport
    _open(page, PAGES[kind])
    page.keyboard.press("Tab")  # keyboard use: focus() then shows :focus-visible
    found = page.evaluate(FOCUS_CHECK)
    assert found["count"] > 3
    assert not found["bad"], f"{PAGES[kind]} at {page.width}px:\n" + "\n".join(found["bad"])


def _active(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const el = document.activeElement; const r = el.getBoundingClientRect();
        return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
                text: (el.textContent || '').trim(), top: r.top, left: r.left, width: r.width, height: r.height,
                inMain: Boolean(el.closest('main'))}; }"""
    )


@pytest.mark.parametrize("kind", ["home", "catalogue", "policy_table"])
def test_skip_link_and_search_box_come_first(viewport: Any, kind: str) -> None:
    page = viewport
    _open(page, PAGES[kind])
    page.keyboard.press("Tab")
    first = _active(page)
    assert first["tag"] == "a" and first["text"] == "跳到正文", first
    assert first["width"] > 20 and first["height"] > 10 and first["top"] >= 0 and first["left"] >= 0, first
    # the search box of the header is a few Tabs further
    tabs = 1
    while _active(page)["id"] != "zwgk-head-q" and tabs < 10:
        page.keyboard.press("Tab")
        tabs += 1
    assert _active(page)["id"] == "zwgk-head-q" and tabs <= 4, (tabs, _active(page))
    # the skip link leads into the main content: the Tab after it lands there
    _open(page, PAGES[kind])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = _active(page)
    assert after["inMain"] and after["top"] >= 0, after


TARGETS = """(min) => {
  const bad = [];
  const controls = document.querySelectorAll(
    '.md-header button:not([hidden]), .md-header input, .zwgk button:not([hidden]), .zwgk input[type=search], ' +
    '.zwgk select, .zwgk-levelfilter label');
  for (const el of controls) {
    if (!el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width < min - 0.5 || r.height < min - 0.5) bad.push(`${el.tagName} "${el.textContent.trim()}" ${r.width}x${r.height}`);
  }
  const body = document.querySelector('.md-typeset');
  const style = getComputedStyle(body);
  return {bad, count: controls.length, size: parseFloat(style.fontSize), line: parseFloat(style.lineHeight) / parseFloat(style.fontSize)};
}"""


@pytest.mark.parametrize("kind", ["home", "catalogue", "policy_table", "search"])
def test_elder_mode_is_large_and_remembered(viewport: Any, kind: str) -> None:
    page = viewport
    _open(page, PAGES[kind])
    for size, least in (("m", 44), ("l", 60)):
        set_font(page, size)
        found = page.evaluate(TARGETS, least)
        assert found["count"] >= 5 and not found["bad"], (size, found)
        if size == "l":  # 长辈模式: body text of 18 px or more, lines 1.3 apart or more
            assert found["size"] >= 18 and found["line"] >= 1.3, found
    # the choice is remembered on the next page
    _open(page, PAGES["policy_list"])
    assert page.evaluate("() => document.documentElement.dataset.zwgkFont") == "l"
    assert page.locator('.md-header button[data-zwgk-font="l"]').get_attribute("aria-pressed") == "true"
    set_font(page, "m")


def test_read_aloud_uses_the_browsers_own_chinese_voice(viewport: Any) -> None:
    page = viewport
    _open(page, PAGES["policy_table"])
    page.evaluate(
        """() => { window.spoken = []; speechSynthesis.speak = u => window.spoken.push([u.lang, u.text]); }"""
    )
    button = page.locator("button[data-zwgk-read]")
    assert button.is_visible() and button.inner_text() == "朗读全文"
    button.click()
    spoken = page.evaluate("() => window.spoken")
    assert spoken and {lang for lang, _ in spoken} == {"zh-CN"}
    text = "".join(t for _, t in spoken)
    assert "城市最低生活保障标准" in text and "示例县民政局" in text
    assert button.inner_text() == "停止朗读" and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert button.inner_text() == "朗读全文"
    assert not page.problems


def test_phone_menu_opens_and_closes_by_keyboard(viewport: Any) -> None:
    page = viewport
    if page.width > 500:
        pytest.skip("the menu button is a phone's")
    _open(page, PAGES["policy_table"])
    menu = page.locator("button.zwgk-menu")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
    assert menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.classList.contains('zwgk-menu')")
    assert menu.get_attribute("aria-expanded") == "false"
    # closed again (once its slide-out ends): nothing in it can be focused off screen
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'"
    )
    assert page.evaluate(FOCUS_CHECK)["bad"] == []


def test_catalogue_filter_and_anchors_work_as_cards_and_as_table(viewport: Any) -> None:
    page = viewport
    _open(page, PAGES["catalogue"] + "#dongcheng-review-publicity")
    cards = page.evaluate("() => getComputedStyle(document.querySelector('.zwgk-table tr')).display")
    assert cards == ("block" if page.width < 500 else "table-row")
    row = page.locator("#dongcheng-review-publicity")
    box = row.bounding_box()
    assert box is not None and 0 <= box["y"] < 844 and box["width"] > 0
    page.locator('input[name="zwgk-level"][value="县级"]').check()
    assert page.locator("#dongcheng-review-publicity").is_hidden()
    assert page.locator("#ca-assistance-funds").is_visible()
    page.locator('input[name="zwgk-level"][value="乡级"]').check()
    assert page.locator("#ca-assistance-funds").is_hidden()
    assert page.locator("#dongcheng-review-publicity").is_visible()
    if page.width < 500:  # a card lists only the channels that apply
        off = page.locator("#dongcheng-review-publicity .zwgk-channels .off").first
        assert off.count() and off.is_hidden()
    page.locator('input[name="zwgk-level"][value=""]').check()


def test_a_wide_body_table_scrolls_in_its_own_box_with_a_cue(viewport: Any) -> None:
    page = viewport
    if page.width > 500:
        pytest.skip("a phone's screen")
    _open(page, PAGES["annual_report"])
    found = page.evaluate(
        """() => Array.from(document.querySelectorAll('.zwgk-tablebox[data-scrolls]')).map(box =>
            [box.scrollWidth > box.clientWidth, getComputedStyle(box, '::before').content])"""
    )
    assert found and all(scrolls and "左右滑动" in cue for scrolls, cue in found), found
    assert page.evaluate(OVERFLOW) <= 0

/* zwgk site script: font size, catalogue level filter, and Chinese search over pagefind. */
(function () {
  "use strict";

  /* --- 字号 大/中/小, remembered across pages ------------------------------------------ */
  function setFont(size) {
    document.documentElement.setAttribute("data-zwgk-font", size);
    try { localStorage.setItem("zwgk-font", size); } catch (e) { /* private mode */ }
    document.querySelectorAll("button[data-zwgk-font]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-zwgk-font") === size));
    });
  }
  document.querySelectorAll("button[data-zwgk-font]").forEach(function (b) {
    b.addEventListener("click", function () { setFont(b.getAttribute("data-zwgk-font")); });
  });
  setFont(document.documentElement.getAttribute("data-zwgk-font") || "m");

  /* --- the phone menu: a real button; focus moves in when it opens, back when it closes -- */
  var drawer = document.getElementById("__drawer");
  var menu = document.querySelector("button.zwgk-menu");
  if (drawer && menu) {
    var label = document.querySelector("label.zwgk-menu-nojs");
    if (label) label.hidden = true;
    menu.hidden = false;
    var sidebar = document.querySelector(".md-sidebar--primary");
    var openMenu = function (open) {
      if (drawer.checked !== open) {
        drawer.checked = open;
        drawer.dispatchEvent(new Event("change"));
      }
      menu.setAttribute("aria-expanded", String(open));
    };
    menu.addEventListener("click", function () {
      openMenu(true);
      var first = sidebar && sidebar.querySelector("a[href]");
      if (first) setTimeout(function () { first.focus(); }, 30);
    });
    drawer.addEventListener("change", function () { menu.setAttribute("aria-expanded", String(drawer.checked)); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) { openMenu(false); menu.focus(); }
    });
  }

  /* --- 朗读: the browser's own speech (zh-CN) reads the page's main text ----------------- */
  var speech = window.speechSynthesis;
  document.querySelectorAll("button[data-zwgk-read]").forEach(function (button) {
    if (!speech || typeof SpeechSynthesisUtterance === "undefined") return;
    button.hidden = false;
    var idle = button.textContent;
    var reading = false;
    var stop = function () {
      reading = false;
      speech.cancel();
      button.textContent = idle;
      button.setAttribute("aria-pressed", "false");
    };
    button.addEventListener("click", function () {
      if (reading) { stop(); return; }
      var root = document.querySelector(button.getAttribute("data-zwgk-read")) || document.querySelector("article");
      var text = (root ? root.innerText : "").replace(/\s+/g, " ").trim();
      // short pieces: some browsers stop a long utterance part way
      var pieces = text.match(/[^。！？；\n]{1,120}[。！？；]?/g) || [];
      if (!pieces.length) return;
      speech.cancel();
      reading = true;
      button.textContent = "停止朗读";
      button.setAttribute("aria-pressed", "true");
      pieces.forEach(function (piece, i) {
        var u = new SpeechSynthesisUtterance(piece);
        u.lang = "zh-CN";
        if (i === pieces.length - 1) u.onend = function () { if (reading) stop(); };
        speech.speak(u);
      });
    });
    window.addEventListener("pagehide", function () { speech.cancel(); });
  });

  /* --- a table wider than its box says that it scrolls sideways ------------------------ */
  var boxes = document.querySelectorAll(".zwgk-tablebox");
  var markScrolling = function () {
    boxes.forEach(function (box) {
      box.removeAttribute("data-scrolls");
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("data-scrolls", "");
    });
  };
  if (boxes.length) {
    markScrolling();
    if (window.ResizeObserver) new ResizeObserver(markScrolling).observe(document.documentElement);
    new MutationObserver(markScrolling).observe(document.documentElement, { attributes: true, attributeFilter: ["data-zwgk-font"] });
  }

  /* --- catalogue tables: filter rows by 公开层级 ------------------------------------------ */
  document.querySelectorAll("[data-zwgk-catalogue]").forEach(function (root) {
    root.querySelectorAll('input[name="zwgk-level"]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        var level = radio.value;
        root.querySelectorAll("tr[data-levels]").forEach(function (row) {
          var levels = row.getAttribute("data-levels").split(" ");
          row.hidden = Boolean(level) && levels.indexOf(level) < 0;
        });
        // a 一级事项 cell spans rows that may now be hidden: show it on the first visible row
        root.querySelectorAll("tbody").forEach(fixSpans);
      });
    });
  });

  // A 一级事项 cell spans its run of rows. When rows are hidden, the cell must sit on the first
  // visible row of its run (or the other cells of that row shift left) and span the visible ones.
  function fixSpans(tbody) {
    var rows = Array.prototype.slice.call(tbody.rows);
    if (!tbody.zwgkRuns) {
      tbody.zwgkRuns = [];
      rows.forEach(function (row, i) {
        var cell = row.querySelector("td.zwgk-cat1");
        if (cell) tbody.zwgkRuns.push({ cell: cell, rows: rows.slice(i, i + cell.rowSpan) });
      });
    }
    tbody.zwgkRuns.forEach(function (run) {
      var visible = run.rows.filter(function (row) { return !row.hidden; });
      var home = visible[0] || run.rows[0];
      if (run.cell.parentNode !== home) home.insertBefore(run.cell, home.cells[1] || null);
      run.cell.rowSpan = Math.max(visible.length, 1);
    });
  }

  /* --- search -------------------------------------------------------------------------- */
  var root = document.querySelector("[data-zwgk-search]");
  if (!root) return;
  var bundle = new URL(root.getAttribute("data-bundle"), location.href).href;
  var input = root.querySelector("input[name=q]");
  var status = root.querySelector("[data-zwgk-status]");
  var list = root.querySelector("[data-zwgk-results]");
  var filtersBox = root.querySelector("[data-zwgk-filters]");
  var FILTERS = ["类型", "领域", "机构", "年份"];
  var chosen = {};
  var pagefind = null, vocabMeta = null, shards = {};

  function isCJK(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
  }

  function loadPagefind() {
    if (pagefind) return pagefind;
    pagefind = import(bundle + "pagefind.js").then(function (pf) {
      // Pagefind would re-cut the query with the browser's segmenter (Intl.Segmenter), which
      // disagrees with how the index was cut. The query is segmented below, into the exact
      // words of the index, so pagefind is started with a language it does not segment.
      var html = document.documentElement, lang = html.getAttribute("lang");
      return pf.options({ basePath: bundle, excerptLength: 36 }).then(function () {
        html.setAttribute("lang", "und");
        var started = pf.init();
        html.setAttribute("lang", lang);
        return started;
      }).then(function () {
        // a large site is indexed in parts: merge them all into one search
        return fetchJSON(bundle + "zwgk-parts.json");
      }).then(function (parts) {
        return Promise.all((parts || []).map(function (part) {
          return pf.mergeIndex(new URL(part, bundle).href);
        }));
      }).then(function () { return pf; });
    });
    return pagefind;
  }

  function fetchJSON(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
  }

  function vocabulary(query) {
    var meta = vocabMeta || (vocabMeta = fetchJSON(bundle + "zwgk-vocab/meta.json"));
    return meta.then(function (m) {
      if (!m) return { has: function () { return false; }, max: 1 };
      var needed = {};
      Array.from(query).forEach(function (ch) { if (isCJK(ch)) needed[ch.codePointAt(0) % m.shards] = true; });
      return Promise.all(Object.keys(needed).map(function (n) {
        return shards[n] || (shards[n] = fetchJSON(bundle + "zwgk-vocab/" + n + ".json").then(function (w) { return new Set(w || []); }));
      })).then(function (sets) {
        return { has: function (w) { return sets.some(function (s) { return s.has(w); }); }, max: m.max };
      });
    });
  }

  // The fewest indexed words that spell a run of Chinese characters (a character no word
  // covers stands alone). Mirrors generator/search.py:segment.
  function cut(run, vocab) {
    var chars = Array.from(run), n = chars.length, best = [[0, 0]];
    for (var i = 1; i <= n; i++) best.push([n + 1, 0]);
    for (var end = 1; end <= n; end++) {
      for (var start = Math.max(0, end - vocab.max); start < end; start++) {
        var piece = chars.slice(start, end).join("");
        if ((end - start === 1 || vocab.has(piece)) && best[start][0] + 1 < best[end][0]) best[end] = [best[start][0] + 1, start];
      }
    }
    var out = [];
    for (var e = n; e > 0; e = best[e][1]) out.unshift(chars.slice(best[e][1], e).join(""));
    return out;
  }

  function segment(query, vocab) {
    var terms = [], run = "", runCJK = false;
    Array.from(query + " ").forEach(function (ch) {
      var cjk = isCJK(ch), word = !cjk && /[\p{L}\p{N}]/u.test(ch);
      if (run && (!(cjk || word) || cjk !== runCJK)) {
        terms = terms.concat(runCJK ? cut(run, vocab) : [run.toLowerCase()]);
        run = "";
      }
      if (cjk || word) { run += ch; runCJK = cjk; }
    });
    return terms;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderFilters(pf) {
    return pf.filters().then(function (all) {
      filtersBox.textContent = "";
      FILTERS.forEach(function (name) {
        var values = all[name];
        if (!values || !Object.keys(values).length) return;
        var label = el("label", "", name + "：");
        var select = el("select");
        select.name = name;
        select.appendChild(new Option("全部", ""));
        Object.keys(values).sort().forEach(function (v) { select.appendChild(new Option(v, v)); });
        select.value = chosen[name] || "";
        select.addEventListener("change", function () {
          if (select.value) chosen[name] = select.value; else delete chosen[name];
          run();
        });
        label.appendChild(select);
        filtersBox.appendChild(label);
      });
    });
  }

  var PAGE = 20, shown = 0, current = null, serial = 0;

  function weight(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, loc) { return sum + loc.weight; }, 0);
  }

  function hit(type, title, href, excerpt) {
    var li = el("li", "zwgk-hit");
    if (type) li.appendChild(el("span", "zwgk-hit__type", type));
    var a = el("a", "zwgk-hit__title", title);
    a.href = href;
    li.appendChild(a);
    var p = el("p");
    p.innerHTML = excerpt; // pagefind escapes the page text; only its <mark> tags are markup
    li.appendChild(p);
    return li;
  }

  function showMore() {
    var batch = current.results.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      items.forEach(function (d) {
        var type = d.filters && d.filters["类型"] && d.filters["类型"][0];
        var target = d.meta && d.meta.target;
        if (target) {
          // a catalogue table: each matching item is a section (h2 with the row's id)
          var base = new URL(target, new URL("../", bundle));
          var rows = (d.sub_results || []).filter(function (sub) { return sub.url.indexOf("#") >= 0; });
          if (!rows.length) rows = [{ title: d.meta.title, url: base.href, excerpt: d.excerpt }];
          // the best-matching rows first; a table with many matches shows the rest on request
          rows.sort(function (a, b) { return weight(b) - weight(a); });
          var shownRows = rows.slice(0, 5), rest = rows.slice(5);
          var rowHit = function (sub) {
            var url = new URL(base.href);
            url.hash = sub.url.split("#")[1] || base.hash.slice(1);
            return hit(type, sub.title + "（" + d.meta.title + "）", url.href, sub.excerpt);
          };
          shownRows.forEach(function (sub) { list.appendChild(rowHit(sub)); });
          if (rest.length) {
            var li = el("li", "zwgk-hit zwgk-hit--more");
            var button = el("button", "md-button", "本目录还有 " + rest.length + " 条相关事项，点击显示");
            button.type = "button";
            button.addEventListener("click", function () {
              rest.forEach(function (sub) { list.insertBefore(rowHit(sub), li); });
              li.remove();
            });
            li.appendChild(button);
            list.appendChild(li);
          }
        } else {
          list.appendChild(hit(type, (d.meta && d.meta.title) || d.url, d.url, d.excerpt));
        }
      });
      var more = root.querySelector(".zwgk-more");
      if (more) more.remove();
      if (shown < current.results.length) {
        var button = el("button", "zwgk-more md-button", "显示更多结果");
        button.type = "button";
        button.addEventListener("click", showMore);
        list.after(button);
      }
    });
  }

  function run() {
    var query = input.value.trim();
    var mine = ++serial;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    list.textContent = "";
    if (!query) { status.textContent = "请输入要查找的词语。"; return; }
    status.textContent = "正在搜索……";
    Promise.all([loadPagefind(), vocabulary(query)]).then(function (ready) {
      var pf = ready[0], terms = segment(query, ready[1]);
      var filters = {};
      Object.keys(chosen).forEach(function (k) { filters[k] = chosen[k]; });
      return pf.search(terms.join(" "), { filters: filters }).then(function (found) {
        if (mine !== serial) return;
        root.setAttribute("data-terms", terms.join(" "));
        current = found; shown = 0;
        status.textContent = found.results.length
          ? "找到 " + found.results.length + " 条与“" + query + "”有关的结果。"
          : "没有找到与“" + query + "”有关的内容，请换一个词试试。";
        return showMore().then(function () { root.setAttribute("data-state", "done"); });
      });
    }).catch(function () {
      status.textContent = "搜索暂时不可用，请稍后再试，或从栏目中浏览。";
      root.setAttribute("data-state", "error");
    });
  }

  root.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); run(); });
  var initial = new URL(location.href).searchParams.get("q");
  loadPagefind().then(renderFilters).catch(function () { /* reported by run() */ });
  if (initial) { input.value = initial; run(); }
})();

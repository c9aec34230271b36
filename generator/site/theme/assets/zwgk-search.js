/* zwgk site search: Chinese queries over pagefind, on the search page.
 *
 * A query is cut into the words pagefind indexed (its vocabulary, read back at build time),
 * question words are dropped and the field's short forms expanded (plan, which mirrors
 * generator/site/search_query.py: a test feeds both the same queries). An exact 发文字号,
 * 索引号, title, item name or organization name found in the site's lookup comes first; the
 * other results, documents and catalogue rows alike, are ranked by where the words occur
 * (title or item name before body). When nothing matches the whole query, the most specific
 * sub-queries are tried. The pure functions are exported (module.exports under node,
 * window.zwgkSearch in a browser) for that test. */
(function (factory) {
  "use strict";
  var core = factory();
  if (typeof module === "object" && module.exports) module.exports = core;
  if (typeof window !== "undefined") window.zwgkSearch = core;
  if (typeof document !== "undefined") core.start(document);
})(function () {
  "use strict";

  var MAX_ALTERNATIVES = 6, MAX_FALLBACKS = 12;
  var QUESTION_WORDS = ["怎么办", "怎么", "怎样", "如何", "哪里", "哪儿", "在哪", "什么", "多少", "是否", "能否",
    "可以", "需要", "请问", "我想", "我要", "了解", "哪些", "几时", "时候", "吗", "呢", "吧", "了", "的", "呀", "啊",
    "在", "有", "去", "要", "是"];
  var SERVICE_WORDS = ["申请", "办理", "条件", "材料", "标准", "流程", "程序", "时间", "地点", "电话", "公示", "查询",
    "结果", "名单", "名录"];
  var QW = new Set(QUESTION_WORDS);
  var DOC_NUMBER = /^([^0-9]*?[^0-9\s])\s*[〔[［（(【]?\s*((?:19|20)[0-9]{2})\s*[〕\]］）)】年]?\s*第?([0-9]{1,5})\s*号?$/u;
  var NOT_KEY = /[^\p{L}\p{N}]+/gu;
  var IDENTIFIER = /^(?:[^0-9]+〔[0-9]{4}〕[0-9]+号|[0-9a-z]{8,})$/u; // a 发文字号 or 索引号 lookup key

  function isCJK(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
  }

  function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }

  function normalise(query) {
    return Array.from(query).map(function (ch) {
      var c = ch.codePointAt(0);
      if (c >= 0xff01 && c <= 0xff5e) return String.fromCodePoint(c - 0xfee0);
      return c === 0x3000 ? " " : ch;
    }).join("").trim();
  }

  function docNumberKey(text) {
    var found = DOC_NUMBER.exec(normalise(text));
    if (!found) return null;
    var prefix = found[1].replace(NOT_KEY, "");
    return prefix ? prefix + "〔" + found[2] + "〕" + parseInt(found[3], 10) + "号" : null;
  }

  function lookupKey(text) {
    return docNumberKey(text) || normalise(text).replace(NOT_KEY, "").toLowerCase();
  }

  // CRC-32 of the key's UTF-8, as zlib computes it: the shard of the exact lookup it is in
  var CRC = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();
  function shardOf(key, shards) {
    var bytes = new TextEncoder().encode(key), h = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) h = CRC[(h ^ bytes[i]) & 0xFF] ^ (h >>> 8);
    return ((h ^ 0xFFFFFFFF) >>> 0) % shards;
  }

  // The fewest known words that spell a run of Chinese characters (a character no word
  // covers stands alone).
  function cut(run, known, max) {
    var chars = Array.from(run), n = chars.length, best = [[0, 0]];
    for (var i = 1; i <= n; i++) best.push([n + 1, 0]);
    for (var end = 1; end <= n; end++) {
      for (var start = Math.max(0, end - max); start < end; start++) {
        var piece = chars.slice(start, end).join("");
        if ((end - start === 1 || known(piece)) && best[start][0] + 1 < best[end][0]) best[end] = [best[start][0] + 1, start];
      }
    }
    var out = [];
    for (var e = n; e > 0; e = best[e][1]) out.unshift(chars.slice(best[e][1], e).join(""));
    return out;
  }

  function segment(query, known, max) {
    var terms = [], run = "", runCJK = false;
    Array.from(query + " ").forEach(function (ch) {
      var cjk = isCJK(ch), word = !cjk && /[\p{L}\p{N}]/u.test(ch);
      if (run && (!(cjk || word) || cjk !== runCJK)) {
        terms = terms.concat(runCJK ? cut(run, known, max) : [run.toLowerCase()]);
        run = "";
      }
      if (cjk || word) { run += ch; runCJK = cjk; }
    });
    return terms;
  }

  function combinations(items, size) {
    var out = [];
    (function pick(from, chosen) {
      if (chosen.length === size) { out.push(chosen.slice()); return; }
      for (var i = from; i < items.length; i++) { chosen.push(items[i]); pick(i + 1, chosen); chosen.pop(); }
    })(0, []);
    return out;
  }

  function length(text) { return Array.from(text).length; }

  // Sub-queries, most specific first: the words alone (a single character stands alone only
  // where no indexed word covers it), then fewer words, longer ones first.
  function fallbacks(terms) {
    var unique = terms.filter(function (t, i) { return terms.indexOf(t) === i; });
    var words = unique.filter(function (t) { return length(t) > 1; });
    var out = words.length && words.length < unique.length ? [words] : [];
    var total = function (s) { return s.reduce(function (sum, t) { return sum + length(t); }, 0); };
    for (var size = words.length - 1; size > 0; size--) {
      var subsets = combinations(words, size);
      subsets.sort(function (a, b) { return total(b) - total(a); });
      out = out.concat(subsets);
      if (out.length >= MAX_FALLBACKS) break;
    }
    return out.slice(0, MAX_FALLBACKS);
  }

  // What is searched for a query: mirrors search_query.plan.
  function plan(query, vocab, synonyms, max) {
    var words = function (w) { return vocab(w) || QW.has(w) || has(synonyms, w); };
    var pieces = segment(normalise(query), words, max);
    var terms = pieces.filter(function (t) { return !QW.has(t); });
    if (!terms.length) terms = pieces;
    var asking = terms.length < pieces.length || terms.some(function (t) {
      return SERVICE_WORDS.some(function (w) { return t.indexOf(w) >= 0 || w.indexOf(t) >= 0; });
    });
    var alternatives = [terms], seen = [JSON.stringify(terms)];
    terms.forEach(function (term, n) {
      (has(synonyms, term) ? synonyms[term] : []).forEach(function (value) {
        var alt = terms.slice(0, n).concat(segment(value, vocab, max), terms.slice(n + 1));
        var id = JSON.stringify(alt);
        if (seen.indexOf(id) < 0 && alternatives.length < MAX_ALTERNATIVES) { seen.push(id); alternatives.push(alt); }
      });
    });
    return { terms: terms, alternatives: alternatives, asking: asking, fallbacks: fallbacks(terms) };
  }

  /* --- ranking ------------------------------------------------------------------------------ */

  var TYPE_ORDER = { "政策文件": 3, "政策解读": 2, "其他页面": 1 };

  function plain(text) { return normalise(text || "").replace(NOT_KEY, "").toLowerCase(); }

  // How well a result answers the query: each term found in its title (or item name) counts
  // three, in its text one, averaged over the terms; the whole query inside the title adds one.
  // The best of the query's alternatives (short forms expanded) counts.
  function relevance(title, text, alternatives) {
    var t = plain(title), x = plain(text);
    return alternatives.reduce(function (best, terms) {
      if (!terms.length) return best;
      var score = terms.reduce(function (sum, term) {
        term = plain(term);
        return sum + (t.indexOf(term) >= 0 ? 3 : x.indexOf(term) >= 0 ? 1 : 0);
      }, 0) / terms.length;
      if (t.indexOf(plain(terms.join(""))) >= 0) score += 1;
      return Math.max(best, score);
    }, 0);
  }

  // A tie between a document and a catalogue row goes to the row when the query asks for a
  // service (申请, 标准, 怎么 …), to the document otherwise.
  function rank(candidates, planned) {
    candidates.forEach(function (c, i) {
      var row = c.type === "标准目录事项";
      c.score = (c.exact ? 100 - c.exact : 0) + relevance(c.title, c.text, planned.alternatives)
        + (row === planned.asking ? 0.2 : 0) + (TYPE_ORDER[c.type] || 0) * 0.01 - i * 0.0001;
    });
    return candidates.slice().sort(function (a, b) { return b.score - a.score; });
  }

  /* --- the search page ------------------------------------------------------------------------ */

  function start(document) {
    var root = document.querySelector("[data-zwgk-search]");
    if (!root) return;
    var location = window.location;
    var bundle = new URL(root.getAttribute("data-bundle"), location.href).href;
    var site = new URL("../", bundle);
    var input = root.querySelector("input[name=q]");
    var status = root.querySelector("[data-zwgk-status]");
    var list = root.querySelector("[data-zwgk-results]");
    var filtersBox = root.querySelector("[data-zwgk-filters]");
    var FILTERS = ["类型", "领域", "机构", "年份"];
    var chosen = {};
    var pagefind = null, meta = null, shards = {}, lookups = {};

    function fetchJSON(url) {
      return fetch(url).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    }

    function loadPagefind() {
      if (pagefind) return pagefind;
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        // Pagefind would re-cut the query with the browser's segmenter (Intl.Segmenter), which
        // disagrees with how the index was cut. The query is segmented here, into the exact
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

    function loadMeta() {
      return meta || (meta = fetchJSON(bundle + "zwgk-vocab/meta.json").then(function (m) {
        return m || { shards: 1, max: 1, lookup: 0, synonyms: {} };
      }));
    }

    // The vocabulary shards holding the words a query (and the short forms in it) may use.
    function vocabulary(query, m) {
      var text = query;
      Object.keys(m.synonyms).forEach(function (key) {
        if (query.indexOf(key) >= 0) text += m.synonyms[key].join("");
      });
      var needed = {};
      Array.from(text).forEach(function (ch) { if (isCJK(ch)) needed[ch.codePointAt(0) % m.shards] = true; });
      return Promise.all(Object.keys(needed).map(function (n) {
        return shards[n] || (shards[n] = fetchJSON(bundle + "zwgk-vocab/" + n + ".json").then(function (w) { return new Set(w || []); }));
      })).then(function (sets) {
        return function (w) { return sets.some(function (s) { return s.has(w); }); };
      });
    }

    function lookup(keys, m) {
      if (!m.lookup) return Promise.resolve([]);
      return Promise.all(keys.map(function (key) {
        var n = shardOf(key, m.lookup);
        var shard = lookups[n] || (lookups[n] = fetchJSON(bundle + "zwgk-lookup/" + n + ".json"));
        return shard.then(function (table) { return (table && has(table, key)) ? table[key] : []; });
      })).then(function (found) { return [].concat.apply([], found); });
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

    var PAGE = 20, ROWS = 5, current = null, serial = 0;

    function textOf(html) { var d = el("div"); d.innerHTML = html || ""; return d.textContent; }

    function absolute(url) { return new URL(url.replace(/^\//, ""), site).href; }

    // The candidates of one loaded pagefind result: a page, or the matching rows of a table.
    function candidates(d) {
      var type = d.filters && d.filters["类型"] && d.filters["类型"][0];
      var m = d.meta || {};
      var target = m.target;
      if (!target) {
        return [{ type: type, title: m.title || d.url, url: absolute(d.url), excerpt: d.excerpt, text: d.content,
          date: m.date, number: m.number, links: parseLinks(m.links) }];
      }
      var base = new URL(target.replace(/^\//, ""), site);
      var rows = (d.sub_results || []).filter(function (sub) { return sub.url.indexOf("#") >= 0; });
      if (!rows.length) rows = [{ title: m.title, url: base.href, excerpt: d.excerpt }];
      return rows.map(function (sub) {
        var url = new URL(base.href);
        url.hash = sub.url.split("#")[1] || base.hash.slice(1);
        var name = sub.title.split(" · ").pop();
        return { type: type, title: sub.title, label: name + "（" + m.title + "）", url: url.href,
          excerpt: sub.excerpt, text: sub.title + " " + textOf(sub.excerpt), table: base.pathname };
      });
    }

    function parseLinks(text) {
      try { return text ? JSON.parse(text) : []; } catch (e) { return []; }
    }

    function fromEntry(e) {
      return { type: e.y, title: e.t, url: absolute(e.u), excerpt: "", text: "", date: e.d, number: e.n,
        links: e.l || [] };
    }

    function hit(c) {
      var li = el("li", "zwgk-hit");
      var head = el("div", "zwgk-hit__head");
      if (c.type) head.appendChild(el("span", "zwgk-hit__type", c.type));
      var a = el("a", "zwgk-hit__title", c.label || c.title);
      a.href = c.url;
      head.appendChild(a);
      li.appendChild(head);
      var facts = [c.number, c.date].filter(Boolean);
      if (facts.length) li.appendChild(el("p", "zwgk-hit__meta", facts.join("　")));
      if (c.excerpt) {
        var p = el("p");
        p.innerHTML = c.excerpt; // pagefind escapes the page text; only its <mark> tags are markup
        li.appendChild(p);
      }
      (c.links || []).forEach(function (link) {
        // [label, title, url] from the page's metadata; [label, url] from the exact lookup
        var titled = link.length > 2, original = link[0] === "原文";
        var line = el("p", "zwgk-hit__links", link[0] + "：");
        var to = el("a", original ? "zwgk-hit__original" : "zwgk-hit__jd",
          titled ? link[1] : (original ? "查看原文" : "查看" + link[0]));
        to.href = absolute(link[titled ? 2 : 1]);
        line.appendChild(to);
        li.appendChild(line);
      });
      return li;
    }

    function listed() { return list.querySelectorAll(".zwgk-hit__title").length; }

    function say() {
      var q = current.query, n = listed();
      var text = !n ? "没有找到与“" + q + "”有关的内容，请换一个词试试。"
        : current.next < current.results.length
          ? "与“" + q + "”有关的页面和目录表共 " + current.results.length + " 个，已列出 " + n
            + " 条结果；点击列表下方的“显示更多结果”可查看其余。"
          : "找到 " + n + " 条与“" + q + "”有关的结果。";
      if (n && current.partial) text = "没有完全匹配的结果，以下结果包含其中部分词语。" + text;
      status.textContent = text;
    }

    // Loads the next batch of pagefind results, ranks it with the exact matches (first batch
    // only) and lists it; a table's rows beyond the first few of a batch wait behind a button.
    function showMore() {
      var batch = current.results.slice(current.next, current.next + PAGE);
      current.next += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
        var found = [].concat.apply([], items.map(candidates));
        if (current.exact) {
          current.exact.forEach(function (e, k) {
            var same = found.filter(function (c) { return c.url === absolute(e.u); });
            if (!same.length) found.push(same[0] = fromEntry(e));
            same.forEach(function (c) { c.exact = c.exact || k + 1; });
          });
          current.exact = null;
        }
        found = found.filter(function (c) { return !current.shown[c.url] && (current.shown[c.url] = true); });
        var perTable = {}, held = {};
        rank(found, current.plan).forEach(function (c) {
          if (c.table && !c.exact) {
            perTable[c.table] = (perTable[c.table] || 0) + 1;
            if (perTable[c.table] > ROWS) { (held[c.table] = held[c.table] || []).push(c); return; }
          }
          list.appendChild(hit(c));
        });
        Object.keys(held).forEach(function (table) {
          var li = el("li", "zwgk-hit zwgk-hit--more");
          var button = el("button", "md-button", "本目录还有 " + held[table].length + " 条相关事项，点击显示");
          button.type = "button";
          button.addEventListener("click", function () {
            held[table].forEach(function (c) { list.insertBefore(hit(c), li); });
            li.remove();
            say();
          });
          li.appendChild(button);
          list.appendChild(li);
        });
        var more = root.querySelector(".zwgk-more");
        if (more) more.remove();
        if (current.next < current.results.length) {
          var button = el("button", "zwgk-more md-button", "显示更多结果");
          button.type = "button";
          button.addEventListener("click", function () { showMore().then(say); });
          list.after(button);
        }
      });
    }

    // Every alternative of the query searched; a result found by several counts once, with
    // its best score.
    function searchAll(pf, alternatives, filters) {
      return Promise.all(alternatives.map(function (terms) {
        return pf.search(terms.join(" "), { filters: filters });
      })).then(function (answers) {
        var best = {};
        answers.forEach(function (a) {
          a.results.forEach(function (r) { if (!best[r.id] || best[r.id].score < r.score) best[r.id] = r; });
        });
        return Object.keys(best).map(function (id) { return best[id]; })
          .sort(function (a, b) { return b.score - a.score; });
      });
    }

    function run() {
      var query = input.value.trim();
      var mine = ++serial;
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      list.textContent = "";
      var more = root.querySelector(".zwgk-more");
      if (more) more.remove();
      if (!query) { status.textContent = "请输入要查找的词语。"; return; }
      status.textContent = "正在搜索……";
      var filters = {};
      Object.keys(chosen).forEach(function (k) { filters[k] = chosen[k]; });
      var filtered = Object.keys(filters).length > 0;
      // the lookup of the query as typed, the vocabulary and pagefind load side by side
      var m0 = loadMeta(), pf0 = loadPagefind(), key = lookupKey(query);
      var exact0 = m0.then(function (m) { return filtered ? [] : lookup([key], m); });
      m0.then(function (m) {
        return vocabulary(query, m).then(function (vocab) {
          var planned = plan(query, vocab, m.synonyms, m.max);
          var key2 = lookupKey(planned.terms.join(""));
          // an exact 发文字号 or 索引号 is answered by the lookup alone
          var searched = exact0.then(function (exact) {
            return exact.length && IDENTIFIER.test(key) ? [] : pf0.then(function (pf) {
              return searchAll(pf, planned.alternatives, filters);
            });
          });
          return Promise.all([
            searched,
            exact0,
            filtered || !key2 || key2 === key ? [] : lookup([key2], m),
            pf0,
          ]).then(function (answer) {
            var pf = answer[3], results = answer[0], exact = answer[1].concat(answer[2]);
            var partial = false, tries = planned.fallbacks.slice();
            var next = function () {
              if (results.length || exact.length || !tries.length) return Promise.resolve();
              partial = true;
              return searchAll(pf, [tries.shift()], filters).then(function (r) { results = r; return next(); });
            };
            return next().then(function () {
              if (mine !== serial) return;
              root.setAttribute("data-terms", planned.terms.join(" "));
              current = { query: query, plan: planned, results: results, next: 0, exact: exact,
                partial: partial && results.length > 0, shown: {} };
              return showMore().then(function () {
                if (mine !== serial) return;
                say();
                root.setAttribute("data-state", "done");
              });
            });
          });
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
  }

  return {
    plan: plan, segment: segment, fallbacks: fallbacks, lookupKey: lookupKey, docNumberKey: docNumberKey,
    shardOf: shardOf, normalise: normalise, relevance: relevance, start: start,
  };
});

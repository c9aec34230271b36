/* The portal's search over all members (pagefind's mergeIndex) and its sortable table. */
(function () {
  "use strict";

  // --- search -------------------------------------------------------------------------------
  var form = document.querySelector("[data-portal-search]");
  if (form) {
    var root = new URL(form.getAttribute("data-root"), location.href);
    var members = JSON.parse(document.getElementById("portal-members").textContent);
    var FILTER = document.querySelector("label[for=portal-county]").textContent.trim();
    var box = document.querySelector("[data-portal-results]");
    var status = box.querySelector("[data-portal-status]");
    var list = box.querySelector("[data-portal-hits]");
    var query = document.getElementById("portal-q");
    var county = document.getElementById("portal-county");
    var PAGE = 10;
    var instances = {}, failed = [], shown = 0, found = [], run = 0;

    var byName = {};
    members.forEach(function (m) { byName[m.name] = m; });

    function absolute(path) { return new URL(path, root).href; }

    // A search over all members merges every member's bundles, each under the member's name in
    // the county filter. A first search within one county loads that member's bundles only, in
    // a pagefind of its own (the module imported under another URL is another instance): its
    // cost does not grow with the number of members. Once all are loaded, the filter is used.
    function start(name) {
      if (instances[""]) return instances[""];
      var key = name || "";
      if (instances[key]) return instances[key];
      var chosen = name ? members.filter(function (m) { return m.name === name; }) : members;
      var url = absolute("pagefind/pagefind.js") + (name ? "?county=" + members.indexOf(chosen[0]) : "");
      instances[key] = import(url).then(function (pf) {
        return pf.options({ excerptLength: 30 }).then(function () { return pf.init(); }).then(function () {
          return Promise.all(chosen.map(function (m) {
            var filter = {};
            filter[FILTER] = m.name;
            return Promise.all(m.bundles.map(function (bundle) {
              return pf.mergeIndex(absolute(bundle), { mergeFilter: filter, baseUrl: absolute(m.base) });
            })).catch(function () { if (failed.indexOf(m.name) < 0) failed.push(m.name); });
          }));
        }).then(function () { return pf; });
      });
      return instances[key];
    }

    // pagefind's excerpt is the page's text with <mark> around the hits: only those are kept
    function excerpt(html) {
      var p = document.createElement("p");
      p.className = "hit-excerpt";
      var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
      doc.body.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          p.appendChild(mark);
        } else {
          p.appendChild(document.createTextNode(node.textContent));
        }
      });
      return p;
    }

    // a result's member: the one whose pages its URL is under (the longest such base)
    function memberOf(url) {
      var best = null;
      members.forEach(function (m) {
        var base = absolute(m.base);
        if (url.indexOf(base) === 0 && (!best || base.length > absolute(best.base).length)) best = m;
      });
      return best;
    }

    // a table's rows are indexed one to a scratch page; the row's real URL is in meta.target
    function link(d) {
      var m = memberOf(new URL(d.url, root).href);
      var target = d.meta && d.meta.target;
      var url = target && m ? new URL(target.replace(/^\//, ""), absolute(m.base)).href : new URL(d.url, root).href;
      return { url: url, member: m ? m.name : "" };
    }

    function showMore() {
      var mine = run;
      var next = found.slice(shown, shown + PAGE);
      shown += next.length;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== run) return;
        data.forEach(function (d) {
          var to = link(d);
          var li = document.createElement("li");
          li.className = "hit";
          li.setAttribute("data-county", to.member);
          var a = document.createElement("a");
          a.className = "hit-title";
          a.href = /^https?:\/\//.test(to.url) ? to.url : "#";
          a.textContent = (d.meta && d.meta.title) || to.url;
          li.appendChild(a);
          if (to.member) {  // (the portal's own page belongs to no county)
            var where = document.createElement("span");
            where.className = "meta hit-county";
            where.textContent = "（" + to.member + "）";
            li.appendChild(where);
          }
          if (d.excerpt) li.appendChild(excerpt(d.excerpt));
          list.appendChild(li);
        });
        var more = box.querySelector(".more");
        if (more) more.remove();
        if (shown < found.length) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "more";
          button.textContent = "显示更多结果";
          button.addEventListener("click", showMore);
          box.appendChild(button);
        }
        box.setAttribute("data-state", "done");
      });
    }

    function search(q, name) {
      var mine = ++run;
      box.removeAttribute("data-state");
      list.textContent = "";
      shown = 0;
      found = [];
      var more = box.querySelector(".more");
      if (more) more.remove();
      if (!q) { status.textContent = ""; return; }
      status.textContent = "正在搜索……";
      start(name).then(function (pf) {
        var filters = {};
        if (name) filters[FILTER] = name;
        return pf.search(q, { filters: filters });
      }).then(function (result) {
        if (mine !== run) return;
        found = result.results;
        var scope = name ? name : "全部 " + members.length + " 个县（市、区）";
        var note = failed.length ? "（" + failed.join("、") + "的搜索索引暂时无法加载）" : "";
        status.textContent = found.length
          ? "在" + scope + "中找到 " + found.length + " 条结果" + note
          : "在" + scope + "中没有找到“" + q + "”" + note;
        return showMore();
      }).catch(function () {
        if (mine !== run) return;
        status.textContent = "搜索暂时无法使用，请稍后再试，或直接访问各县（市、区）网站。";
        box.setAttribute("data-state", "error");
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = query.value.trim(), name = county.value;
      var url = new URL(location.href);
      url.searchParams.set("q", q);
      if (name) url.searchParams.set("county", name); else url.searchParams.delete("county");
      history.replaceState(null, "", url.href);
      search(q, name);
    });
    var params = new URL(location.href).searchParams;
    if (params.get("county") && byName[params.get("county")]) county.value = params.get("county");
    if (params.get("q")) {
      query.value = params.get("q");
      search(query.value.trim(), county.value);
    }
  }

  // --- the sortable table: buttons in the header cells --------------------------------------
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (cell.tagName === "TD" && cell.colSpan === 1) cell.setAttribute("data-label", labels[i]);
      });
    });
    heads.forEach(function (th, column) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = button.getAttribute("data-sort") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.children[column];
          var text = cell ? cell.getAttribute("data-value") || "" : "";
          return numeric ? (text === "" ? NaN : Number(text)) : text;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (numeric) {  // unavailable members last, whichever the direction
            if (isNaN(x) || isNaN(y)) return isNaN(x) - isNaN(y);
            return ascending ? x - y : y - x;
          }
          return ascending ? x.localeCompare(y, "zh-CN") : y.localeCompare(x, "zh-CN");
        });
        rows.forEach(function (row) { body.appendChild(row); });
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });
})();

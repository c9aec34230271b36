/* zwgk site script: font size and the catalogue level filter (search: zwgk-search.js). */
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
})();

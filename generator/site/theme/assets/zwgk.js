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

/* 部门项目绩效自评汇总: sort the table by a column heading, filter it by text, year, grade and
 * problems. Offline, no library; inlined into the page. Rows are moved, never rewritten: the data
 * stays the text the page was built with (nothing here becomes markup). */
(function () {
  "use strict";
  var table = document.getElementById("projects");
  if (!table || !table.tBodies.length) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter-text");
  var year = document.getElementById("filter-year");
  var grade = document.getElementById("filter-grade");
  var problem = document.getElementById("filter-problem");
  var count = document.getElementById("filter-count");
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function value(row, column, numeric) {
    var cell = row.cells[column];
    var raw = cell.getAttribute("data-sort");
    if (raw === null) {
      raw = cell.textContent.trim();
    }
    if (!numeric) {
      return raw;
    }
    return raw === "" ? NaN : parseFloat(raw);
  }

  function sortBy(column, descending) {
    var numeric = heads[column].getAttribute("data-type") === "number";
    var order = rows.map(function (row, index) {
      return { row: row, index: index, key: value(row, column, numeric) };
    });
    order.sort(function (a, b) {
      var c;
      if (numeric) {
        var an = isNaN(a.key), bn = isNaN(b.key);
        if (an || bn) {
          c = an === bn ? 0 : an ? 1 : -1; // rows without a figure stay last
          return c || a.index - b.index;
        }
        c = a.key - b.key;
      } else {
        c = a.key.localeCompare(b.key, "zh-CN");
      }
      return (descending ? -c : c) || a.index - b.index;
    });
    order.forEach(function (item) {
      body.appendChild(item.row);
    });
    heads.forEach(function (th, i) {
      if (i === column) {
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else if (th.hasAttribute("aria-sort")) {
        th.removeAttribute("aria-sort");
      }
    });
  }

  heads.forEach(function (th, column) {
    if (!th.hasAttribute("data-type")) {
      return;
    }
    th.tabIndex = 0;
    th.title = "点击排序";
    function toggle() {
      sortBy(column, th.getAttribute("aria-sort") === "ascending");
    }
    th.addEventListener("click", toggle);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        toggle();
      }
    });
  });

  function filter() {
    var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var haystack = (row.getAttribute("data-search") || "").toLowerCase();
      var ok =
        words.every(function (w) {
          return haystack.indexOf(w) >= 0;
        }) &&
        (!year.value || row.getAttribute("data-year") === year.value) &&
        (!grade.value || row.getAttribute("data-grade") === grade.value) &&
        (!problem.checked || row.getAttribute("data-problem") === "1");
      row.hidden = !ok;
      shown += ok ? 1 : 0;
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 行";
  }

  [text, year, grade, problem].forEach(function (el) {
    el.addEventListener(el === text ? "input" : "change", filter);
  });
  filter();
})();

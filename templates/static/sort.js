// Sortable index table: click (or Enter/Space on) a column header to sort by it.
// A site of one index page sorts its rows in place. A site of several pages sorts every
// hub: it loads hubs-table.js (every row, with a plain script tag so it works from disk
// too) on the first sort, then shows the sorted rows a page at a time.
(function () {
  "use strict";
  var table = document.getElementById("hub-table");
  if (!table) return;
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.querySelectorAll("th[data-sort]"));
  var pager = document.getElementById("pager");
  var status = document.getElementById("pager-status");
  var PAGE = Number(table.getAttribute("data-rows")) || 200;
  var everyRow = null; // every hub, once hubs-table.js has loaded
  var shown = 0;

  function key(values, name) {
    var v = values[name];
    if (name === "year" || name === "total") return v === "" || v === null ? -Infinity : Number(v);
    return String(v).toLocaleLowerCase();
  }
  function text(tr, column) {
    var td = tr.cells[column];
    return td ? td.textContent.trim() : "";
  }
  function fromRow(tr) { // what the row's cells show: the title is the first cell's link
    var link = tr.cells[0] && tr.cells[0].querySelector("a");
    return {
      tr: tr,
      title: link ? link.textContent : text(tr, 0),
      year: text(tr, 1),
      label: text(tr, 2),
      total: text(tr, 3).replace(/\D/g, "") // "1,001" as written on the page
    };
  }
  function fromData(r) {
    return { url: r[0], title: r[1], year: r[2], label: r[3], labelKey: r[4], total: r[5], sentence: r[6] };
  }
  function compare(name, ascending) {
    return function (a, b) {
      var x = key(a, name), y = key(b, name);
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (order === 0) order = key(a, "title") < key(b, "title") ? -1 : 1;
      return ascending ? order : -order;
    };
  }
  function cell(tr, child) {
    var td = document.createElement("td");
    if (child) td.appendChild(child);
    tr.appendChild(td);
    return td;
  }
  function render(r) { // a row built from data: text only, never HTML
    var tr = document.createElement("tr");
    var a = document.createElement("a");
    a.href = table.getAttribute("data-table").replace(/hubs-table\.js$/, "") + r.url;
    a.textContent = r.title;
    var first = cell(tr, a);
    first.appendChild(document.createElement("br"));
    var sentence = document.createElement("span");
    sentence.className = "sentence";
    sentence.textContent = r.sentence;
    first.appendChild(sentence);
    cell(tr).textContent = r.year === null ? "" : String(r.year);
    var badge = document.createElement("span");
    badge.className = "badge badge-" + r.labelKey;
    badge.textContent = r.label;
    cell(tr, badge);
    var total = cell(tr);
    total.className = "num";
    total.textContent = Number(r.total).toLocaleString("en");
    return tr;
  }
  function showMore() {
    var next = everyRow.slice(shown, shown + PAGE);
    next.forEach(function (r) { body.appendChild(render(r)); });
    shown += next.length;
    var more = document.getElementById("show-more");
    if (more) more.hidden = shown >= everyRow.length;
    if (status) status.textContent = "Hubs 1 to " + shown.toLocaleString("en") + " of " + everyRow.length.toLocaleString("en") + ".";
  }
  function moreButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.id = "show-more";
    button.className = "show-more";
    button.textContent = "Show more hubs";
    button.addEventListener("click", showMore);
    table.parentNode.insertBefore(button, table.nextSibling);
  }
  function loadAll() {
    if (window.HUBGEN_TABLE_ROWS) return Promise.resolve(window.HUBGEN_TABLE_ROWS);
    return new Promise(function (resolve, reject) {
      window.HUBGEN_TABLE = function (rows) { window.HUBGEN_TABLE_ROWS = rows; };
      var script = document.createElement("script");
      script.src = table.getAttribute("data-table");
      script.onload = function () { resolve(window.HUBGEN_TABLE_ROWS || []); };
      script.onerror = function () { reject(new Error("hubs-table.js could not be loaded")); };
      document.head.appendChild(script);
    });
  }
  function sortBy(th) {
    var name = th.getAttribute("data-sort");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    if (!pager) { // every hub is on this page
      var rows = Array.prototype.slice.call(body.rows).map(fromRow);
      rows.sort(compare(name, ascending));
      rows.forEach(function (r) { body.appendChild(r.tr); });
      return;
    }
    loadAll().then(function (data) {
      if (!everyRow) { pager.hidden = true; moreButton(); }
      everyRow = data.map(fromData).sort(compare(name, ascending));
      body.textContent = "";
      shown = 0;
      showMore();
    }).catch(function (error) {
      if (status) status.textContent = "Sorting every hub is unavailable: " + error.message;
    });
  }
  headers.forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(th); });
  });
})();

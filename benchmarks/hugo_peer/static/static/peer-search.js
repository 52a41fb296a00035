// The peer's search box: one Pagefind index over Hugo's pages, queried through Pagefind's
// JavaScript API the way hubgen's static/search.js does it (index loaded on focus, 120 ms
// debounce, the first 30 results' data loaded before any is shown), so the two differ
// only in their indexes.
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var MAX_RESULTS = 30;
  var loading = null;
  var timer = null;
  var ticket = 0;

  function ready() {
    if (!loading) {
      loading = import("/pagefind/pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: "/" }).then(function () { return pagefind; });
      });
    }
    return loading;
  }

  function show(items, total) {
    results.textContent = "";
    items.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d.url;
      a.textContent = (d.meta && d.meta.title) || d.url;
      li.appendChild(a);
      var p = document.createElement("p");
      p.textContent = (d.excerpt || "").replace(/<[^>]*>/g, "");
      li.appendChild(p);
      results.appendChild(li);
    });
    status.textContent = total + " results";
  }

  function run() {
    var query = input.value.trim();
    var mine = ++ticket;
    if (!query) { results.textContent = ""; return; }
    ready().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      var first = found.results.slice(0, MAX_RESULTS);
      return Promise.all(first.map(function (r) { return r.data(); })).then(function (items) {
        if (mine === ticket) show(items, found.results.length);
      });
    });
  }

  input.addEventListener("focus", function () { ready(); }, { once: true });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
})();

// Hub search. Over http(s) it uses the Pagefind index (pagefind/); opened from disk
// (file://), where browsers block Pagefind's module import and fetches, it loads
// search-index.js with a plain script tag and searches that instead. Same box, same results.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var input = document.getElementById("search-input");
  if (!box || !input) return;
  var root = box.getAttribute("data-root") || "";
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var filterBox = document.getElementById("search-filters");
  var selects = {
    label: document.getElementById("search-label"),
    role: document.getElementById("search-role"),
    polarity: document.getElementById("search-polarity")
  };
  var MAX_RESULTS = 30;
  var engine = null;
  var pending = 0;

  function absolute(path) { return new URL(root + path, document.baseURI).href; }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }
  function tokens(query) { return fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // --- Pagefind (http) -----------------------------------------------------------------
  // The index comes in shards (pagefind/shards.json lists them): the first is imported,
  // the others are merged into it, so one query searches them all.
  function pagefindEngine() {
    return fetch(absolute("pagefind/shards.json")).then(function (response) {
      if (!response.ok) throw new Error("no search index");
      return response.json();
    }).then(function (listing) {
      var shards = listing.shards || [];
      if (!shards.length) throw new Error("empty search index");
      return import(absolute("pagefind/" + shards[0] + "/pagefind.js")).then(function (pagefind) {
        return pagefind.options({ baseUrl: "/" }).then(function () {
          return Promise.all(shards.slice(1).map(function (name) {
            return pagefind.mergeIndex(absolute("pagefind/" + name + "/"), { baseUrl: "/" });
          }));
        }).then(function () { return pagefind; });
      });
    }).then(function (pagefind) {
      return {
        name: "pagefind",
        search: function (query, filters) {
          return pagefind.search(query || null, { filters: filters }).then(function (found) {
            return Promise.all(found.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
              .then(function (items) {
                return {
                  total: found.results.length,
                  items: items.map(function (d) {
                    return {
                      url: root + d.url.replace(/^\/+/, ""),
                      title: (d.meta && d.meta.title) || d.url,
                      label: d.filters && d.filters.label ? d.filters.label[0] : "",
                      excerpt: d.excerpt || ""
                    };
                  })
                };
              });
          });
        }
      };
    });
  }

  // --- Offline index (file://) -----------------------------------------------------------
  function offlineEngine() {
    return new Promise(function (resolve, reject) {
      if (window.HUBGEN_SEARCH) { resolve(); return; }
      var script = document.createElement("script");
      script.src = absolute("search-index.js");
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("search-index.js could not be loaded")); };
      document.head.appendChild(script);
    }).then(function () {
      var docs = window.HUBGEN_SEARCH.docs;
      docs.forEach(function (d) { d.folded = " " + fold(d.title + " " + d.text).replace(/[^\p{L}\p{N}]+/gu, " ") + " "; d.foldedTitle = " " + fold(d.title).replace(/[^\p{L}\p{N}]+/gu, " "); });
      return {
        name: "offline",
        search: function (query, filters) {
          var terms = tokens(query);
          var hits = [];
          docs.forEach(function (d) {
            if (filters.label && d.label !== filters.label[0]) return;
            if (filters.role && d.roles.indexOf(filters.role[0]) < 0) return;
            if (filters.polarity && d.polarities.indexOf(filters.polarity[0]) < 0) return;
            var score = 0;
            for (var i = 0; i < terms.length; i++) {
              var needle = " " + terms[i];
              var at = d.folded.indexOf(needle);
              if (at < 0) return;
              score += 1 + (d.foldedTitle.indexOf(needle) >= 0 ? 10 : 0);
              var count = 0;
              while (at >= 0 && count < 20) { count++; at = d.folded.indexOf(needle, at + 1); }
              score += count;
            }
            hits.push({ doc: d, score: score });
          });
          hits.sort(function (a, b) { return b.score - a.score || (a.doc.title < b.doc.title ? -1 : 1); });
          return Promise.resolve({
            total: hits.length,
            items: hits.slice(0, MAX_RESULTS).map(function (h) {
              return { url: root + h.doc.url, title: h.doc.title, label: h.doc.label, excerpt: snippet(h.doc.text, terms) };
            })
          });
        }
      };
    });
  }

  function snippet(text, terms) {
    var lower = text.toLocaleLowerCase();
    var first = -1;
    terms.forEach(function (t) {
      var at = lower.indexOf(t);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 60);
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 200) + (start + 200 < text.length ? "…" : "");
    return { text: piece, terms: terms };
  }

  // --- Rendering (both engines) -----------------------------------------------------------
  function appendHighlighted(parent, excerpt) {
    if (typeof excerpt === "string") {
      // Pagefind excerpts: text with <mark>; keep only the text and the marks.
      var tpl = document.createElement("template");
      tpl.innerHTML = excerpt;
      tpl.content.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var m = document.createElement("mark");
          m.textContent = node.textContent;
          parent.appendChild(m);
        } else {
          parent.appendChild(document.createTextNode(node.textContent || ""));
        }
      });
      return;
    }
    if (!excerpt.terms.length) { parent.textContent = excerpt.text; return; }
    var pattern = new RegExp("(" + excerpt.terms.map(escapeRegExp).join("|") + ")", "giu");
    excerpt.text.split(pattern).forEach(function (part, i) {
      if (i % 2) { var m = document.createElement("mark"); m.textContent = part; parent.appendChild(m); }
      else if (part) parent.appendChild(document.createTextNode(part));
    });
  }

  function show(query, found) {
    results.textContent = "";
    found.items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      if (item.label) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = item.label;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(badge);
      }
      var p = document.createElement("p");
      p.className = "snippet";
      appendHighlighted(p, item.excerpt);
      li.appendChild(p);
      results.appendChild(li);
    });
    var n = found.total;
    status.textContent = n === 0 ? "No hubs match “" + query + "”."
      : (n === 1 ? "1 hub matches" : n + " hubs match") + (query ? " “" + query + "”" : "") + "." +
        (n > found.items.length ? " Showing the first " + found.items.length + "." : "");
  }

  function currentFilters() {
    var filters = {};
    Object.keys(selects).forEach(function (key) {
      if (selects[key] && selects[key].value) filters[key] = [selects[key].value];
    });
    return filters;
  }

  function run() {
    var query = input.value.trim();
    var filters = currentFilters();
    var ticket = ++pending;
    if (!query && !Object.keys(filters).length) {
      results.textContent = "";
      status.textContent = "";
      return;
    }
    ready().then(function (e) {
      return e.search(query, filters);
    }).then(function (found) {
      if (ticket === pending) show(query, found);
    }).catch(function (error) {
      status.textContent = "Search is unavailable: " + error.message;
    });
  }

  function ready() {
    if (!engine) {
      engine = location.protocol === "file:"
        ? offlineEngine()
        : pagefindEngine().catch(function () { return offlineEngine(); });
    }
    return engine;
  }

  var timer = null;
  function schedule() { clearTimeout(timer); timer = setTimeout(run, 120); }
  if (filterBox) filterBox.hidden = false;
  input.addEventListener("input", schedule);
  Object.keys(selects).forEach(function (key) { if (selects[key]) selects[key].addEventListener("change", run); });
  input.addEventListener("focus", function () { ready(); }, { once: true });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();

// Hub search. Over http(s) it uses the Pagefind index (pagefind/); opened from disk
// (file://), where browsers block Pagefind's module import and fetches, it loads the
// offline index (search/) with plain script tags, a few small files a query, and searches
// that instead. Same box, same results.
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
  // Folded as generator/search_terms.py folds the index's words: decomposed, lowercased
  // (the same in every locale), combining accents dropped; words are letters and digits.
  function fold(text) {
    return text.normalize("NFD").toLowerCase().replace(/[\u0300-\u036f]/g, "");
  }
  function tokens(query) { return fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

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
  // An inverted index in small plain scripts (generator/search_offline.py writes them):
  // search/index.js says which terms file holds which terms and has every hub's filter
  // values; a query then loads the terms files of its words and the docs files of the
  // results it shows, nothing else. Hubs are numbered in index order (by title).
  var DIGITS = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  var DIGIT = new Uint8Array(128);
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charCodeAt(d)] = d;
  var store = { index: null, terms: {}, docs: {} };
  var loading = {};

  function loadScript(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = absolute(path);
        script.onload = function () { resolve(); };
        script.onerror = function () {
          delete loading[path];
          reject(new Error(path + " could not be loaded"));
        };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  // A query term matches the words it begins; one of one character only itself (a word
  // prefix that short would match a good part of the index).
  function single(term) { return Array.from(term).length === 1; }
  function matchesWord(word, term) { return single(term) ? word === term : word.startsWith(term); }

  // Code point order, as Python sorts the terms (JavaScript's < compares UTF-16 units).
  function compare(a, b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        var sx = x >= 0xd800 && x < 0xe000, sy = y >= 0xd800 && y < 0xe000;
        return sx === sy ? x - y : (sx ? 1 : -1);
      }
    }
    return a.length - b.length;
  }

  // The terms files that may hold words starting with `term`: the one whose range holds
  // `term`, then those whose first prefix starts with it (not needed for a single
  // character, matched whole).
  function termFiles(index, term) {
    var list = index.terms, lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compare(list[mid][0], term) <= 0) lo = mid + 1; else hi = mid;
    }
    var names = lo > 0 ? [list[lo - 1][1]] : [];
    if (!single(term)) {
      for (var j = lo; j < list.length && list[j][0].startsWith(term); j++) names.push(list[j][1]);
    }
    return names;
  }

  // Adds one posting list (hub number, then a code: count and title flag) to the sums.
  function addPostings(text, width, max, counts, titles, touched) {
    for (var k = 0; k + width < text.length; k += width + 1) {
      var hub = number(text.substr(k, width), 64);
      var code = DIGIT[text.charCodeAt(k + width)];
      if (!counts[hub]) touched.push(hub);
      counts[hub] = Math.min(max, counts[hub] + (code >> 1) + 1);
      titles[hub] |= code & 1;
    }
  }

  // Hubs having every term (as a word prefix), with their scores: per term 1, 10 more
  // when it is in the title, plus how often it occurs (counted up to index.maxCount).
  function matches(index, terms, names) {
    var hubs = index.hubs, score = new Int32Array(hubs), seen = new Uint16Array(hubs);
    var found = [];
    terms.forEach(function (term, n) {
      var counts = new Uint8Array(hubs), titles = new Uint8Array(hubs), touched = [];
      names[n].forEach(function (name) {
        var postings = store.terms[name] || {};
        Object.keys(postings).forEach(function (word) {
          if (matchesWord(word, term)) {
            addPostings(postings[word], index.width, index.maxCount, counts, titles, touched);
          }
        });
      });
      found = touched.filter(function (hub) {
        if (seen[hub] !== n) return false;
        seen[hub] = n + 1;
        score[hub] += 1 + 10 * titles[hub] + counts[hub];
        return true;
      });
    });
    return { hubs: found, score: score };
  }

  function filterCode(index, hub) {
    var size = index.fields[0] + index.fields[1] + index.fields[2];
    var row = index.filters[Math.floor(hub / index.filterRow)] || "";
    return row.substr((hub % index.filterRow) * size, size);
  }

  function number(text, base) {
    var n = 0;
    for (var i = 0; i < text.length; i++) n = n * base + DIGIT[text.charCodeAt(i)];
    return n;
  }

  function labelOf(index, hub) {
    return index.labels[number(filterCode(index, hub).slice(0, index.fields[0]), 32)] || "";
  }

  function hasFlag(code, start, at) {
    return (DIGIT[code.charCodeAt(start + Math.floor(at / 5))] >> (at % 5)) & 1;
  }

  // A test per hub for the chosen filters (a name the index does not know matches none).
  function filterTest(index, filters) {
    var f = index.fields;
    var label = filters.label ? index.labels.indexOf(filters.label[0]) : null;
    var role = filters.role ? index.roles.indexOf(filters.role[0]) : null;
    var polarity = filters.polarity ? index.polarities.indexOf(filters.polarity[0]) : null;
    return function (hub) {
      var code = filterCode(index, hub);
      if (label !== null && number(code.slice(0, f[0]), 32) !== label) return false;
      if (role !== null && (role < 0 || !hasFlag(code, f[0], role))) return false;
      return polarity === null || (polarity >= 0 && !!hasFlag(code, f[0] + f[1], polarity));
    };
  }

  function offlineSearch(index, query, filters) {
    var terms = tokens(query);
    var names = terms.map(function (term) { return termFiles(index, term); });
    var files = [].concat.apply([], names).map(function (name) { return "search/terms/" + name + ".js"; });
    return Promise.all(files.map(loadScript)).then(function () {
      var found, score;
      if (terms.length) {
        var m = matches(index, terms, names);
        found = m.hubs;
        score = m.score;
      } else {
        found = [];
        for (var h = 0; h < index.hubs; h++) found.push(h);
        score = new Int32Array(index.hubs);
      }
      found = found.filter(filterTest(index, filters));
      found.sort(function (a, b) { return score[b] - score[a] || a - b; });
      var top = found.slice(0, MAX_RESULTS);
      var chunks = {};
      top.forEach(function (hub) { chunks[Math.floor(hub / index.docsPerFile)] = true; });
      return Promise.all(Object.keys(chunks).map(function (n) {
        return loadScript("search/docs/" + n + ".js");
      })).then(function () {
        return {
          total: found.length,
          items: top.map(function (hub) {
            var doc = store.docs[Math.floor(hub / index.docsPerFile)][hub % index.docsPerFile];
            return { url: root + doc[0], title: doc[1], label: labelOf(index, hub), excerpt: snippet(doc[2], terms) };
          })
        };
      });
    });
  }

  function offlineEngine() {
    window.HUBGEN_SEARCH_INDEX = function (index) { store.index = index; };
    window.HUBGEN_SEARCH_TERMS = function (name, terms) { store.terms[name] = terms; };
    window.HUBGEN_SEARCH_DOCS = function (n, rows) { store.docs[n] = rows; };
    return loadScript("search/index.js").then(function () {
      var index = store.index;
      if (!index || index.format !== 1) throw new Error("search/index.js is not an index this page reads");
      return {
        name: "offline",
        search: function (query, filters) { return offlineSearch(index, query, filters); }
      };
    });
  }

  // The excerpt around the first word that a query term matches, the matched beginnings
  // of those words marked: [[text, marked], ...].
  var RUN = /[\p{L}\p{N}\p{M}]+/gu;
  var MARK = /\p{M}/u;
  function matchedLength(word, term) {
    var chars = Array.from(word), taken = "";
    for (var i = 0; i < chars.length && fold(taken).length < term.length; i++) taken += chars[i];
    while (i < chars.length && MARK.test(chars[i])) taken += chars[i++];
    return taken.length;
  }

  function snippet(text, terms) {
    var marks = [], m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text))) {
      var word = tokens(m[0])[0] || "";
      for (var i = 0; i < terms.length; i++) {
        if (matchesWord(word, terms[i])) {
          marks.push([m.index, m.index + matchedLength(m[0], terms[i])]);
          break;
        }
      }
    }
    var start = marks.length ? Math.max(0, marks[0][0] - 60) : 0;
    var end = Math.min(text.length, start + 200);
    var parts = start > 0 ? [["…", false]] : [];
    var at = start;
    marks.forEach(function (mark) {
      if (mark[1] <= at || mark[0] >= end) return;
      if (mark[0] > at) parts.push([text.slice(at, mark[0]), false]);
      parts.push([text.slice(Math.max(at, mark[0]), Math.min(end, mark[1])), true]);
      at = Math.min(end, mark[1]);
    });
    parts.push([text.slice(at, end) + (end < text.length ? "…" : ""), false]);
    return { parts: parts };
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
    excerpt.parts.forEach(function (part) {
      if (!part[0]) return;
      var node = part[1] ? document.createElement("mark") : document.createTextNode(part[0]);
      if (part[1]) node.textContent = part[0];
      parent.appendChild(node);
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

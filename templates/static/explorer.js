// Citing papers explorer: filter by role, polarity, years, representative and text; sort;
// keep the state in the URL hash (#filter:role=method&sort=year-desc) so a view can be shared.
// The page ships only the list (readable without JavaScript); the form is made here.
(function () {
  "use strict";
  var list = document.getElementById("citation-list");
  var counter = document.getElementById("explorer-count");
  if (!list || !counter) return;
  var PREFIX = "#filter:";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }
  // What an item shows, read from its markup (see sections/explorer.html): the first
  // cite is the title, time the year, b a role (with a class, the polarity it names),
  // strong "representative".
  function child(li, selector) {
    return li.querySelector(":scope > " + selector);
  }
  var items = Array.prototype.slice.call(list.children).map(function (li, index) {
    var time = child(li, "time");
    var cite = child(li, "cite");
    var link = cite && cite.querySelector("a");
    var polarity = child(li, "b[class]");
    return {
      el: li,
      index: index,
      year: time ? Number(time.textContent) : null,
      roles: Array.prototype.map.call(li.querySelectorAll(":scope > b:not([class])"), function (b) {
        return b.textContent;
      }),
      polarity: polarity ? polarity.textContent : "",
      representative: Boolean(child(li, "strong")),
      title: ((link || cite || li).textContent || "").toLocaleLowerCase(),
      text: fold(li.textContent || "")
    };
  });
  var total = items.length;
  var currentSort = "record";

  // --- the form -------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function control(label, input, check) {
    var name = el("label", { for: input.id }, [label]);
    return el("div", { class: check ? "control control-check" : "control" },
      check ? [input, name] : [name, input]);
  }
  function choice(id, name, any, values) {
    var options = [el("option", { value: "" }, [any])].concat(values.map(function (v) {
      return el("option", { value: v }, [v]);
    }));
    return el("select", { id: id, name: name }, options);
  }
  function words(attr) {
    return (list.getAttribute(attr) || "").split(" ").filter(Boolean);
  }
  var years = items.map(function (i) { return i.year; }).filter(function (y) { return y !== null; });
  function yearInput(id, name) {
    var attrs = { type: "number", id: id, name: name, inputmode: "numeric" };
    if (years.length) {
      attrs.min = String(Math.min.apply(null, years));
      attrs.max = String(Math.max.apply(null, years));
    }
    return el("input", attrs);
  }
  var sortChoice = el("select", { id: "sort-order", name: "sort" }, [
    ["record", "Record order"], ["year-desc", "Newest first"],
    ["year-asc", "Oldest first"], ["title", "Title A–Z"]
  ].map(function (o) { return el("option", { value: o[0] }, [o[1]]); }));
  var form = el("form", { class: "explorer-controls", id: "explorer-controls" }, [
    control("Filter", el("input", {
      type: "search", id: "filter-text", name: "q",
      placeholder: "Words in title, summary, context"
    })),
    control("Role", choice("filter-role", "role", "Any role", words("data-roles"))),
    control("Polarity", choice("filter-polarity", "polarity", "Any polarity", words("data-polarities"))),
    control("From year", yearInput("filter-from", "from")),
    control("To year", yearInput("filter-to", "to")),
    control("Representative only", el("input", {
      type: "checkbox", id: "filter-representative", name: "representative"
    }), true),
    control("Sort", sortChoice),
    el("button", { type: "reset", class: "reset" }, ["Clear filters"])
  ]);
  counter.parentNode.insertBefore(form, counter);
  var fields = {
    q: form.elements.namedItem("q"),
    role: form.elements.namedItem("role"),
    polarity: form.elements.namedItem("polarity"),
    from: form.elements.namedItem("from"),
    to: form.elements.namedItem("to"),
    representative: form.elements.namedItem("representative"),
    sort: form.elements.namedItem("sort")
  };

  // --- filtering ------------------------------------------------------------------------
  function readState() {
    var q = fields.q.value.trim();
    return {
      q: q,
      words: q ? fold(q).split(/\s+/) : [],
      role: fields.role.value,
      polarity: fields.polarity.value,
      from: fields.from.value,
      to: fields.to.value,
      representative: fields.representative.checked,
      sort: fields.sort.value
    };
  }
  function matches(item, state, skip) {
    if (skip !== "role" && state.role && item.roles.indexOf(state.role) < 0) return false;
    if (skip !== "polarity" && state.polarity && item.polarity !== state.polarity) return false;
    if (state.representative && !item.representative) return false;
    if (state.from && (item.year === null || item.year < Number(state.from))) return false;
    if (state.to && (item.year === null || item.year > Number(state.to))) return false;
    for (var i = 0; i < state.words.length; i++) {
      if (item.text.indexOf(state.words[i]) < 0) return false;
    }
    return true;
  }
  function compare(sort) {
    if (sort === "title") return function (a, b) { return a.title < b.title ? -1 : a.title > b.title ? 1 : a.index - b.index; };
    if (sort === "year-asc" || sort === "year-desc") {
      var sign = sort === "year-asc" ? 1 : -1;
      return function (a, b) {
        if (a.year === b.year) return a.index - b.index;
        if (a.year === null) return 1;
        if (b.year === null) return -1;
        return sign * (a.year - b.year);
      };
    }
    return function (a, b) { return a.index - b.index; };
  }
  function updateOptionCounts(select, state, kind) {
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var n = 0;
      items.forEach(function (item) {
        if (!matches(item, state, kind)) return;
        if (kind === "role" ? item.roles.indexOf(option.value) >= 0 : item.polarity === option.value) n++;
      });
      option.textContent = option.value + " (" + n + ")";
    });
  }
  function writeHash(state) {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (key) {
      var v = state[key];
      if (key === "words") return;
      if (key === "sort" && v === "record") return;
      if (v === true) params.set(key, "1");
      else if (v) params.set(key, v);
    });
    var text = params.toString();
    var hash = text ? PREFIX + text : "";
    if (hash !== location.hash && (hash || location.hash.indexOf(PREFIX) === 0)) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }
  function apply(updateHash) {
    var state = readState();
    var shown = 0;
    items.forEach(function (item) {
      var ok = matches(item, state, "");
      item.el.hidden = !ok;
      if (ok) shown++;
    });
    // Moving 1,000 list items costs more than filtering them: only reorder on a new sort.
    if (state.sort !== currentSort) {
      var sorted = items.slice().sort(compare(state.sort));
      var fragment = document.createDocumentFragment();
      sorted.forEach(function (item) { fragment.appendChild(item.el); });
      list.appendChild(fragment);
      currentSort = state.sort;
    }
    updateOptionCounts(fields.role, state, "role");
    updateOptionCounts(fields.polarity, state, "polarity");
    counter.textContent = shown === total
      ? total + (total === 1 ? " citing paper" : " citing papers")
      : "Showing " + shown + " of " + total + " citing papers";
    if (updateHash) writeHash(state);
  }
  function readHash() {
    if (location.hash.indexOf(PREFIX) !== 0) return false;
    var params = new URLSearchParams(location.hash.slice(PREFIX.length));
    fields.q.value = params.get("q") || "";
    fields.role.value = params.get("role") || "";
    fields.polarity.value = params.get("polarity") || "";
    fields.from.value = params.get("from") || "";
    fields.to.value = params.get("to") || "";
    fields.representative.checked = params.get("representative") === "1";
    fields.sort.value = params.get("sort") || "record";
    return true;
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  window.addEventListener("hashchange", function () { if (readHash()) apply(false); });
  if (readHash()) {
    apply(false);
    document.getElementById("explorer").scrollIntoView();
  } else {
    apply(false);
  }
})();

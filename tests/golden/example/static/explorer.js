// Citing papers explorer: filter by role, polarity, years, representative and text; sort;
// keep the state in the URL hash (#filter:role=method&sort=year-desc) so a view can be shared.
(function () {
  "use strict";
  var form = document.getElementById("explorer-controls");
  var list = document.getElementById("citation-list");
  var counter = document.getElementById("explorer-count");
  if (!form || !list) return;
  var PREFIX = "#filter:";
  var items = Array.prototype.slice.call(list.children).map(function (li, index) {
    return {
      el: li,
      index: index,
      year: li.getAttribute("data-year") ? Number(li.getAttribute("data-year")) : null,
      roles: (li.getAttribute("data-roles") || "").split(" ").filter(Boolean),
      polarity: li.getAttribute("data-polarity") || "",
      representative: li.getAttribute("data-representative") === "true",
      title: (li.getAttribute("data-title") || "").toLocaleLowerCase(),
      text: fold(li.textContent || "")
    };
  });
  var total = items.length;
  var currentSort = "record";
  var fields = {
    q: form.elements.namedItem("q"),
    role: form.elements.namedItem("role"),
    polarity: form.elements.namedItem("polarity"),
    from: form.elements.namedItem("from"),
    to: form.elements.namedItem("to"),
    representative: form.elements.namedItem("representative"),
    sort: form.elements.namedItem("sort")
  };

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }
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

  form.hidden = false;
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

// Downloads made in the browser: BibTeX, RIS, CSL-JSON, CSV and JSON, built from what the
// hub page shows (its header, summaries and explorer list), when a reader clicks one.
// The page's download links name the format, the file name and the media type
// (a[data-format], from the declared downloads); until this script runs they are not
// links, and a note says the downloads need JavaScript.
(function () {
  "use strict";
  var links = document.querySelectorAll("a[data-format]");
  if (!links.length) return;

  // --- reading the page (see templates/hub.html and sections/*.html) --------------------
  function one(root, selector) {
    return root ? root.querySelector(selector) : null;
  }
  function all(root, selector) {
    return root ? Array.prototype.slice.call(root.querySelectorAll(selector)) : [];
  }
  function text(node) {
    return node ? node.textContent : "";
  }
  function href(node) {
    return node ? node.getAttribute("href") || "" : "";
  }
  // Names are shown joined by ", "; data-names lists them when a name holds a comma.
  function names(node) {
    if (!node) return [];
    var listed = node.getAttribute("data-names");
    if (listed) return JSON.parse(listed);
    return node.textContent ? node.textContent.split(", ") : [];
  }
  function year(node) {
    return node ? Number(node.textContent) : null;
  }
  function words(value) {
    return value.split(/\s+/).filter(Boolean);
  }
  function plain(node) {
    return node ? words(node.textContent).join(" ") : "";
  }
  function blocks(root, skip) {
    return all(root, ":scope > *").filter(function (node) { return !node.matches(skip); })
      .map(function (node) { return node.outerHTML; }).join("\n");
  }

  function hubPaper() {
    var header = one(document, ".hub-header");
    var byline = one(header, ".byline");
    return {
      title: text(one(header, "h1")),
      id: text(one(header, ".hub-id code")),
      year: year(one(byline, "time")),
      authors: names(one(byline, ".authors")),
      venue: text(one(byline, "cite")),
      url: href(one(header, ".hub-id a.paper")),
      code: href(one(header, ".hub-id a.code"))
    };
  }

  // Each explorer item: the first cite is the title (its link's text when linked), time
  // the year, span the authors, the second cite the venue, b a role (with a class, the
  // polarity), strong "representative", the unclassed p the summary, blockquote a context.
  // Their ids, in record order, are listed once after the list (#citation-ids).
  function citingPaper(li, ids) {
    var cite = one(li, ":scope > cite");
    var link = one(cite, "a");
    var isHub = Boolean(one(cite, ".tag-hub"));
    var summary = one(li, ":scope > p:not([class])");
    var number = Number(li.id.replace(/^cite-/, ""));
    return {
      number: number,
      title: text(link || cite),
      id: ids[number - 1] || "",
      year: year(one(li, ":scope > time")),
      authors: names(one(li, ":scope > span")),
      venue: text(all(li, ":scope > cite")[1]),
      url: isHub ? li.getAttribute("data-url") || "" : href(link),
      roles: all(li, ":scope > b:not([class])").map(text),
      polarity: text(one(li, ":scope > b[class]")),
      representative: Boolean(one(li, ":scope > strong")),
      summaryHtml: summary ? summary.innerHTML : "",
      summary: plain(summary),
      contexts: all(li, ":scope > blockquote").map(text)
    };
  }
  function citingPapers() {
    var listed = document.getElementById("citation-ids");
    var ids = listed ? JSON.parse(listed.textContent) : [];
    return all(document.getElementById("citation-list"), ":scope > li")
      .map(function (li) { return citingPaper(li, ids); })
      .sort(function (a, b) { return a.number - b.number; });  // record order, whatever the sort
  }

  // --- names and identifiers ------------------------------------------------------------
  // (family, given) of 'Ada Lovelace' or 'Lovelace, Ada'.
  function splitName(name) {
    var comma = name.indexOf(",");
    if (comma >= 0) return [name.slice(0, comma).trim(), name.slice(comma + 1).trim()];
    var parts = words(name);
    if (parts.length < 2) return [name.trim(), ""];
    return [parts[parts.length - 1], parts.slice(0, -1).join(" ")];
  }
  function invertedName(name) {
    return splitName(name).filter(Boolean).join(", ");
  }
  // The DOI and arXiv id in an id (doi:…, arxiv:…) or a URL.
  function paperIds(id, url) {
    var colon = id.indexOf(":");
    var scheme = (colon >= 0 ? id.slice(0, colon) : id).toLowerCase();
    var value = colon >= 0 ? id.slice(colon + 1) : "";
    var ids = { doi: scheme === "doi" ? value : "", arxiv: scheme === "arxiv" ? value : "" };
    var lowered = (url || "").toLowerCase();
    ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/"].forEach(function (prefix) {
      if (!ids.doi && lowered.indexOf(prefix) === 0) ids.doi = url.slice(prefix.length);
    });
    ["https://arxiv.org/abs/", "http://arxiv.org/abs/"].forEach(function (prefix) {
      if (!ids.arxiv && lowered.indexOf(prefix) === 0) ids.arxiv = url.slice(prefix.length);
    });
    return ids;
  }
  // The best link to a paper: its URL, else its DOI or arXiv page.
  function paperLink(id, url) {
    if (url) return url;
    var ids = paperIds(id, "");
    if (ids.doi) return "https://doi.org/" + ids.doi;
    if (ids.arxiv) return "https://arxiv.org/abs/" + ids.arxiv;
    return "";
  }

  // --- BibTeX ---------------------------------------------------------------------------
  var LATEX = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", "$": "\\$",
    "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}"
  };
  function bibEscape(value) {
    return value.replace(/[\\{}&%$#_~^]/g, function (c) { return LATEX[c]; });
  }
  // url, doi and eprint are copied verbatim: a brace would unbalance the entry.
  var VERBATIM = { url: true, doi: true, eprint: true };
  function bibValue(name, value) {
    if (VERBATIM[name]) return value.replace(/\{/g, "%7B").replace(/\}/g, "%7D").replace(/\\/g, "%5C");
    return bibEscape(value);
  }
  function keyWord(value) {
    return value.normalize("NFKD").replace(/[^A-Za-z0-9]/g, "");
  }
  // One unique key per paper: family name, year, first title word longer than three letters.
  function bibKeys(papers) {
    var seen = new Map();
    return papers.map(function (p) {
      var family = p.authors.length ? keyWord(splitName(p.authors[0])[0]).toLowerCase() : "";
      var word = "";
      var first = "";
      var raw = words(p.title);
      for (var i = 0; i < raw.length; i++) {
        var candidate = keyWord(raw[i]).toLowerCase();
        first = first || candidate;
        if (candidate.length > 3) { word = candidate; break; }
      }
      var base = (family || "anon") + (p.year || "") + (word || first || "untitled");
      var n = seen.get(base) || 0;
      seen.set(base, n + 1);
      return n === 0 ? base : base + "-" + (n + 1);
    });
  }
  function bibEntry(key, p) {
    var fields = [["title", p.title]];
    if (p.authors.length) fields.push(["author", p.authors.map(invertedName).join(" and ")]);
    if (p.year !== null) fields.push(["year", String(p.year)]);
    if (p.venue) fields.push(["journal", p.venue]);
    var ids = paperIds(p.id, p.url);
    if (ids.doi) fields.push(["doi", ids.doi]);
    if (ids.arxiv) fields.push(["eprint", ids.arxiv], ["archiveprefix", "arXiv"]);
    var link = paperLink(p.id, p.url);
    if (link) fields.push(["url", link]);
    if (p.id && !(ids.doi || ids.arxiv)) fields.push(["note", p.id]);
    var body = fields.map(function (f) { return "  " + f[0] + " = {" + bibValue(f[0], f[1]) + "}"; });
    return "@" + (p.venue ? "article" : "misc") + "{" + key + ",\n" + body.join(",\n") + "\n}\n";
  }
  function bibtex(papers) {
    var keys = bibKeys(papers);
    return papers.map(function (p, i) { return bibEntry(keys[i], p); }).join("\n");
  }

  // --- RIS ------------------------------------------------------------------------------
  function risRecord(p) {
    var lines = [["TY", p.venue ? "JOUR" : "GEN"], ["TI", p.title]];
    p.authors.forEach(function (a) { lines.push(["AU", invertedName(a)]); });
    if (p.year !== null) lines.push(["PY", String(p.year)]);
    if (p.venue) lines.push(["JO", p.venue]);
    var ids = paperIds(p.id, p.url);
    if (ids.doi) lines.push(["DO", ids.doi]);
    var link = paperLink(p.id, p.url);
    if (link) lines.push(["UR", link]);
    if (p.id) lines.push(["ID", p.id]);
    lines.push(["ER", ""]);
    // A RIS value is one line: a newline in a title would start a bogus tag.
    return lines.map(function (l) { return l[0] + "  - " + words(l[1]).join(" ") + "\n"; }).join("");
  }
  function ris(papers) {
    return papers.map(risRecord).join("\n");
  }

  // --- JSON -----------------------------------------------------------------------------
  function compact(value) {
    if (Array.isArray(value)) return "[" + value.map(compact).join(", ") + "]";
    if (value !== null && typeof value === "object") {
      return "{" + Object.keys(value).map(function (k) {
        return JSON.stringify(k) + ": " + compact(value[k]);
      }).join(", ") + "}";
    }
    return JSON.stringify(value);
  }
  // JSON with the outer `depth` levels one item per line (a citing paper per line).
  function lineJson(value, depth, indent) {
    var isList = Array.isArray(value);
    var empty = value === null || typeof value !== "object" || !(isList ? value.length : Object.keys(value).length);
    if (depth <= 0 || empty) return compact(value);
    var pad = "  ".repeat(indent + 1);
    var rows = isList
      ? value.map(function (v) { return pad + lineJson(v, depth - 1, indent + 1); })
      : Object.keys(value).map(function (k) {
          return pad + JSON.stringify(k) + ": " + lineJson(value[k], depth - 1, indent + 1);
        });
    return (isList ? "[" : "{") + "\n" + rows.join(",\n") + "\n" + "  ".repeat(indent) + (isList ? "]" : "}");
  }

  function cslItem(key, p) {
    var item = { id: key, type: p.venue ? "article-journal" : "article", title: p.title };
    if (p.authors.length) {
      item.author = p.authors.map(function (a) {
        var name = splitName(a);
        return name[1] ? { family: name[0], given: name[1] } : { literal: name[0] };
      });
    }
    if (p.year !== null) item.issued = { "date-parts": [[p.year]] };
    if (p.venue) item["container-title"] = p.venue;
    var ids = paperIds(p.id, p.url);
    if (ids.doi) item.DOI = ids.doi;
    var link = paperLink(p.id, p.url);
    if (link) item.URL = link;
    if (p.id) item.note = p.id;
    return item;
  }
  function cslJson(papers) {
    var keys = bibKeys(papers);
    return lineJson(papers.map(function (p, i) { return cslItem(keys[i], p); }), 1, 0) + "\n";
  }

  // --- CSV ------------------------------------------------------------------------------
  var COLUMNS = ["number", "title", "id", "year", "authors", "venue", "url", "roles",
    "polarity", "representative", "summary", "context"];
  // A leading ' keeps a spreadsheet from running a cell as a formula.
  function inert(value) {
    return /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
  }
  function csvCell(value) {
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }
  function csv(citing) {
    var rows = [COLUMNS].concat(citing.map(function (c) {
      return [String(c.number), c.title, c.id, c.year === null ? "" : String(c.year),
        c.authors.join("; "), c.venue, c.url, c.roles.join("; "), c.polarity,
        c.representative ? "yes" : "no", c.summary, c.contexts.join(" | ")].map(inert);
    }));
    return rows.map(function (row) { return row.map(csvCell).join(",") + "\r\n"; }).join("");
  }

  // --- the hub as its page shows it -----------------------------------------------------
  function shares(kind) {
    return all(document, "table.bars-" + kind + " tbody tr").map(function (tr) {
      var cells = all(tr, "td");
      return { name: text(one(tr, "th")), count: Number(text(cells[0])), percent: parseInt(text(cells[1]), 10) };
    });
  }
  function sum(items) {
    return items.reduce(function (n, s) { return n + s.count; }, 0);
  }
  // A co-cited work: its link (to its hub page here, or its own URL), its shared count
  // (small), b "hub" and b.tag-curated, its note; data-id when it has no hub page here.
  function cocitedWork(li) {
    var link = one(li, ":scope > a");
    var isHub = Boolean(one(li, ":scope > b:not([class])"));
    var slug = isHub ? /^\.\.\/([^/]+)\/index\.html$/.exec(href(link)) : null;
    var note = one(li, ":scope > p.note");
    return {
      title: link ? text(link) : text(li.firstChild),
      id: li.getAttribute("data-id") || "",
      hub: slug ? decodeURIComponent(slug[1]) : "",
      url: link && !isHub ? href(link) : "",
      shared: parseInt(text(one(li, ":scope > small")), 10) || 0,
      curated: Boolean(one(li, ":scope > .tag-curated")),
      noteHtml: note ? note.innerHTML : ""
    };
  }
  function fullData(hub, citing) {
    var article = one(document, "article.hub");
    var badge = one(document, ".hub-header .badge");
    var key = Array.prototype.filter.call(badge ? badge.classList : [], function (c) {
      return c.indexOf("badge-") === 0;
    })[0] || "";
    var notes = one(document, "#abstract .notes");
    var cocited = all(document, "#cocited ol.cocited > li").map(cocitedWork);
    var roles = shares("role");
    var polarities = shares("polarity");
    var record = {
      id: hub.id,
      slug: article ? article.getAttribute("data-slug") || "" : "",
      title: hub.title,
      authors: hub.authors,
      year: hub.year,
      venue: hub.venue,
      url: hub.url,
      code: hub.code,
      abstract_html: blocks(one(document, "#abstract"), "h2, .empty, .notes"),
      notes_html: blocks(notes, "h3"),
      claims: all(document, "#claims ol.claims > li").map(function (li) {
        var source = text(one(li, ".claim-source")).replace(/^Source: /, "");
        return { text_html: one(li, ".claim-text").innerHTML, source: source };
      }),
      cocited: cocited.filter(function (w) { return w.curated; }).map(function (w) {
        return { title: w.title, id: w.id, url: w.url, note_html: w.noteHtml };
      }),
      tools: all(document, "#tools > ul:first-of-type a").filter(function (a) {
        return href(a).charAt(0) !== "#";
      }).map(function (a) { return { label: text(a), url: href(a) }; }),
      citations: citing.map(function (c) {
        return {
          title: c.title, id: c.id, year: c.year, authors: c.authors, venue: c.venue,
          url: c.url, summary_html: c.summaryHtml, role: c.roles, polarity: c.polarity,
          representative: c.representative, context: c.contexts
        };
      })
    };
    var derived = {
      label: text(badge),
      label_key: key.slice("badge-".length),
      sentence: text(one(document, ".summary-sentence")),
      total: citing.length,
      role_labels: sum(roles),
      with_polarity: sum(polarities),
      roles: roles,
      polarities: polarities,
      years: all(document, ".years-table tbody tr").map(function (tr) {
        return { year: Number(text(one(tr, "th"))), count: Number(text(one(tr, "td"))) };
      }),
      cocited: cocited.map(function (w) {
        return { title: w.title, id: w.id, hub: w.hub, shared: w.shared, curated: w.curated };
      })
    };
    return lineJson({ record: record, derived: derived }, 3, 0) + "\n";
  }

  // --- the downloads --------------------------------------------------------------------
  var FORMATS = {
    bib: function (hub, citing) { return bibtex([hub].concat(citing)); },
    ris: function (hub, citing) { return ris([hub].concat(citing)); },
    csl: function (hub, citing) { return cslJson([hub].concat(citing)); },
    csv: function (hub, citing) { return csv(citing); },
    json: fullData
  };

  Array.prototype.forEach.call(links, function (link) {
    var make = FORMATS[link.getAttribute("data-format")];
    if (!make) return;
    link.setAttribute("href", "#");
    link.setAttribute("download", link.getAttribute("data-name"));
    link.setAttribute("type", link.getAttribute("data-type"));
    // Made on each click, from the page as it is; the browser then follows the link to
    // the new file (the href is read after the click handlers ran).
    link.addEventListener("click", function () {
      var old = link.getAttribute("href");
      if (old.indexOf("blob:") === 0) URL.revokeObjectURL(old);
      var made = make(hubPaper(), citingPapers());
      var blob = new Blob([made], { type: link.getAttribute("data-type") });
      link.setAttribute("href", URL.createObjectURL(blob));
    });
  });
})();

// Result views for the query page, as YASR plugins (registered before
// YASGUI starts): a table that shows labels instead of IRIs and literals by
// their value, a graph of the result's nodes and edges (as the Wikidata
// Query Service's #defaultView:Graph draws one), and a timeline of dated
// rows. Labels come from this server (/api/labels), for the rows shown only.
// Every label goes into the page as text, never as HTML.
(function () {
  "use strict";
  var Yasr = window.Yasgui.Yasr;
  var BASE = "https://w3id.org/partygraph/";
  var LOCAL = ["id/", "article/", "vocab/"];
  var PAGE_ROWS = 100;         // rows a table shows at once
  var MAX_NODES = 150;         // the graph view draws at most this many nodes
  var MAX_BARS = 200;          // the timeline at most this many rows
  var names = {};              // IRI -> label, kept across answers

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function localPage(iri) {
    if (iri.indexOf(BASE) !== 0) return null;
    var rest = iri.slice(BASE.length);
    return LOCAL.some(function (p) { return rest.indexOf(p) === 0; }) ? "/" + rest : null;
  }
  function shortIri(iri) {
    var cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
    return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
  }
  // What a cell shows: an IRI by its label (else its last segment), a
  // literal by its value (a boolean as true/false, a date as the date).
  function shown(term) {
    if (!term) return "";
    if (term.type === "uri") return names[term.value] || shortIri(term.value);
    return term.value;
  }
  function isDate(term) {
    return term && term.type !== "uri" && /#date(Time)?$/.test(term.datatype || "") &&
      /^\d{4}-\d{2}-\d{2}/.test(term.value);
  }

  // Labels for the IRIs of the rows about to be shown, in one request.
  function fetchLabels(rows) {
    var wanted = {};
    rows.forEach(function (row) {
      Object.keys(row).forEach(function (v) {
        var t = row[v];
        if (t && t.type === "uri" && !(t.value in names)) wanted[t.value] = true;
      });
    });
    var iris = Object.keys(wanted).slice(0, 1000);
    if (!iris.length) return Promise.resolve();
    return fetch("/api/labels", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ iris: iris })
    }).then(function (r) { return r.ok ? r.json() : { labels: {} }; })
      .then(function (data) {
        iris.forEach(function (i) { names[i] = data.labels[i] || null; });
      })
      .catch(function () { /* labels are a nicety: the IRIs' own names remain */ });
  }

  function cell(term) {
    var td = el("td");
    if (!term) return td;
    var text = shown(term);
    var href = term.type === "uri" ? localPage(term.value) : null;
    var node = href ? el("a", null, text) : el("span", null, text);
    if (href) node.href = href;
    // the exact term stays one hover away
    node.title = term.type === "uri" ? term.value :
      (term.datatype ? term.value + " (" + shortIri(term.datatype) + ")" : term.value) +
      (term["xml:lang"] ? " @" + term["xml:lang"] : "");
    td.appendChild(node);
    return td;
  }

  // The server's own paging (an answer that says which page of how many it
  // is) or, for a whole answer, pages of PAGE_ROWS drawn here.
  function pageOf(yasr) {
    var json = yasr.results.getAsJson() || {};
    return json.page || null;
  }

  function LabelTable(yasr) {
    this.yasr = yasr;
    this.priority = 20;
    this.label = "Table";
    this.at = 0;
  }
  LabelTable.prototype.canHandleResults = function () {
    return !!(this.yasr.results && this.yasr.results.getBindings && this.yasr.results.getBindings());
  };
  LabelTable.prototype.getIcon = function () { return el("span", "pg-icon", "▦"); };
  LabelTable.prototype.draw = function () {
    var self = this, yasr = this.yasr;
    var vars = yasr.results.getVariables(), rows = yasr.results.getBindings() || [];
    var server = pageOf(yasr);
    if (this.rows !== rows) { this.rows = rows; this.at = 0; }
    var slice = server ? rows : rows.slice(this.at, this.at + PAGE_ROWS);
    return fetchLabels(slice).then(function () {
      var box = el("div", "pg-table");
      box.appendChild(pager(self, rows.length, server));
      var table = el("table", "pg-results");
      var head = el("tr");
      vars.forEach(function (v) { head.appendChild(el("th", null, "?" + v)); });
      table.appendChild(el("thead")).appendChild(head);
      var body = el("tbody");
      slice.forEach(function (row) {
        var tr = el("tr");
        vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
        body.appendChild(tr);
      });
      table.appendChild(body);
      box.appendChild(table);
      box.appendChild(downloads(yasr));
      yasr.resultsEl.appendChild(box);
    });
  };
  LabelTable.prototype.download = function () {
    var results = this.yasr.results;
    return { contentType: "text/csv", getData: function () { return results.asCsv(); },
             filename: "partygraph.csv", title: "Download CSV" };
  };

  function pager(plugin, count, server) {
    var bar = el("p", "pg-pager");
    var first, last, total, hasPrev, hasNext;
    if (server) {
      first = server.offset + 1; last = server.offset + count; total = server.total;
      hasPrev = server.offset > 0; hasNext = server.offset + count < server.total;
    } else {
      first = plugin.at + 1; last = Math.min(plugin.at + PAGE_ROWS, count); total = count;
      hasPrev = plugin.at > 0; hasNext = plugin.at + PAGE_ROWS < count;
    }
    bar.appendChild(el("span", "pg-count", count ? "rows " + first + "–" + last + " of " + total : "no rows"));
    function go(delta) {
      if (server) {
        // the page asks the server for another page (page.js re-runs the query)
        document.dispatchEvent(new CustomEvent("partygraph-page",
          { detail: { offset: Math.max(0, server.offset + delta * server.limit) } }));
      } else {
        plugin.at = Math.max(0, plugin.at + delta * PAGE_ROWS);
        plugin.yasr.draw();
      }
    }
    [["‹ previous", -1, hasPrev], ["next ›", 1, hasNext]].forEach(function (b) {
      var button = el("button", "pg-" + (b[1] < 0 ? "prev" : "next"), b[0]);
      button.type = "button";
      button.disabled = !b[2];
      button.addEventListener("click", function () { go(b[1]); });
      bar.appendChild(document.createTextNode(" "));
      bar.appendChild(button);
    });
    return bar;
  }

  function downloads(yasr) {
    var p = el("p", "pg-downloads");
    [["CSV", "text/csv", function () { return yasr.results.asCsv(); }],
     ["JSON", "application/sparql-results+json",
      function () { return JSON.stringify(yasr.results.getAsJson(), null, 1); }]].forEach(function (d) {
      var a = el("a", "pg-download", "Download " + d[0]);
      a.href = "#";
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        var data = d[2]();
        if (d[0] === "CSV" && window.partygraphSafeCsv) data = window.partygraphSafeCsv(data);
        var url = URL.createObjectURL(new Blob([data], { type: d[1] }));
        var link = el("a");
        link.href = url;
        link.download = "partygraph." + d[0].toLowerCase();
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
      p.appendChild(a);
      p.appendChild(document.createTextNode(" "));
    });
    return p;
  }

  // ---------------------------------------------------------------- graph
  // Nodes: the IRIs of the rows; edges: each row joins its IRI columns in
  // order (?person -> ?post -> ?unit), as WDQS's graph view does.
  function graphOf(vars, rows) {
    var nodes = {}, order = [], edges = {}, dropped = 0;
    function node(iri) {
      if (!(iri in nodes)) {
        if (order.length >= MAX_NODES) { dropped++; return null; }
        nodes[iri] = { iri: iri, x: 0, y: 0, vx: 0, vy: 0, degree: 0 };
        order.push(iri);
      }
      return nodes[iri];
    }
    rows.forEach(function (row) {
      var prev = null;
      vars.forEach(function (v) {
        var t = row[v];
        if (!t || t.type !== "uri") return;
        var n = node(t.value);
        if (n && prev && prev !== n) {
          var k = prev.iri + "\n" + n.iri;
          if (!edges[k]) { edges[k] = { a: prev, b: n }; prev.degree++; n.degree++; }
        }
        if (n) prev = n;
      });
    });
    return { nodes: order.map(function (i) { return nodes[i]; }),
             edges: Object.keys(edges).map(function (k) { return edges[k]; }), dropped: dropped };
  }

  // A small force layout: repulsion between all nodes, springs along edges.
  function layout(g, width, height) {
    var n = g.nodes.length;
    g.nodes.forEach(function (d, i) {
      var a = 2 * Math.PI * i / Math.max(1, n);
      d.x = width / 2 + Math.cos(a) * width / 3;
      d.y = height / 2 + Math.sin(a) * height / 3;
    });
    var k = Math.sqrt(width * height / Math.max(1, n)) * 0.6;
    for (var step = 0; step < 200; step++) {
      var t = 0.1 * (1 - step / 200);
      for (var i = 0; i < n; i++) {
        var a = g.nodes[i];
        for (var j = i + 1; j < n; j++) {
          var b = g.nodes[j], dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var f = k * k / d2;
          a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
        }
      }
      g.edges.forEach(function (e) {
        var dx = e.a.x - e.b.x, dy = e.a.y - e.b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d / k;
        e.a.vx -= dx * f; e.a.vy -= dy * f; e.b.vx += dx * f; e.b.vy += dy * f;
      });
      g.nodes.forEach(function (d) {
        var v = Math.sqrt(d.vx * d.vx + d.vy * d.vy) + 0.01, lim = Math.min(v, k * 10 * t);
        d.x = Math.min(width - 170, Math.max(20, d.x + d.vx / v * lim));   // room for the label on the right
        d.y = Math.min(height - 20, Math.max(20, d.y + d.vy / v * lim));
        d.vx = 0; d.vy = 0;
      });
    }
  }

  var KIND_COLOURS = { person: "#c0392b", post: "#8e44ad", org: "#2980b9", unit: "#27ae60", doc: "#d35400",
                       article: "#7f8c8d", vocab: "#95a5a6" };
  function kindOf(iri) {
    if (iri.indexOf(BASE + "id/") === 0) return iri.slice(BASE.length + 3).split("/")[0];
    if (iri.indexOf(BASE) === 0) return iri.slice(BASE.length).split("/")[0];
    return "other";
  }

  function GraphView(yasr) { this.yasr = yasr; this.priority = 5; this.label = "Graph"; }
  GraphView.prototype.canHandleResults = function () {
    var rows = this.yasr.results && this.yasr.results.getBindings && this.yasr.results.getBindings();
    return !!(rows && rows.some(function (r) {
      return Object.keys(r).filter(function (v) { return r[v].type === "uri"; }).length >= 1;
    }));
  };
  GraphView.prototype.getIcon = function () { return el("span", "pg-icon", "◉"); };
  GraphView.prototype.draw = function () {
    var yasr = this.yasr;
    var g = graphOf(yasr.results.getVariables(), yasr.results.getBindings() || []);
    return fetchLabels(g.nodes.map(function (n) { var r = {}; r.x = { type: "uri", value: n.iri }; return r; }))
      .then(function () {
        var width = 900, height = 560;
        layout(g, width, height);
        var box = el("div", "pg-graph");
        box.appendChild(el("p", "pg-count", g.nodes.length + " nodes, " + g.edges.length + " edges" +
          (g.dropped ? " (the first " + MAX_NODES + " nodes drawn; " + g.dropped + " more left out)" : "")));
        var root = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img" });
        root.appendChild(svg("title")).textContent = "The result as a graph";
        g.edges.forEach(function (e) {
          root.appendChild(svg("line", { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y, stroke: "#999" }));
        });
        g.nodes.forEach(function (d) {
          var href = localPage(d.iri);
          var group = href ? svg("a", { href: href }) : svg("g");
          group.setAttribute("class", "pg-node");
          group.appendChild(svg("circle", { cx: d.x, cy: d.y, r: 5 + Math.min(8, d.degree),
                                            fill: KIND_COLOURS[kindOf(d.iri)] || "#34495e" }));
          var label = svg("text", { x: d.x + 9, y: d.y + 4, "font-size": 11 });
          label.textContent = names[d.iri] || shortIri(d.iri);
          group.appendChild(label);
          var tip = svg("title");
          tip.textContent = d.iri;
          group.appendChild(tip);
          root.appendChild(group);
        });
        box.appendChild(root);
        yasr.resultsEl.appendChild(box);
      });
  };

  // ------------------------------------------------------------- timeline
  // Each row with a date: a bar from its earliest to its latest date (a dot
  // when it has one), named by its first non-date column.
  function TimelineView(yasr) { this.yasr = yasr; this.priority = 4; this.label = "Timeline"; }
  TimelineView.prototype.canHandleResults = function () {
    var rows = this.yasr.results && this.yasr.results.getBindings && this.yasr.results.getBindings();
    return !!(rows && rows.some(function (r) { return Object.keys(r).some(function (v) { return isDate(r[v]); }); }));
  };
  TimelineView.prototype.getIcon = function () { return el("span", "pg-icon", "⟷"); };
  TimelineView.prototype.draw = function () {
    var yasr = this.yasr, vars = yasr.results.getVariables();
    var rows = (yasr.results.getBindings() || []).filter(function (r) {
      return vars.some(function (v) { return isDate(r[v]); });
    });
    var shownRows = rows.slice(0, MAX_BARS);
    return fetchLabels(shownRows).then(function () {
      var bars = shownRows.map(function (r) {
        var dates = vars.filter(function (v) { return isDate(r[v]); })
          .map(function (v) { return r[v].value.slice(0, 10); }).sort();
        var words = vars.filter(function (v) { return r[v] && !isDate(r[v]); })
          .slice(0, 3).map(function (v) { return shown(r[v]); });
        return { from: dates[0], to: dates[dates.length - 1], text: words.join(" · ") };
      }).sort(function (a, b) { return a.from < b.from ? -1 : a.from > b.from ? 1 : 0; });
      var t0 = Date.parse(bars[0].from), t1 = Math.max.apply(null, bars.map(function (b) { return Date.parse(b.to); }));
      if (t1 - t0 < 864e5 * 30) { t0 -= 864e5 * 15; t1 += 864e5 * 15; }
      var left = 360, width = 960, rowH = 18, height = bars.length * rowH + 40;
      function x(day) { return left + (Date.parse(day) - t0) / (t1 - t0) * (width - left - 20); }
      var box = el("div", "pg-timeline");
      box.appendChild(el("p", "pg-count", rows.length + " dated row(s)" +
        (rows.length > MAX_BARS ? " (the first " + MAX_BARS + " drawn)" : "")));
      var root = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img" });
      root.appendChild(svg("title")).textContent = "The result's dated rows on a time axis";
      [t0, (t0 + t1) / 2, t1].forEach(function (t) {
        var day = new Date(t).toISOString().slice(0, 10), at = x(day);
        root.appendChild(svg("line", { x1: at, y1: 0, x2: at, y2: height - 20, stroke: "#ddd" }));
        root.appendChild(svg("text", { x: at, y: height - 6, "font-size": 11, "text-anchor": "middle" }))
          .textContent = day;
      });
      bars.forEach(function (b, i) {
        var y = 10 + i * rowH, a = x(b.from), z = x(b.to);
        var label = svg("text", { x: left - 8, y: y + 10, "font-size": 11, "text-anchor": "end" });
        label.textContent = b.text.length > 52 ? b.text.slice(0, 51) + "…" : b.text;
        root.appendChild(label);
        var mark = z - a < 4 ? svg("circle", { cx: a, cy: y + 6, r: 4, fill: "#2980b9" })
                             : svg("rect", { x: a, y: y + 1, width: z - a, height: 10, rx: 3, fill: "#2980b9" });
        var tip = svg("title");
        tip.textContent = b.text + ": " + b.from + (b.to !== b.from ? " to " + b.to : "");
        mark.appendChild(tip);
        root.appendChild(mark);
      });
      box.appendChild(root);
      yasr.resultsEl.appendChild(box);
    });
  };

  // YASR's own table shows raw IRIs: the labelled one takes its place
  if (Yasr.defaults.plugins && Yasr.defaults.plugins.table) Yasr.defaults.plugins.table.enabled = false;
  Yasr.defaults.pluginOrder = ["labels", "graph", "timeline", "response"];
  Yasr.defaults.defaultPlugin = "labels";
  Yasr.registerPlugin("labels", LabelTable);
  Yasr.registerPlugin("graph", GraphView);
  Yasr.registerPlugin("timeline", TimelineView);
  window.partygraphViews = { names: names };
})();

// The query page: YASGUI on this server's /sparql with the project's
// competency questions as tabs, and a search box over /api/officials.
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  var PAGE = 100;
  // A SELECT sent from the editor is asked for one page at a time
  // (partygraph's limit/offset on /sparql), so the page never waits for a
  // 10,000-row answer: YASGUI's own request gets the two parameters added
  // on its way out. The offset is the one the pager asked for, else 0.
  var nextOffset = 0;
  var sendRequest = window.fetch.bind(window);
  window.fetch = function (input, init) {
    if (!(input instanceof Request) || input.method !== "POST" || input.url !== endpoint) {
      return sendRequest(input, init);
    }
    var offset = nextOffset;
    nextOffset = 0;
    var tab = window.partygraphYasgui && window.partygraphYasgui.getTab();
    if (!tab || tab.getYasqe().getQueryType() !== "SELECT") return sendRequest(input, init);
    return input.clone().text().then(function (body) {
      var form = new URLSearchParams(body);
      form.set("limit", String(PAGE));
      form.set("offset", String(offset));
      return sendRequest(new Request(input, { body: form.toString() }));
    });
  };
  function requestConfig() { return { endpoint: endpoint, method: "POST" }; }

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: requestConfig(),
    copyEndpointOnNewTab: true,
    // Nothing kept from earlier visits: the tabs always show this server's examples.
    persistenceId: null,
    // No endpoint catalogue and no lookups of other sites' prefixes or terms.
    endpointCatalogueOptions: { getData: function () { return []; } },
    yasqe: { autocompleters: ["variables"] },
    autoAddOnInit: false
  });
  window.partygraphYasgui = yasgui;
  // A share link (?query=...&endpoint=...) made a tab of its own as YASGUI
  // started: it stays the active tab, and its query runs once the examples
  // are in (adding them used to switch to the first example instead).
  var shared = yasgui.getTab() || null;

  // CSV the page builds itself (YASR's download of a JSON answer) is made
  // safe to open in a spreadsheet like the server's: a cell starting with
  // = + - @ tab or CR that is not a plain number gets a ' in front (OWASP).
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  function safeCell(text) {
    return /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? "'" + text : text;
  }
  function safeCsv(csv) {
    return csv.replace(/(^|,|\n)(?:"((?:[^"]|"")*)"|([^,"\n]*))/g, function (all, sep, quoted, bare) {
      if (quoted !== undefined) return sep + '"' + safeCell(quoted.replace(/""/g, '"')).replace(/"/g, '""') + '"';
      return sep + safeCell(bare);
    });
  }
  window.partygraphSafeCsv = safeCsv;
  yasgui.on("queryResponse", function (_, tab) {
    var results = tab.getYasr().results;
    if (results && results.asCsv && !results.partygraphSafe) {
      var asCsv = results.asCsv.bind(results);
      results.asCsv = function () { var csv = asCsv(); return csv === undefined ? csv : safeCsv(csv); };
      results.partygraphSafe = true;
    }
  });

  // Parameters: an example that declares some ('# @param ?asOf date ...')
  // gets an input each above the editor; "Run with these values" asks
  // /api/examples/NAME/answer, which binds them as RDF terms before the
  // query runs, and the answer is shown in the tab's result view.
  var params = {};   // example name -> its declared parameters
  var shipped = {};  // example name -> its query as shipped (the one the values bind)
  var INPUT = { date: "date", integer: "number" };

  function showParams(tab) {
    var form = document.getElementById("params");
    var name = tab && tab.getName();
    // only for the example as shipped: a shared or edited query is not the one the values would bind
    var declared = (tab && shipped[name] === tab.getQuery() && params[name]) || [];
    form.textContent = "";
    form.hidden = declared.length === 0;
    form.dataset.example = name || "";
    declared.forEach(function (p) {
      var label = el("label", "param", "?" + p.name + " ");
      var input = el("input");
      input.name = p.name;
      input.type = INPUT[p.kind] || "text";
      input.placeholder = p.kind === "iri" ? "pgid:unit/... or https://..." : p.kind;
      input.title = p.description;
      label.appendChild(input);
      label.appendChild(el("small", null, " " + p.description));
      form.appendChild(label);
    });
    if (declared.length) {
      form.appendChild(el("button", null, "Run with these values"));
      form.appendChild(el("span", "param-status"));
    }
  }

  // tab id -> the example run with values it shows (so its pager asks the same again)
  var exampleRuns = {};

  function runExample(tab, run, offset) {
    var query = new URLSearchParams(run.values);
    query.append("limit", String(PAGE));
    query.append("offset", String(offset));
    exampleRuns[tab.getId()] = run;
    var status = document.querySelector("#params .param-status") || el("span");
    status.textContent = " running...";
    fetch("/api/examples/" + encodeURIComponent(run.name) + "/answer?" + query)
      .then(function (r) {
        return r.text().then(function (body) {
          if (!r.ok) throw new Error(body);
          return body;
        });
      })
      .then(function (body) {
        var data = JSON.parse(body);
        tab.getYasr().setResponse({ data: body, contentType: "application/sparql-results+json", status: 200 });
        status.textContent = " " + (data.page ? data.page.total : data.results.bindings.length) + " row(s)";
      })
      .catch(function (e) { status.textContent = " " + e.message; });
  }

  document.getElementById("params").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var values = [];
    Array.prototype.forEach.call(ev.target.querySelectorAll("input"), function (i) {
      if (i.value.trim()) values.push([i.name, i.value.trim()]);
    });
    runExample(yasgui.getTab(), { name: ev.target.dataset.example, values: values }, 0);
  });
  // A run from the editor is a plain query again: its pager re-runs it.
  yasgui.on("queryBefore", function (_, tab) { delete exampleRuns[tab.getId()]; });

  // The table's pager (views.js) asks for another page of the server's answer.
  document.addEventListener("partygraph-page", function (ev) {
    var tab = yasgui.getTab();
    if (exampleRuns[tab.getId()]) return runExample(tab, exampleRuns[tab.getId()], ev.detail.offset);
    nextOffset = ev.detail.offset;
    tab.query();
  });

  yasgui.on("tabSelect", function (instance, tabId) {
    setTimeout(function () { showParams(yasgui.getTab(tabId)); }, 0);
  });

  fetch("/api/examples").then(function (r) { return r.json(); }).then(function (examples) {
    examples.forEach(function (ex, i) {
      params[ex.name] = ex.params || [];
      shipped[ex.name] = ex.query;
      yasgui.addTab(!shared && i === 0, {
        name: ex.name, yasqe: { value: ex.query },
        requestConfig: requestConfig()
      });
    });
    if (shared) {
      yasgui.selectTabId(shared.getId());
      shared.query();
    }
    showParams(yasgui.getTab());
    document.body.dataset.examples = String(examples.length);
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;  // text, never HTML
    return e;
  }

  function showOfficials(data) {
    var list = document.getElementById("official-results");
    list.textContent = "";
    document.getElementById("official-status").textContent =
      data.total + (data.total === 1 ? " official" : " officials");
    data.officials.forEach(function (o) {
      var li = el("li", "official");
      var name = el("a", "name", o.name);
      // the person's own page on this server (every IRI of the graph has one)
      if (o.id.indexOf("https://w3id.org/partygraph/id/") === 0) name.href = "/id/" + o.id.slice(31);
      li.appendChild(el("strong")).appendChild(name);
      o.posts.forEach(function (p) {
        var line = (p.former ? "former " : "") + p.role + ", " + p.organization +
          (p.area ? " (" + p.area + ")" : "") +
          (p.first_reported ? " reported " + p.first_reported +
            (p.last_reported !== p.first_reported ? " to " + p.last_reported : "") : "");
        li.appendChild(el("div", "post" + (p.former ? " former" : ""), line));
        p.sources.forEach(function (s) {
          li.appendChild(el("div", "source",
            s.article + (s.date ? " (" + s.date + ")" : "") + ", chars " + s.start + "-" + s.end +
            ": " + (s.sentence || "").slice(0, 240)));
        });
      });
      list.appendChild(li);
    });
  }

  var ID = "https://w3id.org/partygraph/id/";
  var GROUPS = [["people", "People"], ["units", "Units"], ["bodies", "Bodies"], ["documents", "Documents"],
                ["roles", "Post titles"]];
  function showFound(data) {
    var box = document.getElementById("search-results");
    box.textContent = "";
    var any = false;
    GROUPS.forEach(function (g) {
      var items = data[g[0]] || [];
      if (!items.length) return;
      any = true;
      box.appendChild(el("h3", null, g[1]));
      var ul = el("ul", "found " + g[0]);
      items.forEach(function (it) {
        var li = el("li");
        var a = el("a", null, it.label + (it.type ? " (" + it.type + ")" : ""));
        if (g[0] === "roles") a.href = "/api/posts?" + new URLSearchParams({ role: it.label, limit: "100" });
        else if (it.iri.indexOf(ID) === 0) a.href = "/id/" + it.iri.slice(ID.length);
        li.appendChild(a);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
    if (!any) box.appendChild(el("p", null, "nothing found"));
  }

  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var box = document.getElementById("search-results");
    box.textContent = "searching...";
    fetch("/api/search?" + new URLSearchParams({ q: document.getElementById("search-text").value }))
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(showFound)
      .catch(function (e) { box.textContent = "search failed: " + e.message; });
  });

  document.getElementById("official-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var name = document.getElementById("official-name").value;
    var status = document.getElementById("official-status");
    status.textContent = "searching...";
    fetch("/api/officials?" + new URLSearchParams({ name: name, limit: "50" }))
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(showOfficials)
      .catch(function (e) { status.textContent = "search failed: " + e.message; });
  });
})();

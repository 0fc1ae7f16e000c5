"""The style sheet and the script of a view page (g40kg.network.views writes the rest).

Why a module of their own: they are the page's behaviour (fixed layout and clusters, the side
panel, search by any name, the date control, the filters), a few hundred lines that read
better apart from the Python that prepares their data. The script reads the JSON payload and
builds every piece of text with textContent or canvas text, never as HTML; the only attribute
it sets from the data is a link to a site page, and only when it is a plain relative path.
"""

from __future__ import annotations

PAGE_CSS = """
html, body { height: 100%; margin: 0; font-family: sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
nav.g40kg-site { background: #1d3557; padding: 4px 14px; }
nav.g40kg-site a { color: #fff; margin-right: 12px; text-decoration: none; font-size: 13px; }
header { padding: 4px 14px 4px 14px; border-bottom: 1px solid #ddd; background: #fafafa; }
.titles { display: flex; gap: 12px; align-items: baseline; }
h1 { font-size: 16px; margin: 0; white-space: nowrap; }
#g40kg-subtitle { margin: 0; color: #555; font-size: 12px; }
.controls { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; font-size: 12px;
  margin-top: 3px; }
.controls select, .controls input { font-size: 12px; }
#g40kg-search { width: 190px; padding: 1px 4px; }
#g40kg-legend { border: 0; margin: 0; padding: 0; display: inline-flex; flex-wrap: wrap;
  gap: 8px; }
#g40kg-legend legend { float: left; margin-right: 4px; color: #555; }
#g40kg-legend label { cursor: pointer; white-space: nowrap; }
.glyph { font-size: 14px; margin: 0 2px 0 1px; }
#g40kg-key { position: relative; }
#g40kg-key summary { cursor: pointer; color: #1d3557; }
#g40kg-key ul { position: absolute; z-index: 20; background: #fff; border: 1px solid #bbb;
  margin: 4px 0 0 0; padding: 8px 12px 8px 26px; width: 520px; box-shadow: 0 2px 8px #0003; }
#g40kg-key li { margin: 3px 0; }
#g40kg-stage { flex: 1; position: relative; min-height: 300px; }
#g40kg-network { position: absolute; inset: 0; }
#g40kg-panel { position: absolute; top: 8px; right: 8px; bottom: 8px; width: 380px;
  overflow: auto; background: #fff; border: 1px solid #bbb; box-shadow: 0 2px 10px #0003;
  padding: 8px 12px; font-size: 13px; line-height: 1.4; z-index: 10; }
#g40kg-panel h2 { font-size: 16px; margin: 4px 24px 4px 0; }
#g40kg-panel h3 { font-size: 13px; margin: 10px 0 2px 0; }
#g40kg-panel .meta { color: #555; margin: 1px 0; }
#g40kg-panel .tie { margin: 6px 0 0 0; }
#g40kg-panel .quote { font-style: italic; margin: 2px 0 0 10px; }
#g40kg-panel .src { color: #555; margin: 0 0 0 10px; }
#g40kg-panel .possible { color: #8a5a00; }
#g40kg-close { position: absolute; top: 4px; right: 6px; border: 0; background: none;
  font-size: 18px; cursor: pointer; }
#g40kg-omitted { color: #8a5a00; }
div.vis-tooltip { font-family: sans-serif; max-width: 460px; white-space: normal; }
div.vis-tooltip { font-size: 12px; line-height: 1.35; }
.tip-head { font-weight: bold; font-size: 13px; }
.tip-meta { color: #555; }
.tip-tie { margin-top: 4px; }
.tip-quote { font-style: italic; margin-top: 3px; }
.tip-src { color: #555; }
p.g40kg-empty { padding: 20px; color: #555; }
"""

#: What every visual channel means: the legend's words (no data in them).
KEY: tuple[str, ...] = (
    "Colour and shape: the kind of node (the checkboxes hide or show a kind).",
    "Size: how many ties the node has.",
    "A large dot labelled “41 municipalities” (or people, themes …): a cluster of nodes "
    "folded to keep the view readable; click it to open it.",
    "Arrow: the direction of the tie (member → body, organiser → event, body → theme).",
    "Edge width: how many mandates or shared bodies one tie stands for.",
    "Solid tie: held on the chosen date or year on every reading of its dates.",
    "Dashed tie: only possibly held then (open end, year precision, or only observed); "
    "the panel says why. Ties held on no reading are hidden.",
    "Faded node: none of its ties is shown under the current date and filters.",
    "Edge labels (the role) appear on hover and selection; click a node or tie for its panel.",
)

# The page script. Everything from the data goes through textContent (or the canvas).
APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("g40kg-data").textContent);
  var view = window.g40kgView = {data: data};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function tooltip(lines) {
    var box = el("div", "g40kg-tip");
    lines.forEach(function (line) { box.appendChild(el("div", "tip-" + line[0], line[1])); });
    return box;
  }
  function style(type) { return data.styles[type] || data.styles.other; }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var s = style(n.type);
    var node = {
      id: n.id, label: n.label, shape: s.shape, size: n.size, g40kgType: n.type,
      color: {background: s.color, border: "#333333",
              highlight: {background: s.color, border: "#000000"},
              hover: {background: s.color, border: "#000000"}},
      title: tooltip(n.tip)
    };
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var edge = {
      id: i, from: e.from, to: e.to, g40kgRole: e.role, width: e.width,
      arrows: data.directed ? "to" : "", title: tooltip(e.tip)
    };
    if (e.smooth) { edge.smooth = e.smooth; }
    return edge;
  }));

  var container = document.getElementById("g40kg-network");
  var network = new vis.Network(container, {}, data.options);
  view.network = network;
  view.nodes = nodes;
  view.edges = edges;
  window.network = network;
  window.g40kgNodes = nodes;
  window.g40kgEdges = edges;

  function ready() {
    network.setOptions({physics: {enabled: false}});
    window.g40kgReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  function cluster(star) {
    var members = {};
    star.members.forEach(function (id) { members[id] = true; });
    var s = style(star.type);
    network.cluster({
      joinCondition: function (n) { return members[n.id] === true; },
      clusterNodeProperties: {
        id: star.id, label: star.label, shape: "dot", size: star.size, x: star.x, y: star.y,
        borderWidth: 3, color: {background: s.color, border: "#1d3557"},
        title: tooltip([["head", star.label], ["meta", "cluster: click to open it"]])
      }
    });
  }
  view.closeClusters = function () { data.stars.forEach(cluster); };
  // An opened cluster puts its members back where the layout placed them (vis-network's
  // default piles them on the cluster's spot).
  function release(clusterPosition, contained) {
    var placed = {};
    Object.keys(contained).forEach(function (id) {
      var n = byId[id];
      placed[id] = n && n.x !== undefined ? {x: n.x, y: n.y} : contained[id];
    });
    return placed;
  }
  function openCluster(id) { network.openCluster(id, {releaseFunction: release}); }
  // Show some nodes as large as fits, but never so small that a label drops below the
  // readable size (data.minScale × the label font = 12 CSS px): a large set is shown around
  // its centre at that scale, the rest reached by panning.
  function showNodes(ids) {
    network.fit({nodes: ids, animation: false, maxZoomLevel: 2});
    if (data.minScale && network.getScale() < data.minScale) {
      network.moveTo({position: network.getViewPosition(), scale: data.minScale,
                      animation: false});
    }
  }
  view.showNodes = showNodes;
  view.isCluster = function (id) {
    return network.body.nodes[id] !== undefined && network.isCluster(id);
  };
  view.reveal = function (id) {
    var path = network.findNode(id);
    if (path.length > 1 && network.isCluster(path[0])) { openCluster(path[0]); }
  };
  view.openClusters = function () {
    data.stars.forEach(function (star) {
      if (network.body.nodes[star.id] !== undefined) { openCluster(star.id); }
    });
  };

  if (data.nodes.length === 0) {
    container.appendChild(el("p", "g40kg-empty", "Nothing to show: this network has no nodes."));
    ready();
  } else if (data.laidOut) {
    network.setData({nodes: nodes, edges: edges});
    view.closeClusters();
    network.once("afterDrawing", function () {
      network.fit({animation: false, maxZoomLevel: 2});
      network.once("afterDrawing", ready);
      network.redraw();
    });
    network.redraw();
  } else {
    network.once("stabilizationIterationsDone", ready);
    network.setData({nodes: nodes, edges: edges});
  }

  // Legend and type filter: one checkbox per type present.
  var legend = document.getElementById("g40kg-legend");
  var hiddenTypes = {};
  data.types.forEach(function (t) {
    var s = style(t.type);
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.type;
    box.setAttribute("data-type", t.type);
    box.addEventListener("change", function () {
      var hidden = !box.checked;
      hiddenTypes[t.type] = hidden;
      nodes.update(nodes.getIds({filter: function (n) { return n.g40kgType === t.type; }})
        .map(function (id) { return {id: id, hidden: hidden}; }));
    });
    var glyph = el("span", "glyph", s.glyph);
    glyph.style.color = s.color;
    label.appendChild(box);
    label.appendChild(glyph);
    label.appendChild(document.createTextNode(t.type + " (" + t.count + ")"));
    legend.appendChild(label);
  });

  // Edge labels only on hover and selection.
  var labelled = {};
  function showLabel(id, on) {
    if (id === undefined || edges.get(id) === null) { return; }
    labelled[id] = on;
    var size = Math.max(12, 13 / network.getScale());
    edges.update({id: id, label: on ? edges.get(id).g40kgRole : undefined,
                  font: {size: size, align: "middle", strokeWidth: 3}});
  }
  function baseEdge(id) {
    if (edges.get(id) !== null) { return id; }
    var base = network.clustering.getBaseEdge(id);
    return edges.get(base) !== null ? base : undefined;
  }
  network.on("hoverEdge", function (p) { showLabel(baseEdge(p.edge), true); });
  network.on("blurEdge", function (p) {
    var id = baseEdge(p.edge);
    if (id !== undefined && network.getSelectedEdges().indexOf(id) === -1) {
      showLabel(id, false);
    }
  });
  network.on("deselectEdge", function (p) {
    (p.previousSelection.edges || []).forEach(function (e) {
      showLabel(baseEdge(e.id === undefined ? e : e.id), false);
    });
  });

  // Time: the state of a tie on a window [from, to] of ISO days: 2 certain, 1 possible, 0 not
  // shown. p = [earliest start, latest end, latest start, earliest end, start note, end note]
  // ("" where not given): the rule of g40kg.project.time_bounds.held, comparison for
  // comparison, on the bounds that `view --as-of` and `query as-of` read.
  var when = null;
  function periodState(p, from, to) {
    if ((p[0] !== "" && p[0] > to) || (p[1] !== "" && p[1] < from)) { return 0; }
    var certain = p[2] !== "" && p[3] !== "" && p[2] <= to && p[3] >= from;
    return certain ? 2 : 1;
  }
  view.held = function (p, from, to) {
    return [null, "possible", "certain"][periodState(p, from, to)];
  };
  function tieState(e) {
    if (!when) { return 2; }
    var best = 0;
    e.t.forEach(function (p) { best = Math.max(best, periodState(p, when[0], when[1])); });
    return best;
  }
  view.tieState = function (index) {
    return ["none", "possible", "certain"][tieState(data.edges[index])];
  };
  // Why a tie is only possible: as `as-of` says it, the start's note where the start may fall
  // after the window, else the end's.
  function doubt(e) {
    var reasons = [];
    e.t.forEach(function (p) {
      if (when && periodState(p, when[0], when[1]) === 1) {
        var late = p[2] === "" || p[2] > when[1];
        var reason = late ? p[4] : p[5];
        if (reason) { reasons.push(reason); }
      }
    });
    return reasons.filter(function (r, i) { return reasons.indexOf(r) === i; }).join("; ");
  }

  // Filters: role, kind of tie, the VNG-committees preset.
  var roleSelect = document.getElementById("g40kg-role");
  var kindSelect = document.getElementById("g40kg-kind");
  function options(select, values, all) {
    select.appendChild(el("option", "", all)).value = "";
    values.forEach(function (v) { select.appendChild(el("option", "", v)).value = v; });
  }
  options(roleSelect, data.roles, "every role");
  options(kindSelect, data.kinds, "every kind of tie");
  var focusSet = null;
  function kept(e) {
    if (roleSelect.value && e.roles.indexOf(roleSelect.value) === -1) { return false; }
    if (kindSelect.value && e.kind !== kindSelect.value) { return false; }
    if (focusSet && !(focusSet[e.from] && focusSet[e.to])) { return false; }
    return true;
  }
  function apply() {
    var shownNodes = {};
    var updates = [];
    var counts = {certain: 0, possible: 0, hidden: 0};
    var states = data.edges.map(function (e) { return kept(e) ? tieState(e) : 0; });
    data.edges.forEach(function (e, i) {
      if (states[i] > 0 && !e.timeless) { shownNodes[e.from] = true; shownNodes[e.to] = true; }
    });
    data.edges.forEach(function (e, i) {
      // A timeless tie (a place lies in a town) is shown where its place is.
      var state = e.timeless && when ? (kept(e) && shownNodes[e.from] ? 2 : 0) : states[i];
      var hidden = state === 0;
      if (hidden) { counts.hidden += 1; } else if (state === 1) { counts.possible += 1; }
      else { counts.certain += 1; }
      if (!hidden) { shownNodes[e.to] = true; }
      updates.push({id: i, hidden: hidden, dashes: state === 1});
    });
    edges.update(updates);
    updates.forEach(function (u) {
      if (network.clustering.getClusteredEdges(u.id).length > 1) {
        network.clustering.updateEdge(u.id, {hidden: u.hidden, dashes: u.dashes});
      }
    });
    var filtering = when || roleSelect.value || kindSelect.value || focusSet;
    nodes.update(data.nodes.map(function (n) {
      return {id: n.id, opacity: filtering && !shownNodes[n.id] ? 0.2 : 1};
    }));
    view.counts = counts;
    var status = document.getElementById("g40kg-status");
    status.textContent = filtering ? (counts.certain + " ties held, " + counts.possible +
      " possibly held, " + counts.hidden + " hidden") : "";
    if (currentPanel) { currentPanel(); }
  }
  view.visibleTies = function () {
    return edges.get({filter: function (e) { return !e.hidden && !e.g40kgUnit; }}).length;
  };
  view.dashedTies = function () {
    return edges.get({filter: function (e) { return !e.hidden && e.dashes === true; }}).length;
  };
  roleSelect.addEventListener("change", apply);
  kindSelect.addEventListener("change", apply);

  var dateInput = document.getElementById("g40kg-date");
  var yearInput = document.getElementById("g40kg-year");
  var yearText = document.getElementById("g40kg-year-text");
  if (data.years) {
    yearInput.min = data.years[0];
    yearInput.max = data.years[1];
    yearInput.value = data.years[1];
    dateInput.min = data.years[0] + "-01-01";
    dateInput.max = data.years[1] + "-12-31";
  } else {
    document.getElementById("g40kg-time").hidden = true;
  }
  function setDate() {
    var day = dateInput.value;
    when = /^\d{4}-\d{2}-\d{2}$/.test(day) ? [day, day] : null;
    yearText.textContent = when ? "as of " + day : "all times";
    apply();
  }
  function setYear() {
    var year = String(yearInput.value);
    dateInput.value = "";
    when = [year + "-01-01", year + "-12-31"];
    yearText.textContent = "in " + year;
    apply();
  }
  dateInput.addEventListener("input", setDate);
  dateInput.addEventListener("change", setDate);
  yearInput.addEventListener("input", setYear);
  document.getElementById("g40kg-alltime").addEventListener("click", function () {
    dateInput.value = "";
    setDate();
  });

  var presetButton = document.getElementById("g40kg-vng");
  if (data.vng) {
    presetButton.addEventListener("click", function () {
      if (focusSet) {
        focusSet = null;
        edges.remove(edges.getIds({filter: function (e) { return e.g40kgUnit === true; }}));
        presetButton.textContent = "VNG committees";
        apply();
        network.fit({animation: false, maxZoomLevel: 2});
        return;
      }
      focusSet = {};
      data.nodes.forEach(function (n) {
        if (n.unitOf === data.vng || n.id === data.vng) { focusSet[n.id] = true; }
      });
      data.edges.forEach(function (e) {
        if (focusSet[e.to] && byId[e.to].unitOf === data.vng) { focusSet[e.from] = true; }
        if (focusSet[e.from] && byId[e.from].unitOf === data.vng) { focusSet[e.to] = true; }
      });
      presetButton.textContent = "all bodies";
      apply();
      // The committees hang under the VNG: drawn as ties "part of" for as long as the preset is on.
      if (byId[data.vng]) {
        edges.add(data.nodes.filter(function (n) {
          return n.unitOf === data.vng && data.edges.some(function (e) {
            return e.to === n.id || e.from === n.id;
          });
        }).map(function (n) {
          return {id: "unit:" + n.id, from: n.id, to: data.vng, g40kgUnit: true,
                  g40kgRole: "onderdeel van", arrows: "to", color: {color: "#1d3557"},
                  width: 2, title: tooltip([["head", "onderdeel van"],
                                            ["meta", n.name + " → " + byId[data.vng].name]])};
        }));
      }
      showNodes(Object.keys(focusSet).filter(function (id) {
        return network.findNode(id).length === 1;
      }));
    });
  } else {
    presetButton.hidden = true;
  }

  // The side panel: a node's names, kind, page and ties with their quotes; a tie's evidence.
  var panel = document.getElementById("g40kg-panel");
  var panelBody = document.getElementById("g40kg-panel-body");
  var currentPanel = null;
  document.getElementById("g40kg-close").addEventListener("click", function () {
    panel.hidden = true;
    currentPanel = null;
  });
  function stateLine(e) {
    if (!when) { return null; }
    var state = tieState(e);
    var moment = document.getElementById("g40kg-year-text").textContent;
    if (state === 2) { return el("p", "meta", "held " + moment); }
    if (state === 1) { return el("p", "meta possible", "possibly held (" + doubt(e) + ")"); }
    return el("p", "meta", "not held " + moment);
  }
  function evidence(box, e) {
    e.tip.forEach(function (line) {
      if (line[0] === "quote" || line[0] === "src") { box.appendChild(el("p", line[0], line[1])); }
    });
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    currentPanel = function () { showNode(id); };
    panelBody.textContent = "";
    panelBody.appendChild(el("h2", "", n.name));
    panelBody.appendChild(el("p", "meta", n.typeText));
    if (n.short) { panelBody.appendChild(el("p", "meta", "short name: " + n.short)); }
    if (n.names.length) {
      panelBody.appendChild(el("p", "meta", "also called: " + n.names.join("; ")));
    }
    if (n.time) { panelBody.appendChild(el("p", "meta", "time: " + n.time)); }
    if (n.page && /^[A-Za-z0-9._\/#-]+$/.test(n.page)) {
      var link = el("a", "page-link", "Open the page of " + n.name + " on the site");
      link.setAttribute("href", n.page);
      var line = el("p");
      line.appendChild(link);
      panelBody.appendChild(line);
    } else {
      panelBody.appendChild(el("p", "meta", "No site page (the site is written by `g40kg site`)."));
    }
    var ties = [];
    data.edges.forEach(function (e, i) { if (e.from === id || e.to === id) { ties.push(i); } });
    panelBody.appendChild(el("h3", "", "Ties (" + ties.length + ")"));
    ties.forEach(function (i) {
      var e = data.edges[i];
      var other = byId[e.from === id ? e.to : e.from];
      var arrow = data.directed ? (e.from === id ? " → " : " ← ") : " — ";
      var tie = el("div", "tie");
      tie.appendChild(el("strong", "", e.role + arrow + other.name));
      if (e.time) { tie.appendChild(el("p", "meta", e.time)); }
      var state = stateLine(e);
      if (state) { tie.appendChild(state); }
      evidence(tie, e);
      panelBody.appendChild(tie);
    });
    panel.hidden = false;
  }
  function showTie(index) {
    var e = data.edges[index];
    currentPanel = function () { showTie(index); };
    panelBody.textContent = "";
    panelBody.appendChild(el("h2", "", e.role));
    var arrow = data.directed ? " → " : " — ";
    panelBody.appendChild(el("p", "meta", byId[e.from].name + arrow + byId[e.to].name));
    e.tip.slice(2).forEach(function (line) {
      panelBody.appendChild(el("p", line[0] === "meta" ? "meta" : line[0], line[1]));
    });
    var state = stateLine(e);
    if (state) { panelBody.appendChild(state); }
    panel.hidden = false;
  }
  view.showNode = showNode;
  network.on("click", function (p) {
    if (p.nodes.length === 1) {
      var id = p.nodes[0];
      if (network.isCluster(id)) {
        // Open it and show what it held, at a readable size (not a re-fit of the whole view).
        var members = network.getNodesInCluster(id);
        openCluster(id);
        showNodes(members);
        return;
      }
      showNode(id);
    } else if (p.edges.length >= 1) {
      var base = baseEdge(p.edges[0]);
      if (base !== undefined) { showLabel(base, true); showTie(base); }
    }
  });

  // Search by any name (label, short name, altLabel, notation), ignoring case and accents.
  var search = document.getElementById("g40kg-search");
  var found = document.getElementById("g40kg-found");
  var list = document.getElementById("g40kg-labels");
  data.nodes.map(function (n) { return n.name; }).sort().forEach(function (name) {
    var option = el("option");
    option.value = name;
    list.appendChild(option);
  });
  data.nodes.forEach(function (n) {
    n.folded = [n.name, n.short].concat(n.names).filter(Boolean).map(fold);
  });
  function runSearch() {
    var text = fold(search.value.trim());
    if (!text) { network.unselectAll(); found.textContent = ""; return; }
    var ids = data.nodes.filter(function (n) {
      return !hiddenTypes[n.type] && n.folded.some(function (name) {
        return name.indexOf(text) !== -1;
      });
    }).map(function (n) { return n.id; });
    ids.forEach(view.reveal);
    network.selectNodes(ids);
    found.textContent = ids.length + (ids.length === 1 ? " node found" : " nodes found");
    if (ids.length === 1) {
      network.focus(ids[0], {scale: Math.max(1, network.getScale()), animation: false});
    } else if (ids.length > 1) {
      showNodes(ids);
    }
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { runSearch(); }
  });
})();
"""

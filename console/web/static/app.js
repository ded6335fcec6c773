// soclab console: the page's behaviour. Plain JavaScript, no build step.
"use strict";
(function () {
  const $ = (sel) => document.querySelector(sel);
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const windowFrom = document.body.dataset.from, windowTo = document.body.dataset.to;
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  };

  async function api(method, path, body) {
    const opts = { method, headers: { "X-CSRF-Token": token } };
    if (body !== undefined) { opts.body = JSON.stringify(body); opts.headers["Content-Type"] = "application/json"; }
    const r = await fetch(path, opts);
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }

  // Tabs (arrow keys move between them).
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  function show(tab) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", on);
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }
  }
  tabs.forEach((t, i) => {
    t.addEventListener("click", () => show(t));
    t.addEventListener("keydown", (ev) => {
      const d = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
      if (d) { const n = tabs[(i + d + tabs.length) % tabs.length]; show(n); n.focus(); }
    });
  });

  // ---- Alert queue ----
  let alerts = [], sortKey = "time", sortDir = 1, current = null;
  const levels = { informational: 0, low: 1, medium: 2, high: 3, critical: 4 };
  async function loadAlerts() {
    const data = await api("GET", "/api/alerts");
    alerts = data.alerts;
    const te = $("#triage-errors");
    te.hidden = !data.triage_errors;
    te.textContent = data.triage_errors ? "triage.yaml does not parse: " + data.triage_errors.join("; ") : "";
    renderAlerts();
  }
  function renderAlerts() {
    const f = $("#alert-filter").value.toLowerCase(), st = $("#alert-state").value;
    const rows = alerts.filter((a) => (!st || a.triage === st) &&
      (!f || [a.rule, a.entity, a.level, a.id, a.time].join(" ").toLowerCase().includes(f)));
    rows.sort((a, b) => {
      const x = sortKey === "level" ? levels[a.level] : a[sortKey], y = sortKey === "level" ? levels[b.level] : b[sortKey];
      return (x < y ? -1 : x > y ? 1 : 0) * sortDir;
    });
    const tb = $("#alert-table tbody");
    tb.replaceChildren(...rows.map((a) => {
      const tr = el("tr", { tabindex: "0", "data-id": a.id, class: current && current.id === a.id ? "current" : "" },
        el("td", { text: a.time.replace("T", " ").replace("Z", "") }), el("td", { text: a.rule }),
        el("td", { text: a.level, class: "level-" + a.level }), el("td", { text: a.entity }),
        el("td", { text: a.triage, class: "state-" + a.triage }));
      tr.addEventListener("click", () => openAlert(a.id));
      tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") openAlert(a.id); });
      return tr;
    }));
    $("#alert-count").textContent = rows.length + " of " + alerts.length + " alerts";
  }
  document.querySelectorAll("[data-sort]").forEach((b) => b.addEventListener("click", () => {
    sortDir = sortKey === b.dataset.sort ? -sortDir : 1; sortKey = b.dataset.sort; renderAlerts();
  }));
  $("#alert-filter").addEventListener("input", renderAlerts);
  $("#alert-state").addEventListener("change", renderAlerts);

  let chosen = [];
  async function openAlert(id) {
    const data = await api("GET", "/api/alerts/" + encodeURIComponent(id) + "/events");
    current = alerts.find((a) => a.id === id) || data.alert;
    renderAlerts();
    $("#alert-detail").hidden = false;
    $("#alert-title").textContent = current.rule + " · " + current.time;
    $("#alert-message").textContent = current.message + (current.techniques ? "  (rule tags: " + current.techniques.join(", ") + ")" : "");
    $("#pivots").replaceChildren(el("span", { text: "Pivot:" }), ...data.pivots.map((p) => el("button", {
      type: "button", class: "pivot", text: p.label + " (" + p.kql + ")", onclick: () => pivot(p),
    })));
    $("#evidence").replaceChildren(resultTable(data.result, keyColumns(data.result)));
    const d = current.decision || {};
    document.querySelectorAll('input[name="verdict"]').forEach((r) => { r.checked = r.value === d.verdict; });
    $("#severity").value = d.severity || "";
    chosen = (d.techniques || []).slice();
    renderChosen();
    $("#escalate").value = d.escalate === true ? "true" : d.escalate === false ? "false" : "";
    $("#note").value = d.note || "";
    $("#triage-status").textContent = "";
    $("#alert-title").focus();
  }
  function renderChosen() {
    $("#techniques").replaceChildren(...chosen.map((t) => el("li", {}, t + " ",
      el("button", { type: "button", "aria-label": "remove " + t, text: "×", onclick: () => { chosen = chosen.filter((x) => x !== t); renderChosen(); } }))));
  }
  $("#technique-search").addEventListener("input", async (ev) => {
    const list = await api("GET", "/api/techniques?q=" + encodeURIComponent(ev.target.value));
    $("#technique-list").replaceChildren(...list.slice(0, 20).map((t) => el("option", { value: t.id, text: t.id + " " + t.name })));
  });
  $("#technique-add").addEventListener("click", () => {
    const v = $("#technique-search").value.trim().split(/\s/)[0].toUpperCase();
    if (v && !chosen.includes(v)) chosen.push(v);
    $("#technique-search").value = "";
    renderChosen();
  });
  $("#triage-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const v = document.querySelector('input[name="verdict"]:checked');
    const esc = $("#escalate").value;
    const body = { verdict: v ? v.value : "", severity: $("#severity").value, techniques: chosen,
      escalate: esc === "" ? null : esc === "true", note: $("#note").value };
    try {
      const a = await api("PUT", "/api/triage/" + encodeURIComponent(current.id), body);
      const i = alerts.findIndex((x) => x.id === a.id); alerts[i] = a; current = a;
      renderAlerts();
      $("#triage-status").textContent = "saved to triage.yaml (" + a.triage + ")";
    } catch (e) { $("#triage-status").textContent = "not saved: " + e.message; }
  });

  // ---- Results tables ----
  const preferred = ["@timestamp", "event.dataset", "event.action", "event.outcome", "source.ip", "destination.ip",
    "destination.port", "user.name", "host.name", "rule.name", "message"];
  // keyColumns are the columns worth a table: all of a small result, else
  // the usual ECS key fields; columns empty in every row are left out.
  function keyColumns(res) {
    const filled = res.columns.map((c) => c.name).filter((n, i) => res.values.some((row) => row[i] !== null));
    if (res.columns.length <= 12) return filled.length ? filled : res.columns.map((c) => c.name);
    return preferred.filter((n) => filled.includes(n));
  }
  const fmt = (v) => v === null || v === undefined ? "" : Array.isArray(v) ? v.join(", ") : String(v);
  function resultTable(res, cols, onRow) {
    const idx = cols.map((c) => res.columns.findIndex((x) => x.name === c));
    const t = el("table", { class: "grid" },
      el("thead", {}, el("tr", {}, ...cols.map((c) => el("th", { scope: "col", text: c })))));
    const tb = el("tbody");
    res.values.forEach((row, r) => {
      const tr = el("tr", {}, ...idx.map((i) => el("td", { text: fmt(row[i]) })));
      if (onRow) { tr.tabIndex = 0; tr.addEventListener("click", () => onRow(r)); tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onRow(r); }); }
      tb.append(tr);
    });
    t.append(tb);
    return t;
  }

  // ---- Discover ----
  const hour = 3600e3;
  function setRange() {
    const r = $("#range").value, f = new Date(windowFrom), t = new Date(windowTo);
    const iso = (d) => d.toISOString().replace(".000Z", "Z");
    if (r === "window") { $("#from").value = iso(f); $("#to").value = iso(t); }
    if (r === "first-hour") { $("#from").value = iso(f); $("#to").value = iso(new Date(f.getTime() + hour)); }
    if (r === "last-hour") { $("#from").value = iso(new Date(t.getTime() - hour)); $("#to").value = iso(t); }
    if (r === "all") { $("#from").value = ""; $("#to").value = ""; }
  }
  $("#range").addEventListener("change", setRange);
  ["#from", "#to"].forEach((s) => $(s).addEventListener("input", () => { $("#range").value = "custom"; }));
  setRange();
  let last = null;
  async function runDiscover() {
    $("#discover-error").hidden = true; $("#discover-hint").hidden = true;
    const body = { language: $("#language").value, query: $("#q").value, from: $("#from").value, to: $("#to").value, index: $("#index").value };
    try {
      last = await api("POST", "/api/discover", body);
    } catch (e) {
      $("#discover-error").textContent = e.message; $("#discover-error").hidden = false; return;
    }
    const res = last.result;
    $("#discover-summary").textContent = last.total + " hits" + (res.values.length < last.total ? " (showing " + res.values.length + ")" : "") + " · " + last.query;
    const notes = (last.warnings || []).map((w) => "warning: " + w);
    if (last.hint) notes.push(last.hint);
    if (notes.length) { $("#discover-hint").textContent = notes.join("\n"); $("#discover-hint").hidden = false; }
    drawHistogram(last.histogram, last.interval);
    $("#results").replaceChildren(resultTable(res, keyColumns(res), openDoc));
    renderFields();
  }
  $("#discover-form").addEventListener("submit", (ev) => { ev.preventDefault(); runDiscover(); });
  $("#q").addEventListener("keydown", (ev) => { if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); runDiscover(); } });
  function drawHistogram(buckets, interval) {
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const h = $("#histogram");
    h.replaceChildren(...buckets.map((b) => {
      const bar = el("span", { class: "bar-col", title: b.t + ": " + b.count, role: "img", "aria-label": b.t + " " + b.count + " events" });
      bar.style.height = Math.max(2, Math.round(60 * b.count / max)) + "px";
      return bar;
    }));
    h.setAttribute("aria-label", "Events per " + interval);
    $("#histogram-caption").textContent = buckets.length ? "events per " + interval + ", " + buckets[0].t + " to " + buckets[buckets.length - 1].t + " (max " + max + ")" : "";
  }
  function topValues(res, i) {
    const counts = new Map();
    for (const row of res.values) {
      const vs = Array.isArray(row[i]) ? row[i] : [row[i]];
      for (const v of vs) if (v !== null && v !== undefined) counts.set(String(v), (counts.get(String(v)) || 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  }
  function renderFields() {
    if (!last) return;
    const res = last.result, f = $("#field-filter").value.toLowerCase();
    const items = [];
    res.columns.forEach((c, i) => {
      if (c.name === "_index" || (f && !c.name.toLowerCase().includes(f))) return;
      const top = topValues(res, i);
      if (!top.length) return;
      const det = el("details", {}, el("summary", { text: c.name + " (" + c.type + ")" }));
      const ul = el("ul");
      for (const [v, n] of top) {
        ul.append(el("li", {}, el("span", { text: v + " · " + n + " " }),
          el("button", { type: "button", class: "filter-in", "aria-label": "filter for " + c.name + " " + v, text: "+", onclick: () => addFilter(c.name, v, false) }),
          el("button", { type: "button", class: "filter-out", "aria-label": "filter out " + c.name + " " + v, text: "−", onclick: () => addFilter(c.name, v, true) })));
      }
      det.append(ul);
      items.push(el("li", {}, det));
    });
    $("#field-list").replaceChildren(...items);
  }
  $("#field-filter").addEventListener("input", renderFields);
  function addFilter(field, value, out) {
    const q = $("#q").value.trim();
    if ($("#language").value === "kql") {
      const term = (out ? "not " : "") + field + ": " + JSON.stringify(value);
      $("#q").value = !q || q === "*" ? term : "(" + q + ") and " + term;
    } else {
      $("#q").value = q + " | WHERE " + field + (out ? " != " : " == ") + JSON.stringify(value);
    }
    runDiscover();
  }
  let docRow = null, docAsJSON = false;
  function openDoc(r) { docRow = r; $("#doc").hidden = false; renderDoc(); $("#doc-title").focus(); }
  function renderDoc() {
    const res = last.result, row = res.values[docRow], obj = {};
    res.columns.forEach((c, i) => { if (row[i] !== null) obj[c.name] = row[i]; });
    $("#doc-body").replaceChildren(docAsJSON ? el("pre", { text: JSON.stringify(obj, null, 2) }) :
      el("table", { class: "grid doc" }, el("tbody", {}, ...Object.entries(obj).map(([k, v]) => el("tr", {}, el("th", { scope: "row", text: k }), el("td", { text: fmt(v) }))))));
  }
  $("#doc-as-table").addEventListener("click", () => { docAsJSON = false; renderDoc(); });
  $("#doc-as-json").addEventListener("click", () => { docAsJSON = true; renderDoc(); });
  $("#doc-close").addEventListener("click", () => { $("#doc").hidden = true; });
  function pivot(p) {
    $("#language").value = "kql"; $("#index").value = "logs-*"; $("#q").value = p.kql;
    if (p.from) { $("#range").value = "custom"; $("#from").value = p.from; $("#to").value = p.to; } else { $("#range").value = "window"; setRange(); }
    show(document.getElementById("tab-discover"));
    runDiscover();
  }

  // ---- Report ----
  let lintTimer = null;
  async function loadReport() { $("#report-text").value = (await api("GET", "/api/report")).text; lint(); }
  async function lint() {
    try { renderLint(await api("POST", "/api/report/lint", { text: $("#report-text").value })); }
    catch (e) { $("#lint").textContent = e.message; }
  }
  function renderLint(l) {
    const li = (t) => el("li", { text: t });
    const yesno = (b) => b === true ? "escalate" : b === false ? "do not escalate" : "not stated";
    $("#lint").replaceChildren(el("h3", { text: "What the grader reads" }),
      el("h4", { text: "Sections" }), el("ul", { id: "lint-sections" }, ...l.sections.map((s) => el("li", { class: "sec-" + s.status, text: s.id + ": " + s.status + (s.heading ? " (line " + s.line + ")" : "") }))),
      el("h4", { text: "Classification" }), el("ul", {}, li("verdict: " + (l.verdicts.join(", ") || "none")), li("severity: " + (l.severities.join(", ") || "none")),
        li("techniques: " + (l.techniques.join(", ") || "none")), li("escalation: " + yesno(l.escalate))),
      el("h4", { text: "Indicators" }), el("ul", { id: "lint-indicators" }, ...l.indicators.map((i) => li(i.type + " " + i.value))),
      el("h4", { text: "Timeline times" }), el("ul", { id: "lint-timeline" }, ...l.timeline.map((t) => li(t.time + " " + t.text))),
      el("h4", { text: "To fix" }), el("ul", { id: "lint-problems" }, ...l.problems.map(li)));
  }
  $("#report-text").addEventListener("input", () => { clearTimeout(lintTimer); lintTimer = setTimeout(lint, 300); $("#report-status").textContent = "unsaved"; });
  async function saveReport() {
    renderLint(await api("PUT", "/api/report", { text: $("#report-text").value }));
    $("#report-status").textContent = "saved to report.md";
  }
  $("#report-save").addEventListener("click", () => saveReport().catch((e) => { $("#report-status").textContent = "not saved: " + e.message; }));
  $("#submit").addEventListener("click", async () => {
    const fb = $("#feedback");
    fb.hidden = false;
    fb.textContent = "grading…";
    try {
      await saveReport();
      const s = await api("POST", "/api/submit");
      fb.textContent = s.feedback || ("submission exported to " + s.exported + ": hand this folder to your instructor");
    } catch (e) { fb.textContent = "not submitted: " + e.message; }
    fb.focus();
  });

  api("GET", "/api/analyst").then((a) => { $("#analyst").value = a.analyst; }).catch(() => {});
  $("#analyst-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try { await api("PUT", "/api/analyst", { analyst: $("#analyst").value }); $("#analyst-status").textContent = "saved to triage.yaml"; }
    catch (e) { $("#analyst-status").textContent = "not saved: " + e.message; }
  });
  loadAlerts();
  loadReport();
})();

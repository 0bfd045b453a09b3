"use strict";
// The dashboard's pages: fleet (with charts), modules (versions, source, proxy, failed publish,
// "try it" forms from rpc.discover), publish spread. Live data comes once a second over /events.
const $ = id => document.getElementById(id);
let events = null, live = null, selected = null, discover = null;
const charts = {};

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child ?? "");
  return node;
}

function fill(id, items, columns) {
  const body = $(id);
  body.replaceChildren();
  for (const item of items) {
    const row = body.insertRow();
    for (const column of columns) {
      const value = column(item);
      const td = row.insertCell();
      if (value instanceof Node) td.append(value);
      else { const [text, cls] = Array.isArray(value) ? value : [value]; td.textContent = text ?? ""; if (cls) td.className = cls; }
    }
  }
  if (items.length === 0) { const td = body.insertRow().insertCell(); td.textContent = "none"; td.className = "muted"; }
}

async function act(action, body) {
  const response = await fetch("api/actions/" + action, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  $("status").textContent = action + ": " + (response.ok ? "done" : "refused (" + response.status + ")");
  return response;
}

function button(text, onClick, confirmText) {
  return el("button", { className: "small", textContent: text, onclick: () => { if (!confirmText || confirm(confirmText)) onClick(); } });
}

const when = t => t ? new Date(t).toLocaleString() : "";
const mb = v => v == null ? "-" : v + " MB";
const pct = v => v == null ? "-" : v + " %";
const ms = v => v == null ? "-" : v.toFixed(v < 10 ? 2 : 0) + " ms";
const seconds = v => (v / 1000).toFixed(v < 10000 ? 1 : 0) + " s";

function renderFleet(f) {
  const s = f.server;
  fill("server", [
    ["endpoint", s.endpoint], ["uptime", s.uptimeSeconds + " s"], ["RSS", mb(s.residentMB)], ["CPU", pct(s.cpuPercent)],
    ["load contexts alive", String(s.loadContextsAlive)], ["calls in flight", String(s.callsInFlight)],
    ["ready", s.notReady.length === 0 ? "yes" : s.notReady.join("; ")]
  ], [r => [r[0], "muted"], r => [r[1], r[0] === "ready" && s.notReady.length ? "bad" : ""]]);
  fill("stubs", f.stubs, [x => x.name, x => x.role, x => x.address, x => when(x.connectedSince), x => x.callsPerSecond.toFixed(1), x => String(x.callsInFlight), x => {
    const span = el("span");
    for (const p of x.proxies) span.append(el("span", { className: "badge " + (p.status === "current" ? "ok" : p.status === "behind" ? "warn" : "bad"), textContent: p.module + (p.version ? " v" + p.version : "") + " " + p.status, title: p.since ? "since " + when(p.since) : "" }));
    return span;
  }, x => button("disconnect", () => act("disconnect", { session: x.sessionId }), "Disconnect " + x.name + "?")]);
  fill("calls", f.calls, [x => x.caller, x => x.id, x => x.method, x => when(x.startedAt), x => seconds(x.elapsedMs),
    x => button("cancel", () => act("cancel", { session: x.sessionId, id: /^\d+$/.test(x.id) ? Number(x.id) : x.id }))]);
  fill("workers", f.workers, [x => x.module, x => String(x.processId ?? "-"), x => mb(x.residentMB), x => pct(x.cpuPercent), x => String(x.restarts),
    x => [String(x.crashes), x.crashes ? "bad" : ""], x => String(x.callsInFlight),
    x => x.failure ? ["failed: " + x.failure, "bad"] : [x.processId ? "running" : "stopped", x.processId ? "ok" : "muted"],
    x => x.processId ? button("stop", () => act("stop-worker", { module: x.module }), "Stop the worker of " + x.module + "?") : ""]);
  fill("moduleList", f.modules, [x => x.name, x => "v" + x.version, x => x.publishedBy, x => when(x.publishedAt),
    x => el("span", {}, button("open", () => openModule(x.name)), " ", button("unregister", () => act("unregister", { module: x.name }), "Unregister " + x.name + "? Its stubs lose the proxy."))]);
  const failed = f.failedPublishes.filter(name => !f.modules.some(m => m.name === name));
  if (failed.length) {
    const body = $("moduleList");
    if (f.modules.length === 0) body.replaceChildren();
    for (const name of failed) {
      const row = body.insertRow();
      row.append(el("td", { textContent: name }), el("td", { className: "bad", textContent: "failed publish" }), el("td"), el("td"), el("td", {}, button("open", () => openModule(name))));
    }
  }
  renderCharts(f.chart);
  renderSpread(f.spread);
  if (selected) renderFunctionStats(f.functions.filter(x => x.module === selected));
}

function renderCharts(c) {
  const width = Math.max(260, $("chartCalls").clientWidth - 10);
  const data = { calls: [c.times, c.calls], latency: [c.times, c.p50Ms, c.p99Ms] };
  const specs = {
    calls: { target: "chartCalls", series: [{}, { label: "calls/s", stroke: "#0969da", fill: "rgba(9,105,218,.1)" }] },
    latency: { target: "chartLatency", series: [{}, { label: "p50 ms", stroke: "#1a7f37", spanGaps: true, points: { show: true } }, { label: "p99 ms", stroke: "#cf222e", spanGaps: true, points: { show: true } }] }
  };
  for (const key of Object.keys(specs)) {
    // From 0, and at least 0..1, so a lone point or an idle minute still draws a sensible axis.
    const scales = { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, (max ?? 0) * 1.1)] } };
    if (!charts[key]) charts[key] = new uPlot({ width, height: 180, series: specs[key].series, scales }, data[key], $(specs[key].target));
    else { if (charts[key].width !== width) charts[key].setSize({ width, height: 180 }); charts[key].setData(data[key]); }
  }
}

function renderSpread(spread) {
  const list = $("spreadList");
  list.replaceChildren();
  for (const m of spread) {
    const longest = Math.max(1, ...m.stubs.map(s => s.afterMs ?? 0));
    const rows = m.stubs.map(s => el("tr", {}, el("td", { textContent: s.name }),
      el("td", { className: s.status === "current" ? "ok" : "bad", textContent: s.status === "current" ? "+" + s.afterMs.toFixed(1) + " ms (" + s.how + ")" : s.status }),
      el("td", { style: "width:60%" }, s.afterMs == null ? "" : el("div", { className: "bar", style: "width:" + (100 * s.afterMs / longest).toFixed(1) + "%" }))));
    list.append(el("section", {}, el("h2", { textContent: m.module + " v" + m.version + " published " + when(m.publishedAt) + ", serving " + Math.max(0, new Date(m.servingSince) - new Date(m.publishedAt)) + " ms later (compile)" }),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", { textContent: "stub" }), el("th", { textContent: "had the proxy" }), el("th", { textContent: "timeline" }))), el("tbody", {}, ...rows))));
  }
  if (spread.length === 0) list.append(el("section", {}, el("h2", { textContent: "No module is published" })));
}

function renderFunctionStats(stats) {
  const body = $("functionStats");
  if (!body) return;
  fill("functionStats", stats, [x => x.function, x => x.callsPerSecond.toFixed(1), x => ms(x.p50Ms), x => ms(x.p99Ms),
    x => [(100 * x.errorRate).toFixed(1) + " %", x.errorRate ? "bad" : ""], x => String(x.callsLastMinute)]);
}

function codeBlock(source, diagnostics) {
  const html = Prism.highlight(source, Prism.languages.csharp, "csharp").split("\n");
  const pre = el("pre", { className: "code language-csharp" });
  const code = el("code", { className: "language-csharp" });
  html.forEach((line, i) => {
    const here = (diagnostics || []).filter(d => d.line === i + 1);
    const span = el("span", { className: "line" + (here.length ? " diag" : "") });
    span.innerHTML = line || " ";
    code.append(span);
    for (const d of here) code.append(el("span", { className: "diagmsg", textContent: "↑ " + d.severity + " " + d.id + " (col " + d.column + "): " + d.message }));
  });
  pre.append(code);
  return pre;
}

async function openModule(name) {
  selected = name;
  const response = await fetch("api/modules/" + encodeURIComponent(name), { credentials: "same-origin" });
  if (!response.ok) { $("moduleDetail").replaceChildren(el("p", { className: "bad", textContent: "No such module: " + name })); return; }
  const m = await response.json();
  const detail = $("moduleDetail");
  const versionSelect = el("select", { "aria-label": "version" }, ...m.versions.map(v => el("option", { value: v.version, textContent: "v" + v.version + " by " + v.publishedBy + ", " + when(v.publishedAt) })));
  const sourceBox = el("div"), proxyBox = el("div");
  const showVersion = () => {
    const v = m.versions.find(x => String(x.version) === versionSelect.value);
    if (v) { sourceBox.replaceChildren(codeBlock(v.source)); proxyBox.replaceChildren(codeBlock(v.proxy)); }
  };
  versionSelect.onchange = showVersion;
  const parts = m.versions.length === 0 ? [] : [
    el("section", {}, el("h2", { textContent: "Functions of " + name }),
      el("table", {}, el("thead", {}, el("tr", {}, ...["function", "calls/s", "p50", "p99", "errors", "calls, last minute"].map(t => el("th", { textContent: t })))), el("tbody", { id: "functionStats" }))),
    el("section", { id: "tryit" }, el("h2", { textContent: "Try it" }), el("p", { className: "muted row", textContent: "loading the functions from a stub's rpc.discover…" }))
  ];
  if (m.failure) parts.push(el("section", {}, el("h2", { className: "bad", textContent: "Last failed publish: by " + m.failure.registeredBy + ", " + when(m.failure.at) + " (" + m.failure.diagnostics.length + " diagnostics)" }), codeBlock(m.failure.source, m.failure.diagnostics)));
  if (m.versions.length) parts.push(
    el("section", {}, el("h2", {}, "Source ", versionSelect), sourceBox),
    el("section", {}, el("h2", { textContent: "Proxy (what stubs receive)" }), proxyBox));
  detail.replaceChildren(...parts);
  if (m.versions.length) showVersion();
  if (live) renderFunctionStats(live.functions.filter(x => x.module === name));
  loadTryIt(name);
}

async function loadTryIt(name) {
  const response = await fetch("api/discover", { credentials: "same-origin" });
  discover = response.ok ? await response.json() : { document: null };
  const box = $("tryit");
  if (!box) return;
  box.replaceChildren(el("h2", { textContent: "Try it" + (discover.stub ? " (functions as stub " + discover.stub + " describes them)" : "") }));
  const methods = (discover.document?.methods || []).filter(x => (x["x-simplerpc"] || {}).module === name);
  if (methods.length === 0) box.append(el("p", { className: "muted row", textContent: "No connected stub describes " + name + " yet." }));
  for (const method of methods) box.append(tryForm(method));
}

function inputFor(param) {
  const schema = param.schema || {};
  const type = Array.isArray(schema.type) ? schema.type.find(t => t !== "null") : schema.type;
  if (type === "integer" || type === "number") return el("input", { type: "number", step: type === "integer" ? "1" : "any", name: param.name, required: !!param.required });
  if (type === "boolean") return el("input", { type: "checkbox", name: param.name });
  if (type === "string") return el("input", { type: "text", name: param.name, required: !!param.required });
  return el("textarea", { name: param.name, rows: 1, cols: 24, placeholder: "JSON", title: JSON.stringify(schema) });
}

function tryForm(method) {
  const params = (method.params || []).map(p => ({ p, input: inputFor(p) }));
  const out = el("div", { className: "out" });
  const form = el("form", { className: "tryform" }, el("strong", { textContent: method.name + " " }),
    ...params.map(({ p, input }) => el("label", {}, p.name, input)), el("button", { type: "submit", textContent: "Call" }), out);
  form.dataset.method = method.name;
  form.onsubmit = async e => {
    e.preventDefault();
    const values = {};
    try {
      for (const { p, input } of params) {
        if (input.type === "checkbox") values[p.name] = input.checked;
        else if (input.value === "" && !p.required) continue;
        else if (input.type === "number") values[p.name] = Number(input.value);
        else if (input.tagName === "TEXTAREA") values[p.name] = JSON.parse(input.value);
        else values[p.name] = input.value;
      }
    } catch (err) { out.textContent = "Not JSON: " + err.message; out.className = "out bad"; return; }
    out.textContent = "calling…"; out.className = "out muted";
    const response = await act("try", { method: method.name, params: values });
    const reply = response.ok ? await response.json() : { error: { code: response.status, message: "refused" } };
    if ("result" in reply) { out.textContent = "= " + JSON.stringify(reply.result, null, 1); out.className = "out ok"; }
    else {
      const d = reply.error.data || {};
      out.textContent = "error " + reply.error.code + ": " + reply.error.message + (d.type ? "\n" + d.type + ": " + (d.message || "") : "") + (d.stackTrace ? "\n" + d.stackTrace : "");
      out.className = "out bad";
    }
  };
  return form;
}

function showTab(tab) {
  for (const node of document.querySelectorAll(".tab")) node.hidden = node.id !== tab;
  for (const b of document.querySelectorAll("nav button")) b.classList.toggle("on", b.dataset.tab === tab);
}

function showSignedIn(signedIn) {
  $("signin").hidden = signedIn;
  $("tabs").hidden = !signedIn;
  $("signout").hidden = !signedIn;
  for (const node of document.querySelectorAll(".tab")) node.hidden = true;
  if (events) { events.close(); events = null; }
  if (!signedIn) { $("status").textContent = "not signed in"; return; }
  showTab("fleet");
  // The session cookie goes with the stream (same origin); the key itself never leaves the form.
  events = new EventSource("events");
  events.addEventListener("fleet", e => { live = JSON.parse(e.data); renderFleet(live); $("status").textContent = "live, " + new Date().toLocaleTimeString(); });
  events.onerror = () => { $("status").textContent = "reconnecting…"; };
}

for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => showTab(b.dataset.tab));

$("signinForm").addEventListener("submit", async e => {
  e.preventDefault();
  const response = await fetch("signin", { method: "POST", headers: { "X-SimpleRpc-Key": $("key").value }, credentials: "same-origin" });
  $("key").value = "";
  $("signinError").textContent = response.ok ? "" : response.status === 403 ? "That key is not an admin key." : response.status === 429 ? "Too many failed sign-ins from this address; try again in " + (response.headers.get("Retry-After") ?? "60") + " s." : "That key is not valid.";
  showSignedIn(response.ok);
});

$("signout").addEventListener("click", async () => {
  await fetch("signout", { method: "POST", credentials: "same-origin" });
  showSignedIn(false);
});

fetch("api/fleet", { credentials: "same-origin" }).then(r => showSignedIn(r.ok));

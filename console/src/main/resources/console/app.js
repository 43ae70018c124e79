// Vigil console: plain JavaScript over the console's JSON API and its Server-Sent Events.
// Every value from the server or an analyst is shown with textContent, never parsed as HTML.
"use strict";
const state = { csrf: null, analyst: null, alerts: [], selected: 0, detail: null, events: null,
                chart: null, series: [[], [], [], []], queueTimer: null };
const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function api(method, path, body) {
  const opts = { method, headers: {}, credentials: "same-origin" };
  if (method !== "GET") {
    opts.headers["Content-Type"] = "application/json";
    if (state.csrf) opts.headers["X-CSRF-Token"] = state.csrf;
    opts.body = JSON.stringify(body || {});
  }
  const r = await fetch(path, opts);
  const data = await r.json().catch(() => ({}));
  if (r.status === 401 && path !== "/api/login") { showSignIn(); }
  if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
  return data;
}

function showSignIn() {
  if (state.events) { state.events.close(); state.events = null; }
  $("app").hidden = true; $("signin").hidden = false; $("signout").hidden = true; $("who").textContent = "";
}

function showApp(me) {
  state.csrf = me.csrf; state.analyst = me.analyst;
  $("signin").hidden = true; $("app").hidden = false; $("signout").hidden = false;
  $("who").textContent = "signed in as " + me.analyst;
  if (!state.chart) makeChart();
  listen();
  refreshQueue();
  refreshBoards();
  if (!state.boardTimer) state.boardTimer = setInterval(refreshBoards, 5000);
}

// Top merchants and analysts' feedback: small tables, fetched every 5 s.
async function refreshBoards() {
  if ($("app").hidden) return;
  const merchants = await api("GET", "/api/merchants").catch(() => null);
  if (merchants) fill("merchants", merchants, ["merchant_id", "window_end", "txn_count", "alert_count", "avg_score"]);
  const feedback = await api("GET", "/api/feedback").catch(() => null);
  if (!feedback) return;
  const pct = (v) => (v === null ? "–" : (100 * v).toFixed(1) + " %");
  fill("feedback", Object.entries(feedback).map(([model, f]) => ({ model, alerts: f.alerts, reviewed: f.reviewed,
    fraud: f.confirmed_fraud, legitimate: f.legitimate, precision: pct(f.precision_confirmed),
    fp: pct(f.false_positive_share) })), ["model", "alerts", "reviewed", "fraud", "legitimate", "precision", "fp"]);
}

$("signin-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("signin-error").textContent = "";
  try {
    showApp(await api("POST", "/api/login", { name: $("name").value, password: $("password").value }));
    $("password").value = "";
  } catch (e) { $("signin-error").textContent = e.message; }
});
$("signout").addEventListener("click", async () => { await api("POST", "/api/logout").catch(() => {}); state.csrf = null; showSignIn(); });

function makeChart() {
  state.chart = new uPlot({ width: Math.max(300, $("chart").clientWidth - 20), height: 220,
    series: [{}, { label: "approve/s", stroke: "#3a7" }, { label: "review/s", stroke: "#c80" }, { label: "block/s", stroke: "#c02" }],
    axes: [{}, {}] }, [[], [], [], []], $("chart"));
}

function listen() {
  if (state.events) state.events.close();
  const es = new EventSource("/api/events");
  state.events = es;
  es.addEventListener("figures", (m) => showFigures(JSON.parse(m.data)));
  es.addEventListener("ticker", (m) => showTicker(JSON.parse(m.data)));
  es.addEventListener("alerts", (m) => { const a = JSON.parse(m.data); $("f-alerts").textContent = a.total; scheduleQueue(); });
  es.onerror = () => { api("GET", "/api/me").catch(() => {}); };
}

function showFigures(f) {
  const r = f.per_second;
  $("f-rate").textContent = r.decisions.toFixed(1);
  $("f-review").textContent = r.review.toFixed(1);
  $("f-block").textContent = r.block.toFixed(1);
  $("f-dead").textContent = r.dead_letters.toFixed(1);
  $("f-alerts").textContent = f.alerts_total;
  $("f-model").textContent = f.model_version < 0 ? "–" : f.model_version;
  $("f-latency").textContent = f.event_to_decision_ms === null ? "–" : f.event_to_decision_ms;
  const pd = f.produce_to_decision_ms;
  $("f-produce").textContent = pd === null ? "–" : pd.p50 + " / " + pd.p99;
  $("f-lag").textContent = f.consumer_lag < 0 ? "–" : f.consumer_lag;
  const xs = [], a = [], rv = [], b = [];
  for (const p of f.series) { xs.push(p[0]); a.push(p[1]); rv.push(p[2]); b.push(p[3]); }
  if (state.chart) state.chart.setData([xs, a, rv, b]);
  const tb = $("mix").tBodies[0];
  tb.replaceChildren();
  for (const [model, c] of Object.entries(f.decisions_by_model)) {
    const tr = el("tr");
    [model, c.APPROVE, c.REVIEW, c.BLOCK].forEach((v) => tr.appendChild(el("td", v)));
    tb.appendChild(tr);
  }
}

function showTicker(rows) {
  const ol = $("ticker");
  for (const d of rows.slice().reverse()) {
    const li = el("li", d.decision + " " + Number(d.score).toFixed(3) + " " + d.card_id + " @" + d.merchant_id + " " + d.amount, d.decision);
    ol.insertBefore(li, ol.firstChild);
  }
  while (ol.children.length > 15) ol.removeChild(ol.lastChild);
}

function filters() {
  const q = new URLSearchParams();
  if ($("q-decision").value) q.set("decision", $("q-decision").value);
  if ($("q-state").value) q.set("state", $("q-state").value);
  if ($("q-min").value) q.set("minScore", $("q-min").value);
  if ($("q-merchant").value) q.set("merchant", $("q-merchant").value);
  return q;
}

// At most one queue fetch a second, however fast alerts arrive.
function scheduleQueue() {
  if (state.queueTimer) return;
  state.queueTimer = setTimeout(() => { state.queueTimer = null; refreshQueue(); }, 1000);
}

async function refreshQueue() {
  const q = filters(); q.set("limit", "100");
  const page = await api("GET", "/api/alerts?" + q).catch(() => null);
  if (!page) return;
  const keep = state.alerts[state.selected] && state.alerts[state.selected].alert_id;
  state.alerts = page.alerts;
  const i = state.alerts.findIndex((a) => a.alert_id === keep);
  state.selected = i < 0 ? 0 : i;
  $("queue-count").textContent = page.held + " held, " + page.total + " raised";
  const tb = $("queue").tBodies[0];
  tb.replaceChildren();
  state.alerts.forEach((a, n) => {
    const tr = el("tr");
    tr.dataset.alertId = a.alert_id;
    if (n === state.selected) tr.classList.add("sel");
    [a.event_time, a.card_id, a.merchant_id || "", a.amount === undefined ? "" : a.amount,
     Number(a.score).toFixed(3), a.decision, a.state + (a.claimed_by ? " (" + a.claimed_by + ")" : "")]
      .forEach((v, k) => tr.appendChild(el("td", v, k === 5 ? a.decision : undefined)));
    tr.addEventListener("click", () => { state.selected = n; markSelected(); openDetail(a.alert_id); });
    tb.appendChild(tr);
  });
}

function markSelected() {
  [...$("queue").tBodies[0].rows].forEach((r, n) => r.classList.toggle("sel", n === state.selected));
}

async function openDetail(id) {
  $("d-error").textContent = "";
  const d = await api("GET", "/api/alerts/" + encodeURIComponent(id)).catch((e) => { $("d-error").textContent = e.message; return null; });
  if (!d) return;
  state.detail = d;
  $("detail-empty").hidden = true; $("detail").hidden = false;
  $("d-id").textContent = d.alert_id;
  $("d-decision").textContent = d.decision; $("d-decision").className = d.decision;
  $("d-score").textContent = Number(d.score).toFixed(4);
  $("d-card").textContent = d.card_id;
  $("d-card-status").textContent = d.card_status.blocked ? "(blocked by " + d.card_status.changed_by + ")" : "";
  $("d-merchant").textContent = d.merchant_id || (d.scored && d.scored.merchant_id) || "";
  $("d-time").textContent = d.event_time;
  $("d-state").textContent = d.state;
  $("d-claimed").textContent = d.claimed_by ? "claimed by " + d.claimed_by + (d.verdict ? ", " + d.verdict : "") : "";
  $("d-reasons").textContent = (d.reasons || []).join(", ");
  const ft = $("d-features").tBodies[0]; ft.replaceChildren();
  const feats = (d.scored && d.scored.features) || {};
  const base = d.card_baseline || { transactions: 0, median: {} };
  $("d-baseline-n").textContent = base.transactions;
  for (const [k, v] of Object.entries(feats)) {
    const tr = el("tr"); tr.appendChild(el("td", k, (d.reasons || []).includes(k) ? "reason" : undefined));
    tr.appendChild(el("td", Number(v).toFixed(3)));
    const b = base.median[k];
    tr.appendChild(el("td", b === undefined ? "–" : Number(b).toFixed(3)));
    ft.appendChild(tr);
  }
  fill("d-recent", d.card_recent, ["event_time", "merchant_id", "amount", "score", "decision"]);
  fill("d-sessions", d.card_sessions, ["session_start", "session_end", "txn_count", "amount_sum", "max_score"]);
  const au = $("d-audit"); au.replaceChildren();
  for (const a of d.audit.concat(d.card_audit)) au.appendChild(el("li", a.at + " " + a.analyst + " " + a.action + (a.detail ? ": " + a.detail : "")));
}

function fill(id, rows, fields) {
  const tb = $(id).tBodies[0]; tb.replaceChildren();
  for (const r of rows || []) { const tr = el("tr"); fields.forEach((f) => tr.appendChild(el("td", r[f]))); tb.appendChild(tr); }
}

// Runs an action, reloads the alert, and shows the action's error (if any) after the reload.
async function act(fn) {
  let error = "";
  try { await fn(); } catch (e) { error = e.message; }
  if (state.detail) await openDetail(state.detail.alert_id);
  $("d-error").textContent = error;
  refreshQueue();
  refreshBoards();
}
const note = () => $("a-note").value;
$("a-claim").addEventListener("click", () => act(() => api("POST", "/api/alerts/" + encodeURIComponent(state.detail.alert_id) + "/claim")));
$("a-fraud").addEventListener("click", () => act(() => api("POST", "/api/alerts/" + encodeURIComponent(state.detail.alert_id) + "/label", { verdict: "fraud", note: note() })));
$("a-legit").addEventListener("click", () => act(() => api("POST", "/api/alerts/" + encodeURIComponent(state.detail.alert_id) + "/label", { verdict: "legitimate", note: note() })));
$("a-block").addEventListener("click", () => act(() => api("POST", "/api/cards/" + encodeURIComponent(state.detail.card_id) + "/block", { note: note() })));
$("a-unblock").addEventListener("click", () => act(() => api("POST", "/api/cards/" + encodeURIComponent(state.detail.card_id) + "/unblock", { note: note() })));
$("a-notify").addEventListener("click", () => act(() => api("POST", "/api/alerts/" + encodeURIComponent(state.detail.alert_id) + "/notify", { who: $("a-who").value, note: note() })));
$("next").addEventListener("click", claimNext);
["q-decision", "q-state", "q-min", "q-merchant"].forEach((id) => $(id).addEventListener("change", refreshQueue));

async function claimNext() {
  try { const a = await api("POST", "/api/next?" + filters()); await refreshQueue(); openDetail(a.alert_id); }
  catch (e) { $("d-error").textContent = e.message; }
}

document.addEventListener("keydown", (ev) => {
  if ($("app").hidden || ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") return;
  const cur = state.alerts[state.selected];
  switch (ev.key) {
    case "j": state.selected = Math.min(state.alerts.length - 1, state.selected + 1); markSelected(); break;
    case "k": state.selected = Math.max(0, state.selected - 1); markSelected(); break;
    case "Enter": if (cur) openDetail(cur.alert_id); break;
    case "n": claimNext(); break;
    case "c": if (state.detail) $("a-claim").click(); break;
    case "f": if (state.detail) $("a-fraud").click(); break;
    case "l": if (state.detail) $("a-legit").click(); break;
    case "b": if (state.detail) $("a-block").click(); break;
    default: return;
  }
  ev.preventDefault();
});

api("GET", "/api/me").then(showApp).catch(showSignIn);

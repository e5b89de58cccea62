// Flowcast dashboard: the sensor picker, one uPlot chart per followed sensor, the fleet strip.
// Data comes from /api/sensors (picker) and /events (server-sent events: history, point, fleet).
"use strict";

const MAX_POINTS = 1000;       // windows kept per chart in the browser
const MAX_FOLLOWED = 16;       // the server's limit per stream
const followed = new Map();    // sensor id -> {len, points: Map(t -> point), horizon, chart, card}
let source = null;
let lastPicker = null;   // what the picker shows, to redraw it only when it changes

const el = id => document.getElementById(id);

function fmt(x, digits) {
  return x === null || x === undefined ? "–" : Number(x).toFixed(digits);
}

// ---- picker ----

async function refreshPicker() {
  const q = el("sensor-search").value.trim();
  try {
    const response = await fetch("/api/sensors?limit=50&q=" + encodeURIComponent(q));
    const sensors = await response.json();
    const shown = JSON.stringify([sensors, [...followed.keys()]]);
    if (shown === lastPicker) {
      return;   // unchanged: keep the elements (and what the user is about to click)
    }
    lastPicker = shown;
    const list = el("sensor-list");
    list.replaceChildren(...sensors.map(s => {
      const li = document.createElement("li");
      li.dataset.sensor = s.id;
      li.dataset.anomalies = s.anomalies;
      li.className = followed.has(s.id) ? "chosen" : "";
      const name = document.createElement("span");
      name.textContent = s.id;
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = s.anomalies > 0 ? s.anomalies + " ⚠ max " + fmt(s.maxScore, 1) : "";
      li.append(name, badge);
      li.addEventListener("click", () => toggle(s.id));
      return li;
    }));
  } catch (e) {
    // the server is restarting: the next refresh tries again
  }
}

function toggle(id) {
  if (followed.has(id)) {
    followed.get(id).chart.destroy();
    followed.get(id).card.remove();
    followed.delete(id);
  } else if (followed.size < MAX_FOLLOWED) {
    followed.set(id, newSensorView(id));
  }
  el("no-sensor").hidden = followed.size > 0;
  connect();
  refreshPicker();
}

// ---- live stream ----

function connect() {
  if (source) {
    source.close();
  }
  const query = [...followed.keys()].map(id => "sensor=" + encodeURIComponent(id)).join("&");
  source = new EventSource("/events?" + query);
  source.addEventListener("history", e => merge(JSON.parse(e.data)));
  source.addEventListener("point", e => merge(JSON.parse(e.data)));
  source.addEventListener("fleet", e => showFleet(JSON.parse(e.data)));
}

function merge(update) {
  const view = followed.get(update.id);
  if (!view) {
    return;
  }
  view.len = update.len;
  for (const p of update.points) {
    view.points.set(p.t, p);
  }
  const newest = Math.max(...view.points.keys());
  if (update.points.length && update.points[update.points.length - 1].t === newest) {
    view.horizon = update.horizon;
  }
  if (view.points.size > MAX_POINTS) {
    const starts = [...view.points.keys()].sort((a, b) => a - b);
    starts.slice(0, starts.length - MAX_POINTS).forEach(t => view.points.delete(t));
  }
  view.updates++;
  scheduleRender(view);
}

// A fast fleet sends a sensor's windows many times a second: draw each chart at most every 250 ms.
function scheduleRender(view) {
  if (!view.renderPending) {
    view.renderPending = true;
    setTimeout(() => {
      view.renderPending = false;
      if (followed.get(view.id) === view) {
        render(view);
      }
    }, 250);
  }
}

// ---- charts ----

function newSensorView(id) {
  const card = document.createElement("div");
  card.className = "chart-card";
  card.dataset.sensor = id;
  const title = document.createElement("h2");
  title.innerHTML = "<span class='id'></span><span class='version'></span>";
  title.querySelector(".id").textContent = id;
  const plot = document.createElement("div");
  const anomalies = document.createElement("ul");
  anomalies.className = "anomaly-list";
  card.append(title, plot, anomalies);
  el("charts").append(card);
  const view = {id, len: 0, points: new Map(), horizon: null, card, updates: 0, anomalyList: anomalies, markers: [], switches: []};
  view.chart = new uPlot(chartOptions(view, plot.clientWidth || 800), [[], [], [], [], [], []], plot);
  return view;
}

function chartOptions(view, width) {
  return {
    width: width,
    height: 260,
    scales: {x: {time: true}},
    series: [
      {label: "event time"},
      {label: "actual", stroke: "#1f77b4", width: 2, points: {show: true, size: 4}},
      {label: "forecast", stroke: "#ff7f0e", width: 1.5, dash: [6, 4], points: {show: false}},
      {label: "lower", stroke: "rgba(255,127,14,0.35)", width: 1, points: {show: false}},
      {label: "upper", stroke: "rgba(255,127,14,0.35)", width: 1, points: {show: false}},
      {label: "anomaly", stroke: "#d62728", fill: "#d62728", width: 0, paths: () => null,
        points: {show: true, size: 11, fill: "#d62728", stroke: "#7f1010"}},
    ],
    bands: [{series: [4, 3], fill: "rgba(255,127,14,0.15)"}],
    hooks: {draw: [u => drawMarks(u, view)]},
  };
}

// Anomaly scores beside their markers and a dashed line where the serving model version changes.
function drawMarks(u, view) {
  const ctx = u.ctx;
  ctx.save();
  ctx.font = (11 * devicePixelRatio) + "px system-ui";
  ctx.fillStyle = "#d62728";
  for (const m of view.markers) {
    const x = u.valToPos(m.t / 1000, "x", true);
    const y = u.valToPos(m.a, "y", true);
    ctx.fillText("score " + fmt(m.s, 1), x + 8 * devicePixelRatio, y - 6 * devicePixelRatio);
  }
  ctx.strokeStyle = "#6b2fbf";
  ctx.fillStyle = "#6b2fbf";
  ctx.setLineDash([4, 4]);
  for (const s of view.switches) {
    const x = u.valToPos(s.t / 1000, "x", true);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillText("model v" + s.v, x + 4, u.bbox.top + 12 * devicePixelRatio);
  }
  ctx.restore();
}

function render(view) {
  const rows = new Map();   // x (ms) -> [actual, forecast, lower, upper, marker]
  const row = t => rows.get(t) || rows.set(t, [null, null, null, null, null]).get(t);
  const points = [...view.points.values()].sort((a, b) => a.t - b.t);
  view.markers = [];
  view.switches = [];
  let version = null;
  for (const p of points) {
    const r = row(p.t);
    r[0] = p.a;
    if (p.x) {
      r[4] = p.a;
      view.markers.push(p);
    }
    const next = row(p.t + view.len);   // the one-step forecast is for the next window
    next[1] = p.f;
    next[2] = p.lo;
    next[3] = p.hi;
    if (version !== null && p.v !== version) {
      view.switches.push({t: p.t, v: p.v});
    }
    version = p.v;
  }
  if (view.horizon && points.length) {
    view.horizon.f.forEach((f, k) => {
      const r = row(view.horizon.t + k * view.len);
      r[1] = f;
      r[2] = view.horizon.lo[k];
      r[3] = view.horizon.hi[k];
    });
  }
  const xs = [...rows.keys()].sort((a, b) => a - b);
  const data = [xs.map(t => t / 1000)];
  for (let s = 0; s < 5; s++) {
    data.push(xs.map(t => rows.get(t)[s]));
  }
  view.chart.setData(data);
  const card = view.card;
  card.dataset.points = points.length;
  card.dataset.band = xs.filter(t => rows.get(t)[2] !== null && rows.get(t)[3] !== null).length;
  card.dataset.anomalies = view.markers.length;
  card.dataset.updates = view.updates;
  card.dataset.newest = points.length ? points[points.length - 1].t : "";
  card.querySelector(".version").textContent = version === null ? "" :
    "model v" + version + (view.switches.length ? " (" + view.switches.length + " switch(es) marked)" : "");
  view.anomalyList.replaceChildren(...view.markers.slice(-5).reverse().map(m => {
    const li = document.createElement("li");
    li.className = "anomaly";
    li.textContent = new Date(m.t).toISOString().replace("T", " ").slice(0, 16) + "  actual " + fmt(m.a, 2)
      + "  score " + fmt(m.s, 2);
    return li;
  }));
}

// ---- fleet strip ----

function showFleet(f) {
  el("fleet-readings").textContent = fmt(f.readingsPerSecond, 0);
  el("fleet-forecasts").textContent = fmt(f.forecastsPerSecond, 0);
  el("fleet-anomalies").textContent = f.anomaliesPerMinute;
  const reasons = Object.entries(f.deadLetters);
  el("fleet-dead-letters").textContent = reasons.length ? reasons.map(([r, n]) => r + " " + n).join(", ") : "none";
  el("fleet-model").textContent = f.modelVersion === null ? "–" : "v" + f.modelVersion;
  const undecodable = Object.values(f.undecodable).reduce((a, b) => a + b, 0);
  el("fleet-sensors").textContent = f.sensors + (undecodable ? " (" + undecodable + " undecodable records)" : "");
}

window.addEventListener("resize", () => {
  for (const view of followed.values()) {
    view.chart.setSize({width: view.card.clientWidth - 24, height: 260});
  }
});
el("sensor-search").addEventListener("input", refreshPicker);
refreshPicker();
setInterval(refreshPicker, 3000);
connect();

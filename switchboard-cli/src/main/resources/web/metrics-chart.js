// Live chart of the server's CPU and memory, fed by a bridged program. `switchboard serve` bridges
// a small shell script per topic on metrics:* (see docs/BRIDGE.md): every subscriber of
// metrics:system shares one process, which prints {"cpu", "mem_used_mb", "mem_total_mb", "ts"}
// once a second; each line arrives here as event "data". This module only needs the page's
// phoenix Socket (window.switchboardSocket, set by chat.js) and an element with id "metrics".
// Values reach the page through textContent and SVG attributes only.
(function () {
  "use strict";

  const TOPIC = "metrics:system";
  const MAX_SAMPLES = 60; // one minute at one sample a second
  const WIDTH = 600;
  const HEIGHT = 90;
  const SVG = "http://www.w3.org/2000/svg";

  const root = document.getElementById("metrics");
  if (!root || !window.Phoenix) {
    return;
  }
  const socket = window.switchboardSocket || connectOwnSocket();
  const samples = [];

  const ui = build();
  const channel = socket.channel(TOPIC, {});
  channel.on("data", (sample) => {
    if (typeof sample.cpu !== "number" || typeof sample.mem_used_mb !== "number") {
      return;
    }
    samples.push(sample);
    if (samples.length > MAX_SAMPLES) {
      samples.shift();
    }
    draw();
  });
  channel.join()
    .receive("ok", () => setState("live", "live, one sample a second"))
    .receive("error", (response) => setState("off", "unavailable: " + ((response && response.reason) || "refused")))
    .receive("timeout", () => setState("off", "no answer from the server"));
  channel.onError(() => setState("off", "reconnecting…"));

  function connectOwnSocket() {
    const own = new window.Phoenix.Socket("/socket", {});
    own.connect();
    return own;
  }

  function build() {
    root.hidden = false;
    root.classList.add("metrics");
    const head = el("div", "metrics-head");
    const title = el("strong", "metrics-title");
    title.textContent = "Server";
    const cpu = el("span", "metrics-value metrics-cpu");
    cpu.id = "metrics-cpu";
    const mem = el("span", "metrics-value metrics-mem");
    mem.id = "metrics-mem";
    const state = el("span", "metrics-state");
    state.id = "metrics-state";
    head.append(title, cpu, mem, state);

    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("class", "metrics-chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "CPU and memory over the last minute");
    const cpuLine = line("metrics-line-cpu");
    const memLine = line("metrics-line-mem");
    svg.append(memLine, cpuLine);
    root.replaceChildren(head, svg);
    return {cpu, mem, state, svg, cpuLine, memLine};
  }

  function el(tag, className) {
    const node = document.createElement(tag);
    node.className = className;
    return node;
  }

  function line(className) {
    const node = document.createElementNS(SVG, "polyline");
    node.setAttribute("class", className);
    node.setAttribute("fill", "none");
    return node;
  }

  function setState(kind, text) {
    root.dataset.state = kind;
    ui.state.textContent = text;
  }

  function draw() {
    const last = samples[samples.length - 1];
    ui.cpu.textContent = `CPU ${last.cpu.toFixed(1)} %`;
    ui.mem.textContent = `memory ${Math.round(last.mem_used_mb)} of ${Math.round(last.mem_total_mb)} MB`;
    ui.cpuLine.setAttribute("points", points((s) => s.cpu));
    ui.memLine.setAttribute("points", points((s) => (s.mem_total_mb > 0 ? (100 * s.mem_used_mb) / s.mem_total_mb : 0)));
    root.dataset.samples = String(samples.length);
  }

  /** Percentages (0..100) of the samples as SVG points, newest at the right edge. */
  function points(percent) {
    const step = WIDTH / (MAX_SAMPLES - 1);
    const offset = MAX_SAMPLES - samples.length;
    return samples.map((s, i) => {
      const value = Math.max(0, Math.min(100, percent(s)));
      const x = (offset + i) * step;
      const y = HEIGHT - (value / 100) * (HEIGHT - 4) - 2;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    }).join(" ");
  }
})();

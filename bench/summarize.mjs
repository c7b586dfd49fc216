// Reads the JSON results written by bench/compare.sh (SERVER-SCENARIO-RUN.json) and prints a
// Markdown table: per scenario and server, the median of the runs' headline figure, latency
// percentiles, bench and server CPU, and how many runs were flagged.
//
//   node bench/summarize.mjs bench/results
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? "bench/results";
const runs = new Map(); // "scenario|server" -> [result]
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const m = /^(\w+)-(.+)-(\d+)\.json$/.exec(file);
  if (!m) continue;
  const key = `${m[2]}|${m[1]}`;
  if (!runs.has(key)) runs.set(key, []);
  runs.get(key).push(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (x, digits = 0) =>
  x === undefined ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (us) => (us === undefined ? "–" : fmt(us / 1000, us < 10000 ? 2 : 0));

function headline(r) {
  const res = r.results;
  switch (r.scenario) {
    case "fanout":
      return r.parameters.mode === "fixed rate"
        ? ["p99 latency ms", r.latency_us?.p99 / 1000]
        : ["deliveries/s", res.deliveries_per_s];
    case "rtt":
      return ["replies/s", res.replies_per_s];
    case "churn":
      return ["sessions/s", res.sessions_per_s];
    case "idle":
      return ["server RSS KiB/conn", res.server_rss_per_connection_kib];
    default:
      return ["?", undefined];
  }
}

const scenarios = [...new Set([...runs.keys()].map((k) => k.split("|")[0]))];
const servers = [...new Set([...runs.keys()].map((k) => k.split("|")[1]))];
console.log("| scenario | server | runs | headline (median) | latency p50 / p90 / p99 / p99.9 / max (ms) | bench CPU % of 1 core | server CPU % of 1 core | other processes % of all cores | flagged |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const s of scenarios) {
  for (const srv of servers) {
    const rs = runs.get(`${s}|${srv}`);
    if (!rs) continue;
    const [label] = headline(rs[0]);
    const value = median(rs.map((r) => headline(r)[1]));
    const lat = (p) => median(rs.map((r) => r.latency_us?.[p]));
    const cpu = (k) => median(rs.map((r) => r.cpu?.[k]));
    console.log(
      `| ${s} | ${srv} | ${rs.length} | ${fmt(value, label.includes("ms") || label.includes("KiB") ? 2 : 0)} ${label} | ` +
        `${ms(lat("p50"))} / ${ms(lat("p90"))} / ${ms(lat("p99"))} / ${ms(lat("p99_9"))} / ${ms(lat("max"))} | ` +
        `${fmt(cpu("bench_percent_of_one_core"))} | ${fmt(cpu("server_percent_of_one_core"))} | ` +
        `${fmt(cpu("other_processes_percent_of_all_cores"))} | ${rs.filter((r) => r.flagged).length} |`,
    );
  }
}

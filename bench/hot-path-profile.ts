// Summarises .cpuprofile files (bench/hot-path.ts BENCH_HOT_PROFILE): self time by package / app
// file and the top functions. `npx tsx bench/hot-path-profile.ts <dir or file> [top]`
import fs from "node:fs";
import path from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const arg = process.argv[2]!;
const top = Number(process.argv[3] ?? 30);
const files = fs.statSync(arg).isDirectory()
  ? fs
      .readdirSync(arg)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => path.join(arg, f))
  : [arg];

function bucket(url: string): string {
  if (!url) return "(native / V8)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return "node:internal";
  const chunk = /\.next\/server\/(.*)$/.exec(url);
  if (chunk) return `.next/server/${chunk[1]!.replace(/[0-9a-f]{8,}/g, "*")}`;
  return url.replace(/^file:\/\//, "");
}

for (const file of files) {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self]
    .filter(([id]) => ["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName))
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const buckets = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    if (["(idle)", "(program)"].includes(n.callFrame.functionName)) continue;
    const b = n.callFrame.functionName === "(garbage collector)" ? "(garbage collector)" : bucket(n.callFrame.url);
    buckets.set(b, (buckets.get(b) ?? 0) + t);
    const key = `${n.callFrame.functionName || "(anonymous)"} ${bucket(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + t);
  }
  if (busy < 50_000) continue; // < 50 ms busy: a helper process
  console.log(
    `\n${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (${((100 * busy) / total).toFixed(0)}%)`,
  );
  console.log("self time by package / file:");
  for (const [b, t] of [...buckets].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(7)} ms  ${b}`);
  console.log("top functions (self):");
  for (const [f, t] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(7)} ms  ${f}`);
}

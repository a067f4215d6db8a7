// How much later a reader on another instance gets a run's events than a reader on the instance
// running it: the same events emitted by one ComparisonRun, read side by side by a local listener
// and through the Redis transport (lib/live/redis.ts, a second connection set as another instance
// has). Needs Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379).
//   npx tsx --conditions=react-server bench/live-lag.ts
import { randomBytes } from "node:crypto";
import { ComparisonRun } from "@/lib/compare/hub";
import { RedisTransport } from "@/lib/live/redis";

const url = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `juxta-bench-${randomBytes(4).toString("hex")}`;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const INTERVAL_MS = 2;

const a = new RedisTransport(url, prefix);
const b = new RedisTransport(url, prefix);
await Promise.all([a.connected(), b.connected()]);

const run = new ComparisonRun("bench", 0);
const sentAt: number[] = [];
const localAt: number[] = [];
const remoteAt: number[] = [];
run.follow((e) => {
  if (e.type === "text-delta") localAt[Number(e.delta)] = performance.now();
});
run.sink = (e) => a.publish("bench", 0, e);
a.announce("bench", { turn: 0, sealed: false, ownerId: null, instance: "A" });
const stop = b.read("bench", 0, (events) => {
  const now = performance.now();
  for (const e of events) if (e.type === "text-delta") remoteAt[Number(e.delta)] = now;
});
await new Promise((r) => setTimeout(r, 100));

for (let i = 0; i < EVENTS; i++) {
  sentAt[i] = performance.now();
  run.emit({ type: "text-delta", pane: i % 4, turn: 0, delta: String(i) });
  await new Promise((r) => setTimeout(r, INTERVAL_MS));
}
await new Promise((r) => setTimeout(r, 500));
stop();

const lags = (at: number[]) =>
  at
    .map((t, i) => t - sentAt[i]!)
    .filter((x) => Number.isFinite(x))
    .sort((x, y) => x - y);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const local = lags(localAt);
const remote = lags(remoteAt);
const row = (name: string, l: number[]) =>
  `${name.padEnd(28)} ${String(l.length).padStart(6)} ${pct(l, 50).toFixed(3).padStart(9)} ${pct(l, 99).toFixed(3).padStart(9)} ${l.at(-1)!.toFixed(3).padStart(9)}`;
console.log(`events emitted every ${INTERVAL_MS} ms; lag after emit, ms`);
console.log(`${"reader".padEnd(28)} ${"events".padStart(6)} ${"p50".padStart(9)} ${"p99".padStart(9)} ${"max".padStart(9)}`);
console.log(row("same instance (hub)", local));
console.log(row("other instance (Redis)", remote));
const goal = pct(remote, 99) < 100;
console.log(`other instance p99 ${pct(remote, 99).toFixed(2)} ms vs goal 100 ms: ${goal ? "PASS" : "FAIL"}`);
if (remote.length !== EVENTS) console.log(`LOST ${EVENTS - remote.length} events`);

await Promise.all([a.close(), b.close()]);
const { createClient } = await import("redis");
const redis = createClient({ url });
await redis.connect();
for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*` })) if (keys.length) await redis.del(keys);
await redis.quit();

// Two app instances (A and B) on one PostgreSQL and one Redis, no sticky sessions: a comparison
// started on A is followed on B with each event's lag measured, stopped from B, retried from B,
// revealed by a vote on B, claimed by one instance only, and when A is killed mid-stream B marks
// its panes interrupted (partial text kept) within 30 s.
// Run: TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx vitest run -c vitest.multi.config.ts
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompareEvent } from "@/lib/compare/events";
import { startCluster, type Cluster, type Instance } from "./cluster";

const OPENAI = "openai:gpt-4o-mini";
const AZURE = "azure:prod-mini";
let cluster: Cluster;

/** A prompt whose answers the emulator streams at `tokensPerSecond` (one word a token). */
function paced(words: number, tokensPerSecond: number, tag = "") {
  const text = Array.from({ length: words }, (_, i) => `w${i}${tag}`).join(" ");
  return `Count for me ${tag} [[emulate:${JSON.stringify({ text, tokensPerSecond, ttftMs: 20 })}]]`;
}

type Timed = { event: CompareEvent; at: number };

/** Reads an NDJSON response as it arrives, with each event's arrival time (performance.now()). */
class EventReader {
  readonly events: Timed[] = [];
  readonly ended: Promise<void>;
  private waiters: (() => void)[] = [];

  constructor(readonly res: Response) {
    this.ended = this.pump();
  }

  private async pump() {
    const reader = this.res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const at = performance.now();
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) if (line.trim()) this.events.push({ event: JSON.parse(line) as CompareEvent, at });
      for (const w of this.waiters.splice(0)) w();
    }
    for (const w of this.waiters.splice(0)) w();
  }

  /** The first event (from `from` on) that matches; fails after `timeoutMs`. */
  async next(match: (e: CompareEvent) => boolean, timeoutMs = 15_000, from = 0): Promise<Timed> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find((t) => match(t.event));
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching event in ${timeoutMs} ms; got ${this.events.map((t) => t.event.type).join(",")}`);
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), new Promise((r) => setTimeout(r, 200)), this.ended]);
    }
  }

  of<T extends CompareEvent["type"]>(type: T): Extract<CompareEvent, { type: T }>[] {
    return this.events.map((t) => t.event).filter((e): e is Extract<CompareEvent, { type: T }> => e.type === type);
  }
}

function post(instance: Instance, path: string, body: unknown) {
  return fetch(`${instance.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: instance.url },
    body: JSON.stringify(body),
  });
}

async function start(instance: Instance, body: Record<string, unknown>): Promise<{ id: string; stream: EventReader }> {
  const res = await post(instance, "/api/v1/comparisons", body);
  expect(res.status).toBe(200);
  const stream = new EventReader(res);
  const first = (await stream.next((e) => e.type === "comparison")).event;
  return { id: first.type === "comparison" ? first.id : "", stream };
}

function follow(instance: Instance, id: string): Promise<EventReader> {
  return fetch(`${instance.url}/api/v1/comparisons/${id}/events`).then((res) => {
    expect(res.status).toBe(200);
    return new EventReader(res);
  });
}

type AnswerView = { pane: number; status: string; text: string; error: { code: string } | null };
async function answersOf(instance: Instance, id: string): Promise<AnswerView[]> {
  const res = await fetch(`${instance.url}/api/v1/comparisons/${id}`);
  expect(res.status).toBe(200);
  const view = (await res.json()) as { turns: { answers: AnswerView[] }[] };
  return view.turns.at(-1)!.answers;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

beforeAll(async () => {
  cluster = await startCluster();
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

describe("two instances, one database and one Redis", () => {
  it("follows on B a comparison started on A, each event within a bound of A's", async () => {
    const { id, stream: onA } = await start(cluster.a, { prompt: paced(240, 80), models: [OPENAI, AZURE] });
    await onA.next((e) => e.type === "text-delta");
    const onB = await follow(cluster.b, id);
    await Promise.all([onA.ended, onB.ended]);

    // B: a snapshot per pane, then every later event, then done; its text ends as A's
    const snapshots = onB.of("pane-snapshot");
    expect(snapshots.map((s) => s.pane).sort()).toEqual([0, 1]);
    expect(onB.events.at(-1)!.event.type).toBe("done");
    const textOf = (r: EventReader, pane: number) =>
      (r.of("pane-snapshot").find((s) => s.pane === pane)?.text ?? "") +
      r
        .of("text-delta")
        .filter((d) => d.pane === pane)
        .map((d) => d.delta)
        .join("");
    for (const pane of [0, 1]) expect(textOf(onB, pane)).toBe(textOf(onA, pane));

    // lag: when B got each text-delta after the snapshots, against when A (the instance running it) sent it
    const key = (pane: number, length: number) => `${pane}:${length}`;
    const sentAt = new Map<string, number>();
    const lengthA = [0, 0];
    for (const t of onA.events)
      if (t.event.type === "text-delta") sentAt.set(key(t.event.pane, (lengthA[t.event.pane]! += t.event.delta.length)), t.at);
    const lengthB = [0, 1].map((pane) => snapshots.find((s) => s.pane === pane)!.text.length);
    const lags: number[] = [];
    for (const t of onB.events) {
      if (t.event.type !== "text-delta") continue;
      const at = sentAt.get(key(t.event.pane, (lengthB[t.event.pane]! += t.event.delta.length)));
      if (at !== undefined) lags.push(t.at - at);
    }
    lags.sort((x, y) => x - y);
    expect(lags.length).toBeGreaterThan(100);
    const [p50, p90, p99] = [50, 90, 99].map((p) => percentile(lags, p));
    console.log(
      `[multi] lag of B behind A over ${lags.length} events: p50 ${p50!.toFixed(1)} ms, p90 ${p90!.toFixed(1)} ms, p99 ${p99!.toFixed(1)} ms, max ${lags.at(-1)!.toFixed(1)} ms`,
    );
    // the goal is 100 ms; on a loaded 2-core machine a rare stall of a process (GC, the
    // scheduler) can exceed it, so the bulk must meet it and the tail must stay well under a second
    expect(p90!).toBeLessThan(100);
    expect(p99!).toBeLessThan(500);

    // the database has what both streams showed
    const stored = await answersOf(cluster.b, id);
    for (const pane of [0, 1]) expect(stored[pane]!.text).toBe(textOf(onA, pane));
  });

  it("stops from B what runs on A; a retry from B runs on B and A's readers see it; one running turn per comparison", async () => {
    const { id, stream: onA } = await start(cluster.a, { prompt: paced(400, 25, "s"), models: [OPENAI, AZURE] });
    await onA.next((e) => e.type === "text-delta" && e.pane === 0);

    // while A runs the turn, neither instance may start another one or retry a running pane
    const followUp = await post(cluster.b, `/api/v1/comparisons/${id}/turns`, { prompt: "And then?" });
    expect(followUp.status).toBe(409);
    expect(((await followUp.json()) as { error: { code: string } }).error.code).toBe("conflict");
    const retryRunning = await post(cluster.b, `/api/v1/comparisons/${id}/panes/0/retry`, {});
    expect(retryRunning.status).toBe(409);

    const asked = performance.now();
    const stop = await post(cluster.b, `/api/v1/comparisons/${id}/stop`, { pane: 1 });
    expect(stop.status).toBe(200);
    expect(await stop.json()).toEqual({ stopped: 1 });
    const stopped = await onA.next((e) => e.type === "pane-finish" && e.pane === 1, 5_000);
    expect(stopped.event).toMatchObject({ status: "stopped" });
    console.log(`[multi] stop from B ended A's pane in ${(stopped.at - asked).toFixed(0)} ms`);
    expect(await (await post(cluster.b, `/api/v1/comparisons/${id}/stop`, {})).json()).toEqual({ stopped: 1 });
    await onA.ended;
    expect(onA.of("pane-finish").map((f) => f.status)).toEqual(["stopped", "stopped"]);

    // a retry from B runs on B; a reader on A follows it
    const retry = await post(cluster.b, `/api/v1/comparisons/${id}/panes/1/retry`, {});
    expect(retry.status).toBe(200);
    const retriedOnB = new EventReader(retry);
    const onA2 = await follow(cluster.a, id);
    await Promise.all([retriedOnB.ended, onA2.ended]);
    expect(onA2.of("pane-snapshot").length + onA2.of("pane-start").length).toBeGreaterThan(0);
    expect(onA2.events.at(-1)!.event.type).toBe("done");
    const stored = await answersOf(cluster.a, id);
    expect(stored[1]).toMatchObject({ status: "done" });
    expect(stored[0]).toMatchObject({ status: "stopped" });

    // two follow-ups at once, one on each instance: the database lets one run
    const [x, y] = await Promise.all([
      post(cluster.a, `/api/v1/comparisons/${id}/turns`, { prompt: `${paced(30, 200, "x")}` }),
      post(cluster.b, `/api/v1/comparisons/${id}/turns`, { prompt: `${paced(30, 200, "y")}` }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    await Promise.all([x, y].map((r) => r.arrayBuffer()));
  });

  it("a vote on B reveals A's blind stream", async () => {
    const { id, stream: first } = await start(cluster.a, { prompt: paced(20, 400, "v"), models: [OPENAI, AZURE], blind: true });
    await first.ended;
    expect(first.of("pane-start").map((s) => s.model)).toEqual(["", ""]);

    // a second turn streams on A, sealed
    const res = await post(cluster.a, `/api/v1/comparisons/${id}/turns`, { prompt: paced(200, 60, "v2") });
    expect(res.status).toBe(200);
    const onA = new EventReader(res);
    await onA.next((e) => e.type === "text-delta");
    expect(onA.of("pane-start").map((s) => s.model)).toEqual(["", ""]);

    // the vote on turn 0, sent to B, reveals the comparison: A's stream now shows the clouds' metrics
    const vote = await post(cluster.b, `/api/v1/comparisons/${id}/votes`, { turn: 0, outcome: "a" });
    expect(vote.status).toBe(201);
    expect(((await vote.json()) as { blind: boolean }).blind).toBe(true);
    const votedAt = onA.events.length;
    await onA.ended;
    const finishes = onA.events.slice(votedAt).filter((t) => t.event.type === "pane-finish");
    expect(finishes).toHaveLength(2);
    for (const f of finishes) expect(f.event.type === "pane-finish" && f.event.metrics.ttftMs).toBeGreaterThan(0);
  });

  it("when A is killed mid-stream, B marks its panes interrupted within 30 s and keeps their text", async () => {
    const { id, stream: onA } = await start(cluster.a, { prompt: paced(2000, 40, "k"), models: [OPENAI, AZURE] });
    await onA.next((e) => e.type === "text-delta");
    const onB = await follow(cluster.b, id);
    await onB.next((e) => e.type === "text-delta", 5_000);
    // the answer writer stores text every 400 ms
    await new Promise((r) => setTimeout(r, 1200));
    const killed = performance.now();
    cluster.a.child.kill("SIGKILL");

    const interrupted = await onB.next((e) => e.type === "pane-error" && e.error.code === "interrupted", 35_000);
    const after = interrupted.at - killed;
    console.log(`[multi] B marked A's panes interrupted ${(after / 1000).toFixed(1)} s after SIGKILL`);
    expect(after).toBeLessThan(30_000);
    await onB.next((e) => e.type === "done", 5_000);
    expect(
      onB
        .of("pane-error")
        .map((e) => e.pane)
        .sort(),
    ).toEqual([0, 1]);

    const stored = await answersOf(cluster.b, id);
    for (const a of stored) {
      expect(a).toMatchObject({ status: "error", error: { code: "interrupted" } });
      expect(a.text.length).toBeGreaterThan(0);
    }
  }, 60_000);
});

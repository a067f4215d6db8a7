// The copy of a run that runs elsewhere (lib/live/runs.ts) over the recording in-memory transport:
// a late reader gets the state of each pane, then the events as they come, sealed while blind.
import { afterEach, describe, expect, it } from "vitest";
import type { CompareEvent } from "@/lib/compare/events";
import { ComparisonRun, runs } from "@/lib/compare/hub";
import { emptyMetrics } from "@/lib/compare/metrics";
import { attachLive, followLive, handleControl, revealEverywhere } from "@/lib/live/runs";
import { MemoryTransport } from "@/lib/live/transport";

const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => runs.clear());

function producer(transport: MemoryTransport, id: string, { sealed = false } = {}) {
  const run = new ComparisonRun(id, 0);
  run.sealed = sealed;
  run.ownerId = "u1";
  attachLive(run, transport);
  for (const pane of [0, 1]) {
    run.addPane(pane, 0).status = "streaming";
    run.emit({ type: "pane-start", pane, turn: 0, model: `m${pane}` });
  }
  return run;
}

describe("live runs across instances", () => {
  it("a late reader gets a snapshot per pane, then each event, then done", async () => {
    const transport = new MemoryTransport({ record: true });
    const run = producer(transport, "c1");
    run.emit({ type: "text-delta", pane: 0, turn: 0, delta: "Hel" });
    run.emit({ type: "reasoning-delta", pane: 1, turn: 0, delta: "hmm" });

    const followed = await followLive("c1", transport);
    expect(followed).not.toBeNull();
    const got: CompareEvent[] = [];
    followed!.run.subscribe((e) => got.push(e));
    expect(got).toMatchObject([
      { type: "pane-snapshot", pane: 0, text: "Hel", status: "streaming" },
      { type: "pane-snapshot", pane: 1, reasoning: "hmm" },
    ]);

    run.emit({ type: "text-delta", pane: 0, turn: 0, delta: "lo" });
    for (const pane of [0, 1]) {
      run.emit({ type: "pane-finish", pane, turn: 0, status: "done", metrics: { ...emptyMetrics(), ttftMs: 12 }, responseId: null });
      run.endPane(run.panes.get(pane)!);
    }
    await tick();
    expect(got.slice(2).map((e) => e.type)).toEqual(["text-delta", "pane-finish", "pane-finish", "done"]);
    expect(followed!.run.panes.get(0)!.text).toBe("Hello");
    expect(followed!.run.active).toBe(false);
    followed!.release();
  });

  it("seals a blind run's copy until the reveal, which every copy and run obeys", async () => {
    const transport = new MemoryTransport({ record: true });
    const run = producer(transport, "c2", { sealed: true });
    const followed = (await followLive("c2", transport))!;
    const got: CompareEvent[] = [];
    followed.run.subscribe((e) => got.push(e));
    const finish = (pane: number): CompareEvent => ({
      type: "pane-finish",
      pane,
      turn: 0,
      status: "done",
      metrics: { ...emptyMetrics(), ttftMs: 30 },
      responseId: "resp_1",
    });
    run.emit({ type: "reasoning-delta", pane: 0, turn: 0, delta: "secret" });
    run.emit(finish(0));
    await tick();
    expect(got.find((e) => e.type === "reasoning-delta")).toBeUndefined();
    expect(got.find((e) => e.type === "pane-finish")).toMatchObject({ metrics: { ttftMs: null }, responseId: null });

    runs.set("c2", run);
    revealEverywhere("c2", transport);
    expect(run.sealed).toBe(false);
    expect(followed.run.sealed).toBe(false);
    expect((await transport.meta("c2"))!.sealed).toBe(false);
    run.emit(finish(1));
    await tick();
    expect(got.at(-1)).toMatchObject({ type: "pane-finish", pane: 1, metrics: { ttftMs: 30 }, responseId: "resp_1" });
    followed.release();
  });

  it("a stop message aborts the running panes of the instance that runs them", () => {
    const run = new ComparisonRun("c3", 0);
    const a = run.addPane(0, 0);
    const b = run.addPane(1, 0);
    a.status = b.status = "streaming";
    runs.set("c3", run);
    handleControl({ type: "stop", id: "c3", pane: 1, from: "other" });
    expect(a.abort.signal.aborted).toBe(false);
    expect(b.abort.signal.aborted).toBe(true);
    handleControl({ type: "stop", id: "c3", from: "other" });
    expect(a.abort.signal.aborted).toBe(true);
  });

  it("without a shared transport nothing is followed elsewhere", async () => {
    const transport = new MemoryTransport();
    producer(transport, "c4");
    expect(await followLive("c4", transport)).toBeNull();
  });
});

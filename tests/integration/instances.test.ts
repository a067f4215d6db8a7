// Instance heartbeats, the sweeper of a stopped instance's answers, and the turn claimed in the
// database (lib/live/instances.ts, lib/compare/service.ts claimTurn) on the test database.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { addTurn, retryPane, startComparison } from "@/lib/compare/service";
import { runs } from "@/lib/compare/hub";
import { heartbeat, instanceId, sweepInterrupted } from "@/lib/live/instances";
import { MemoryTransport } from "@/lib/live/transport";
import { newId } from "@/lib/ids";
import { collect, OWNER, startHarness, type Harness } from "../helpers/compare-harness";
import { accessTo } from "../helpers/access";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.reset());

async function finished(prompt = "Say hi.") {
  const c = collect();
  const { id } = startComparison({ prompt, models: ["openai:gpt-4o-mini", "azure:prod-mini"] }, OWNER, {
    db: h.db,
    env: h.env,
    observe: c.observe,
  });
  await c.done;
  await runs.get(id)!.stored;
  return id;
}

/** Makes the latest turn's answers look as if `instance` were running them, with some text. */
async function runningOn(id: string, instance: string) {
  await h.db.answer.updateMany({
    where: { turn: { comparisonId: id } },
    data: { status: "streaming", instanceId: instance, text: "partial" },
  });
  runs.delete(id);
}

describe(`instances on ${inject("databaseKind")}`, () => {
  it("marks the running answers of an instance that stopped heartbeating interrupted, keeping their text, and tells the readers", async () => {
    const dead = `dead-${newId()}`;
    const alive = `alive-${newId()}`;
    await heartbeat(h.db, dead);
    await heartbeat(h.db, alive);
    await h.db.$executeRaw`UPDATE "Instance" SET "lastSeenAt" = now() - interval '60 seconds' WHERE "id" = ${dead}`;
    const [a, b] = [await finished(), await finished()];
    await runningOn(a, dead);
    await runningOn(b, alive);

    const transport = new MemoryTransport({ record: true });
    const marked = await sweepInterrupted(h.db, transport, instanceId());
    expect(marked.filter((m) => m.comparisonId === a)).toHaveLength(2);
    expect(marked.filter((m) => m.comparisonId === b)).toHaveLength(0);
    const answers = await h.db.answer.findMany({ where: { turn: { comparisonId: a } } });
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: "error", errorCode: "interrupted", text: "partial" });
      expect(answer.finishedAt).not.toBeNull();
    }
    expect((await h.db.answer.findMany({ where: { turn: { comparisonId: b } } })).map((x) => x.status)).toEqual(["streaming", "streaming"]);

    // readers of the turn get each pane's end and the turn's
    const events: string[] = [];
    const stop = transport.read(a, 0, (batch) =>
      events.push(...batch.map((e) => (e.type === "pane-error" ? `${e.type}:${e.pane}:${e.error.code}` : e.type))),
    );
    await new Promise((r) => setTimeout(r, 0));
    stop();
    expect(events).toEqual(["pane-error:0:interrupted", "pane-error:1:interrupted", "done"]);

    // this instance's own answers are never swept
    await runningOn(b, instanceId());
    expect((await sweepInterrupted(h.db, null, instanceId())).filter((m) => m.comparisonId === b)).toHaveLength(0);
    await h.db.answer.updateMany({ where: { turn: { comparisonId: b } }, data: { status: "done" } });
  });

  it("lets one follow-up run at a time: the database refuses a turn while another instance runs one", async () => {
    const id = await finished();
    const access = await accessTo(id, { db: h.db });
    await runningOn(id, `elsewhere-${newId()}`);
    await heartbeat(h.db, (await h.db.answer.findFirst({ where: { turn: { comparisonId: id } } }))!.instanceId!);
    await expect(addTurn(access, "More?", { db: h.db, env: h.env })).rejects.toMatchObject({ code: "conflict" });
    await expect(retryPane(access, 0, { db: h.db, env: h.env })).rejects.toMatchObject({ code: "conflict" });
    await h.db.answer.updateMany({ where: { turn: { comparisonId: id } }, data: { status: "done" } });

    // two follow-ups at once: one runs, the other gets 409
    const results = await Promise.allSettled([
      addTurn(access, "One?", { db: h.db, env: h.env }),
      addTurn(access, "Two?", { db: h.db, env: h.env }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict" });
    const won = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<Awaited<ReturnType<typeof addTurn>>>).value;
    await Promise.all([...won.run.panes.values()].map((p) => p.finished));
    expect(await h.db.turn.count({ where: { comparisonId: id } })).toBe(2);
    const answers = await h.db.answer.findMany({ where: { turn: { comparisonId: id, index: 1 } } });
    expect(answers.map((a) => a.instanceId)).toEqual([instanceId(), instanceId()]);
  });
});

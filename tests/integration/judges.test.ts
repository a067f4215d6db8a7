// Model judges against the provider emulator, through the real queue (pg-boss) and workers: both
// orders, reconciliation (consistent, inconsistent), an answer that breaks the verdict schema,
// the APIs' bad inputs and access, judged passes over an evaluation session (progress, cancel,
// spend cap), and source=human|judge|all on the leaderboard and the results.
//
// The emulator answers structured output with a sample of the schema (the enum's first value:
// "Answer 1" in both orders, so an unscripted judge is position-biased: inconsistent). A verdict
// is scripted per order by a [[emulate:{"text": ...}]] marker inside an answer's text: the judge
// prompt shows Answer 1 first, so the marker of the answer shown first is the one read.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";
import { startEvalHarness, type EvalHarness } from "../helpers/eval-harness";
import { makeSession } from "../helpers/evals-fixtures";

type Routes = {
  judgements: typeof import("@/app/api/v1/comparisons/[id]/judgements/route");
  evalJudgements: typeof import("@/app/api/v1/evals/[id]/judgements/route");
  leaderboard: typeof import("@/app/api/v1/leaderboard/route");
  results: typeof import("@/app/api/v1/evals/[id]/results/route");
};
let api: Routes;
let h: EvalHarness;
const JUDGE = "openai:gpt-4o-mini";

beforeAll(async () => {
  h = await startEvalHarness(inject("databaseUrl"));
  h.startWorkers();
  api = {
    judgements: await import("@/app/api/v1/comparisons/[id]/judgements/route"),
    evalJudgements: await import("@/app/api/v1/evals/[id]/judgements/route"),
    leaderboard: await import("@/app/api/v1/leaderboard/route"),
    results: await import("@/app/api/v1/evals/[id]/results/route"),
  };
});
afterAll(async () => {
  await (await import("@/lib/evals/run/queue")).stopEvalQueue();
  await h?.close();
});

const params = (cid: string) => ({ params: Promise.resolve({ id: cid }) });

/** An emulator marker making the judge answer `output` (a JSON value) when this text is shown first. */
const says = (output: unknown) => `[[emulate:${JSON.stringify({ text: JSON.stringify(output) })}]]`;

/** A comparison made in the database; `texts[t][p]` is pane p's answer in turn t (null: failed, no answer). */
async function comparison(models: [string, string][], texts: (string | null)[][], ownerId = LOCAL_USER_ID): Promise<string> {
  const cid = id();
  const made = await h.db.comparison.create({
    data: {
      id: cid,
      title: "judges test",
      ownerId,
      blind: true,
      panes: {
        create: models.map(([modelId, logicalModel], index) => ({
          id: id(),
          index,
          modelId,
          logicalModel,
          provider: modelId.split(":")[0]!,
          modelLabel: modelId,
        })),
      },
      turns: { create: texts.map((_, index) => ({ id: id(), index, prompt: `Question ${index}: explain one idea.` })) },
    },
    select: { panes: { select: { id: true, index: true } }, turns: { select: { id: true, index: true } } },
  });
  await h.db.answer.createMany({
    data: made.turns.flatMap((t) =>
      made.panes.map((p) => {
        const text = texts[t.index]![p.index];
        return { id: id(), turnId: t.id, paneId: p.id, status: text == null ? ("error" as const) : ("done" as const), text: text ?? "" };
      }),
    ),
  });
  return cid;
}

function ask(cid: string, body: unknown) {
  return api.judgements.POST(
    new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/judgements`, { method: "POST", body: JSON.stringify(body) }),
    params(cid),
  );
}
type Judgement = import("@/lib/judges/types").JudgementView;

const TWO: [string, string][] = [
  ["azure:prod-mini", "gpt-4o-mini"],
  ["bedrock:amazon.nova-pro-v1:0", "nova-pro"],
];

describe("asking a judge on a comparison turn", () => {
  it("judges the pair in both orders and keeps a verdict the orders agree on", { timeout: 30_000 }, async () => {
    // pane 0 shown first: "Answer 1" (= a); pane 1 shown first: "Answer 2" (= a again)
    const cid = await comparison(TWO, [
      [
        `A short correct answer. ${says({ verdict: "Answer 1", reason: "Answer 1 is correct." })}`,
        `A long wrong one. ${says({ verdict: "Answer 2", reason: "Answer 2 is correct." })}`,
      ],
    ]);
    const res = await ask(cid, { judge: JUDGE });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      done: boolean;
      judgements: Judgement[];
      pass: { status: string; progress: { total: number; done: number } };
    };
    expect(body.done).toBe(true);
    expect(body.pass).toMatchObject({ status: "completed", progress: { total: 1, done: 1 } });
    expect(body.judgements).toHaveLength(1);
    const j = body.judgements[0]!;
    expect(j).toMatchObject({
      kind: "pairwise",
      status: "done",
      verdict: "a",
      inconsistent: false,
      models: { a: TWO[0]![0], b: TWO[1]![0] },
    });
    expect(j.target).toMatchObject({ type: "comparison", turn: 0, paneA: 0, paneB: 1 });
    expect(j.calls.map((c) => [c.order, c.rawVerdict, c.verdict, c.reason])).toEqual([
      ["ab", "Answer 1", "a", "Answer 1 is correct."],
      ["ba", "Answer 2", "a", "Answer 2 is correct."],
    ]);
    for (const c of j.calls) {
      expect(c.costUsd).toBeGreaterThan(0);
      expect(c.usage.inputTokens).toBeGreaterThan(0);
      expect(c.usage.outputTokens).toBeGreaterThan(0);
      expect(c.timing.totalMs).not.toBeNull();
      expect(c.requestId).toBeTruthy();
    }
    expect(j.costUsd).toBeCloseTo(j.calls[0]!.costUsd! + j.calls[1]!.costUsd!, 8);
    // the judge saw the answers labelled by position, the rubric and structured output, twice
    const sent = h.emulator.requests.filter(
      (r) => r.provider === "openai" && JSON.stringify(r.body ?? "").includes("A short correct answer"),
    );
    expect(sent).toHaveLength(2);
    const wire = JSON.stringify(sent[0]!.body);
    expect(wire).toContain("Answer 1");
    expect(wire).toContain("Do not favour an answer because it is longer");
    expect(wire).toContain("json_schema");

    const listed = await api.judgements.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/judgements`), params(cid));
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { judgements: Judgement[] }).judgements.map((x) => x.id)).toEqual([j.id]);
  });

  it("makes verdicts that follow the position a tie marked inconsistent", { timeout: 30_000 }, async () => {
    // unscripted: the emulator's sample is "Answer 1" whichever answer is first
    const cid = await comparison(TWO, [["One answer.", "Another answer."]]);
    const body = (await (await ask(cid, { judge: JUDGE, rubric: { text: "Prefer the answer that is more polite." } })).json()) as {
      judgements: Judgement[];
    };
    const j = body.judgements[0]!;
    expect(j).toMatchObject({ status: "done", verdict: "tie", inconsistent: true, rubric: { builtin: false } });
    expect(j.calls.map((c) => c.verdict)).toEqual(["a", "b"]);
  });

  it("records an answer that does not match the verdict schema as a failed judgement, not a guess", { timeout: 30_000 }, async () => {
    const cid = await comparison(TWO, [
      [`First. ${says({ verdict: "maybe", reason: "unsure" })}`, `Second. ${says({ verdict: "maybe", reason: "unsure" })}`],
    ]);
    const body = (await (await ask(cid, { judge: JUDGE })).json()) as { judgements: Judgement[] };
    const j = body.judgements[0]!;
    expect(j.status).toBe("failed");
    expect(j.verdict).toBeNull();
    expect(j.error?.code).toBe("invalid_verdict");
    expect(j.error?.message).toMatch(/does not match the verdict schema/);
    expect(j.calls.every((c) => c.status === "failed" && c.verdict === null)).toBe(true);
  });

  it("judges every pair of a three-pane turn, and grades each answer with the single rubric", { timeout: 30_000 }, async () => {
    const three: [string, string][] = [...TWO, ["openai:gpt-4.1-mini", "gpt-4.1-mini"]];
    const cid = await comparison(three, [["x", "y", "z"]]);
    const pairs = (await (await ask(cid, { judge: JUDGE })).json()) as { judgements: Judgement[] };
    expect(
      pairs.judgements
        .map((j) => [j.target.type === "comparison" && j.target.paneA, j.target.type === "comparison" && j.target.paneB])
        .sort(),
    ).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const graded = (await (await ask(cid, { judge: JUDGE, rubric: "single" })).json()) as { judgements: Judgement[] };
    expect(graded.judgements).toHaveLength(3);
    for (const j of graded.judgements) {
      expect(j).toMatchObject({ kind: "single", status: "done", grade: 1, verdict: null });
      expect(j.calls.map((c) => c.order)).toEqual(["single"]);
    }
  });
});

describe("bad input and access", () => {
  const expectError = async (res: Response, status: number, field?: string) => {
    const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
    expect(res.status, JSON.stringify(body)).toBe(status);
    if (field) expect(body.error.field).toBe(field);
    return body.error;
  };

  it("answers 400 naming judge, rubric or turn, and 404 for an unknown comparison or turn", async () => {
    const cid = await comparison(TWO, [
      ["a", "b"],
      ["only one", null],
    ]);
    expect((await expectError(await ask(cid, { judge: "openai:no-such-model" }), 400, "judge")).message).toMatch(/catalog/);
    await expectError(await ask(cid, {}), 400, "judge");
    await expectError(await ask(cid, { judge: JUDGE, rubric: { text: "x".repeat(8001) } }), 400, "rubric");
    await expectError(await ask(cid, { judge: JUDGE, rubric: "lenient" }), 400, "rubric");
    // turn 1 has one answer (the other pane failed)
    expect((await expectError(await ask(cid, { judge: JUDGE, turn: 1 }), 400, "turn")).message).toMatch(/1 finished answer/);
    await expectError(await ask(cid, { judge: JUDGE, turn: 7 }), 404, "turn");
    await expectError(await ask(id(), { judge: JUDGE }), 404);
    // nothing was judged
    expect(await h.db.judgement.count({ where: { comparisonId: cid } })).toBe(0);
  });

  it("refuses a judge whose provider is not configured", async () => {
    const { parseEnv } = await import("@/lib/env");
    const { askJudge } = await import("@/lib/judges/service");
    const { accessTo } = await import("../helpers/access");
    const vars = { ...(emulatorEnv(h.emulator.url) as Record<string, string>) };
    for (const k of Object.keys(vars)) if (k.startsWith("OPENAI_")) delete vars[k];
    const cid = await comparison(TWO, [["a", "b"]]);
    await expect(
      askJudge(await accessTo(cid, { db: h.db }), { judge: JUDGE }, { db: h.db, queue: h.queue, env: parseEnv(vars) }),
    ).rejects.toMatchObject({
      code: "model_unavailable",
      field: "judge",
    });
  });

  it("hides someone else's comparison (404) from both methods", async () => {
    const other = await h.db.user.create({ data: { id: id(), name: "Someone else" } });
    const cid = await comparison(TWO, [["a", "b"]], other.id);
    await expectError(await ask(cid, { judge: JUDGE }), 404);
    await expectError(await api.judgements.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/judgements`), params(cid)), 404);
  });
});

describe("judge votes are kept apart", () => {
  it("never appear on a source=human board, and do with source=judge and source=all", { timeout: 30_000 }, async () => {
    // a fresh team so the board holds only this test's votes
    const team = await h.db.team.create({
      data: { id: id(), name: "judges board", members: { create: { userId: LOCAL_USER_ID, role: "owner" } } },
    });
    const made = await comparison(TWO, [
      [`P. ${says({ verdict: "Answer 1", reason: "r" })}`, `Q. ${says({ verdict: "Answer 2", reason: "r" })}`],
    ]);
    await h.db.comparison.update({ where: { id: made }, data: { teamId: team.id } });
    const res = await ask(made, { judge: JUDGE });
    expect(((await res.json()) as { judgements: Judgement[] }).judgements[0]!.verdict).toBe("a");
    const board = async (source?: string) => {
      const q = new URLSearchParams({ team: team.id, rounds: "20", ...(source ? { source } : {}) });
      const r = await api.leaderboard.GET(new Request(`http://127.0.0.1/api/v1/leaderboard?${q}`));
      expect(r.status).toBe(200);
      return (await r.json()) as { rows: { id: string; battles: number }[]; votes: number; source: string };
    };
    const human = await board();
    expect(human).toMatchObject({ source: "human", votes: 0, rows: [] });
    expect((await board("human")).rows).toEqual([]);
    const judge = await board("judge");
    expect(judge.votes).toBe(1);
    expect(judge.rows.map((r) => r.id).sort()).toEqual(["gpt-4o-mini", "nova-pro"]);
    expect((await board("all")).votes).toBe(1);
    const bad = await api.leaderboard.GET(new Request(`http://127.0.0.1/api/v1/leaderboard?source=robots`));
    expect(bad.status).toBe(400);
  });
});

describe("a judged pass over an evaluation session", () => {
  const MODELS = ["openai:gpt-4.1-nano", "azure:prod-mini"];
  async function session(prompts = 4) {
    const { ensureItems } = await import("@/lib/evals/items");
    const s = await makeSession(h.db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS,
      prompts: Array.from({ length: prompts }, (_, i) => ({ prompt: `Prompt ${i}` })),
    });
    await ensureItems(s.id, h.db);
    return s;
  }
  const post = (sid: string, body: unknown) =>
    api.evalJudgements.POST(
      new Request(`http://127.0.0.1/api/v1/evals/${sid}/judgements`, { method: "POST", body: JSON.stringify(body) }),
      params(sid),
    );
  const get = async (sid: string) =>
    (await (await api.evalJudgements.GET(new Request(`http://127.0.0.1/api/v1/evals/${sid}/judgements`), params(sid))).json()) as {
      passes: {
        id: string;
        status: string;
        progress: { total: number; done: number; failed: number; cancelled: number };
        spend: { chargedUsd: number; capUsd: number | null };
      }[];
      judgements: Judgement[];
    };
  const until = async (sid: string, ok: (p: Awaited<ReturnType<typeof get>>["passes"][number]) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const p = (await get(sid)).passes[0];
      if (p && ok(p)) return p;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the pass did not get there");
  };

  it(
    "judges every item in both orders with progress, stored as a judge (not a rater), and results take source=",
    { timeout: 60_000 },
    async () => {
      const s = await session(4);
      const items = await h.db.evalItem.count({ where: { sessionId: s.id } });
      expect(items).toBe(4);
      const res = await post(s.id, { judge: JUDGE });
      expect(res.status).toBe(202);
      const pass = await until(s.id, (p) => p.status === "completed");
      expect(pass.progress).toEqual({ total: 4, done: 4, failed: 0, cancelled: 0 });
      expect(pass.spend.chargedUsd).toBeGreaterThan(0);
      const { judgements } = await get(s.id);
      expect(judgements.every((j) => j.calls.length === 2 && j.target.type === "eval")).toBe(true);
      // no rater assignment was made for the judge: human agreement figures cannot include it
      expect(await h.db.evalAssignment.count({ where: { sessionId: s.id } })).toBe(0);
      const results = async (source?: string) => {
        const r = await api.results.GET(
          new Request(`http://127.0.0.1/api/v1/evals/${s.id}/results?rounds=20${source ? `&source=${source}` : ""}`),
          params(s.id),
        );
        expect(r.status).toBe(200);
        return (await r.json()) as { source: string; counts: { outcomes: number; ratings: number } };
      };
      expect(await results()).toMatchObject({ source: "human", counts: { outcomes: 0, ratings: 0 } });
      expect((await results("judge")).counts.outcomes).toBe(4);
      expect((await results("all")).counts.outcomes).toBe(4);
      // a second pass while none runs is fine; bad input names its field
      expect((await (await post(s.id, { judge: "nope:nope" })).json()).error.field).toBe("judge");
    },
  );

  it("stops at its spend cap and can be cancelled", { timeout: 60_000 }, async () => {
    const capped = await session(6);
    expect((await post(capped.id, { judge: JUDGE, spendCapUsd: 0.00002 })).status).toBe(202);
    const stopped = await until(
      capped.id,
      (p) =>
        (p.status === "capped" || p.status === "completed") &&
        p.progress.done + p.progress.failed + p.progress.cancelled === p.progress.total,
    );
    expect(stopped.status).toBe("capped");
    expect(stopped.spend.chargedUsd).toBeLessThanOrEqual(0.00002);
    expect(stopped.progress.cancelled).toBeGreaterThan(0);

    // slow judge calls, so the cancel lands while calls are queued
    h.emulator.setScript(`openai:gpt-4.1-mini`, { ttftMs: 400 });
    const s = await session(12);
    expect((await post(s.id, { judge: "openai:gpt-4.1-mini" })).status).toBe(202);
    const cancelled = await api.evalJudgements.DELETE(
      new Request(`http://127.0.0.1/api/v1/evals/${s.id}/judgements`, { method: "DELETE" }),
      params(s.id),
    );
    expect(cancelled.status).toBe(200);
    const p = await until(
      s.id,
      (x) => x.status === "cancelled" && x.progress.done + x.progress.failed + x.progress.cancelled === x.progress.total,
    );
    expect(p.progress.cancelled).toBeGreaterThan(0);
    h.emulator.setScript(`openai:gpt-4.1-mini`, null);
  });
});

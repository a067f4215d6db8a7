// How far to trust a judge, from a real database: comparisons with people's votes, an evaluation
// session rated by two people, and a judge's verdicts on both, made directly in the database so the
// hand computation below controls exactly who said what. Read through GET /api/v1/judges and the
// session's results (the judge as an extra rater, never in the people's agreement figures).
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { makeSession, makeUsers, newId } from "../helpers/evals-fixtures";
import { sessionAccessTo } from "../helpers/access";

let db: import("@/lib/generated/prisma/client").PrismaClient;
let lib: {
  trust: typeof import("@/lib/judges/trust-data");
  results: typeof import("@/lib/evals/results");
};
let api: { judges: typeof import("@/app/api/v1/judges/route") };

const tag = randomBytes(3).toString("hex");
// judges of this file only (the test database is shared with other files)
const J1 = `openai:trust-judge-${tag}`;
const J2 = `bedrock:trust-claude-${tag}`;
const MINI = "openai:gpt-4o-mini";
const HAIKU = "bedrock:claude-3-haiku";
let voters: string[];
let raters: string[];
let outsider: string;
let teamId: string;
let sessionId: string;
const items: Record<string, string> = {};

type Verdict = "a" | "b" | "tie" | "both_bad";

/** A pass + a done pairwise judgement (+ its two calls) of `judge` with the built-in rubric. */
async function judgement(
  judge: string,
  target: { turnId: string; comparisonId: string } | { itemId: string; sessionId: string },
  verdict: Verdict,
  { inconsistent = false, maker = judge.startsWith("openai:") ? "openai" : "anthropic" } = {},
) {
  const passId = newId();
  const logical = judge.split(":")[1]!;
  await db.judgePass.create({
    data: {
      id: passId,
      target: "turnId" in target ? "comparison" : "eval",
      comparisonId: "turnId" in target ? target.comparisonId : null,
      turnId: "turnId" in target ? target.turnId : null,
      evalSessionId: "itemId" in target ? target.sessionId : null,
      judgeModelId: judge,
      judgeProvider: judge.split(":")[0]!,
      judgeLabel: `Judge ${logical}`,
      judgeLogical: logical,
      judgeMaker: maker,
      rubricId: "pairwise",
      status: "completed",
    },
  });
  const id = newId();
  await db.judgement.create({
    data: {
      id,
      passId,
      kind: "pairwise",
      judgeModelId: judge,
      judgeLogical: logical,
      judgeMaker: maker,
      rubricId: "pairwise",
      ...("turnId" in target
        ? { comparisonId: target.comparisonId, turnId: target.turnId, paneA: 0, paneB: 1 }
        : { evalSessionId: target.sessionId, evalItemId: target.itemId }),
      modelA: MINI,
      modelB: HAIKU,
      logicalA: "gpt-4o-mini",
      logicalB: "claude-3-haiku",
      providerA: "openai",
      providerB: "bedrock",
      makerA: "openai",
      makerB: "anthropic",
      status: "done",
      verdict,
      inconsistent,
      finishedAt: new Date(),
    },
  });
  const [ab, ba] = inconsistent ? (["a", "b"] as const) : [verdict, verdict];
  await db.judgeCall.createMany({
    data: [
      { id: newId(), judgementId: id, order: "ab", status: "done", verdict: ab, reason: "r" },
      { id: newId(), judgementId: id, order: "ba", status: "done", verdict: ba, reason: "r" },
    ],
  });
}

/** A comparison of one turn, MINI (pane 0, 300 characters) against HAIKU (pane 1, 100), with people's votes. */
async function turn(votes: Verdict[], { blind = true } = {}): Promise<{ comparisonId: string; turnId: string }> {
  const comparisonId = newId();
  const turnId = newId();
  const paneIds = [newId(), newId()];
  await db.comparison.create({
    data: {
      id: comparisonId,
      title: "trust test",
      ownerId: LOCAL_USER_ID,
      blind,
      panes: {
        create: [MINI, HAIKU].map((modelId, index) => ({
          id: paneIds[index]!,
          index,
          modelId,
          logicalModel: modelId.split(":")[1]!,
          provider: modelId.split(":")[0]!,
          modelLabel: modelId,
        })),
      },
      turns: { create: [{ id: turnId, index: 0, prompt: "Which is better?" }] },
    },
  });
  await db.answer.createMany({
    data: [
      { id: newId(), turnId, paneId: paneIds[0]!, status: "done" as const, text: "x".repeat(300) },
      { id: newId(), turnId, paneId: paneIds[1]!, status: "done" as const, text: "y".repeat(100) },
    ],
  });
  for (const [i, outcome] of votes.entries()) {
    const voteId = newId();
    await db.vote.create({
      data: { id: voteId, comparisonId, turnId, voterId: voters[i]!, blind, kind: "pairwise", input: { outcome } },
    });
    await db.voteOutcome.create({
      data: {
        id: newId(),
        voteId,
        paneA: 0,
        paneB: 1,
        modelA: MINI,
        modelB: HAIKU,
        logicalA: "gpt-4o-mini",
        logicalB: "claude-3-haiku",
        providerA: "openai",
        providerB: "bedrock",
        outcome,
      },
    });
  }
  return { comparisonId, turnId };
}

async function rate(itemId: string, raterId: string, outcome: Verdict) {
  await db.evalAssignment.create({ data: { id: newId(), sessionId, itemId, raterId, outcome, ratedAt: new Date() } });
}

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  db = (await import("@/lib/db")).getDb();
  lib = { trust: await import("@/lib/judges/trust-data"), results: await import("@/lib/evals/results") };
  api = { judges: await import("@/app/api/v1/judges/route") };
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
  voters = await makeUsers(db, 3, "voter");
  raters = (await makeUsers(db, 2, "person")).sort();
  [outsider] = await makeUsers(db, 1, "outsider");
  const { rubricRow } = await import("@/lib/judges/service");
  await rubricRow(db, "pairwise", "pairwise", null);

  teamId = newId();
  await db.team.create({
    data: {
      id: teamId,
      name: "Trust team",
      members: {
        create: [
          { userId: LOCAL_USER_ID, role: "owner" },
          { userId: raters[0]!, role: "member" },
          { userId: raters[1]!, role: "member" },
        ],
      },
    },
  });
  // the team's session: model A = MINI (50 characters), B = HAIKU (500); three items and one gold item
  const s = await makeSession(db, {
    ownerId: LOCAL_USER_ID,
    teamId,
    name: "Judged session",
    models: [MINI, HAIKU],
    design: { pairwise: true, raters: 2, criteria: [] },
    prompts: [{ prompt: "p1" }, { prompt: "p2" }, { prompt: "p3" }, { prompt: "gold", reference: "ref", gold: true }],
    answer: (_i, m) => ({ text: m === MINI ? "a".repeat(50) : "b".repeat(500) }),
  });
  sessionId = s.id;
  await db.evalSession.update({ where: { id: sessionId }, data: { itemsBuiltAt: new Date() } });
  for (const [i, key] of ["I1", "I2", "I3", "G1"].entries()) {
    items[key] = newId();
    await db.evalItem.create({
      data: {
        id: items[key]!,
        sessionId,
        promptId: s.promptIds[i]!,
        answerAId: s.answerId(i, MINI),
        answerBId: s.answerId(i, HAIKU),
        goldSide: key === "G1" ? "a" : null,
        assigned: 2,
      },
    });
  }
  // people: I1 a/a, I2 b/b, I3 a/b (split), G1 a (first rater only)
  await rate(items.I1!, raters[0]!, "a");
  await rate(items.I1!, raters[1]!, "a");
  await rate(items.I2!, raters[0]!, "b");
  await rate(items.I2!, raters[1]!, "b");
  await rate(items.I3!, raters[0]!, "a");
  await rate(items.I3!, raters[1]!, "b");
  await rate(items.G1!, raters[0]!, "a");
});

type Row = import("@/lib/judges/trust-data").JudgeTrustRow;

async function judges(query: string): Promise<{ status: number; body: { judges: Row[]; error?: { code: string; field: string | null } } }> {
  const res = await api.judges.GET(new Request(`http://127.0.0.1/api/v1/judges?${query}`));
  return { status: res.status, body: await res.json() };
}

describe("the judge as an extra rater of a session", () => {
  let before: Awaited<ReturnType<typeof lib.results.computeResults>>;

  beforeAll(async () => {
    before = await lib.results.computeResults(await sessionAccessTo(sessionId, LOCAL_USER_ID, "evals:read"), { seed: 3, rounds: 200 });
    // J1 on the session: I1 a, I2 b, I3 a, G1 b (wrong)
    for (const [key, v] of [
      ["I1", "a"],
      ["I2", "b"],
      ["I3", "a"],
      ["G1", "b"],
    ] as const)
      await judgement(J1, { itemId: items[key]!, sessionId }, v);
  });

  it("leaves the people's figures exactly as they were", async () => {
    const after = await lib.results.computeResults(await sessionAccessTo(sessionId, LOCAL_USER_ID, "evals:read"), { seed: 3, rounds: 200 });
    expect(before.judges).toEqual([]);
    expect(after.agreement).toEqual(before.agreement);
    expect(after.scores).toEqual(before.scores);
    expect(after.matrices).toEqual(before.matrices);
    expect(after.counts).toEqual(before.counts);
    expect(after.agreement.raters.map((r) => r.id)).toEqual(raters);
  });

  it("agrees 3 of 3 with one person, 2 of 3 with the other, 2 of 2 with the majority; 0 of 1 gold", async () => {
    const r = await lib.results.computeResults(await sessionAccessTo(sessionId, LOCAL_USER_ID, "evals:read"), { seed: 3, rounds: 200 });
    expect(r.judges).toHaveLength(1);
    const j = r.judges[0]!;
    expect(j.judge).toMatchObject({ model: J1, label: `Judge trust-judge-${tag}`, maker: "openai" });
    expect(j.rubric).toEqual({ id: "pairwise", name: "Built-in pairwise", builtin: true });
    expect(j.judged).toBe(3);
    expect(j.gold).toMatchObject({ k: 0, n: 1, rate: 0 });
    const [first, second] = j.raters;
    // judge a b a; first a b a: kappa 1
    expect(first).toMatchObject({ rater: raters[0], n: 3, kappa: 1, raw: { k: 3, n: 3 } });
    // second a b b: p_o 2/3, p_e (2·1 + 1·2)/9 = 4/9, kappa 0.4
    expect(second).toMatchObject({ rater: raters[1], n: 3, raw: { k: 2, n: 3 } });
    expect(second!.kappa).toBeCloseTo(0.4, 12);
    expect(second!.kappaLow!).toBeLessThanOrEqual(0.4);
    expect(second!.kappaHigh!).toBeGreaterThanOrEqual(0.4);
    expect(j.majority).toMatchObject({ n: 2, kappa: 1, raw: { k: 2, n: 2 } });
    expect(j.tiedMajority).toBe(1);
  });

  it("share links see raters as Rater 1, Rater 2 in the judge section too", async () => {
    const r = await lib.results.computeResults(await sessionAccessTo(sessionId, LOCAL_USER_ID, "evals:read"), { seed: 3, rounds: 200 });
    const shared = lib.results.publicResults(r);
    expect(shared.judges[0]!.raters.map((x) => x.rater)).toEqual(["Rater 1", "Rater 2"]);
    expect(JSON.stringify(shared)).not.toContain(raters[0]!);
  });
});

describe("GET /api/v1/judges", () => {
  beforeAll(async () => {
    // T1 people a,a,b -> a; judge a.  T2 b,b -> b; judge a.  T3 a,b split; judge b.
    // T4 b -> b; judge's orders disagreed -> tie.  T5 a named vote only; judge b.  T6 no votes: J2 only.
    await judgement(J1, await turn(["a", "a", "b"]), "a");
    await judgement(J1, await turn(["b", "b"]), "a");
    await judgement(J1, await turn(["a", "b"]), "b");
    await judgement(J1, await turn(["b"]), "tie", { inconsistent: true });
    await judgement(J1, await turn(["a"], { blind: false }), "b");
    await judgement(J2, await turn([]), "a");
  });

  it("the figures of a judge against blind votes and the team's session, by hand", async () => {
    const { status, body } = await judges(`judge=${encodeURIComponent(J1)}&rounds=300`);
    expect(status).toBe(200);
    expect(body.judges).toHaveLength(1);
    const j = body.judges[0]!;
    expect(j.sources).toEqual({ comparisons: 5, evals: 4 });
    expect(j.judged).toBe(9);
    // T1-T4, I1-I3 (T5's vote is named, G1 is gold)
    expect(j.overlap).toBe(7);
    expect(j.tiedMajority).toBe(2);
    // compared: T1 a/a, T2 a/b, T4 tie/b, I1 a/a, I2 b/b -> 3 of 5.
    // judge a3 b1 tie1, people a2 b3: p_e = (3·2 + 1·3)/25 = 9/25; kappa = (15/25 - 9/25) / (16/25) = 0.375
    expect(j.majority.n).toBe(5);
    expect(j.majority.raw).toMatchObject({ k: 3, n: 5, rate: 0.6 });
    expect(j.majority.kappa).toBeCloseTo(0.375, 12);
    expect(j.majority.kappaLow).not.toBeNull();
    expect(j.gold).toMatchObject({ k: 0, n: 1 });
    expect(j.positionConsistency).toMatchObject({ k: 8, n: 9 });
    // longer side: A in comparisons (300 vs 100), B in the session (500 vs 50).
    // judge: T1 a ✓, T2 a ✓, T4 tie (no side), I1 a ✗, I2 b ✓ -> 3 of 4; people: T1 ✓, T2 ✗, T4 ✗, I1 ✗, I2 ✓ -> 2 of 5
    expect(j.lengthBias).toMatchObject({ pairs: 5, judge: { k: 3, n: 4 }, humans: { k: 2, n: 5 } });
    // own maker (openai) is side a everywhere: judge T1 ✓ T2 ✓ I1 ✓ I2 ✗ -> 3 of 4; people T1 ✓ I1 ✓ -> 2 of 5
    expect(j.selfPreference).toMatchObject({ pairs: 5, judge: { k: 3, n: 4 }, humans: { k: 2, n: 5 } });
    expect(j.notes).toContain("Picked the longer answer 75% of the time (n = 4); people did 40% on the same pairs (n = 5).");
  });

  it("mode=all counts the named vote too", async () => {
    const { body } = await judges(`judge=${encodeURIComponent(J1)}&mode=all&rounds=50`);
    expect(body.judges[0]!.majority.raw).toMatchObject({ k: 3, n: 6 });
  });

  it("a judge without overlap: null figures with n = 0, never 0, ranked after judges with a kappa", async () => {
    const { body } = await judges(`rubric=pairwise&rounds=50`);
    const mine = body.judges.filter((j) => j.judge.model === J1 || j.judge.model === J2);
    expect(mine.map((j) => j.judge.model)).toEqual([J1, J2]);
    const j2 = mine[1]!;
    expect(j2.overlap).toBe(0);
    expect(j2.majority).toMatchObject({ n: 0, kappa: null, kappaLow: null, raw: { n: 0, rate: null } });
    expect(j2.lengthBias.judge.rate).toBeNull();
    expect(j2.selfPreference.humans.rate).toBeNull();
    expect(j2.notes[0]).toMatch(/^No overlap/);
    const ranked = body.judges.map((j) => j.majority.kappa);
    const firstNull = ranked.indexOf(null);
    if (firstNull >= 0) expect(ranked.slice(firstNull).every((k) => k === null)).toBe(true);
  });

  it("team=: that team's session only; a non-member gets 404", async () => {
    const { body } = await judges(`team=${teamId}&judge=${encodeURIComponent(J1)}&rounds=50`);
    const j = body.judges[0]!;
    expect(j.sources).toEqual({ comparisons: 0, evals: 4 });
    expect(j.majority).toMatchObject({ n: 2, kappa: 1 });
    await expect(
      lib.trust.computeJudgesTrust(lib.trust.judgesQuerySchema.parse({ team: teamId }), { id: outsider }, { db }),
    ).rejects.toMatchObject({ code: "not_found" });
    const unknown = await judges(`team=${newId()}`);
    expect(unknown.status).toBe(404);
  });

  it("same seed, same intervals", async () => {
    const a = await judges(`judge=${encodeURIComponent(J1)}&seed=5&rounds=100`);
    const b = await judges(`judge=${encodeURIComponent(J1)}&seed=5&rounds=100`);
    expect(a.body).toEqual(b.body);
  });

  it.each([
    ["rounds=0", "rounds"],
    ["rounds=abc", "rounds"],
    ["rounds=999999", "rounds"],
    ["mode=loud", "mode"],
    ["team=x", "team"],
    ["judge=has%20space", "judge"],
    ["rubric=%3Cscript%3E", "rubric"],
    ["seed=1.5", "seed"],
  ])("bad input %s is a 400 naming %s", async (query, field) => {
    const { status, body } = await judges(query);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "validation", field });
  });

  it("an unknown parameter is a 400", async () => {
    const { status } = await judges("source=human");
    expect(status).toBe(400);
  });

  it("only GET (and HEAD, OPTIONS)", async () => {
    const res = await api.judges.POST(new Request("http://127.0.0.1/api/v1/judges", { method: "POST" }));
    expect(res.status).toBe(405);
  });
});

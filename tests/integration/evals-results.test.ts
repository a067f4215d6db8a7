// Results of a small hand-made session, with every number worked out by hand below; same seed =>
// same numbers; the export's content; share links and their 404s. Items and ratings are made
// directly in the database so the hand computation controls exactly what each rater said.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { makeSession, makeUsers, newId } from "../helpers/evals-fixtures";
import { sessionAccessTo } from "../helpers/access";

let db: import("@/lib/generated/prisma/client").PrismaClient;
let lib: {
  results: typeof import("@/lib/evals/results");
  shares: typeof import("@/lib/evals/shares");
  agreement: typeof import("@/lib/ratings/agreement");
};
let api: {
  results: typeof import("@/app/api/v1/evals/[id]/results/route");
  exportRoute: typeof import("@/app/api/v1/evals/[id]/export/route");
  shares: typeof import("@/app/api/v1/evals/[id]/shares/route");
  share: typeof import("@/app/api/v1/evals/[id]/shares/[shareId]/route");
};

const A = "openai:model-a";
const B = "azure:model-b";
const C = "bedrock:model-c";
let sessionId: string;
let raters: string[];
const items: Record<string, string> = {};

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  db = (await import("@/lib/db")).getDb();
  lib = {
    results: await import("@/lib/evals/results"),
    shares: await import("@/lib/evals/shares"),
    agreement: await import("@/lib/ratings/agreement"),
  };
  api = {
    results: await import("@/app/api/v1/evals/[id]/results/route"),
    exportRoute: await import("@/app/api/v1/evals/[id]/export/route"),
    shares: await import("@/app/api/v1/evals/[id]/shares/route"),
    share: await import("@/app/api/v1/evals/[id]/shares/[shareId]/route"),
  };
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
  raters = await makeUsers(db, 3, "judge");
  raters.sort();

  // prompts 0-3 are rated A vs B; prompt 4 only has speed data (B failed); C never answered
  const s = await makeSession(db, {
    ownerId: LOCAL_USER_ID,
    name: "Hand-made session",
    models: [A, B, C],
    design: {
      pairwise: true,
      raters: 3,
      criteria: [
        { key: "accuracy", name: "Accuracy", scale: "likert" },
        { key: "format", name: "Format", scale: "passfail" },
      ],
    },
    prompts: [{ prompt: '=HYPERLINK("http://evil")' }, { prompt: "q1" }, { prompt: "q2" }, { prompt: "q3" }, { prompt: "q4" }],
    answer: (i, m) =>
      m === C
        ? null
        : m === A
          ? { ttftMs: 100 * (i + 1), totalMs: 1000 + 100 * (i + 1), outputTokens: 100, costUsd: 0.001, text: `A answers ${i}` }
          : i === 4
            ? { status: "failed" }
            : { ttftMs: 50, totalMs: 550, outputTokens: 200, costUsd: 0.002, text: `B answers ${i}` },
  });
  sessionId = s.id;
  await db.evalSession.update({ where: { id: sessionId }, data: { itemsBuiltAt: new Date() } });
  for (let i = 0; i < 4; i++) {
    items[`I${i + 1}`] = newId();
    await db.evalItem.create({
      data: {
        id: items[`I${i + 1}`]!,
        sessionId,
        promptId: s.promptIds[i]!,
        answerAId: s.answerId(i, A),
        answerBId: s.answerId(i, B),
        assigned: 3,
      },
    });
  }
  // gold: G1 shows the reference on side a (b = an answer to another prompt), G2 on side b
  items.G1 = newId();
  items.G2 = newId();
  await db.evalItem.create({
    data: { id: items.G1, sessionId, promptId: s.promptIds[0]!, answerAId: null, answerBId: s.answerId(1, A), goldSide: "a", assigned: 3 },
  });
  await db.evalItem.create({
    data: { id: items.G2, sessionId, promptId: s.promptIds[1]!, answerAId: s.answerId(2, B), answerBId: null, goldSide: "b", assigned: 3 },
  });

  // [item, rater index, outcome, accuracy a, accuracy b, format a, format b]
  const table: [string, number, string, number, number, number, number][] = [
    ["I1", 0, "a", 5, 2, 1, 1],
    ["I1", 1, "a", 4, 2, 1, 1],
    ["I1", 2, "a", 5, 2, 1, 1],
    ["I2", 0, "a", 4, 3, 1, 1],
    ["I2", 1, "a", 4, 3, 1, 1],
    ["I2", 2, "b", 3, 4, 1, 1],
    ["I3", 0, "b", 2, 5, 0, 1],
    ["I3", 1, "b", 2, 5, 0, 1],
    ["I3", 2, "b", 1, 5, 0, 1],
    ["I4", 0, "tie", 3, 3, 1, 1],
    ["I4", 1, "a", 3, 2, 1, 1],
    ["I4", 2, "both_bad", 3, 1, 1, 1],
    ["G1", 0, "a", 5, 1, 1, 0],
    ["G1", 1, "a", 5, 1, 1, 0],
    ["G1", 2, "tie", 3, 3, 1, 1],
    ["G2", 0, "b", 1, 5, 0, 1],
    ["G2", 1, "a", 1, 5, 0, 1],
    ["G2", 2, "b", 1, 5, 0, 1],
  ];
  for (const [item, r, outcome, aa, ab, fa, fb] of table) {
    await db.evalAssignment.create({
      data: {
        id: newId(),
        sessionId,
        itemId: items[item]!,
        raterId: raters[r]!,
        swapped: r === 1,
        outcome,
        scores: { a: { accuracy: aa, format: fa }, b: { accuracy: ab, format: fb } },
        ratedAt: new Date(),
      },
    });
  }
  // a claimed, unrated item does not count anywhere
  const [late] = await makeUsers(db, 1, "late");
  await db.evalAssignment.create({ data: { id: newId(), sessionId, itemId: items.I1!, raterId: late!, swapped: false } });
});

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
async function results(query = "") {
  const res = await api.results.GET(new Request(`http://127.0.0.1/api/v1/evals/${sessionId}/results${query}`), ctx(sessionId));
  return { status: res.status, body: (await res.json()) as import("@/lib/evals/results").EvalResults & { error?: { field: string } } };
}

describe("results of the hand-made session", () => {
  it("Bradley-Terry scores, counts, win rates, both-bad and votes still needed", async () => {
    const { status, body } = await results("?rounds=200&seed=7");
    expect(status).toBe(200);
    // gold items are left out: 12 outcomes between A and B
    expect(body.counts).toEqual({ items: 4, goldItems: 2, ratings: 18, raters: 3, outcomes: 12 });
    const [first, second] = body.scores;
    expect(first).toMatchObject({ id: A, battles: 12, wins: 6, losses: 4, ties: 1, bothBad: 1, rankUB: 1 });
    expect(second).toMatchObject({ id: B, battles: 12, wins: 4, losses: 6, ties: 1, bothBad: 1 });
    // two models, no prior: the gap is 400·log10((6 + 2/2) / (4 + 2/2)) around a mean of 1000
    const gap = 400 * Math.log10(7 / 5);
    expect(first!.score).toBeCloseTo(1000 + gap / 2, 3);
    expect(second!.score).toBeCloseTo(1000 - gap / 2, 3);
    expect(first!.ciLow!).toBeLessThanOrEqual(first!.score);
    expect(first!.ciHigh!).toBeGreaterThanOrEqual(first!.score);
    expect(body.unrated).toEqual([C]);
    // win rate of A over B: (6 wins + 2 ties/both-bad as half) / 12
    expect(body.matrices.models.slice(0, 2)).toEqual([A, B]);
    expect(body.matrices.winRate[0]![1]).toBeCloseTo(7 / 12, 10);
    expect(body.matrices.battles[0]![1]).toBe(12);
    expect(body.bothBad.find((r) => r.id === A)).toEqual({ id: A, rate: 1 / 12, count: 1, battles: 12 });
    // Wilson: 0.5 leaves the 95% interval once n > 1.96² / (4 (p - 0.5)²) = 3.8415 · 36 = 138.3 -> 139, minus the 12 had
    expect(body.votesNeeded).toMatchObject({ a: A, b: B, battles: 12, method: "wilson", decided: false, required: 139, needed: 127 });
    // 12 ratings each, 10 needed by default: not provisional; every rating is one vote here
    expect(body.minBattles).toBe(10);
    expect(body.scores.map((r) => [r.votes, r.provisional])).toEqual([
      [12, false],
      [12, false],
    ]);
  });

  it("agreement: alpha, kappa and majority by hand; gold accuracy flags raters under 80%", async () => {
    const { body } = await results("?rounds=50");
    const [r0, r1, r2] = raters;
    const vote = body.agreement.measures.find((m) => m.key === "outcome")!;
    // coincidences: n_a = 6, n_b = 4, n_tie = 1, n_bothbad = 1 (n = 12); D_o = 5/12, D_e = 90/132
    expect(vote.alpha).toBeCloseTo(7 / 18, 12);
    expect(vote.units).toBe(4);
    const kappa = (x: string, y: string) => vote.kappa.find((k) => k.raterA === x && k.raterB === y)!.kappa;
    expect(kappa(r0!, r1!)).toBeCloseTo(5 / 9, 12); // p_o 3/4, p_e 7/16
    expect(kappa(r0!, r2!)).toBeCloseTo(1 / 3, 12); // p_o 1/2, p_e 4/16
    expect(kappa(r1!, r2!)).toBeCloseTo(3 / 11, 12); // p_o 1/2, p_e 5/16
    const majority = new Map(vote.majority.map((m) => [m.rater, m]));
    expect(majority.get(r0!)).toMatchObject({ agreement: 1, items: 2, agreed: 2, ties: 2 });
    expect(majority.get(r1!)).toMatchObject({ agreement: 1, items: 2, agreed: 2, ties: 2 });
    expect(majority.get(r2!)).toMatchObject({ agreed: 2, items: 3, ties: 1 });
    expect(majority.get(r2!)!.agreement).toBeCloseTo(2 / 3, 12);

    // accuracy: ordinal alpha over units (item, side), the same matrix written out by hand
    const accuracy = body.agreement.measures.find((m) => m.key === "accuracy")!;
    expect(accuracy.level).toBe("ordinal");
    const byHand = lib.agreement.krippendorffAlpha(
      [
        [5, 4, 5],
        [2, 2, 2],
        [4, 4, 3],
        [3, 3, 4],
        [2, 2, 1],
        [5, 5, 5],
        [3, 3, 3],
        [3, 2, 1],
      ],
      { level: "ordinal", order: [1, 2, 3, 4, 5] },
    );
    expect(accuracy.alpha).toBeCloseTo(byHand.alpha!, 12);
    expect(accuracy.units).toBe(8);
    expect(body.agreement.measures.find((m) => m.key === "format")!.level).toBe("nominal");

    expect(body.agreement.gold).toEqual([
      { rater: r0, items: 2, correct: 2, accuracy: 1, flagged: false },
      { rater: r1, items: 2, correct: 1, accuracy: 0.5, flagged: true },
      { rater: r2, items: 2, correct: 1, accuracy: 0.5, flagged: true },
    ]);
    expect(body.agreement.raters.map((r) => r.id)).toEqual(raters);
  });

  it("criterion means per model over items, with seeded bootstrap intervals", async () => {
    const { body } = await results("?rounds=300&seed=3");
    const accuracy = body.criteria.find((c) => c.key === "accuracy")!;
    const a = accuracy.rows.find((r) => r.id === A)!;
    const b = accuracy.rows.find((r) => r.id === B)!;
    // item means of A: 14/3, 11/3, 5/3, 3 -> 13/4; of B: 2, 10/3, 5, 2 -> 37/12 (gold items left out)
    expect(a.mean).toBeCloseTo(13 / 4, 12);
    expect(b.mean).toBeCloseTo(37 / 12, 12);
    expect(a).toMatchObject({ items: 4, ratings: 12 });
    expect(a.ciLow!).toBeGreaterThanOrEqual(5 / 3);
    expect(a.ciHigh!).toBeLessThanOrEqual(14 / 3);
    expect(a.ciLow!).toBeLessThan(a.mean);
    expect(a.ciHigh!).toBeGreaterThan(a.mean);
    const format = body.criteria.find((c) => c.key === "format")!;
    expect(format.rows.find((r) => r.id === A)!.mean).toBe(0.75);
    expect(format.rows.find((r) => r.id === B)).toMatchObject({ mean: 1, ciLow: 1, ciHigh: 1 });
  });

  it("speed and cost per model from the answers, and cost per win", async () => {
    const { body } = await results("?rounds=10");
    const a = body.speed.find((r) => r.id === A)!;
    const b = body.speed.find((r) => r.id === B)!;
    // A: TTFT 100..500 (p50 300, p95 400 + 0.8·100), 100 tokens in 1000 ms each
    expect(a).toMatchObject({
      answers: 5,
      failed: 0,
      errorRate: 0,
      ttftP50Ms: 300,
      ttftP95Ms: 480,
      tokensPerSecondP50: 100,
      totalMsP50: 1300,
    });
    expect(a.costUsd).toBeCloseTo(0.005, 10);
    expect(a.costPer1kOutputUsd).toBeCloseTo(0.01, 10);
    // wins per item averaged over raters: 1 + 2/3 + 0 + (0.5+1+0.5)/3 = 7/3; cost of the 4 compared answers 0.004
    expect(a.wins).toBeCloseTo(7 / 3, 12);
    expect(a.costPerWinUsd).toBeCloseTo(0.004 / (7 / 3), 12);
    expect(b).toMatchObject({ answers: 5, failed: 1, errorRate: 0.2, ttftP50Ms: 50 });
    expect(b.wins).toBeCloseTo(5 / 3, 12);
    expect(b.costPerWinUsd).toBeCloseTo(0.008 / (5 / 3), 12);
    expect(body.speed.find((r) => r.id === C)).toMatchObject({ answers: 0, costPerWinUsd: null, ttftP50Ms: null });
  });

  it("same seed, same numbers; another seed moves only the intervals", async () => {
    const one = (await results("?seed=11&rounds=300")).body;
    const again = (await results("?seed=11&rounds=300")).body;
    expect(again).toEqual(one);
    // intervals over this tiny session take few distinct values, so look at several other seeds
    const intervals = (b: typeof one) =>
      JSON.stringify([b.scores.map((r) => [r.ciLow, r.ciHigh]), b.criteria.map((c) => c.rows.map((r) => [r.ciLow, r.ciHigh]))]);
    const others = await Promise.all([12, 13, 14, 15, 16].map(async (seed) => (await results(`?seed=${seed}&rounds=300`)).body));
    for (const other of others) expect(other.scores.map((r) => r.score)).toEqual(one.scores.map((r) => r.score));
    expect(others.some((other) => intervals(other) !== intervals(one))).toBe(true);
  });

  it("rows with fewer ratings than minBattles are provisional", async () => {
    const { status, body } = await results("?rounds=50&minBattles=13");
    expect(status).toBe(200);
    expect(body.minBattles).toBe(13);
    expect(body.scores.map((r) => r.provisional)).toEqual([true, true]);
    expect((await results("?rounds=50&minBattles=12")).body.scores.map((r) => r.provisional)).toEqual([false, false]);
  });

  it("bad query strings are a 400 naming the field", async () => {
    for (const [q, field] of [
      ["?minBattles=0", "minBattles"],
      ["?minBattles=abc", "minBattles"],
      ["?rounds=0", "rounds"],
      ["?rounds=abc", "rounds"],
      ["?seed=1.5", "seed"],
      ["?colour=red", ""],
    ] as const) {
      const { status, body } = await results(q);
      expect(status).toBe(400);
      if (field) expect(body.error!.field).toBe(field);
    }
  });
});

describe("export", () => {
  it("CSV: every answer and every rating with rater ids, formulas escaped", async () => {
    const res = await api.exportRoute.GET(new Request(`http://127.0.0.1/api/v1/evals/${sessionId}/export?format=csv`), ctx(sessionId));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="juxta-eval-hand-made-session-\d{4}-\d{2}-\d{2}\.csv"/);
    const { parse } = await import("csv-parse/sync");
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(["record", "rater_id", "outcome", "winner", "a_accuracy", "b_format", "text", "cost_usd", "usage_estimated"]),
    );
    const answers = rows.filter((r) => r.record === "answer");
    const ratings = rows.filter((r) => r.record === "rating");
    expect(answers).toHaveLength(10); // A: 5 done, B: 4 done + 1 failed, C: none
    expect(answers.filter((r) => r.status === "failed")).toHaveLength(1);
    // measured usage, not estimated (a stopped answer without the provider's usage would say "true")
    expect(answers.every((r) => r.usage_estimated === "false")).toBe(true);
    expect(ratings).toHaveLength(18); // the claimed, unrated item is not a rating
    expect(new Set(ratings.map((r) => r.rater_id))).toEqual(new Set(raters));
    // the formula prompt is text in a spreadsheet
    expect(rows.filter((r) => r.prompt_index === "0").every((r) => r.prompt === `'=HYPERLINK("http://evil")`)).toBe(true);
    const i2 = ratings.find((r) => r.item_id === items.I2 && r.rater_id === raters[2])!;
    expect(i2).toMatchObject({ outcome: "b", winner: B, model_a: A, model_b: B, a_accuracy: "3", b_accuracy: "4", gold: "false" });
    const g2 = ratings.find((r) => r.item_id === items.G2 && r.rater_id === raters[1])!;
    expect(g2).toMatchObject({ gold: "true", gold_side: "b", outcome: "a", winner: B });
  });

  it("JSONL: one object per line; 400 for an unknown format", async () => {
    const res = await api.exportRoute.GET(new Request(`http://127.0.0.1/api/v1/evals/${sessionId}/export?format=jsonl`), ctx(sessionId));
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { record: string; raterId?: string; scores?: unknown; text?: string });
    expect(lines.filter((l) => l.record === "answer")).toHaveLength(10);
    expect(lines.filter((l) => l.record === "rating")).toHaveLength(18);
    expect(lines.find((l) => l.record === "rating" && l.raterId === raters[0])!.scores).toHaveProperty("a.accuracy");
    const bad = await api.exportRoute.GET(new Request(`http://127.0.0.1/api/v1/evals/${sessionId}/export?format=xlsx`), ctx(sessionId));
    expect(bad.status).toBe(400);
  });
});

describe("share links", () => {
  const post = (id: string, body: unknown) =>
    api.shares.POST(
      new Request(`http://127.0.0.1:3999/api/v1/evals/${id}/shares`, { method: "POST", body: JSON.stringify(body) }),
      ctx(id),
    );

  it("a link shows the results without emails or user ids; revoked, expired, unknown and malformed tokens are the same null", async () => {
    const res = await post(sessionId, { expiresInDays: 7 });
    expect(res.status).toBe(201);
    const share = (await res.json()) as { id: string; url: string; status: string };
    expect(share.url).toMatch(/^http:\/\/127\.0\.0\.1:3999\/r\/[A-Za-z0-9_-]{43}$/);
    const token = share.url.split("/r/")[1]!;
    expect(await db.evalShare.count({ where: { tokenHash: token } })).toBe(0); // only the hash is stored

    const shown = await lib.shares.sharedResults(token, { seed: 1, rounds: 20 });
    expect(shown).not.toBeNull();
    const text = JSON.stringify(shown);
    for (const r of raters) expect(text).not.toContain(r);
    expect(text).not.toContain("@example.test");
    expect(text).not.toContain(sessionId);
    expect(shown!.agreement.raters.map((r) => r.label)).toEqual(["Rater 1", "Rater 2", "Rater 3"]);
    expect(shown!.scores[0]!.id).toBe(A);
    // the link's reader may set the provisional threshold as the team's page does (/r/<token>?minBattles=)
    expect(shown!.minBattles).toBe(10);
    const strict = await lib.shares.sharedResults(token, { seed: 1, rounds: 20, minBattles: 1000 });
    expect(strict!.minBattles).toBe(1000);
    expect(strict!.scores.every((r) => r.provisional)).toBe(true);

    const list = (await (await api.shares.GET(new Request("http://127.0.0.1/"), ctx(sessionId))).json()) as {
      shares: { id: string; status: string }[];
    };
    expect(list.shares.map((s) => s.id)).toContain(share.id);
    expect(JSON.stringify(list)).not.toContain(token);

    // an expired link
    const old = await lib.shares.createEvalShare(await sessionAccessTo(sessionId, LOCAL_USER_ID), {
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await lib.shares.sharedResults(old.token)).toBeNull();
    // unknown and malformed
    expect(await lib.shares.sharedResults("A".repeat(43))).toBeNull();
    expect(await lib.shares.sharedResults("../../etc/passwd")).toBeNull();
    // revoked: at once; revoking another session's link through this session is a 404
    const other = await makeSession(db, { ownerId: LOCAL_USER_ID, models: [A, B], prompts: [{ prompt: "x" }] });
    const wrong = await api.share.DELETE(new Request("http://127.0.0.1/", { method: "DELETE" }), {
      params: Promise.resolve({ id: other.id, shareId: share.id }),
    });
    expect(wrong.status).toBe(404);
    expect(await lib.shares.sharedResults(token, { seed: 1, rounds: 5 })).not.toBeNull();
    const del = await api.share.DELETE(new Request("http://127.0.0.1/", { method: "DELETE" }), {
      params: Promise.resolve({ id: sessionId, shareId: share.id }),
    });
    expect(del.status).toBe(204);
    expect(await lib.shares.sharedResults(token)).toBeNull();
  });

  it("needs evals:share: another person's session is 404, a team viewer 403; bad bodies are 400", async () => {
    const [owner] = await makeUsers(db, 1, "sharer");
    const personal = await makeSession(db, { ownerId: owner!, models: [A, B], prompts: [{ prompt: "x" }] });
    expect((await post(personal.id, {})).status).toBe(404);
    expect((await api.results.GET(new Request(`http://127.0.0.1/api/v1/evals/${personal.id}/results`), ctx(personal.id))).status).toBe(404);
    expect((await api.exportRoute.GET(new Request(`http://127.0.0.1/api/v1/evals/${personal.id}/export`), ctx(personal.id))).status).toBe(
      404,
    );
    const teamId = newId();
    await db.team.create({
      data: {
        id: teamId,
        name: "Viewers",
        members: {
          create: [
            { userId: owner!, role: "owner" },
            { userId: LOCAL_USER_ID, role: "viewer" },
          ],
        },
      },
    });
    const team = await makeSession(db, { ownerId: owner!, teamId, models: [A, B], prompts: [{ prompt: "x" }] });
    expect((await post(team.id, {})).status).toBe(403);
    // a viewer may read the results and the export
    expect((await api.results.GET(new Request(`http://127.0.0.1/api/v1/evals/${team.id}/results?rounds=5`), ctx(team.id))).status).toBe(
      200,
    );
    const before = await db.evalShare.count();
    const bad = await post(sessionId, { expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("expiresInDays");
    expect(await db.evalShare.count()).toBe(before);
  });
});

// The rating queue: items built once and balanced across model pairs, K raters per item, no rater
// twice, concurrent claims, blind and normalised items, validated ratings, gold items, access.
// Sessions are made directly in the database (tests/helpers/evals-fixtures.ts); the routes run in
// local mode (the viewer is the local user), other raters through lib/evals/queue.ts.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { makeSession, makeUsers, newId } from "../helpers/evals-fixtures";
import { raterOf } from "../helpers/access";

let db: import("@/lib/generated/prisma/client").PrismaClient;
let queue: typeof import("@/lib/evals/queue");
let items: typeof import("@/lib/evals/items");
let api: {
  next: typeof import("@/app/api/v1/evals/[id]/queue/next/route");
  ratings: typeof import("@/app/api/v1/evals/[id]/ratings/route");
  mine: typeof import("@/app/api/v1/evals/[id]/ratings/mine/route");
};

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  db = (await import("@/lib/db")).getDb();
  queue = await import("@/lib/evals/queue");
  items = await import("@/lib/evals/items");
  api = {
    next: await import("@/app/api/v1/evals/[id]/queue/next/route"),
    ratings: await import("@/app/api/v1/evals/[id]/ratings/route"),
    mine: await import("@/app/api/v1/evals/[id]/ratings/mine/route"),
  };
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

const MODELS4 = ["openai:gpt-4o-mini", "azure:prod-mini", "bedrock:amazon.nova-pro-v1:0", "ollama:llama3"];
const prompts = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `Question ${i}?` }));
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function getNext(id: string) {
  const res = await api.next.GET(new Request(`http://127.0.0.1/api/v1/evals/${id}/queue/next`), ctx(id));
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & {
      state: string;
      item?: import("@/lib/evals/queue").RateItem;
      error?: { field: string | null; message: string };
    },
  };
}
async function postRating(id: string, body: unknown) {
  const res = await api.ratings.POST(
    new Request(`http://127.0.0.1/api/v1/evals/${id}/ratings`, { method: "POST", body: JSON.stringify(body) }),
    ctx(id),
  );
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { error?: { field: string | null; message: string } },
  };
}

/** model pair of each item, as "x|y" sorted */
async function pairCounts(sessionId: string, answerModel: Map<string, string>) {
  const rows = await db.evalItem.findMany({ where: { sessionId }, select: { answerAId: true, answerBId: true, goldSide: true } });
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (r.goldSide) continue;
    const key = [answerModel.get(r.answerAId!)!, answerModel.get(r.answerBId!)!].sort().join("|");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
async function modelOfAnswers(sessionId: string) {
  const answers = await db.evalAnswer.findMany({ where: { sessionId }, select: { id: true, modelId: true, status: true } });
  return new Map(answers.map((a) => [a.id, a.modelId]));
}

describe("building items", () => {
  it("gives every model pair the same number of prompts, and is the same for the same session", async () => {
    const s = await makeSession(db, { ownerId: LOCAL_USER_ID, models: MODELS4, prompts: prompts(60) });
    expect(await items.ensureItems(s.id, db)).toBe(true);
    const counts = await pairCounts(s.id, await modelOfAnswers(s.id));
    expect(counts.size).toBe(6);
    expect([...counts.values()]).toEqual([10, 10, 10, 10, 10, 10]);
    // the plan is a pure function of the session (seed = session id): same input, same items
    const prompt = await db.evalPrompt.findMany({
      where: { sessionId: s.id },
      orderBy: { index: "asc" },
      select: { id: true, gold: true, reference: true },
    });
    const answers = await db.evalAnswer.findMany({
      where: { sessionId: s.id, status: "done" },
      select: { id: true, promptId: true, modelId: true },
    });
    const plan = (seed: string) =>
      items.planItems({ seed, design: { pairwise: true, criteria: [] }, models: MODELS4, prompts: prompt, answers });
    expect(plan(s.id)).toEqual(plan(s.id));
    expect(plan(s.id)).not.toEqual(plan("another-session-id"));
  });

  it("skips a pair whose answer failed for the next pair with both answers done, staying about balanced", async () => {
    // the third model fails on every fourth prompt; one prompt has only one done answer at all
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS4,
      prompts: prompts(61),
      answer: (i, m) => (i === 60 && m !== MODELS4[0] ? { status: "failed" } : m === MODELS4[2] && i % 4 === 0 ? { status: "failed" } : {}),
    });
    await items.ensureItems(s.id, db);
    const models = await modelOfAnswers(s.id);
    const done = new Set(
      (await db.evalAnswer.findMany({ where: { sessionId: s.id, status: "done" }, select: { id: true } })).map((a) => a.id),
    );
    const rows = await db.evalItem.findMany({ where: { sessionId: s.id } });
    expect(rows).toHaveLength(60); // the prompt with one done answer gets no item
    for (const r of rows) expect(done.has(r.answerAId!) && done.has(r.answerBId!)).toBe(true);
    const counts = [...(await pairCounts(s.id, models)).values()];
    expect(counts).toHaveLength(6);
    // 60 items over 6 pairs: 10 each, give or take one or two (worst spread over 300 seeds: 2)
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
  });

  it("waits for the run to end, then builds once even when called concurrently", async () => {
    const s = await makeSession(db, { ownerId: LOCAL_USER_ID, models: MODELS4.slice(0, 2), prompts: prompts(8), status: "running" });
    expect(await items.ensureItems(s.id, db)).toBe(false);
    const next = await getNext(s.id);
    expect(next.status).toBe(200);
    expect(next.body.state).toBe("not_ready");
    expect(await db.evalItem.count({ where: { sessionId: s.id } })).toBe(0);

    await db.evalSession.update({ where: { id: s.id }, data: { status: "capped" } });
    const results = await Promise.all(Array.from({ length: 6 }, () => items.ensureItems(s.id, db)));
    expect(results.every(Boolean)).toBe(true);
    expect(await db.evalItem.count({ where: { sessionId: s.id } })).toBe(8);
  });

  it("makes gold items: the reference on goldSide, an answer to another prompt on the other", async () => {
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS4.slice(0, 2),
      prompts: [
        ...prompts(6),
        { prompt: "What is 2 + 2?", reference: "2 + 2 = **4**.", gold: true },
        { prompt: "Capital of France?", reference: "Paris.", gold: true },
      ],
    });
    await items.ensureItems(s.id, db);
    const gold = await db.evalItem.findMany({ where: { sessionId: s.id, goldSide: { not: null } }, include: { prompt: true } });
    expect(gold).toHaveLength(2);
    for (const g of gold) {
      const other = g.goldSide === "a" ? g.answerBId : g.answerAId;
      expect(g.goldSide === "a" ? g.answerAId : g.answerBId).toBeNull();
      const answer = await db.evalAnswer.findUniqueOrThrow({ where: { id: other! }, include: { prompt: true } });
      expect(answer.promptId).not.toBe(g.promptId);
      expect(answer.prompt.gold).toBe(false);
    }
    // a regular item per non-gold prompt, none for the gold prompts
    expect(await db.evalItem.count({ where: { sessionId: s.id, goldSide: null } })).toBe(6);
  });

  it("criteria-only designs get one item per done answer", async () => {
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS4.slice(0, 3),
      prompts: prompts(5),
      design: { pairwise: false, criteria: [{ key: "accuracy", name: "Accuracy", scale: "likert" }] },
      answer: (i, m) => (i === 0 && m === MODELS4[1] ? { status: "failed" } : {}),
    });
    await items.ensureItems(s.id, db);
    const rows = await db.evalItem.findMany({ where: { sessionId: s.id } });
    expect(rows).toHaveLength(14);
    expect(rows.every((r) => r.answerAId && !r.answerBId && !r.goldSide)).toBe(true);
    expect(new Set(rows.map((r) => r.answerAId)).size).toBe(14);
  });
});

describe("claiming items", () => {
  it("each item goes to K different raters, no rater sees an item twice, orders differ per rater", async () => {
    const raters = await makeUsers(db, 5);
    const s = await makeSession(db, { ownerId: LOCAL_USER_ID, models: MODELS4.slice(0, 3), prompts: prompts(12), design: { raters: 3 } });
    const seen = new Map<string, string[]>();
    for (const r of raters) {
      const order: string[] = [];
      for (;;) {
        const next = await queue.nextItem(raterOf(s.id, r), { db });
        if (next.state !== "item") {
          expect(next.state).toBe("done");
          break;
        }
        const a = await db.evalAssignment.findUniqueOrThrow({ where: { id: next.item.assignmentId } });
        order.push(a.itemId);
        await queue.submitRating(raterOf(s.id, r), next.item.assignmentId, { outcome: "tie" }, { db });
        expect(next.progress.claimed).toBe(order.length);
      }
      seen.set(r, order);
      expect(new Set(order).size).toBe(order.length);
    }
    const total = [...seen.values()].reduce((n, o) => n + o.length, 0);
    expect(total).toBe(12 * 3);
    const perItem = await db.evalAssignment.groupBy({ by: ["itemId"], where: { sessionId: s.id }, _count: { _all: true } });
    expect(perItem).toHaveLength(12);
    expect(perItem.every((g) => g._count._all === 3)).toBe(true);
    const rows = await db.evalItem.findMany({ where: { sessionId: s.id } });
    expect(rows.every((r) => r.assigned === 3)).toBe(true);
    // fewest raters first: the first two raters, going one after the other, each rate all 12
    expect(seen.get(raters[0]!)).toHaveLength(12);
    expect(seen.get(raters[1]!)).toHaveLength(12);
    // ... in different pseudo-random orders
    expect(seen.get(raters[0]!)).not.toEqual(seen.get(raters[1]!));
    const progress = await queue.raterProgress(raterOf(s.id, raters[4]!), { db });
    expect(progress).toEqual({ rated: 0, claimed: 0, available: 0, total: 0 });
  });

  it("concurrent claims never exceed K, and one rater racing themself claims one item", async () => {
    const raters = await makeUsers(db, 10);
    const s = await makeSession(db, { ownerId: LOCAL_USER_ID, models: MODELS4.slice(0, 2), prompts: prompts(3), design: { raters: 2 } });
    await items.ensureItems(s.id, db);
    // one rater in three tabs at once: one claim, the same item in every tab
    const mine = await Promise.all([0, 1, 2].map(() => queue.nextItem(raterOf(s.id, raters[0]!), { db })));
    expect(new Set(mine.map((r) => (r.state === "item" ? r.item.assignmentId : r.state))).size).toBe(1);
    expect(mine[0]!.state).toBe("item");
    expect(await db.evalAssignment.count({ where: { sessionId: s.id, raterId: raters[0]! } })).toBe(1);
    // nine raters at once for the five places left
    const results = await Promise.all(raters.slice(1).map((r) => queue.nextItem(raterOf(s.id, r), { db })));
    expect(results.filter((r) => r.state === "item")).toHaveLength(5);
    expect(results.filter((r) => r.state === "done")).toHaveLength(4);
    const rows = await db.evalItem.findMany({ where: { sessionId: s.id }, include: { _count: { select: { assignments: true } } } });
    for (const r of rows) {
      expect(r.assigned).toBe(2);
      expect(r._count.assignments).toBe(2);
    }
  });
});

describe("what a rater sees and sends", () => {
  it("blind, normalised answers in shuffled sides; a vote in shown sides is stored in item terms", async () => {
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS4.slice(0, 2),
      prompts: prompts(40),
      design: { raters: 1 },
      answer: (i, m) => ({
        text:
          m === MODELS4[0]
            ? `<reasoning>secret plan</reasoning>Answer\n=====\n* first ${i}   \n* second\n\n\n\n`
            : `# Answer\n\n- first ${i}\n- second`,
        costUsd: 0.001,
        ttftMs: 100,
      }),
    });
    const swaps = new Set<boolean>();
    for (let n = 0; n < 40; n++) {
      const { status, body } = await getNext(s.id);
      expect(status).toBe(200);
      expect(body.state).toBe("item");
      const item = body.item!;
      const text = JSON.stringify(body);
      for (const forbidden of [...MODELS4, "secret plan", "reasoning", "costUsd", "ttft", "openai", "azure"])
        expect(text).not.toContain(forbidden);
      expect(item.answers).toHaveLength(2);
      // both answers look the same after normalising (only the model's words could tell them apart)
      expect(item.answers[0]!.text).toBe(item.answers[1]!.text);
      expect(item.answers[0]!.text).toMatch(/^## Answer\n\n- first \d+\n- second$/);
      const a = await db.evalAssignment.findUniqueOrThrow({ where: { id: item.assignmentId }, include: { item: true } });
      swaps.add(a.swapped);
      const saved = await postRating(s.id, { assignmentId: item.assignmentId, outcome: "a" });
      expect(saved.status).toBe(200);
      expect(saved.body.outcome).toBe("a");
      const stored = await db.evalAssignment.findUniqueOrThrow({ where: { id: item.assignmentId } });
      expect(stored.outcome).toBe(a.swapped ? "b" : "a");
      expect(stored.ratedAt).not.toBeNull();
    }
    expect(swaps).toEqual(new Set([true, false]));
    expect((await getNext(s.id)).body.state).toBe("done");
    const mine = await api.mine.GET(new Request("http://127.0.0.1/"), ctx(s.id));
    const body = (await mine.json()) as { ratings: { outcome: string }[]; progress: { rated: number; total: number } };
    expect(body.ratings).toHaveLength(40);
    expect(body.ratings.every((r) => r.outcome === "a")).toBe(true);
    expect(body.progress).toMatchObject({ rated: 40, total: 40 });
  });

  it("validates ratings against the design, names the field and stores nothing; re-rating replaces", async () => {
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS4.slice(0, 2),
      prompts: prompts(2),
      design: {
        raters: 1,
        criteria: [
          { key: "accuracy", name: "Accuracy", scale: "likert" },
          { key: "format", name: "Format", scale: "passfail" },
        ],
      },
    });
    const { body } = await getNext(s.id);
    const assignmentId = body.item!.assignmentId;
    const good = { a: { accuracy: 4, format: 1 }, b: { accuracy: 2, format: 0 } };
    const cases: [unknown, string][] = [
      [{ assignmentId, scores: good }, "outcome"],
      [{ assignmentId, outcome: "left", scores: good }, "outcome"],
      [{ assignmentId, outcome: "a" }, "scores"],
      [{ assignmentId, outcome: "a", scores: { a: good.a } }, "scores.b"],
      [{ assignmentId, outcome: "a", scores: { ...good, a: { accuracy: 6, format: 1 } } }, "scores.a.accuracy"],
      [{ assignmentId, outcome: "a", scores: { ...good, b: { accuracy: 2.5, format: 1 } } }, "scores.b.accuracy"],
      [{ assignmentId, outcome: "a", scores: { ...good, b: { accuracy: 2, format: 2 } } }, "scores.b.format"],
      [{ assignmentId, outcome: "a", scores: { ...good, b: { accuracy: 2 } } }, "scores.b.format"],
      [{ assignmentId, outcome: "a", scores: { ...good, b: { ...good.b, style: 3 } } }, "scores.b"],
      [{ assignmentId, outcome: "a", scores: good, extra: 1 }, ""],
    ];
    for (const [input, field] of cases) {
      const res = await postRating(s.id, input);
      expect(res.status, JSON.stringify(input)).toBe(400);
      if (field) expect(res.body.error!.field).toBe(field);
      expect(res.body.error!.message.length).toBeGreaterThan(5);
    }
    expect((await db.evalAssignment.findUniqueOrThrow({ where: { id: assignmentId } })).ratedAt).toBeNull();

    // someone else's assignment, or a made-up one: 404
    const [other] = await makeUsers(db, 1);
    const theirs = await queue.nextItem(raterOf(s.id, other!), { db });
    expect(theirs.state).toBe("item");
    if (theirs.state === "item")
      expect((await postRating(s.id, { assignmentId: theirs.item.assignmentId, outcome: "a", scores: good })).status).toBe(404);
    expect((await postRating(s.id, { assignmentId: "nope-nope-nope", outcome: "a", scores: good })).status).toBe(404);

    expect((await postRating(s.id, { assignmentId, outcome: "a", scores: good })).status).toBe(200);
    const again = await postRating(s.id, {
      assignmentId,
      outcome: "both_bad",
      scores: { a: { accuracy: 1, format: 0 }, b: { accuracy: 1, format: 0 } },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: "both_bad", scores: { a: { accuracy: 1, format: 0 }, b: { accuracy: 1, format: 0 } } });
    expect(await db.evalAssignment.count({ where: { sessionId: s.id, raterId: LOCAL_USER_ID } })).toBe(1);
    // the earlier item is still reachable to review: openAssignment shows the replaced rating
    const opened = await queue.openAssignment(raterOf(s.id, LOCAL_USER_ID), assignmentId, { db });
    expect(opened.item.outcome).toBe("both_bad");
  });

  it("criteria-only items take scores and no vote", async () => {
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS4.slice(0, 2),
      prompts: prompts(1),
      design: { pairwise: false, raters: 1, criteria: [{ key: "ok", name: "Correct", scale: "passfail" }] },
    });
    const { body } = await getNext(s.id);
    expect(body.item!.kind).toBe("single");
    expect(body.item!.answers).toHaveLength(1);
    const assignmentId = body.item!.assignmentId;
    expect((await postRating(s.id, { assignmentId, outcome: "a", scores: { a: { ok: 1 } } })).body.error!.field).toBe("outcome");
    expect((await postRating(s.id, { assignmentId, scores: { a: { ok: 1 }, b: { ok: 1 } } })).body.error!.field).toBe("scores");
    expect((await postRating(s.id, { assignmentId, scores: { a: { ok: 1 } } })).status).toBe(200);
  });

  it("gold items show the reference answer against an off-topic one", async () => {
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: MODELS4.slice(0, 2),
      prompts: [{ prompt: "Name a colour." }, { prompt: "What is 2 + 2?", reference: "It is 4.", gold: true }],
      design: { raters: 1 },
    });
    const shown: string[][] = [];
    for (;;) {
      const { body } = await getNext(s.id);
      if (body.state !== "item") break;
      shown.push(body.item!.answers.map((a) => a.text));
      if (body.item!.prompt === "What is 2 + 2?") {
        expect(body.item!.answers.map((a) => a.text)).toContain("It is 4.");
        expect(body.item!.answers.map((a) => a.text).some((t) => t.includes("on Name a colour."))).toBe(true);
      }
      await postRating(s.id, { assignmentId: body.item!.assignmentId, outcome: "tie" });
    }
    expect(shown).toHaveLength(2);
  });
});

describe("who may rate", () => {
  it("another person's personal session is 404; a team viewer gets 403; a team member may rate", async () => {
    const [owner] = await makeUsers(db, 1, "owner");
    const personal = await makeSession(db, { ownerId: owner!, models: MODELS4.slice(0, 2), prompts: prompts(1) });
    expect((await getNext(personal.id)).status).toBe(404);
    expect((await postRating(personal.id, { assignmentId: "abcdefghij", outcome: "a" })).status).toBe(404);
    expect((await getNext("not a valid id")).status).toBe(404);

    const teamId = newId();
    await db.team.create({
      data: {
        id: teamId,
        name: "Raters",
        members: {
          create: [
            { userId: owner!, role: "owner" },
            { userId: LOCAL_USER_ID, role: "viewer" },
          ],
        },
      },
    });
    const team = await makeSession(db, { ownerId: owner!, teamId, models: MODELS4.slice(0, 2), prompts: prompts(1) });
    const denied = await getNext(team.id);
    expect(denied.status).toBe(403);
    expect(await db.evalAssignment.count({ where: { sessionId: team.id } })).toBe(0);
    await db.teamMember.update({ where: { teamId_userId: { teamId, userId: LOCAL_USER_ID } }, data: { role: "member" } });
    expect((await getNext(team.id)).body.state).toBe("item");
  });
});

describe("the rating page's server actions", () => {
  it("claim, reopen and rate through the actions, with the same checks as the API", async () => {
    const actions = await import("@/app/evals/[id]/rate/actions");
    const s = await makeSession(db, { ownerId: LOCAL_USER_ID, models: MODELS4.slice(0, 2), prompts: prompts(2), design: { raters: 1 } });
    const first = await actions.nextItemAction(s.id);
    expect(first.ok).toBe(true);
    if (!first.ok || first.data.state !== "item") throw new Error("expected an item");
    const assignmentId = first.data.item.assignmentId;
    const bad = await actions.submitRatingAction(s.id, { assignmentId, outcome: "maybe" });
    expect(bad).toMatchObject({ ok: false, error: { code: "validation", field: "outcome" } });
    expect(await actions.submitRatingAction(s.id, { assignmentId, outcome: "b" })).toMatchObject({
      ok: true,
      data: { assignmentId, nextId: null },
    });
    const second = await actions.nextItemAction(s.id);
    if (!second.ok || second.data.state !== "item") throw new Error("expected a second item");
    expect(second.data.item.prevId).toBe(assignmentId);
    const back = await actions.openItemAction(s.id, assignmentId);
    expect(back).toMatchObject({
      ok: true,
      data: { state: "item", item: { assignmentId, outcome: "b", nextId: second.data.item.assignmentId } },
    });
    // someone else's session, a malformed id: not found
    const [owner] = await makeUsers(db, 1, "stranger");
    const theirs = await makeSession(db, { ownerId: owner!, models: MODELS4.slice(0, 2), prompts: prompts(1) });
    expect(await actions.nextItemAction(theirs.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await actions.nextItemAction({ id: "x" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await actions.openItemAction(s.id, "../etc")).toMatchObject({ ok: false });
  });
});

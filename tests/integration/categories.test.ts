// Categories (issue 14) on the test database: rule tags written with new comparisons (through the
// real compare engine and the provider emulator) and backfilled for rows stored without them; own
// tags through the tags APIs with their access checks and bad inputs; the leaderboard and an
// evaluation session's results filtered by `category=` through their routes.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";
import { collect, OWNER, startHarness, type Harness } from "../helpers/compare-harness";
import { accessTo } from "../helpers/access";
import { makeSession, makeUsers } from "../helpers/evals-fixtures";

let h: Harness;
let db: import("@/lib/generated/prisma/client").PrismaClient;
let api: {
  tags: typeof import("@/app/api/v1/comparisons/[id]/tags/route");
  promptTags: typeof import("@/app/api/v1/evals/[id]/prompts/[index]/tags/route");
  votes: typeof import("@/app/api/v1/comparisons/[id]/votes/route");
  leaderboard: typeof import("@/app/api/v1/leaderboard/route");
  results: typeof import("@/app/api/v1/evals/[id]/results/route");
};
let lib: { service: typeof import("@/lib/compare/service"); backfill: typeof import("@/lib/categories/backfill") };
let RULES_VERSION: number;

beforeAll(async () => {
  h = await startHarness(inject("databaseUrl"));
  Object.assign(process.env, { DATABASE_URL: inject("databaseUrl") });
  const { emulatorEnv } = await import("../../scripts/emulator-env.mjs");
  Object.assign(process.env, emulatorEnv(h.emulator.url), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = {
    tags: await import("@/app/api/v1/comparisons/[id]/tags/route"),
    promptTags: await import("@/app/api/v1/evals/[id]/prompts/[index]/tags/route"),
    votes: await import("@/app/api/v1/comparisons/[id]/votes/route"),
    leaderboard: await import("@/app/api/v1/leaderboard/route"),
    results: await import("@/app/api/v1/evals/[id]/results/route"),
  };
  lib = { service: await import("@/lib/compare/service"), backfill: await import("@/lib/categories/backfill") };
  RULES_VERSION = (await import("@/lib/categories/rules")).RULES_VERSION;
  db = (await import("@/lib/db")).getDb();
});
afterAll(async () => h?.close());

const json = (body: unknown) => JSON.stringify(body);
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

async function putTags(cid: string, body: unknown) {
  const res = await api.tags.PUT(
    new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/tags`, { method: "PUT", body: json(body) }),
    ctx({ id: cid }),
  );
  return { status: res.status, body: await res.json() };
}

/** A blind comparison of one turn made in the database (no rule tags yet: version 0), every pane answered. */
async function comparison(models: string[], prompt: string, extra: { ownerId?: string; teamId?: string; tags?: string[] } = {}) {
  const cid = id();
  const turnId = id();
  const paneIds = models.map(() => id());
  await db.comparison.create({
    data: {
      id: cid,
      title: "categories test",
      ownerId: extra.ownerId ?? LOCAL_USER_ID,
      teamId: extra.teamId ?? null,
      tags: extra.tags ?? [],
      blind: true,
      panes: {
        create: models.map((modelId, index) => ({
          id: paneIds[index]!,
          index,
          modelId,
          logicalModel: modelId.split(":")[1]!,
          provider: modelId.split(":")[0]!,
          modelLabel: modelId,
        })),
      },
      turns: { create: [{ id: turnId, index: 0, prompt }] },
    },
  });
  await db.answer.createMany({
    data: paneIds.map((paneId, i) => ({ id: id(), turnId, paneId, status: "done" as const, text: `Answer ${i}`, finishedAt: new Date() })),
  });
  return { cid, turnId };
}

async function vote(cid: string, outcome: "a" | "b") {
  const res = await api.votes.POST(
    new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/votes`, { method: "POST", body: json({ outcome }) }),
    ctx({ id: cid }),
  );
  expect(res.status).toBe(201);
}

type Board = {
  rows: { id: string; battles: number; wins: number; losses: number }[];
  votes: number;
  category: string[] | null;
  categoryNote: string | null;
  error?: { code: string; field: string | null; message: string };
};
async function board(query: string): Promise<{ status: number; body: Board }> {
  const res = await api.leaderboard.GET(new Request(`http://127.0.0.1/api/v1/leaderboard?${query}`));
  return { status: res.status, body: (await res.json()) as Board };
}

describe("rule tags", () => {
  it("are written with a new comparison and with its follow-up turn (multi-turn)", async () => {
    const c = collect();
    const { id: cid } = lib.service.startComparison(
      { prompt: "What is 17 * 23?", models: ["openai:gpt-4o-mini", "azure:prod-mini"] },
      OWNER,
      { db: h.db, env: h.env, observe: c.observe },
    );
    await c.done;
    const next = collect();
    const turn = await lib.service.addTurn(await accessTo(cid, { db: h.db }), "Wie spät ist es in Berlin?", {
      db: h.db,
      env: h.env,
      observe: next.observe,
    });
    await next.done;
    turn.detach();
    const turns = await db.turn.findMany({ where: { comparisonId: cid }, orderBy: { index: "asc" } });
    expect(turns.map((t) => [t.ruleTags, t.ruleTagsVersion])).toEqual([
      [["math"], RULES_VERSION],
      [["non-english", "multi-turn"], RULES_VERSION],
    ]);
  });

  it("are backfilled for turns and evaluation prompts stored without them, leaving the rest as it was", async () => {
    const { cid, turnId } = await comparison(["openai:bf-a", "azure:bf-b"], "Fix this:\n```js\nconst x = 1\n```");
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: ["openai:bf-a", "azure:bf-b"],
      prompts: [{ prompt: "Solve 3x + 2 = 11." }],
    });
    expect((await db.turn.findUniqueOrThrow({ where: { id: turnId } })).ruleTagsVersion).toBe(0);
    const done = await lib.backfill.backfillRuleTags(db);
    expect(done.turns).toBeGreaterThanOrEqual(1);
    expect(done.prompts).toBeGreaterThanOrEqual(1);
    const turn = await db.turn.findUniqueOrThrow({ where: { id: turnId } });
    expect([turn.ruleTags, turn.ruleTagsVersion, turn.prompt]).toEqual([["code"], RULES_VERSION, "Fix this:\n```js\nconst x = 1\n```"]);
    const prompt = await db.evalPrompt.findUniqueOrThrow({ where: { id: s.promptIds[0]! } });
    expect([prompt.ruleTags, prompt.ruleTagsVersion, prompt.prompt]).toEqual([["math"], RULES_VERSION, "Solve 3x + 2 = 11."]);
    // nothing left: a second run tags nothing
    expect(await lib.backfill.backfillRuleTags(db)).toEqual({ turns: 0, prompts: 0 });
    await db.comparison.delete({ where: { id: cid } });
  });
});

describe("PUT/GET /api/v1/comparisons/<id>/tags", () => {
  it("saves the own tags (sorted, without repeats) beside each turn's rule tags", async () => {
    const { cid } = await comparison(["openai:t-a", "azure:t-b"], "What is 2 + 2?");
    const put = await putTags(cid, { tags: ["support", "billing", "support"] });
    expect(put).toEqual({ status: 200, body: { tags: ["billing", "support"], turns: [{ index: 0, ruleTags: ["math"] }] } });
    const get = await api.tags.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${cid}/tags`), ctx({ id: cid }));
    expect(await get.json()).toEqual(put.body);
    expect((await putTags(cid, { tags: [] })).body.tags).toEqual([]);
  });

  it.each([
    ["an upper-case tag", { tags: ["Support"] }, "tags.0"],
    ["a tag with a space", { tags: ["customer support"] }, "tags.0"],
    ["a tag too long", { tags: ["x".repeat(33)] }, "tags.0"],
    ["a rule tag", { tags: ["code"] }, "tags.0"],
    ["too many tags", { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, "tags"],
    ["not a list", { tags: "support" }, "tags"],
    ["an unknown field", { tags: [], colour: "red" }, null],
  ])("refuses %s with a 400 naming the field", async (_, body, field) => {
    const { cid } = await comparison(["openai:t-a", "azure:t-b"], "Hello there, how are you?");
    const res = await putTags(cid, body);
    expect(res.status).toBe(400);
    if (field) expect(res.body.error.field).toBe(field);
    expect((await db.comparison.findUniqueOrThrow({ where: { id: cid } })).tags).toEqual([]);
  });

  it("is 404 on someone else's comparison and 403 for a team viewer", async () => {
    const [other] = await makeUsers(db, 1, "tagger");
    const theirs = await comparison(["openai:t-a", "azure:t-b"], "Their prompt", { ownerId: other! });
    expect((await putTags(theirs.cid, { tags: ["mine"] })).status).toBe(404);
    const get = await api.tags.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${theirs.cid}/tags`), ctx({ id: theirs.cid }));
    expect(get.status).toBe(404);
    const team = await db.team.create({ data: { id: id(), name: "Tag team" } });
    await db.teamMember.create({ data: { teamId: team.id, userId: LOCAL_USER_ID, role: "viewer" } });
    const teams = await comparison(["openai:t-a", "azure:t-b"], "Team prompt", { ownerId: other!, teamId: team.id });
    const res = await putTags(teams.cid, { tags: ["mine"] });
    expect(res.status).toBe(403);
    expect((await db.comparison.findUniqueOrThrow({ where: { id: teams.cid } })).tags).toEqual([]);
    // a viewer may read them
    const read = await api.tags.GET(new Request(`http://127.0.0.1/api/v1/comparisons/${teams.cid}/tags`), ctx({ id: teams.cid }));
    expect(read.status).toBe(200);
  });
});

describe("GET /api/v1/leaderboard?category=", () => {
  const A = `openai:cat-a-${id().slice(-6)}`;
  const B = `azure:cat-b-${id().slice(-6)}`;
  const own = `team-${id()
    .slice(-6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
  const mine = (rows: Board["rows"]) => rows.filter((r) => r.id === A.split(":")[1] || r.id === B.split(":")[1]);

  beforeAll(async () => {
    // code prompts: A wins 3; plain prompts: B wins 2; one plain prompt tagged with an own tag: A wins
    for (let i = 0; i < 3; i++) await vote((await comparison([A, B], `Why does this fail?\n\`\`\`py\nprint(${i})\n\`\`\``)).cid, "a");
    for (let i = 0; i < 2; i++) await vote((await comparison([A, B], `Who wrote Hamlet, part ${i}?`)).cid, "b");
    await vote((await comparison([A, B], "Who painted the Mona Lisa?", { tags: [own] })).cid, "a");
  });

  it("counts only votes on prompts with the tag (rule or own); several tags must all be there", async () => {
    const all = await board("rounds=20");
    expect(mine(all.body.rows).find((r) => r.id === A.split(":")[1])).toMatchObject({ battles: 6, wins: 4, losses: 2 });
    const code = await board("rounds=20&category=code");
    expect(code.status).toBe(200);
    expect(code.body.category).toEqual(["code"]);
    expect(code.body.categoryNote).toBeNull();
    expect(mine(code.body.rows).find((r) => r.id === A.split(":")[1])).toMatchObject({ battles: 3, wins: 3, losses: 0 });
    const tagged = await board(`rounds=20&category=${own}`);
    expect(tagged.body.votes).toBe(1);
    expect(mine(tagged.body.rows).find((r) => r.id === A.split(":")[1])).toMatchObject({ battles: 1, wins: 1 });
    const both = await board(`rounds=20&category=${own},code`);
    expect(both.body.votes).toBe(0);
    expect(both.body.rows).toEqual([]);
  });

  it("answers an unknown category with an empty board and a note, and a malformed one with a 400 naming category", async () => {
    const unknown = await board("rounds=20&category=no-such-tag");
    expect(unknown.status).toBe(200);
    expect(unknown.body.rows).toEqual([]);
    expect(unknown.body.categoryNote).toContain('"no-such-tag"');
    for (const bad of ["Code", "a b", "x".repeat(33), "a,b,c,d,e,f", ",", "-code"]) {
      const res = await board(`category=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error?.field, bad).toBe("category");
    }
  });
});

describe("GET /api/v1/evals/<id>/results?category=", () => {
  it("scores only the items whose prompt has the tag; own prompt tags through their API with its checks", async () => {
    const A = "openai:res-a";
    const B = "azure:res-b";
    const [rater] = await makeUsers(db, 1, "cat-rater");
    const s = await makeSession(db, {
      ownerId: LOCAL_USER_ID,
      models: [A, B],
      design: { pairwise: true, raters: 1, criteria: [] },
      prompts: [{ prompt: "What is 12 * 12?" }, { prompt: "Who wrote Hamlet?" }, { prompt: "Name a river." }],
    });
    await db.evalSession.update({ where: { id: s.id }, data: { itemsBuiltAt: new Date() } });
    // prompt 0 (maths): A wins; prompts 1 and 2: B wins
    for (const [i, outcome] of [
      [0, "a"],
      [1, "b"],
      [2, "b"],
    ] as const) {
      const itemId = id();
      await db.evalItem.create({
        data: {
          id: itemId,
          sessionId: s.id,
          promptId: s.promptIds[i]!,
          answerAId: s.answerId(i, A),
          answerBId: s.answerId(i, B),
          assigned: 1,
        },
      });
      await db.evalAssignment.create({ data: { id: id(), sessionId: s.id, itemId, raterId: rater!, outcome, ratedAt: new Date() } });
    }
    const results = async (q: string) => {
      const res = await api.results.GET(new Request(`http://127.0.0.1/api/v1/evals/${s.id}/results?rounds=20&${q}`), ctx({ id: s.id }));
      return { status: res.status, body: await res.json() };
    };
    const all = await results("");
    expect(all.body.counts.outcomes).toBe(3);
    expect(all.body.categories).toContainEqual({ tag: "math", rule: true, count: 1 });
    const math = await results("category=math");
    expect(math.body.counts).toMatchObject({ items: 1, ratings: 1, outcomes: 1 });
    expect(math.body.scores.find((r: { id: string }) => r.id === A)).toMatchObject({ wins: 1, battles: 1 });

    // own tag on prompt 2
    const put = (index: string, body: unknown) =>
      api.promptTags.PUT(new Request(`http://127.0.0.1/x`, { method: "PUT", body: json(body) }), ctx({ id: s.id, index }));
    const saved = await put("2", { tags: ["geography"] });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ index: 2, tags: ["geography"], ruleTags: [] });
    expect((await put("2", { tags: ["Geo graphy"] })).status).toBe(400);
    expect((await put("9", { tags: ["x"] })).status).toBe(404);
    expect((await put("two", { tags: ["x"] })).status).toBe(404);
    const geo = await results("category=geography");
    expect(geo.body.counts).toMatchObject({ items: 1, outcomes: 1 });
    expect(geo.body.scores.find((r: { id: string }) => r.id === B)).toMatchObject({ wins: 1 });

    const unknown = await results("category=no-such-tag");
    expect(unknown.status).toBe(200);
    expect(unknown.body.counts.outcomes).toBe(0);
    expect(unknown.body.categoryNote).toContain('"no-such-tag"');
    const bad = await results("category=NOPE");
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("category");

    // someone else's session: 404 for reading and changing its prompts' tags
    const theirs = await makeSession(db, { ownerId: rater!, models: [A, B], prompts: [{ prompt: "Their prompt" }] });
    const get = await api.promptTags.GET(new Request("http://127.0.0.1/x"), ctx({ id: theirs.id, index: "0" }));
    expect(get.status).toBe(404);
    const change = await api.promptTags.PUT(
      new Request("http://127.0.0.1/x", { method: "PUT", body: json({ tags: ["x"] }) }),
      ctx({ id: theirs.id, index: "0" }),
    );
    expect(change.status).toBe(404);
  });
});

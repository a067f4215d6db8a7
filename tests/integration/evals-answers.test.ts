// The answers grid API (GET /api/v1/evals/<id>/answers): pages of prompts by models with each
// cell's status, preview and metrics; filters by model, status and text; 400 for bad parameters;
// 404 for a session the viewer may not read; blind columns for a viewer who still has items to
// rate. Sessions are made directly in the database (tests/helpers/evals-fixtures.ts); the route
// runs in local mode (the viewer is the local user).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import type { AnswersPage } from "@/lib/evals/answers-schema";
import { makeSession, makeUsers } from "../helpers/evals-fixtures";
import { raterOf, sessionAccessTo } from "../helpers/access";

let db: import("@/lib/generated/prisma/client").PrismaClient;
let route: typeof import("@/app/api/v1/evals/[id]/answers/route");
let lib: typeof import("@/lib/evals/answers");
let queue: typeof import("@/lib/evals/queue");
let schema: typeof import("@/lib/evals/answers-schema");

const A = "openai:model-a";
const B = "azure:model-b";
const C = "bedrock:model-c";
let sessionId: string;

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  db = (await import("@/lib/db")).getDb();
  route = await import("@/app/api/v1/evals/[id]/answers/route");
  lib = await import("@/lib/evals/answers");
  queue = await import("@/lib/evals/queue");
  schema = await import("@/lib/evals/answers-schema");
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });

  // 120 prompts x 3 models; prompt 7: B failed; prompt 8: C cut at the token limit; prompt 9: A filtered
  const s = await makeSession(db, {
    ownerId: LOCAL_USER_ID,
    name: "Grid session",
    status: "running",
    models: [A, B, C],
    prompts: Array.from({ length: 120 }, (_, i) => ({ prompt: i === 42 ? "What is a Zebra crossing?" : `Question ${i}?` })),
    answer: (i, m) => {
      if (i === 7 && m === B) return { status: "failed", errorMessage: "Rate limited by Azure OpenAI (429) after 3 attempts." };
      if (i === 50 && m === A) return { text: "<think>secret plan</think>The answer mentions a pelican." };
      return { text: `${m} answers question ${i}.`, ttftMs: 100 + i, totalMs: 900 + i, outputTokens: 20, costUsd: 0.0001 };
    },
  });
  sessionId = s.id;
  await db.evalAnswer.update({ where: { id: s.answerId(8, C) }, data: { finishReason: "length" } });
  await db.evalAnswer.update({ where: { id: s.answerId(9, A) }, data: { finishReason: "content-filter" } });
  await db.evalAnswer.update({ where: { id: s.answerId(119, B) }, data: { status: "queued", text: "" } });
});

async function get(id: string, query = "") {
  const res = await route.GET(new Request(`http://127.0.0.1/api/v1/evals/${id}/answers${query}`), { params: Promise.resolve({ id }) });
  return {
    status: res.status,
    body: (await res.json()) as AnswersPage & { error?: { code: string; field: string | null; message: string } },
  };
}

describe("GET /api/v1/evals/<id>/answers", () => {
  it("pages through every prompt in order, a cell per model with status, preview and metrics", async () => {
    const first = await get(sessionId, "?limit=50");
    expect(first.status).toBe(200);
    expect(first.body.blind).toBe(false);
    expect(first.body.columns.map((c) => c.key)).toEqual([A, B, C]);
    expect(first.body.columns[1]).toMatchObject({ label: B, provider: "azure" });
    expect(first.body.total).toBe(120);
    expect(first.body.rows.map((r) => r.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const row3 = first.body.rows[3]!;
    expect(row3.prompt).toBe("Question 3?");
    expect(row3.cells.map((c) => c.column)).toEqual([A, B, C]);
    expect(row3.cells[0]).toMatchObject({
      status: "done",
      preview: `${A} answers question 3.`,
      metrics: { ttftMs: 103, totalMs: 903, outputTokens: 20, costUsd: 0.0001 },
    });
    expect(row3.cells[0]!.text).toBeUndefined();

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(sessionId, `?limit=50${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.rows.map((r) => r.index));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it("shows failed, cut, filtered and queued cells as such, with the failure in words", async () => {
    const { body } = await get(sessionId, "?limit=10");
    expect(body.rows[7]!.cells[1]).toMatchObject({ status: "failed", error: "Rate limited by Azure OpenAI (429) after 3 attempts." });
    expect(body.rows[8]!.cells[2]).toMatchObject({ status: "cut", finishReason: "length" });
    expect(body.rows[9]!.cells[0]).toMatchObject({ status: "filtered", finishReason: "content-filter" });
    const last = await get(sessionId, "?cursor=118");
    expect(last.body.rows.map((r) => r.index)).toEqual([119]);
    expect(last.body.rows[0]!.cells[1]).toMatchObject({ status: "queued", preview: "" });
    expect(last.body.nextCursor).toBeNull();
  });

  it("filters columns by model, rows by status (in the shown columns) and by text in prompts or answers", async () => {
    const onlyB = await get(sessionId, `?model=${encodeURIComponent(B)}&limit=5`);
    expect(onlyB.body.shown).toEqual([B]);
    expect(onlyB.body.rows[0]!.cells.map((c) => c.column)).toEqual([B]);
    expect(onlyB.body.columns).toHaveLength(3);

    const failed = await get(sessionId, "?status=failed");
    expect(failed.body.rows.map((r) => r.index)).toEqual([7]);
    expect(failed.body.total).toBe(1);
    // the failure is in B's column: with only A and C shown, no prompt has a failed cell
    const failedAC = await get(sessionId, `?status=failed&model=${encodeURIComponent(A)}&model=${encodeURIComponent(C)}`);
    expect(failedAC.body.rows).toEqual([]);
    const several = await get(sessionId, "?status=cut,filtered");
    expect(several.body.rows.map((r) => r.index)).toEqual([8, 9]);
    const done = await get(sessionId, `?status=done&model=${encodeURIComponent(A)}&limit=200`);
    expect(done.body.rows.map((r) => r.index)).not.toContain(9);
    expect(done.body.total).toBe(119);

    const inPrompt = await get(sessionId, "?q=zebra");
    expect(inPrompt.body.rows.map((r) => r.index)).toEqual([42]);
    const inAnswer = await get(sessionId, "?q=PELICAN");
    expect(inAnswer.body.rows.map((r) => r.index)).toEqual([50]);
    // the reasoning at the start of the answer is not in its preview
    expect(inAnswer.body.rows[0]!.cells[0]!.preview).toBe("The answer mentions a pelican.");
    const notShown = await get(sessionId, `?q=pelican&model=${encodeURIComponent(B)}`);
    expect(notShown.body.rows).toEqual([]);
    // % and _ are text, not patterns
    expect((await get(sessionId, "?q=%25")).body.rows).toEqual([]);
  });

  it("opens one prompt whole (index + full=true): the whole answer and its reasoning", async () => {
    const { status, body } = await get(sessionId, "?index=50&full=true");
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]!.prompt).toBe("Question 50?");
    expect(body.rows[0]!.cells[0]).toMatchObject({ text: "<think>secret plan</think>The answer mentions a pelican.", reasoning: "" });
  });

  it("answers 400 naming the parameter for bad input", async () => {
    const cases: [string, string][] = [
      ["?limit=0", "limit"],
      ["?limit=201", "limit"],
      ["?limit=ten", "limit"],
      ["?cursor=abc", "cursor"],
      ["?status=happy", "status"],
      [`?q=${"x".repeat(201)}`, "q"],
      ["?full=true", "full"],
      ["?index=1&full=true&limit=50", "limit"],
      ["?model=openai:nope", "model"],
      ["?q=a&q=b", "q"],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(sessionId, query);
      expect([query, status]).toEqual([query, 400]);
      expect([query, body.error?.field]).toEqual([query, field]);
      expect(body.error?.message).toBeTruthy();
    }
    // an unknown parameter: 400 whose message names it
    const unknown = await get(sessionId, "?sort=asc");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toMatch(/sort/);
  });

  it("is 404 for a session the viewer may not read, as for one that does not exist", async () => {
    const [stranger] = await makeUsers(db, 1, "stranger");
    const theirs = await makeSession(db, { ownerId: stranger!, models: [A, B], prompts: [{ prompt: "Hidden?" }] });
    const res = await get(theirs.id, "");
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe("not_found");
    expect((await get("nope_nope_nope", "")).status).toBe(404);
  });
});

describe("blind grid", () => {
  it("hides models, clouds, metrics and failures from a viewer who still has items to rate, then shows them", async () => {
    const raters = await makeUsers(db, 1, "grid-rater");
    const s = await makeSession(db, {
      ownerId: raters[0]!,
      status: "completed",
      models: [A, B],
      design: { raters: 1 },
      prompts: [{ prompt: "One?" }, { prompt: "Two?" }],
      answer: (i, m) =>
        m === B && i === 1
          ? { status: "failed", errorMessage: "Azure OpenAI said 500." }
          : { text: `Title\n=====\n\n* item ${i}  `, ttftMs: 5 },
    });
    const viewerOnly = { ...raterOf(s.id, raters[0]!), can: ["evals:read" as const] };
    const rater = raterOf(s.id, raters[0]!);
    const query = schema.answersQuerySchema.parse({});

    // a viewer who may not rate sees models
    const open = await lib.listAnswers(viewerOnly, query, { db });
    expect(open.blind).toBe(false);

    const blind = await lib.listAnswers(rater, query, { db });
    expect(blind.blind).toBe(true);
    expect(blind.columns.map((c) => c.label).sort()).toEqual(["Model 1", "Model 2"]);
    expect(blind.columns.every((c) => c.provider === null && !c.key.includes(":"))).toBe(true);
    const cells = blind.rows.flatMap((r) => r.cells);
    expect(cells.every((c) => c.metrics === null && c.error === null)).toBe(true);
    expect(JSON.stringify(blind)).not.toMatch(/model-a|model-b|azure|openai/i);
    // normalised as the rating page shows it
    expect(cells.find((c) => c.status === "done")!.preview).toBe("Title - item 0");
    // blind keys filter like any other
    const key = blind.columns[0]!.key;
    expect((await lib.listAnswers(rater, schema.answersQuerySchema.parse({ model: key }), { db })).shown).toEqual([key]);

    // once the rater has rated everything available, the grid shows models again
    for (;;) {
      const next = await queue.nextItem(rater, { db });
      if (next.state !== "item") break;
      await queue.submitRating(rater, next.item.assignmentId, { outcome: "tie" }, { db });
    }
    expect((await lib.listAnswers(rater, query, { db })).blind).toBe(false);
    // and the check is the real one: the owner of a personal session may rate it
    const owner = await sessionAccessTo(s.id, raters[0]!, "evals:read");
    expect((await lib.listAnswers(owner, query, { db })).columns.map((c) => c.key)).toEqual([A, B]);
  });

  it("derives a cell's status from the stored answer", () => {
    const base = { finishReason: null, errorCode: null };
    expect(schema.cellStatusOf(null)).toBe("not_started");
    expect(schema.cellStatusOf({ ...base, status: "done" })).toBe("done");
    expect(schema.cellStatusOf({ ...base, status: "done", finishReason: "length" })).toBe("cut");
    expect(schema.cellStatusOf({ ...base, status: "done", finishReason: "content-filter" })).toBe("filtered");
    expect(schema.cellStatusOf({ ...base, status: "failed", errorCode: "content_filter" })).toBe("filtered");
    expect(schema.cellStatusOf({ ...base, status: "failed" })).toBe("failed");
    expect(schema.cellStatusOf({ ...base, status: "cancelled" })).toBe("cancelled");
  });
});

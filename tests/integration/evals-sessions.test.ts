// Evaluation sessions: create with a prompt set, list, read, rename, delete, through the route handlers.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newId as id } from "@/lib/ids";

let api: { list: typeof import("@/app/api/v1/evals/route"); one: typeof import("@/app/api/v1/evals/[id]/route") };
let db: import("@/lib/generated/prisma/client").PrismaClient;
let sessions: typeof import("@/lib/evals/sessions");

beforeAll(async () => {
  // no provider is called: the emulator URL only makes the catalog's models available
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = { list: await import("@/app/api/v1/evals/route"), one: await import("@/app/api/v1/evals/[id]/route") };
  sessions = await import("@/lib/evals/sessions");
  db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

const ctx = (sid: string) => ({ params: Promise.resolve({ id: sid }) });
const MODELS = ["openai:gpt-4o-mini", "bedrock:amazon.nova-pro-v1:0"];
const good = (extra: Record<string, unknown> = {}) => ({
  name: "Support answers",
  models: MODELS,
  prompts: [{ prompt: "How do I reset my password?" }, { prompt: "Is 2+2 4?", reference: "Yes.", gold: true, tags: ["math"] }],
  ...extra,
});

async function create(body: unknown) {
  const res = await api.list.POST(
    new Request("http://127.0.0.1/api/v1/evals", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }),
  );
  return {
    status: res.status,
    json: (await res.json()) as { id?: string; error?: { code: string; message: string; field: string | null } },
  };
}

describe("evaluation sessions", () => {
  it("creates a session with its prompts and candidates as they are in the catalog", async () => {
    const { status, json } = await create(
      good({
        design: { pairwise: true, criteria: [{ key: "accuracy", name: "Accuracy", scale: "likert" }], raters: 2 },
        spendCapUsd: 1.5,
        params: { maxOutputTokens: 200 },
      }),
    );
    expect(status).toBe(201);
    const res = await api.one.GET(new Request("http://127.0.0.1"), ctx(json.id!));
    expect(res.status).toBe(200);
    const view = (await res.json()) as Awaited<ReturnType<typeof sessions.getSession>>;
    expect(view).toMatchObject({
      name: "Support answers",
      status: "draft",
      prompts: 2,
      goldPrompts: 1,
      spendCapUsd: 1.5,
      params: { maxOutputTokens: 200 },
      team: null,
    });
    expect(view.design).toEqual({ pairwise: true, criteria: [{ key: "accuracy", name: "Accuracy", scale: "likert" }], raters: 2 });
    expect(view.models.map((m) => [m.id, m.provider, m.logicalModel])).toEqual([
      ["openai:gpt-4o-mini", "openai", "gpt-4o-mini"],
      ["bedrock:amazon.nova-pro-v1:0", "bedrock", "nova-pro"],
    ]);
    const prompts = await db.evalPrompt.findMany({ where: { sessionId: json.id }, orderBy: { index: "asc" } });
    expect(prompts.map((p) => [p.index, p.prompt, p.gold, p.tags])).toEqual([
      [0, "How do I reset my password?", false, []],
      [1, "Is 2+2 4?", true, ["math"]],
    ]);
    // listed for its owner
    const list = (await (await api.list.GET(new Request("http://127.0.0.1/api/v1/evals"))).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toContain(json.id);
  });

  it("stores 5,000 prompts in one go; refuses 5,001, and bad input, storing nothing", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ prompt: `Prompt ${i}` }));
    const ok = await create(good({ prompts: many }));
    expect(ok.status).toBe(201);
    expect(await db.evalPrompt.count({ where: { sessionId: ok.json.id } })).toBe(5000);

    const before = await db.evalSession.count();
    const cases: [unknown, number, string | null][] = [
      [good({ prompts: [...many, { prompt: "one more" }] }), 400, "prompts"],
      [good({ models: ["openai:gpt-4o-mini"] }), 400, "models"],
      [good({ models: ["openai:gpt-4o-mini", "openai:gpt-4o-mini"] }), 400, "models"],
      [good({ models: ["openai:gpt-4o-mini", "nope:model"] }), 400, "models.1"],
      [good({ name: "  " }), 400, "name"],
      [good({ prompts: [] }), 400, "prompts"],
      [good({ prompts: [{ prompt: "   " }] }), 400, "prompts.0.prompt"],
      [good({ prompts: [{ prompt: "x".repeat(100_001) }] }), 400, "prompts.0.prompt"],
      [good({ prompts: [{ prompt: "gold", gold: true }] }), 400, "prompts.0.reference"],
      [good({ design: { pairwise: false, criteria: [], raters: 3 } }), 400, "design.pairwise"],
      [good({ design: { raters: 0 } }), 400, "design.raters"],
      [good({ design: { criteria: [{ key: "a", name: "A", scale: "stars" }] } }), 400, "design.criteria.0.scale"],
      [good({ spendCapUsd: -1 }), 400, "spendCapUsd"],
      [good({ teamId: "no-such-team-0001" }), 404, null],
      [good({ extra: true }), 400, null],
      ["{", 400, null],
    ];
    for (const [body, status, field] of cases) {
      const res = await create(body);
      expect({ field, status: res.status }).toEqual({ field, status });
      expect(res.json.error!.message.length).toBeGreaterThan(5);
      if (status === 400 && field) expect(res.json.error!.field).toBe(field);
    }
    const huge = await api.list.POST(
      new Request("http://127.0.0.1/api/v1/evals", { method: "POST", headers: { "content-length": "30000000" }, body: "{}" }),
    );
    expect(huge.status).toBe(413);
    expect(await db.evalSession.count()).toBe(before);
  });

  it("another person's session is not found; a team session needs evals:create in the team", async () => {
    await db.user.upsert({ where: { id: "evals-other" }, create: { id: "evals-other", name: "Other" }, update: {} });
    const theirs = await sessions.createSession(
      {
        ...good(),
        instructions: "",
        params: {},
        design: { pairwise: true, criteria: [], raters: 3 },
        prompts: [{ prompt: "p", tags: [], gold: false }],
      },
      { id: "evals-other" },
    );
    for (const res of [
      await api.one.GET(new Request("http://127.0.0.1"), ctx(theirs.id)),
      await api.one.DELETE(new Request("http://127.0.0.1"), ctx(theirs.id)),
      await api.one.GET(new Request("http://127.0.0.1"), ctx("malformed!")),
    ])
      expect(res.status).toBe(404);
    const list = (await (await api.list.GET(new Request("http://127.0.0.1/api/v1/evals"))).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(theirs.id);

    // a team where the local user is a viewer: may not create (403), may read
    const team = id();
    await db.team.create({
      data: {
        id: team,
        name: "Evaluators",
        members: {
          create: [
            { userId: "evals-other", role: "owner" },
            { userId: LOCAL_USER_ID, role: "viewer" },
          ],
        },
      },
    });
    const refused = await create(good({ teamId: team }));
    expect(refused.status).toBe(403);
    expect(refused.json.error!.message).toMatch(/viewer/i);
    const teamSession = await sessions.createSession(
      {
        ...good(),
        teamId: team,
        instructions: "",
        params: {},
        design: { pairwise: true, criteria: [], raters: 3 },
        prompts: [{ prompt: "p", tags: [], gold: false }],
      },
      { id: "evals-other" },
    );
    expect((await api.one.GET(new Request("http://127.0.0.1"), ctx(teamSession.id))).status).toBe(200);
    expect((await api.one.DELETE(new Request("http://127.0.0.1"), ctx(teamSession.id))).status).toBe(403);
    await db.teamMember.update({ where: { teamId_userId: { teamId: team, userId: LOCAL_USER_ID } }, data: { role: "member" } });
    expect((await create(good({ teamId: team }))).status).toBe(201);
  });

  it("renames; deletes with everything under it, but not while running", async () => {
    const { json } = await create(good());
    const sid = json.id!;
    const renamed = await api.one.PATCH(
      new Request("http://127.0.0.1", { method: "PATCH", body: JSON.stringify({ name: "Renamed" }) }),
      ctx(sid),
    );
    expect(renamed.status).toBe(200);
    expect(
      (await api.one.PATCH(new Request("http://127.0.0.1", { method: "PATCH", body: JSON.stringify({ name: "" }) }), ctx(sid))).status,
    ).toBe(400);
    await db.evalSession.update({ where: { id: sid }, data: { status: "running" } });
    const busy = await api.one.DELETE(new Request("http://127.0.0.1"), ctx(sid));
    expect(busy.status).toBe(409);
    await db.evalSession.update({ where: { id: sid }, data: { status: "cancelled" } });
    expect((await api.one.DELETE(new Request("http://127.0.0.1"), ctx(sid))).status).toBe(204);
    expect(await db.evalPrompt.count({ where: { sessionId: sid } })).toBe(0);
  });
});

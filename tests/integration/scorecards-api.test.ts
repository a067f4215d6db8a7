// Scorecards over HTTP (issue 12): the route handlers as Next calls them (local mode: the local
// user), for the shapes and the statuses of bad input: a clear 400 naming the field, or 404.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";

type Handler = (request?: Request, ctx?: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
const json = (method: string, body?: unknown) =>
  new Request("http://127.0.0.1/x", {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (params: Record<string, unknown>) => ({ params: Promise.resolve(params) });
type Envelope = { error: { code: string; message: string; field: string | null } };

beforeAll(async () => {
  // no provider is called here (no run is started): the emulator's address only configures the catalog
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  const db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

describe("POST /api/v1/scorecards", () => {
  const good = { name: "api", deployments: ["openai:gpt-4o-mini", "azure:prod-mini"], reference: "openai:gpt-4o-mini" };

  it.each<[string, object, number, string]>([
    ["one deployment", { ...good, deployments: ["openai:gpt-4o-mini"] }, 400, "deployments"],
    ["a reference not in the set", { ...good, reference: "bedrock:amazon.nova-pro-v1:0" }, 400, "reference"],
    ["an unknown id", { ...good, deployments: ["openai:gpt-4o-mini", "nope:nothing"] }, 400, "deployments.1"],
    ["a suite that does not exist", { ...good, suite: "x123456789abcdef" }, 404, "suite"],
    ["a bad schedule", { ...good, schedule: "yearly" }, 400, "schedule"],
  ])("%s", async (_what, body, status, field) => {
    const { POST } = (await import("@/app/api/v1/scorecards/route")) as { POST: Handler };
    const res = await POST(json("POST", body));
    expect(res.status).toBe(status);
    const e = (await res.json()) as Envelope;
    expect(e.error.field).toBe(field);
    expect(e.error.message.length).toBeGreaterThan(10);
  });

  it("creates one; GET answers the ScorecardView; an unknown id is 404", async () => {
    const list = (await import("@/app/api/v1/scorecards/route")) as { POST: Handler; GET: Handler };
    const created = await list.POST(json("POST", good));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const one = (await import("@/app/api/v1/scorecards/[id]/route")) as { GET: Handler; PATCH: Handler };
    const res = await one.GET(json("GET"), ctx({ id }));
    expect(res.status).toBe(200);
    const view = (await res.json()) as {
      id: string;
      status: string;
      deployments: { id: string; reference: boolean; metrics: Record<string, unknown>; verdicts: object; summary: string }[];
      runs: unknown[];
    };
    expect(view).toMatchObject({ id, status: "draft", runs: [] });
    expect(view.deployments).toHaveLength(2);
    for (const d of view.deployments) {
      expect(Object.keys(d.metrics)).toEqual(
        expect.arrayContaining(["accuracy", "toolCallErrorRate", "ttftP50Ms", "outputTokensPerSecond", "errorRate", "costPerCorrectUsd"]),
      );
      expect(d.metrics.accuracy).toEqual({ value: null, ciLow: null, ciHigh: null, n: 0 });
      expect(typeof d.summary).toBe("string");
    }
    expect((await list.GET(json("GET"))).status).toBe(200);
    expect((await one.GET(json("GET"), ctx({ id: "x123456789abcdef" }))).status).toBe(404);
    const patched = await one.PATCH(json("PATCH", { alerts: { webhooks: ["gopher://x"] } }), ctx({ id }));
    expect(patched.status).toBe(400);
    expect(((await patched.json()) as Envelope).error.field).toBe("alerts.webhooks.0");

    const route = (await import("@/app/api/v1/scorecards/[id]/route/route")) as { GET: Handler };
    const bad = await route.GET(new Request("http://127.0.0.1/x?by=price"), ctx({ id }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Envelope).error.field).toBe("by");
    const ok = await route.GET(new Request("http://127.0.0.1/x?by=speed&format=vercel"), ctx({ id }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      by: "speed",
      format: "vercel",
      config: { providerOptions: { gateway: { order: expect.any(Array) } } },
    });

    const action = (await import("@/app/api/v1/scorecards/[id]/runs/[runId]/[action]/route")) as { POST: Handler };
    expect((await action.POST(json("POST", {}), ctx({ id, runId: "x123456789abcdef", action: "pause" }))).status).toBe(404);
    expect((await action.POST(json("POST", {}), ctx({ id, runId: "x123456789abcdef", action: "launch" }))).status).toBe(404);
  });
});

describe("custom probe suites", () => {
  it("imports a JSONL file and refuses a bad line with its number", async () => {
    const { POST, GET } = (await import("@/app/api/v1/probe-suites/route")) as { POST: Handler; GET: Handler };
    const content = [
      { key: "a1", prompt: "What is 2+2? Answer with the number.", checker: "numeric", expected: 4 },
      { key: "a2", prompt: "Say hello.", checker: "contains", expected: ["hello"] },
    ]
      .map((l) => JSON.stringify(l))
      .join("\n");
    const res = await POST(json("POST", { name: "mine", format: "jsonl", content }));
    expect(res.status, await res.clone().text()).toBe(201);
    const suite = (await res.json()) as { id: string; items: number; version: string };
    expect(suite.items).toBe(2);
    expect(suite.version).toBe(`${suite.id}@1`);
    const listed = (await (await GET(json("GET"))).json()) as { items: { id: string }[] };
    expect(listed.items.map((s) => s.id)).toEqual(expect.arrayContaining(["builtin", suite.id]));

    const bad = await POST(json("POST", { name: "bad", format: "jsonl", content: `${content}\n{"key": "a3"}` }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Envelope).error.message).toMatch(/line 3/i);
  });
});

describe("the bell", () => {
  it("lists the caller's notifications and marks them read", async () => {
    const db = (await import("@/lib/db")).getDb();
    const { notifyUsers } = await import("@/lib/notifications/service");
    await notifyUsers([LOCAL_USER_ID], { kind: "scorecard.drift", title: "t", body: "b", href: "/scorecards/x" }, { db });
    const { GET } = (await import("@/app/api/v1/notifications/route")) as { GET: Handler };
    const read = (await import("@/app/api/v1/notifications/read/route")) as { POST: Handler };
    const before = (await (await GET(new Request("http://127.0.0.1/x?unread=1"))).json()) as { items: { id: string }[]; unread: number };
    expect(before.unread).toBeGreaterThan(0);
    expect((await read.POST(json("POST", {}))).status).toBe(400);
    const after = (await (await read.POST(json("POST", { all: true }))).json()) as { unread: number };
    expect(after.unread).toBe(0);
  });
});

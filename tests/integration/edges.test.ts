// Hardened edges (issue 13), on the real routes, the provider emulator and the test database reached
// through a TCP proxy the tests cut and restore (a database that goes away and comes back):
// cross-site requests refused, NUL bytes and lone surrogates refused or stored safely, nothing a
// provider was paid for lost while the database is away, no redirect loop after a blip,
// /api/health and /api/ready.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { collect, OWNER, textOf } from "../helpers/compare-harness";
import type { PrismaClient } from "@/lib/generated/prisma/client";

let emulator: Emulator;
let proxy: TcpProxy;
let db: PrismaClient;
let direct: PrismaClient;
let mods: {
  comparisons: typeof import("@/app/api/v1/comparisons/route");
  comparison: typeof import("@/app/api/v1/comparisons/[id]/route");
  importRoute: typeof import("@/app/api/v1/evals/import/route");
  health: typeof import("@/app/api/health/route");
  ready: typeof import("@/app/api/ready/route");
  viewer: typeof import("@/lib/auth/viewer");
  service: typeof import("@/lib/compare/service");
  action: typeof import("@/lib/actions/safe-action");
};

const APP = "127.0.0.1:3470";
const MODEL = "openai:gpt-4o-mini";

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  const url = new URL(inject("databaseUrl"));
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  // a client of the app's own (lib/db.ts), through the proxy; the test's checks use a direct one
  (globalThis as { juxtaDb?: unknown }).juxtaDb = undefined;
  Object.assign(process.env, emulatorEnv(emulator.url), { DATABASE_URL: proxy.url(inject("databaseUrl")) });
  (await import("@/lib/env")).resetEnvCache();
  (await import("@/lib/providers")).clearProviderCache();
  mods = {
    comparisons: await import("@/app/api/v1/comparisons/route"),
    comparison: await import("@/app/api/v1/comparisons/[id]/route"),
    importRoute: await import("@/app/api/v1/evals/import/route"),
    health: await import("@/app/api/health/route"),
    ready: await import("@/app/api/ready/route"),
    viewer: await import("@/lib/auth/viewer"),
    service: await import("@/lib/compare/service"),
    action: await import("@/lib/actions/safe-action"),
  };
  db = (await import("@/lib/db")).getDb();
  direct = (await import("@/lib/db")).createDb(inject("databaseUrl"));
  await direct.user.upsert({ where: { id: OWNER.ownerId }, create: { id: OWNER.ownerId, name: "Local user" }, update: {} });
});
afterAll(async () => {
  proxy?.restore();
  await direct?.$disconnect();
  await db?.$disconnect();
  await proxy?.close();
  await emulator?.close();
});
beforeEach(() => {
  proxy.restore();
  emulator.reset();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(50);
  }
}

function request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return new Request(`http://${APP}${path}`, { ...init, headers: { host: APP, ...init.headers } });
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

const envelope = async (res: Response) => ((await res.json()) as { error: { code: string; field: string | null; message: string } }).error;

// first, before anything made the local user's row in this process
describe("a database blip at start", () => {
  it("does not leave pages redirecting to sign-in (and back) once the database is back", async () => {
    proxy.cut();
    const first = await mods.viewer.requirePageViewer("/").then(
      () => null,
      (error: unknown) => error as { digest?: string; message: string },
    );
    expect(first).not.toBeNull();
    // the error page, not a redirect: /signin sends a local-mode visitor home, which redirected here
    expect(String(first!.digest ?? "")).not.toMatch(/NEXT_REDIRECT/);
    proxy.restore();
    await expect(mods.viewer.requirePageViewer("/")).resolves.toMatchObject({ id: "local", local: true });
  });
});

describe("cross-site requests (local mode: no bearer token)", () => {
  const foreign = { origin: "http://127.0.0.1:5471" };

  it("a state-changing request from another origin (another port of the same host) is 403 forbidden_origin, before anything runs", async () => {
    const res = await mods.comparisons.POST(request("/api/v1/comparisons", json({ prompt: "hi", models: [MODEL] }, foreign)));
    expect(res.status).toBe(403);
    expect(await envelope(res)).toMatchObject({ code: "forbidden_origin", field: null });
    // a same-site form without Origin (old browsers) but with Sec-Fetch-Site
    const form = await mods.comparisons.POST(
      request("/api/v1/comparisons", json({ prompt: "hi", models: [MODEL] }, { "sec-fetch-site": "same-site" })),
    );
    expect(form.status).toBe(403);
    const opaque = await mods.comparisons.POST(request("/api/v1/comparisons", json({ prompt: "hi", models: [MODEL] }, { origin: "null" })));
    expect(opaque.status).toBe(403);
    expect(emulator.requests).toHaveLength(0);
  });

  it("a body that is not JSON (a form's text/plain or urlencoded) is 415 unsupported_media_type", async () => {
    const body = JSON.stringify({ prompt: "hi", models: [MODEL] });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await mods.comparisons.POST(
        request("/api/v1/comparisons", { method: "POST", headers: { "content-type": type, origin: `http://${APP}` }, body }),
      );
      expect(res.status, type).toBe(415);
      expect(await envelope(res)).toMatchObject({ code: "unsupported_media_type" });
    }
    // no Content-Type at all, with a body
    const bare = await mods.comparisons.POST(
      new Request(`http://${APP}/api/v1/comparisons`, {
        method: "POST",
        headers: { host: APP, "content-length": String(body.length), cookie: "next-auth.session-token=x" },
        body: new Blob([body]),
      }),
    );
    expect(bare.status).toBe(415);
    expect(emulator.requests).toHaveLength(0);
  });

  it("a client that is not a browser (no Origin, cookie or Sec-Fetch-*: curl, scripts) may send its JSON without a Content-Type", async () => {
    const res = await mods.comparisons.POST(
      new Request(`http://${APP}/api/v1/comparisons`, { method: "POST", body: JSON.stringify({ prompt: "", models: [MODEL] }) }),
    );
    expect(res.status).toBe(400);
    expect(await envelope(res)).toMatchObject({ field: "prompt" });
  });

  it("the app's own pages pass: same Origin, or Sec-Fetch-Site same-origin; a bodyless DELETE needs no Content-Type", async () => {
    const same = await mods.comparisons.POST(
      request("/api/v1/comparisons", json({ prompt: "", models: [MODEL] }, { origin: `http://${APP}` })),
    );
    expect(same.status).toBe(400); // past the checks: the empty prompt is refused by the schema
    expect(await envelope(same)).toMatchObject({ field: "prompt" });
    const fetchSite = await mods.comparisons.POST(
      request("/api/v1/comparisons", json({ prompt: "", models: [MODEL] }, { "sec-fetch-site": "same-origin" })),
    );
    expect(fetchSite.status).toBe(400);
    const del = await mods.comparison.DELETE(
      request("/api/v1/comparisons/x123456789abcdef", { method: "DELETE", headers: { origin: `http://${APP}` } }),
      {
        params: Promise.resolve({ id: "x123456789abcdef" }),
      },
    );
    expect(del.status).toBe(404);
    // behind a proxy: the forwarded host is the app's
    const forwarded = await mods.comparisons.POST(
      new Request("http://localhost:3000/api/v1/comparisons", {
        ...json(
          { prompt: "", models: [MODEL] },
          { origin: "https://juxta.example.com", "x-forwarded-host": "juxta.example.com", host: "localhost:3000" },
        ),
      }),
    );
    expect(forwarded.status).toBe(400);
  });

  it("bearer-token requests are exempt (a browser cannot send one across origins)", async () => {
    const res = await mods.comparisons.POST(
      request("/api/v1/comparisons", {
        method: "POST",
        headers: {
          origin: "http://elsewhere.example",
          "content-type": "text/plain",
          authorization: "Bearer jx_aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        },
        body: JSON.stringify({ prompt: "", models: [MODEL] }),
      }),
    );
    expect(res.status).toBe(400);
  });

  it("the import route takes its files from the app's pages (multipart, CSV) and refuses them from elsewhere", async () => {
    const form = () => {
      const f = new FormData();
      f.set("file", new File(["prompt\nHello there\n"], "p.csv", { type: "text/csv" }));
      return f;
    };
    const ok = await mods.importRoute.POST(
      request("/api/v1/evals/import", { method: "POST", body: form(), headers: { origin: `http://${APP}` } }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ count: 1 });
    const csv = await mods.importRoute.POST(
      request("/api/v1/evals/import", {
        method: "POST",
        body: "prompt\nHi\n",
        headers: { "content-type": "text/csv", origin: `http://${APP}` },
      }),
    );
    expect(csv.status).toBe(200);
    const away = await mods.importRoute.POST(
      request("/api/v1/evals/import", { method: "POST", body: form(), headers: { origin: "http://127.0.0.1:5471" } }),
    );
    expect(away.status).toBe(403);
    const wrong = await mods.importRoute.POST(
      request("/api/v1/evals/import", {
        method: "POST",
        body: "<x/>",
        headers: { "content-type": "application/xml", origin: `http://${APP}` },
      }),
    );
    expect(wrong.status).toBe(415);
  });
});

describe("NUL bytes and lone surrogates", () => {
  it("in any text field of a request: 400 naming the field, and no provider is called", async () => {
    const cases: [unknown, string][] = [
      [{ prompt: "a\u0000b", models: [MODEL] }, "prompt"],
      [{ prompt: "hi", system: "be \ud800 brief", models: [MODEL] }, "system"],
      [{ prompt: "hi", models: [{ id: MODEL, system: "x\udc00" }] }, "models.0.system"],
      [
        { prompt: "hi", models: [MODEL], tools: [{ name: "get\u0000weather", description: "d", parameters: { type: "object" } }] },
        "tools.0.name",
      ],
    ];
    for (const [body, field] of cases) {
      const res = await mods.comparisons.POST(request("/api/v1/comparisons", json(body)));
      expect(res.status, field).toBe(400);
      const error = await envelope(res);
      expect(error, field).toMatchObject({ code: "validation", field });
      expect(error.message).toMatch(/NUL|surrogate/);
    }
    // a well-formed pair (an emoji) is fine: only halves are refused
    const emoji = await mods.comparisons.POST(request("/api/v1/comparisons", json({ prompt: "hi \ud83d\ude00", models: ["nope:model"] })));
    expect(await envelope(emoji)).toMatchObject({ code: "unknown_model" });
    expect(emulator.requests).toHaveLength(0);
  });

  it("in the query string and in server-action arguments too", async () => {
    const res = await mods.comparisons.GET(request("/api/v1/comparisons?q=%00"));
    expect(res.status).toBe(400);
    expect(await envelope(res)).toMatchObject({ field: "q" });
    const { z } = await import("zod");
    expect(() => mods.action.parse(z.object({ comment: z.string() }), { comment: "ok\u0000" })).toThrow(
      expect.objectContaining({ code: "validation", field: "comment" }),
    );
  });

  it("in an imported prompt file: 400", async () => {
    const res = await mods.importRoute.POST(
      request("/api/v1/evals/import", { method: "POST", body: "prompt\nHel\u0000lo\n", headers: { "content-type": "text/csv" } }),
    );
    expect(res.status).toBe(400);
    expect((await envelope(res)).field).toMatch(/^prompts/);
  });

  it("a NUL in a model's answer is stored (as U+2400 ␀), the rest of the answer kept", async () => {
    emulator.setScript(MODEL, { text: "before\u0000after \ud800 end" });
    const c = collect();
    const { id } = mods.service.startComparison({ prompt: "say it", models: [MODEL] }, OWNER, { observe: c.observe });
    const events = await c.done;
    expect(textOf(events, 0)).toContain("\u0000");
    const answer = await until(() => direct.answer.findFirst({ where: { turn: { comparisonId: id }, status: "done" } }));
    expect(answer.text).toBe("before\u2400after \ufffd end");
  });
});

describe("the database goes away", () => {
  it("a comparison started then is refused with 503 database_unavailable, and no provider is called", async () => {
    await mods.health.GET(request("/api/health")); // nothing: the process is up either way
    proxy.cut();
    await sleep(100);
    const res = await mods.comparisons.POST(request("/api/v1/comparisons", json({ prompt: "hi", models: [MODEL] })));
    expect(res.status).toBe(503);
    expect(await envelope(res)).toMatchObject({ code: "database_unavailable" });
    expect(emulator.requests).toHaveLength(0);
    proxy.restore();
    const again = await mods.comparisons.POST(request("/api/v1/comparisons", json({ prompt: "hi", models: [MODEL] })));
    expect(again.status).toBe(200);
    await again.text();
  });

  it("mid-stream: the clients see every word and the database gets all of them when it is back", async () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(" ");
    emulator.setScript(MODEL, { text: words, tokensPerSecond: 80, chunkTokens: 1 });
    const c = collect();
    const { id, run } = mods.service.startComparison({ prompt: "count", models: [MODEL] }, OWNER, { observe: c.observe });
    await run.stored;
    await until(async () => textOf(c.events, 0).split(" ").length > 10);
    proxy.cut();
    // every word reaches the clients while the database is away
    await until(async () => textOf(c.events, 0) === words);
    await sleep(300);
    const meanwhile = await direct.answer.findFirst({ where: { turn: { comparisonId: id } } });
    expect(meanwhile!.text.length).toBeLessThan(words.length);
    proxy.restore();
    const events = await c.done;
    expect(textOf(events, 0)).toBe(words);
    const answer = await until(() => direct.answer.findFirst({ where: { turn: { comparisonId: id }, status: "done" } }));
    expect(answer.text).toBe(words);
  });

  it("right after a start (rows not inserted yet): the rows and the answer are written when it is back", async () => {
    emulator.setScript(MODEL, { text: "short answer here", tokensPerSecond: 0 });
    const c = collect();
    const { id } = mods.service.startComparison({ prompt: "late rows", models: [MODEL] }, OWNER, { observe: c.observe });
    proxy.cut(); // the insert waits for the provider call to be under way: it meets the cut
    await until(async () => textOf(c.events, 0) === "short answer here");
    await sleep(400);
    expect(await direct.comparison.findUnique({ where: { id } })).toBeNull();
    proxy.restore();
    await c.done;
    const answer = await until(() => direct.answer.findFirst({ where: { turn: { comparisonId: id }, status: "done" } }));
    expect(answer.text).toBe("short answer here");
  });
});

describe("GET /api/health and /api/ready", () => {
  it("health: 200 while the process is up, database or not", async () => {
    proxy.cut();
    const res = await mods.health.GET(request("/api/health"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("ready: 200 when the database answers and every migration is applied; 503 naming what is missing", async () => {
    const ok = await mods.ready.GET(request("/api/ready"));
    expect(ok.status, JSON.stringify(await ok.clone().json())).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "ready" });

    proxy.cut();
    const away = await mods.ready.GET(request("/api/ready"));
    expect(away.status).toBe(503);
    expect(await away.json()).toMatchObject({ status: "not_ready", database: "unreachable", error: { code: "database_unavailable" } });
    proxy.restore();

    const [row] = await direct.$queryRaw<
      Record<string, unknown>[]
    >`SELECT * FROM "_prisma_migrations" WHERE migration_name = '20261205100700_hashed_sessions'`;
    expect(row).toBeDefined();
    await direct.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = '20261205100700_hashed_sessions'`;
    try {
      const pending = await mods.ready.GET(request("/api/ready"));
      expect(pending.status).toBe(503);
      expect(await pending.json()).toMatchObject({
        status: "not_ready",
        database: "ok",
        migrations: "pending",
        missingMigrations: ["20261205100700_hashed_sessions"],
        error: { code: "migrations_pending" },
      });
    } finally {
      await direct.$executeRaw`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
        VALUES (${row!.id as string}, ${row!.checksum as string}, ${row!.finished_at as Date}, ${row!.migration_name as string}, NULL, NULL, ${row!.started_at as Date}, 1)`;
    }
  });
});

describe("sessions stored hashed", () => {
  it("the Session row holds the SHA-256 of the cookie's token; the token works, the stored value does not", async () => {
    const { PrismaAdapter } = await import("@next-auth/prisma-adapter");
    const { withHashedSessions } = await import("@/lib/auth/hashed-sessions");
    const adapter = withHashedSessions(PrismaAdapter(direct as never));
    const user = await direct.user.create({ data: { id: `u-hash-${Date.now()}`, name: "Hash" } });
    const token = "f3a1c0de-0000-4000-8000-session-token";
    const created = await adapter.createSession!({ sessionToken: token, userId: user.id, expires: new Date(Date.now() + 60_000) });
    expect(created.sessionToken).toBe(token); // next-auth sets the cookie from this
    const row = await direct.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.sessionToken).not.toBe(token);
    expect(row.sessionToken).toBe(createHash("sha256").update(token).digest("hex"));
    expect(await adapter.getSessionAndUser!(token)).toMatchObject({ user: { id: user.id }, session: { sessionToken: token } });
    expect(await adapter.getSessionAndUser!(row.sessionToken)).toBeNull();
    const later = new Date(Date.now() + 120_000);
    expect(await adapter.updateSession!({ sessionToken: token, expires: later })).toMatchObject({ sessionToken: token });
    await adapter.deleteSession!(token);
    expect(await direct.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("the migration hashed existing sessions in place with PostgreSQL's sha256(), as Node hashes them", async () => {
    const fs = await import("node:fs");
    const sql = fs.readFileSync("prisma/migrations/20261205100700_hashed_sessions/migration.sql", "utf8");
    const user = await direct.user.create({ data: { id: `u-mig-${Date.now()}`, name: "Mig" } });
    const token = "an-old-clear-token-é";
    await direct.session.create({ data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 60_000) } });
    // run the migration's statement on this one row
    await direct.$executeRawUnsafe(sql.replace(/--.*$/gm, "").trim().replace(/;$/, "") + ` WHERE "userId" = '${user.id}'`);
    const row = await direct.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.sessionToken).toBe(createHash("sha256").update(token).digest("hex"));
  });
});

describe("links handed out point at the public origin", () => {
  it("share links: NEXTAUTH_URL's origin when set, else the host the request came to (not localhost)", async () => {
    const shares = await import("@/app/api/v1/comparisons/[id]/shares/route");
    const c = collect();
    const { id } = mods.service.startComparison({ prompt: "share me", models: [MODEL] }, OWNER, { observe: c.observe });
    await c.done;
    const ctx = { params: Promise.resolve({ id }) };
    const create = (headers: Record<string, string>) =>
      shares.POST(new Request(`http://localhost:3000/api/v1/comparisons/${id}/shares`, { ...json({}, headers) }), ctx);

    const behindProxy = await create({ host: "localhost:3000", "x-forwarded-host": "juxta.internal:8443", "x-forwarded-proto": "https" });
    expect(behindProxy.status).toBe(201);
    expect(((await behindProxy.json()) as { url: string }).url).toMatch(/^https:\/\/juxta\.internal:8443\/s\/[A-Za-z0-9_-]+$/);

    const env = await import("@/lib/env");
    process.env.NEXTAUTH_URL = "https://juxta.example.com/app";
    env.resetEnvCache();
    try {
      const configured = await create({ host: "localhost:3000", origin: "https://juxta.example.com" });
      expect(configured.status).toBe(201);
      expect(((await configured.json()) as { url: string }).url).toMatch(/^https:\/\/juxta\.example\.com\/s\/[A-Za-z0-9_-]+$/);
    } finally {
      delete process.env.NEXTAUTH_URL;
      env.resetEnvCache();
    }
  });
});

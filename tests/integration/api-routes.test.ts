// Every route handler of the app, imported as Next imports it: one shape (the `endpoint` wrapper),
// every HTTP method answered (405 in the error envelope where the route has no such method), and
// request bodies counted while they arrive on the real routes.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";

const root = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (request?: Request, ctx?: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
type RouteModule = Partial<Record<(typeof METHODS)[number], Handler>>;

function routeFiles(dir = path.join(root, "app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [path.relative(root, p).replace(/\\/g, "/")] : [];
  });
}

/** Params for a route file's dynamic segments: a well-formed id that does not exist; "run" for [action]. */
function paramsFor(file: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [, spread, name] of file.matchAll(/\[(\.\.\.)?(\w+)\]/g))
    params[name!] = spread ? ["providers"] : name === "action" ? "run" : "x123456789abcdef";
  return params;
}

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  const db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

describe("one route shape", () => {
  const files = routeFiles();

  it("every API route goes through the wrapper (no hand-written auth, try/catch or body reading)", () => {
    expect(files.length).toBeGreaterThan(30);
    for (const file of files.filter((f) => f !== "app/api/auth/[...nextauth]/route.ts")) {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      expect(source, file).toMatch(/= endpoint\(/);
      expect(source, file).not.toMatch(/requireViewer|errorResponse|request\.(text|json|formData)\(\)|export async function/);
      expect(source, file).toMatch(/export const \{[^}]+\} = otherMethods\(/);
    }
  });

  it("every route answers every method: 405 in the envelope with Allow where it has none, OPTIONS 204 with the same Allow", async () => {
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ path.join(root, file))) as RouteModule;
      const ctx = () => ({ params: Promise.resolve(paramsFor(file)) });
      // HEAD may be left to Next, which answers it with GET
      for (const method of METHODS) if (method !== "HEAD" || !mod.GET) expect(typeof mod[method], `${method} in ${file}`).toBe("function");
      const options = await mod.OPTIONS!(new Request("http://127.0.0.1/", { method: "OPTIONS" }), ctx());
      expect(options.status, file).toBe(204);
      const allow = options.headers.get("allow")!.split(", ");
      expect(allow, file).toContain("OPTIONS");
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
        if (allow.includes(method)) continue;
        const res = await mod[method]!(new Request("http://127.0.0.1/", { method }), ctx());
        expect(res.status, `${method} ${file}`).toBe(405);
        expect(res.headers.get("allow"), `${method} ${file}`).toBe(allow.join(", "));
        expect(await res.json(), `${method} ${file}`).toEqual({
          error: { code: "method_not_allowed", message: expect.stringContaining(method), field: null },
        });
      }
    }
  });
});

/** A chunked body (no content-length) of `total` bytes that counts what the route pulled from it. */
function countingRequest(url: string, total: number, headers: Record<string, string> = { "content-type": "application/json" }) {
  const chunk = new Uint8Array(256 * 1024).fill(0x20);
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        counter.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { request: new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit), counter };
}

describe("bodies counted while they arrive", () => {
  it("POST /api/v1/comparisons: a 50 MB chunked body is cut after its 30 MB limit (four 5 MB images in base64) with 413", async () => {
    const { MAX_COMPARISON_BODY_BYTES } = await import("@/lib/compare/schema");
    const route = await import("@/app/api/v1/comparisons/route");
    const { request, counter } = countingRequest("http://127.0.0.1/api/v1/comparisons", 50_000_000);
    const res = await route.POST(request);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "payload_too_large", message: "The request body is larger than 30 MB.", field: null },
    });
    expect(counter.pulled).toBeGreaterThan(MAX_COMPARISON_BODY_BYTES);
    expect(counter.pulled).toBeLessThan(MAX_COMPARISON_BODY_BYTES + 1_000_000);
  });

  it("POST /api/v1/evals keeps its 25 MB limit; the import counts a chunked file too", async () => {
    const { MAX_SESSION_BODY_BYTES } = await import("@/lib/evals/schema");
    const sessions = await import("@/app/api/v1/evals/route");
    const big = countingRequest("http://127.0.0.1/api/v1/evals", 50_000_000);
    expect((await sessions.POST(big.request)).status).toBe(413);
    expect(big.counter.pulled).toBeGreaterThan(MAX_SESSION_BODY_BYTES);
    expect(big.counter.pulled).toBeLessThan(MAX_SESSION_BODY_BYTES + 1_000_000);

    const { MAX_IMPORT_BYTES } = await import("@/lib/evals/import");
    const importRoute = await import("@/app/api/v1/evals/import/route");
    for (const type of ["text/csv", "multipart/form-data; boundary=x"]) {
      const file = countingRequest("http://127.0.0.1/api/v1/evals/import", 50_000_000, { "content-type": type });
      const res = await importRoute.POST(file.request);
      expect(res.status, type).toBe(413);
      expect(((await res.json()) as { error: unknown }).error, type).toMatchObject({ code: "payload_too_large", field: "file" });
      expect(file.counter.pulled, type).toBeLessThan(MAX_IMPORT_BYTES + 1_000_000);
    }
  });
});

describe("the evaluation actions are one route", () => {
  it("an action it does not have is 404 in the envelope, for every method", async () => {
    const route = await import("@/app/api/v1/evals/[id]/[action]/route");
    const ctx = { params: Promise.resolve({ id: "x123456789abcdef", action: "launch" }) };
    for (const handler of [route.POST, route.GET, route.DELETE, route.OPTIONS]) {
      const res = await handler(new Request("http://127.0.0.1/", { method: "POST", body: "{}" }), ctx);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "not_found", field: "action" });
    }
    // a known action on a session that does not exist: the session's own 404
    const missing = await route.POST(new Request("http://127.0.0.1/", { method: "POST" }), {
      params: Promise.resolve({ id: "x123456789abcdef", action: "pause" }),
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe("This evaluation session does not exist.");
  });
});

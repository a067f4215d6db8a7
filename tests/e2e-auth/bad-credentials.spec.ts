// Bad credentials with sign-in on: each gets a clear message and the right status, and changes
// nothing stored.
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");
const readState = () => JSON.parse(fs.readFileSync(path.join(root, "test-results", "e2e-auth.json"), "utf8")) as { databaseUrl: string };
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

let db: pg.Client;
const userId = `badcred-${randomBytes(4).toString("hex")}`;
const token = `jx_${randomBytes(32).toString("base64url")}`;
const expiredSession = randomBytes(32).toString("hex");

test.beforeAll(async () => {
  db = new pg.Client({ connectionString: readState().databaseUrl });
  await db.connect();
  await db.query(`INSERT INTO "User" (id, name, email) VALUES ($1, 'Bad creds', $2)`, [userId, `${userId}@example.test`]);
  await db.query(`INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, 'ci', $3, 'jx_xxxx')`, [
    `t${userId}`.slice(0, 30),
    userId,
    sha(token),
  ]);
  await db.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() - interval '1 minute')`, [
    `s${userId}`,
    sha(expiredSession), // sessions are stored hashed (lib/auth/hashed-sessions.ts)
    userId,
  ]);
});
test.afterAll(async () => db?.end());

async function comparisonsOf(id: string): Promise<number> {
  return Number((await db.query(`SELECT count(*) FROM "Comparison" WHERE "ownerId" = $1`, [id])).rows[0].count);
}

test("a valid token works; once revoked it gets 401 and can start nothing", async ({ request }) => {
  const ok = await request.get("/api/v1/comparisons", { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  // revoke through the API, with the token itself
  const list = (await (await request.get("/api/v1/tokens", { headers: { authorization: `Bearer ${token}` } })).json()) as {
    tokens: { id: string }[];
  };
  const del = await request.delete(`/api/v1/tokens/${list.tokens[0]!.id}`, { headers: { authorization: `Bearer ${token}` } });
  expect(del.status()).toBe(204);

  const before = await comparisonsOf(userId);
  const res = await request.post("/api/v1/comparisons", {
    headers: { authorization: `Bearer ${token}` },
    data: { prompt: "should not run", models: ["openai:gpt-4o-mini"] },
  });
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({
    error: { code: "unauthorized", message: "This API token is not valid: it was revoked or never existed.", field: null },
  });
  expect(await comparisonsOf(userId)).toBe(before);
});

test("a malformed Authorization header gets 401 with what to send", async ({ request }) => {
  for (const header of ["Bearer", "Basic dXNlcjpwYXNz", "Bearer sk-not-a-juxta-token", `Bearer jx_${"a".repeat(5)}`]) {
    const res = await request.get("/api/v1/models", { headers: { authorization: header } });
    expect(res.status(), header).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Bearer jx_/);
  }
});

test("an expired session is signed out: pages go to sign-in, the API answers 401", async ({ request }) => {
  const page = await request.get("/history", { headers: { cookie: `next-auth.session-token=${expiredSession}` }, maxRedirects: 0 });
  expect([302, 307]).toContain(page.status());
  expect(page.headers()["location"]).toContain("/signin?callbackUrl=%2Fhistory");
  const api = await request.get("/api/v1/comparisons", { headers: { cookie: `next-auth.session-token=${expiredSession}` } });
  expect(api.status()).toBe(401);
});

test("oversized and malformed bodies are refused before anything is stored", async ({ request }) => {
  const fresh = `jx_${randomBytes(32).toString("base64url")}`;
  await db.query(`INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $2, 'ci2', $3, 'jx_xxxx')`, [
    `u${userId}`.slice(0, 30),
    userId,
    sha(fresh),
  ]);
  const before = await comparisonsOf(userId);
  // the body limit of comparisons: MAX_COMPARISON_BODY_BYTES in lib/compare/schema.ts (room for 4 images of 5 MB as base64)
  const MAX_COMPARISON_BODY_BYTES = 30_000_000;
  const big = await request.post("/api/v1/comparisons", {
    headers: { authorization: `Bearer ${fresh}`, "content-type": "application/json" },
    data: JSON.stringify({ prompt: "x".repeat(MAX_COMPARISON_BODY_BYTES + 1), models: ["openai:gpt-4o-mini"] }),
  });
  expect(big.status()).toBe(413);
  // under the body limit, a prompt over its own limit is a validation error naming the field
  const long = await request.post("/api/v1/comparisons", {
    headers: { authorization: `Bearer ${fresh}`, "content-type": "application/json" },
    data: JSON.stringify({ prompt: "x".repeat(1_200_000), models: ["openai:gpt-4o-mini"] }),
  });
  expect(long.status()).toBe(400);
  expect(((await long.json()) as { error: { field: string } }).error.field).toBe("prompt");
  const bad = await request.post("/api/v1/comparisons", {
    headers: { authorization: `Bearer ${fresh}`, "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
  const wrongId = await request.get("/api/v1/comparisons/%2e%2e%2fetc", { headers: { authorization: `Bearer ${fresh}` } });
  expect(wrongId.status()).toBe(404);
  expect(await comparisonsOf(userId)).toBe(before);
});

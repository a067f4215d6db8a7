// Hardened edges with sign-in on (issue 13): a page served on another port of the same host cannot
// make a signed-in browser change anything (the app's own pages still can), every page and API
// response carries the security headers, and the session cookie is stored only as its hash.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { appUrl } from "../../playwright.auth.config";
import { expect, makeComparison, people, signInWithSso, test } from "./fixtures";

const root = path.resolve(import.meta.dirname, "../..");
const readState = () => JSON.parse(fs.readFileSync(path.join(root, "test-results", "e2e-auth.json"), "utf8")) as { databaseUrl: string };
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** A page on another port of 127.0.0.1 (same site, another origin) that posts to the app as soon as it loads. */
async function foreignSite(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

async function comparisonsOf(db: pg.Client, email: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM "Comparison" c JOIN "User" u ON u.id = c."ownerId" WHERE u.email = $1`, [
    email,
  ]);
  return (rows[0] as { n: number }).n;
}

test("a page on another port cannot make a signed-in browser create a comparison; the app's own pages can", async ({ page }) => {
  const db = new pg.Client({ connectionString: readState().databaseUrl });
  await db.connect();
  try {
    await page.goto("/");
    await signInWithSso(page, people.alice.login);
    const email = people.alice.email;
    const before = await comparisonsOf(db, email);

    // the old trick: a text/plain form whose body is JSON (no preflight), and a no-cors fetch
    const body = JSON.stringify({ prompt: "csrf", models: ["openai:gpt-4o-mini"] });
    const [name, value] = [body.slice(0, -1) + ',"x":"', '"}'];
    const site = await foreignSite(`<!doctype html><html><body>
      <form id="f" method="POST" action="${appUrl}/api/v1/comparisons" enctype="text/plain">
        <input type="hidden" name='${name}' value='${value}'>
      </form>
      <script>
        fetch(${JSON.stringify(`${appUrl}/api/v1/comparisons`)}, { method: "POST", mode: "no-cors", credentials: "include", body: ${JSON.stringify(body)} })
          .finally(() => document.getElementById("f").submit());
      </script></body></html>`);
    try {
      const refused = page.waitForResponse(
        (r) => r.url() === `${appUrl}/api/v1/comparisons` && r.request().method() === "POST" && r.request().resourceType() === "document",
      );
      await page.goto(site.url);
      const res = await refused;
      expect(res.status()).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden_origin" } });
    } finally {
      await site.close();
    }
    expect(await comparisonsOf(db, email)).toBe(before);

    // a server action posted from there: Next compares Origin with Host and aborts it
    const action = await page.request.post("/", {
      headers: {
        "next-action": "0".repeat(42),
        origin: "http://127.0.0.1:1",
        accept: "text/x-component",
        "content-type": "text/plain;charset=UTF-8",
      },
      data: "[]",
      maxRedirects: 0,
    });
    expect(action.ok()).toBe(false);

    // the app's own UI (server actions, its fetches) still works, signed in with the same cookie
    await makeComparison(page, "Alice asks from the app itself");
    expect(await comparisonsOf(db, email)).toBe(before + 1);

    // the session cookie works, and only its SHA-256 is in the database
    const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token")!;
    expect(cookie).toBeDefined();
    const clear = await db.query(`SELECT 1 FROM "Session" WHERE "sessionToken" = $1`, [cookie.value]);
    expect(clear.rowCount).toBe(0);
    const hashed = await db.query(
      `SELECT 1 FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s."sessionToken" = $1 AND u.email = $2`,
      [sha(cookie.value), email],
    );
    expect(hashed.rowCount).toBe(1);
    const me = await page.request.get("/api/v1/comparisons?limit=1");
    expect(me.status()).toBe(200);
  } finally {
    await db.end();
  }
});

test("security headers on pages and API responses; no CSP violation on the pages", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  const nonces = new Set<string>();
  for (const [p, heading] of [
    ["/signin", "Sign in to Juxta"],
    ["/signin/check-email", "Check your email"],
  ] as const) {
    const res = await page.goto(p);
    const h = res!.headers();
    const csp = h["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    nonces.add(/'nonce-([^']+)'/.exec(csp)![1]!);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    // the page's scripts carry the nonce and ran (React hydrated the sign-in form)
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  }
  expect(nonces.size).toBe(2); // one per request
  const share = await request.get("/s/not-a-real-token");
  expect(share.headers()["referrer-policy"]).toBe("no-referrer");
  expect(share.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const results = await request.get("/r/not-a-real-token");
  expect(results.headers()["referrer-policy"]).toBe("no-referrer");
  const api = await request.get("/api/v1/models");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(api.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const health = await request.get("/api/health");
  expect(await health.json()).toEqual({ status: "ok" });
  expect((await request.get("/api/ready")).status()).toBe(200);
  expect(violations).toEqual([]);
});

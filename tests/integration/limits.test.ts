// Limits per person and per API token (lib/limits): the per-minute request limit, panes at once,
// daily and monthly spend, through the JSON API (429 with Retry-After and the error envelope) and
// the library the routes and workers call; 20 parallel starts never reserve past a daily limit;
// overrides per person, team and token; 0 turns a limit off; and the two figures (50
// comparisons of 8 panes x 128,000 max output tokens from one token, a 5,000 x 8 evaluation
// estimated at thousands of dollars) are refused by the default limits.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import type { Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CreateComparisonInput } from "@/lib/compare/schema";

let emulator: Emulator;
let db: PrismaClient;
let route: typeof import("@/app/api/v1/comparisons/route");
let limits: typeof import("@/lib/limits");
let compare: typeof import("@/lib/limits/compare");
let envMod: typeof import("@/lib/env");
let config: typeof import("@/lib/limits/config");

const LIMIT_VARS = ["JUXTA_LIMIT_REQUESTS_PER_MINUTE", "JUXTA_LIMIT_CONCURRENT_PANES", "JUXTA_LIMIT_DAILY_USD", "JUXTA_LIMIT_MONTHLY_USD"];
const MODELS = ["openai:gpt-4.1-nano", "openai:gpt-4o-mini"];

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  Object.assign(process.env, emulatorEnv(emulator.url), { DATABASE_URL: inject("databaseUrl") });
  envMod = await import("@/lib/env");
  envMod.resetEnvCache();
  route = await import("@/app/api/v1/comparisons/route");
  limits = await import("@/lib/limits");
  compare = await import("@/lib/limits/compare");
  config = await import("@/lib/limits/config");
  db = (await import("@/lib/db")).getDb();
});
afterAll(async () => {
  for (const v of LIMIT_VARS) delete process.env[v];
  envMod?.resetEnvCache();
  await emulator?.close();
});

let person = 0;
/** A fresh person (and their ledger) for each test, so counts never carry over. */
async function newPerson(): Promise<string> {
  const id = `limits-user-${Date.now()}-${person++}`;
  await db.user.create({ data: { id, email: `${id}@example.com` } });
  return id;
}

/** Sets the JUXTA_LIMIT_* variables (local mode: only what is set applies). */
function setLimits(values: Partial<Record<(typeof LIMIT_VARS)[number], string>>): Env {
  for (const v of LIMIT_VARS) delete process.env[v];
  Object.assign(process.env, values);
  envMod.resetEnvCache();
  return envMod.getEnv();
}

beforeEach(async () => {
  await db.limitOverride.deleteMany();
  config.forgetOverrides();
  // the local user's counts start over in each test
  await db.spendLedger.deleteMany();
  await db.rateLimit.deleteMany();
  for (const m of MODELS) emulator.setScript(m, null);
});

function post(body: unknown) {
  return route.POST(
    new Request("http://127.0.0.1/api/v1/comparisons", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

type Envelope = { error: { code: string; message: string; field: null } };

describe("the JSON API over a limit", () => {
  it("answers 429 rate_limited with Retry-After after JUXTA_LIMIT_REQUESTS_PER_MINUTE starts", async () => {
    setLimits({ JUXTA_LIMIT_REQUESTS_PER_MINUTE: "3" });
    const body = { prompt: "Say hi.", models: MODELS.slice(0, 1) };
    for (let i = 0; i < 3; i++) {
      const ok = await post(body);
      expect(ok.status).toBe(200);
      await ok.text();
    }
    const res = await post(body);
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    const json = (await res.json()) as Envelope;
    expect(json.error).toEqual({
      code: "rate_limited",
      // the window's rest: "in 42 s", or "in 1 min" when a whole minute is left
      message: expect.stringMatching(/limit of 3 requests per minute .* try again in (\d+ s|1 min)\.$/),
      field: null,
    });
  });

  it("answers 429 rate_limited while JUXTA_LIMIT_CONCURRENT_PANES panes are answering, and admits again when they end", async () => {
    setLimits({ JUXTA_LIMIT_CONCURRENT_PANES: "2" });
    for (const m of MODELS) emulator.setScript(m, { ttftMs: 400, tokensPerSecond: 50, text: "one two three four five" });
    const first = await post({ prompt: "Slow, please.", models: MODELS });
    expect(first.status).toBe(200);
    const second = await post({ prompt: "Another.", models: MODELS.slice(0, 1) });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await second.json()) as Envelope).error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/2 panes answering at once/),
    });
    await first.text(); // the stream ends when both panes have ended
    await expect
      .poll(async () => (await db.spendLedger.findUnique({ where: { subject: "user:local" } }))?.activePanes, { timeout: 5000 })
      .toBe(0);
    const third = await post({ prompt: "Now?", models: MODELS.slice(0, 1) });
    expect(third.status).toBe(200);
    await third.text();
  });

  it("answers 429 spend_limit with Retry-After until midnight UTC over JUXTA_LIMIT_DAILY_USD, saying what is left", async () => {
    const env = setLimits({ JUXTA_LIMIT_DAILY_USD: "0.01" });
    // 100,000 max output tokens of GPT-4o mini cost up to $0.06: more than the whole day
    const res = await post({ prompt: "Write a lot.", models: ["openai:gpt-4o-mini"], params: { maxOutputTokens: 100_000 } });
    expect(res.status).toBe(429);
    const json = (await res.json()) as Envelope;
    expect(json.error.code).toBe("spend_limit");
    expect(json.error.field).toBeNull();
    expect(json.error.message).toMatch(
      /daily spend limit of \$0\.01 would be passed: \$0\.00 spent, \$0\.01 left, and this could cost up to \$0\.06/,
    );
    expect(json.error.message).toMatch(/resets at 00:00 UTC \(in /);
    const retry = Number(res.headers.get("retry-after"));
    const now = new Date();
    const midnight = (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;
    expect(Math.abs(retry - midnight)).toBeLessThan(5);
    // nothing was stored or reserved
    expect(await db.comparison.count({ where: { title: "Write a lot." } })).toBe(0);
    const ledger = await db.spendLedger.findUnique({ where: { subject: "user:local" } });
    expect(Number(ledger?.dayReservedUsd ?? 0)).toBe(0);
    expect(env.limits.dailyUsd).toBe(0.01);
  });

  it("answers 429 spend_limit over JUXTA_LIMIT_MONTHLY_USD, with Retry-After until the 1st", async () => {
    setLimits({ JUXTA_LIMIT_MONTHLY_USD: "0.01" });
    const res = await post({ prompt: "Write a lot.", models: ["openai:gpt-4o-mini"], params: { maxOutputTokens: 100_000 } });
    expect(res.status).toBe(429);
    expect(((await res.json()) as Envelope).error.message).toMatch(/monthly spend limit of \$0\.01 .* resets on the 1st/);
    const now = new Date();
    const first = (Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime()) / 1000;
    expect(Math.abs(Number(res.headers.get("retry-after")) - first)).toBeLessThan(5);
  });

  it("0 turns every limit off: 40 quick starts are all admitted", async () => {
    setLimits({
      JUXTA_LIMIT_REQUESTS_PER_MINUTE: "0",
      JUXTA_LIMIT_CONCURRENT_PANES: "0",
      JUXTA_LIMIT_DAILY_USD: "0",
      JUXTA_LIMIT_MONTHLY_USD: "0",
    });
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const r = await post({ prompt: "Hi", models: MODELS.slice(0, 1), params: { maxOutputTokens: 100_000 } });
        await r.text();
        return r.status;
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

describe("the ledger under concurrency", () => {
  it("20 parallel comparison starts never reserve or charge past a daily limit", { timeout: 60_000 }, async () => {
    for (const m of MODELS) emulator.setScript(m, { ttftMs: 100, tokensPerSecond: 200, text: "a b c d e f g h" });
    const { findModel } = await import("@/lib/providers");
    const input = { prompt: "Count to ten.", models: MODELS, params: { maxOutputTokens: 2000 } };
    const env0 = setLimits({});
    const worst = MODELS.reduce(
      (s, m) => s + limits.worstCaseOfCall(findModel(m, env0)!, { maxOutputTokens: 2000 }, null, [{ role: "user", content: input.prompt }]),
      0,
    );
    // room for 5.5 comparisons' worst cases: at most 5 may run at once
    const cap = Number((worst * 5.5).toFixed(6));
    setLimits({ JUXTA_LIMIT_DAILY_USD: String(cap) });
    const results = await Promise.all(Array.from({ length: 20 }, () => post(input)));
    const admitted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(admitted.length + refused.length).toBe(20);
    expect(admitted.length).toBeGreaterThanOrEqual(1);
    expect(admitted.length).toBeLessThanOrEqual(5);
    for (const r of refused) expect(((await r.json()) as Envelope).error.code).toBe("spend_limit");
    const during = await db.spendLedger.findUniqueOrThrow({ where: { subject: "user:local" } });
    expect(Number(during.dayChargedUsd) + Number(during.dayReservedUsd)).toBeLessThanOrEqual(cap);
    await Promise.all(admitted.map((r) => r.text()));
    // settled: nothing held, what was charged is what the answers cost, under the cap
    await expect
      .poll(async () => Number((await db.spendLedger.findUniqueOrThrow({ where: { subject: "user:local" } })).dayReservedUsd), {
        timeout: 5000,
      })
      .toBe(0);
    const after = await db.spendLedger.findUniqueOrThrow({ where: { subject: "user:local" } });
    const answers = await db.answer.findMany({ where: { turn: { prompt: input.prompt } }, select: { costUsd: true } });
    const spent = answers.reduce((s, a) => s + Number(a.costUsd ?? 0), 0);
    expect(Number(after.dayChargedUsd)).toBeCloseTo(spent, 6);
    expect(Number(after.dayChargedUsd)).toBeLessThanOrEqual(cap);
    expect(after.activePanes).toBe(0);
  });
});

describe("overrides and API tokens", () => {
  it("a person's override replaces the default, a team's applies to that team's work, a token's to that token", async () => {
    const env = setLimits({ JUXTA_LIMIT_REQUESTS_PER_MINUTE: "2" });
    const deps = { db, env };
    const userId = await newPerson();
    const team = await db.team.create({ data: { id: `team-${userId}`, name: "Limits team" } });
    const token = await db.apiToken.create({
      data: { id: `tok-${userId}`, userId, name: "ci", tokenHash: `hash-${userId}`, prefix: "jx_abcd" },
    });
    const twice = async (spender: { userId: string; teamId?: string; tokenId?: string }, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++)
        out.push(
          await limits.checkRequestRate(spender, deps).then(
            () => "ok",
            (e: { code: string }) => e.code,
          ),
        );
      return out;
    };
    // the default: 2 a minute
    expect(await twice({ userId }, 3)).toEqual(["ok", "ok", "rate_limited"]);

    // a person override: 5 a minute (3 more after the 2 used... the window counts every request)
    const other = await newPerson();
    await db.limitOverride.create({ data: { id: `o-${other}`, userId: other, requestsPerMinute: 5 } });
    config.forgetOverrides();
    expect(await twice({ userId: other }, 6)).toEqual(["ok", "ok", "ok", "ok", "ok", "rate_limited"]);

    // a team override applies to the team's work only
    const third = await newPerson();
    await db.limitOverride.create({ data: { id: `o-${team.id}`, teamId: team.id, requestsPerMinute: 4 } });
    config.forgetOverrides();
    expect(await twice({ userId: third, teamId: team.id }, 5)).toEqual(["ok", "ok", "ok", "ok", "rate_limited"]);
    const fourth = await newPerson();
    expect(await twice({ userId: fourth }, 3)).toEqual(["ok", "ok", "rate_limited"]);

    // a token's own limit: 1 a minute through the token, while the person (10 a minute) still has room
    const fifth = await newPerson();
    const tok = await db.apiToken.create({
      data: { id: `tok-${fifth}`, userId: fifth, name: "ci", tokenHash: `hash-${fifth}`, prefix: "jx_abcd" },
    });
    await db.limitOverride.create({ data: { id: `o-${fifth}`, userId: fifth, requestsPerMinute: 10 } });
    await db.limitOverride.create({ data: { id: `o-${tok.id}`, tokenId: tok.id, requestsPerMinute: 1 } });
    config.forgetOverrides();
    expect(await twice({ userId: fifth, tokenId: tok.id }, 2)).toEqual(["ok", "rate_limited"]);
    const viaToken = await limits.checkRequestRate({ userId: fifth, tokenId: tok.id }, deps).catch((e: Error) => e.message);
    expect(viaToken).toMatch(/This API token's limit of 1 requests per minute/);
    expect(await twice({ userId: fifth }, 1)).toEqual(["ok"]);
    expect(token.id).toBeTruthy();
  });

  it("a token's spend override is kept apart from its person's", async () => {
    const env = setLimits({ JUXTA_LIMIT_DAILY_USD: "10" });
    const userId = await newPerson();
    const tok = await db.apiToken.create({
      data: { id: `tok-${userId}`, userId, name: "ci", tokenHash: `hash-${userId}`, prefix: "jx_abcd" },
    });
    await db.limitOverride.create({ data: { id: `o-${tok.id}`, tokenId: tok.id, dailyUsd: 1 } });
    config.forgetOverrides();
    const deps = { db, env };
    const hold = await limits.reservePersonSpend({ userId, tokenId: tok.id }, { usd: 0.9 }, deps);
    await expect(limits.reservePersonSpend({ userId, tokenId: tok.id }, { usd: 0.2 }, deps)).rejects.toMatchObject({
      code: "spend_limit",
      message: expect.stringMatching(/This API token's daily spend limit of \$1\.00/),
    });
    // the person, without the token, still has room
    await limits.reservePersonSpend({ userId }, { usd: 5 }, deps);
    await limits.settlePersonSpend(hold, { costUsd: 0.1 }, deps);
    // settled: the token has 0.9 left again
    await limits.reservePersonSpend({ userId, tokenId: tok.id }, { usd: 0.85 }, deps);
  });
});

describe("the issue's figures, refused by the default limits", () => {
  it("one API token starting 50 comparisons of 8 panes with 128,000 max output tokens in a burst", async () => {
    const base = setLimits({});
    const env: Env = { ...base, limits: envMod.DEFAULT_LIMITS };
    const userId = await newPerson();
    const tok = await db.apiToken.create({
      data: { id: `tok-${userId}`, userId, name: "ci", tokenHash: `hash-${userId}`, prefix: "jx_abcd" },
    });
    const { getCatalog } = await import("@/lib/providers");
    const eight = getCatalog(env)
      .filter((m) => m.available && m.price)
      .slice(0, 8)
      .map((m) => m.id);
    expect(eight).toHaveLength(8);
    const input: CreateComparisonInput = { prompt: "Write a long essay.", models: eight, params: { maxOutputTokens: 128_000 } };
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        compare.admitComparison(input, { userId, tokenId: tok.id }, { db, env }).then(
          () => "admitted",
          (e: { code: string }) => e.code,
        ),
      ),
    );
    const admitted = outcomes.filter((o) => o === "admitted").length;
    expect(admitted).toBeLessThan(50);
    expect(outcomes.filter((o) => o !== "admitted").every((o) => o === "spend_limit" || o === "rate_limited")).toBe(true);
    const ledger = await db.spendLedger.findUniqueOrThrow({ where: { subject: `user:${userId}` } });
    expect(Number(ledger.dayReservedUsd)).toBeLessThanOrEqual(envMod.DEFAULT_LIMITS.dailyUsd);
    expect(ledger.activePanes).toBeLessThanOrEqual(envMod.DEFAULT_LIMITS.concurrentPanes);
  });
});

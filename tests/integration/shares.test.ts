// Share links, exports and re-runs: the domain code and the route handlers (called as Next calls
// them, in local mode: the viewer is the local user) on the test database and the emulator.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { newSecret } from "@/lib/auth/tokens";
import type { CompareEvent } from "@/lib/compare/events";
import type { ComparisonView } from "@/lib/compare/queries";
import type { CreateComparisonInput } from "@/lib/compare/schema";
import { startEmulator, type Emulator } from "../emulator/server";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { accessTo } from "../helpers/access";

let emulator: Emulator;
let db: import("@/lib/generated/prisma/client").PrismaClient;
let api: {
  shares: typeof import("@/app/api/v1/comparisons/[id]/shares/route");
  share: typeof import("@/app/api/v1/comparisons/[id]/shares/[shareId]/route");
  exportRoute: typeof import("@/app/api/v1/comparisons/[id]/export/route");
  sharedExport: typeof import("@/app/s/[token]/export/route");
};
let lib: {
  service: typeof import("@/lib/shares/service");
  rerun: typeof import("@/lib/shares/rerun");
  providers: typeof import("@/lib/providers");
  compare: typeof import("@/lib/compare/service");
  queries: typeof import("@/lib/compare/queries");
};

beforeAll(async () => {
  emulator = await startEmulator({ scripts: {} });
  Object.assign(process.env, emulatorEnv(emulator.url), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  api = {
    shares: await import("@/app/api/v1/comparisons/[id]/shares/route"),
    share: await import("@/app/api/v1/comparisons/[id]/shares/[shareId]/route"),
    exportRoute: await import("@/app/api/v1/comparisons/[id]/export/route"),
    sharedExport: await import("@/app/s/[token]/export/route"),
  };
  lib = {
    service: await import("@/lib/shares/service"),
    rerun: await import("@/lib/shares/rerun"),
    providers: await import("@/lib/providers"),
    compare: await import("@/lib/compare/service"),
    queries: await import("@/lib/compare/queries"),
  };
  db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});
afterAll(async () => {
  await emulator?.close();
});

const ORIGIN = "http://127.0.0.1:3999";
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const shareParams = (id: string, shareId: string) => ({ params: Promise.resolve({ id, shareId }) });
const tokenParams = (token: string) => ({ params: Promise.resolve({ token }) });

function json(method: string, body?: unknown, raw?: string) {
  return new Request(`${ORIGIN}/api/v1/comparisons/x/shares`, {
    method,
    headers: { "content-type": "application/json" },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
}

/** Starts a comparison and waits until every pane has finished. */
async function compare(input: CreateComparisonInput, ownerId = LOCAL_USER_ID): Promise<string> {
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const { id } = lib.compare.startComparison(input, { ownerId }, { observe: (e: CompareEvent) => e.type === "done" && done() });
  await finished;
  return id;
}

async function followUp(id: string, prompt: string): Promise<void> {
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await lib.compare.addTurn(await accessTo(id), prompt, { observe: (e: CompareEvent) => e.type === "done" && done() });
  await finished;
}

async function share(id: string, body: unknown = {}) {
  const res = await api.shares.POST(json("POST", body), idParams(id));
  expect(res.status).toBe(201);
  const data = (await res.json()) as { id: string; url: string; expiresAt: string | null; createdAt: string };
  const token = new URL(data.url).pathname.split("/").at(-1)!;
  return { ...data, token };
}

/** Every table's rows as text, for "is this string stored anywhere?". */
async function databaseContains(needle: string): Promise<string[]> {
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE '%' || $1 || '%'`,
      needle,
    );
    if (rows[0]!.n > 0) hits.push(table_name);
  }
  return hits;
}

/** Every key name anywhere in a JSON value, with its path. */
function keyPaths(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${path}[]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...keyPaths(v, `${path}.${k}`)]);
  return [];
}

async function internalIds(id: string): Promise<string[]> {
  const c = await db.comparison.findUniqueOrThrow({ where: { id }, include: { panes: true, turns: { include: { answers: true } } } });
  const answers = c.turns.flatMap((t) => t.answers);
  return [
    c.id,
    ...c.panes.map((p) => p.id),
    ...c.turns.map((t) => t.id),
    ...answers.map((a) => a.id),
    ...answers.flatMap((a) => [a.responseId, a.requestId]).filter((x): x is string => Boolean(x)),
  ];
}

const input: CreateComparisonInput = {
  prompt: "Explain TCP slow start in two sentences.",
  system: "You are terse.",
  models: ["openai:gpt-4o-mini", { id: "azure:prod-mini", params: { temperature: 0.2 } }, "bedrock:amazon.nova-pro-v1:0"],
  params: { maxOutputTokens: 300, temperature: 0.7 },
};

describe("share links", () => {
  let comparisonId: string;
  let view: ComparisonView;
  beforeAll(async () => {
    comparisonId = await compare(input);
    view = (await lib.queries.getComparisonById(await accessTo(comparisonId)))!;
  });

  it("creates a link whose token works, stored only as its SHA-256", async () => {
    const created = await share(comparisonId);
    expect(created.url).toBe(`${ORIGIN}/s/${created.token}`);
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    expect(created.expiresAt).toBeNull();
    expect(Date.parse(created.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const row = await db.share.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(row.createdById).toBe(LOCAL_USER_ID);
    expect(await databaseContains(created.token)).toEqual([]);

    const found = await lib.service.findActiveShareByToken({ token: created.token });
    expect(found).not.toBeNull();
    expect(found!.snapshot.title).toBe(view.title);
    expect(found!.snapshot.system).toBe("You are terse.");
    expect(found!.snapshot.params).toEqual({ maxOutputTokens: 300, temperature: 0.7 });
    expect(found!.snapshot.panes.map((p) => [p.model.id, p.model.location, p.params])).toEqual(
      view.panes.map((p) => [p.model.id, p.model.location, p.params]),
    );
    expect(found!.snapshot.turns[0]!.answers.map((a) => a.text)).toEqual(view.turns[0]!.answers.map((a) => a.text));
    expect(found!.snapshot.turns[0]!.answers.every((a) => a.metrics.outputTokens! > 0)).toBe(true);

    // the list never shows a token
    const list = await api.shares.GET(new Request(ORIGIN), idParams(comparisonId));
    const text = await list.text();
    expect(text).not.toContain(created.token);
    const { shares } = JSON.parse(text) as { shares: { id: string; status: string; revokedAt: string | null }[] };
    expect(shares.find((s) => s.id === created.id)).toMatchObject({ status: "active", revokedAt: null });
  });

  it("the snapshot holds no internal id, owner or email (an explicit whitelist)", async () => {
    await db.user.update({ where: { id: LOCAL_USER_ID }, data: { email: "owner@example.test" } });
    try {
      const { token } = await share(comparisonId);
      const snapshot = (await lib.service.findActiveShareByToken({ token }))!.snapshot;
      const stored = (await db.share.findFirstOrThrow({ where: { comparisonId }, orderBy: { createdAt: "desc" } })).snapshot;
      const ids = await internalIds(comparisonId);
      expect(ids.length).toBeGreaterThan(10); // comparison, 3 panes, 1 turn, 3 answers, their response/request ids
      for (const doc of [JSON.stringify(snapshot), JSON.stringify(stored)]) {
        for (const id of ids) expect(doc).not.toContain(id);
        expect(doc).not.toContain("@");
      }
      expect(keyPaths(stored).filter((p) => /owner|email|createdBy|user/i.test(p))).toEqual([]);
      // the only "id" keys are the catalog model ids a re-run needs
      const idKeys = keyPaths(stored).filter((p) => /(^|\.)(id|\w*Id)$/.test(p));
      expect([...new Set(idKeys)]).toEqual([".panes[].model.id"]);

      // and the shared page's exports carry none either
      for (const format of ["json", "md"]) {
        const res = await api.sharedExport.GET(new Request(`${ORIGIN}/s/${token}/export?format=${format}`), tokenParams(token));
        expect(res.status).toBe(200);
        const body = await res.text();
        for (const id of ids) expect(body).not.toContain(id);
        expect(body).not.toContain("@");
      }
    } finally {
      await db.user.update({ where: { id: LOCAL_USER_ID }, data: { email: null } });
    }
  });

  it("expired, revoked, unknown and malformed tokens all give the same null and the same 404", async () => {
    const expired = await share(comparisonId, { expiresInDays: 1 });
    expect(Date.parse(expired.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await db.share.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await share(comparisonId, { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    const del = await api.share.DELETE(json("DELETE"), shareParams(comparisonId, revoked.id));
    expect(del.status).toBe(204);
    // revoking twice is fine, and keeps the first time
    const first = (await db.share.findUniqueOrThrow({ where: { id: revoked.id } })).revokedAt;
    expect((await api.share.DELETE(json("DELETE"), shareParams(comparisonId, revoked.id))).status).toBe(204);
    expect((await db.share.findUniqueOrThrow({ where: { id: revoked.id } })).revokedAt).toEqual(first);

    const bad = [expired.token, revoked.token, newSecret(), "abc", "../../etc/passwd", `${newSecret()}x`, "", "jx_" + newSecret().slice(3)];
    const bodies = new Set<string>();
    for (const token of bad) {
      expect(await lib.service.findActiveShareByToken({ token })).toBeNull();
      const res = await api.sharedExport.GET(new Request(`${ORIGIN}/s/x/export?format=md`), tokenParams(token));
      expect(res.status).toBe(404);
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);

    const { shares } = (await (await api.shares.GET(new Request(ORIGIN), idParams(comparisonId))).json()) as {
      shares: { id: string; status: string }[];
    };
    expect(shares.find((s) => s.id === expired.id)!.status).toBe("expired");
    expect(shares.find((s) => s.id === revoked.id)!.status).toBe("revoked");
    // a revoked link cannot be brought back by an update
    const patch = await api.share.PATCH(json("PATCH", {}), shareParams(comparisonId, revoked.id));
    expect(patch.status).toBe(409);
  });

  it("leaves later turns out until the owner updates the link", async () => {
    const id = await compare({ prompt: "First question: what is a mutex?", models: ["openai:gpt-4o-mini", "azure:prod-mini"] });
    const { id: shareId, token } = await share(id);
    await followUp(id, "Second question: and a semaphore?");
    const before = (await lib.service.findActiveShareByToken({ token }))!.snapshot;
    expect(before.turns.map((t) => t.prompt)).toEqual(["First question: what is a mutex?"]);
    expect(JSON.stringify(before)).not.toContain("semaphore");
    const md = await (await api.sharedExport.GET(new Request(`${ORIGIN}/s/t/export?format=md`), tokenParams(token))).text();
    expect(md).not.toContain("semaphore");

    const res = await api.share.PATCH(json("PATCH"), shareParams(id, shareId));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: shareId, status: "active" });
    const after = (await lib.service.findActiveShareByToken({ token }))!.snapshot;
    expect(after.turns.map((t) => t.prompt)).toEqual(["First question: what is a mutex?", "Second question: and a semaphore?"]);
    expect(after.turns[1]!.answers).toHaveLength(2);
    expect(Date.parse(after.sharedAt)).toBeGreaterThan(Date.parse(before.sharedAt));
  });

  it("rejects bad input with 400 naming the field, and unknown links with 404", async () => {
    const cases: [unknown, string | null][] = [
      [{ expiresInDays: 0 }, "expiresInDays"],
      [{ expiresInDays: 366 }, "expiresInDays"],
      [{ expiresInDays: 1.5 }, "expiresInDays"],
      [{ expiresInDays: "7" }, "expiresInDays"],
      [{ expiresAt: "next tuesday" }, "expiresAt"],
      [{ expiresAt: new Date(Date.now() - 60_000).toISOString() }, "expiresAt"],
      [{ expiresInDays: 7, expiresAt: new Date(Date.now() + 86_400_000).toISOString() }, "expiresAt"],
      [{ token: "mine" }, null],
    ];
    const before = await db.share.count();
    for (const [body, field] of cases) {
      const res = await api.shares.POST(json("POST", body), idParams(comparisonId));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string; field: string | null } };
      expect(error.code).toBe("validation");
      expect(error.field).toBe(field);
      expect(error.message.length).toBeGreaterThan(5);
    }
    const broken = await api.shares.POST(json("POST", undefined, "{nope"), idParams(comparisonId));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    expect(await db.share.count()).toBe(before);

    expect((await api.share.PATCH(json("PATCH", {}), shareParams(comparisonId, "doesNotExist1234"))).status).toBe(404);
    expect((await api.share.DELETE(json("DELETE"), shareParams(comparisonId, "../../x"))).status).toBe(404);
    // a link of another comparison, through this one's URL
    const other = await compare({ prompt: "Another one", models: ["openai:gpt-4o-mini"] });
    const otherShare = await share(other);
    // an update takes no fields: the snapshot is always the comparison's own state
    const smuggled = await api.share.PATCH(json("PATCH", { snapshot: { title: "forged" } }), shareParams(other, otherShare.id));
    expect(smuggled.status).toBe(400);
    expect(((await smuggled.json()) as { error: { code: string } }).error.code).toBe("validation");
    expect((await api.share.DELETE(json("DELETE"), shareParams(comparisonId, otherShare.id))).status).toBe(404);
    expect(await lib.service.findActiveShareByToken({ token: otherShare.token })).not.toBeNull();
  });

  it("answers 404 for someone else's comparison, for every share and export route", async () => {
    await db.user.upsert({
      where: { id: "someone-else" },
      create: { id: "someone-else", name: "Someone", email: "else@example.test" },
      update: {},
    });
    const theirs = await compare({ prompt: "Their private question", models: ["openai:gpt-4o-mini"] }, "someone-else");
    const before = await db.share.count();
    expect((await api.shares.POST(json("POST", {}), idParams(theirs))).status).toBe(404);
    expect((await api.shares.GET(new Request(ORIGIN), idParams(theirs))).status).toBe(404);
    expect((await api.exportRoute.GET(new Request(`${ORIGIN}/x?format=json`), idParams(theirs))).status).toBe(404);
    const theirShare = await lib.service.createShare(await accessTo(theirs, { viewer: { id: "someone-else", local: false } }), {
      expiresAt: null,
    });
    expect((await api.share.DELETE(json("DELETE"), shareParams(theirs, theirShare.share.id))).status).toBe(404);
    expect((await api.share.PATCH(json("PATCH"), shareParams(theirs, theirShare.share.id))).status).toBe(404);
    expect(await db.share.count()).toBe(before + 1);
    expect((await db.share.findUniqueOrThrow({ where: { id: theirShare.share.id } })).revokedAt).toBeNull();
  });
});

describe("Open Graph image", () => {
  it("draws the prompt and models as a PNG without any request off this machine, and 404s like the page", async () => {
    const { default: image } = await import("@/app/s/[token]/opengraph-image");
    // the prompt mixes in characters the bundled font lacks (CJK, emoji): they must not trigger a font download
    const id = await compare({
      prompt: "Compare 日本語 and emoji 🚀 handling: why is the sky blue?",
      models: ["openai:gpt-4o-mini", "azure:prod-mini"],
    });
    const { token } = await share(id);
    const realFetch = globalThis.fetch;
    const offMachine: string[] = [];
    globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      const href = url instanceof Request ? url.url : String(url);
      if (!/^(https?:\/\/(127\.0\.0\.1|localhost)[:/]|data:|file:)/.test(href)) {
        offMachine.push(href);
        throw new Error(`blocked request to ${href}`);
      }
      return realFetch(url, init);
    }) as typeof fetch;
    try {
      const res = await image({ params: Promise.resolve({ token }) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(1200);
      expect(png.readUInt32BE(20)).toBe(630);
      expect(offMachine).toEqual([]);
      for (const bad of [newSecret(), "nope"]) expect((await image({ params: Promise.resolve({ token: bad }) })).status).toBe(404);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe("exports", () => {
  let comparisonId: string;
  beforeAll(async () => {
    comparisonId = await compare(input);
  });

  it("exports the whole comparison as JSON, as an attachment", async () => {
    const res = await api.exportRoute.GET(
      new Request(`${ORIGIN}/api/v1/comparisons/${comparisonId}/export?format=json`),
      idParams(comparisonId),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="juxta-explain-tcp-slow-start-in-two-sentences.json"');
    const doc = (await res.json()) as ComparisonView & { format: string; exportedAt: string };
    const view = (await lib.queries.getComparisonById(await accessTo(comparisonId)))!;
    expect(doc.format).toBe("juxta.comparison.v1");
    expect(Date.parse(doc.exportedAt)).toBeGreaterThan(Date.now() - 60_000);
    const { format: _f, exportedAt: _e, ...rest } = doc;
    expect(rest).toEqual(JSON.parse(JSON.stringify(view)));
  });

  it("exports Markdown: title, system prompt, parameters, prompt, each pane's model, answer and metrics", async () => {
    const res = await api.exportRoute.GET(new Request(`${ORIGIN}/x?format=md`), idParams(comparisonId));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="juxta-[a-z0-9-]+\.md"$/);
    const md = await res.text();
    const view = (await lib.queries.getComparisonById(await accessTo(comparisonId)))!;
    expect(md.startsWith("# Explain TCP slow start in two sentences.\n")).toBe(true);
    expect(md).toContain("## System prompt\n\n```text\nYou are terse.\n```");
    expect(md).toContain("- Shared parameters: temperature 0.7, max 300 output tokens");
    expect(md).toContain("## Prompt\n");
    expect(md).toContain("```text\nExplain TCP slow start in two sentences.\n```");
    for (const pane of view.panes) {
      expect(md).toContain(`### ${pane.model.label} · ${pane.model.providerLabel}`);
      expect(md).toContain(`_Model \`${pane.model.id}\``);
    }
    expect(md).toContain("temperature 0.2, max 300 output tokens");
    for (const a of view.turns[0]!.answers) expect(md).toContain(a.text.trim());
    const metricLines = md.split("\n").filter((l) => l.startsWith("> TTFT "));
    expect(metricLines).toHaveLength(3);
    expect(metricLines[0]).toMatch(
      /^> TTFT [\d.]+ m?s · total [\d.]+ m?s · [\d,]+ in · [\d,]+ out · [\d.]+ tok\/s · cost \$[\d.]+ · finish stop$/,
    );
  });

  it("rejects an unknown format with 400", async () => {
    const res = await api.exportRoute.GET(new Request(`${ORIGIN}/x?format=pdf`), idParams(comparisonId));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation");
  });
});

describe("re-run", () => {
  it("starts a new comparison with the same prompts, every turn in order, system prompt, models and per-pane parameters", async () => {
    await db.user.upsert({ where: { id: "someone-else" }, create: { id: "someone-else", name: "Someone" }, update: {} });
    const id = await compare(input);
    const later = "A later turn is re-run too, after the first.";
    await followUp(id, later);
    const source = (await lib.queries.getComparisonById(await accessTo(id)))!;
    const { token } = await share(id);
    const snapshot = (await lib.service.findActiveShareByToken({ token }))!.snapshot;
    for (const from of [source, snapshot]) {
      const seen: CompareEvent[] = [];
      const before = emulator.requests.length;
      const { id: newId, turns, finished } = lib.rerun.rerunComparison(from, { ownerId: "someone-else" }, { observe: (e) => seen.push(e) });
      expect(turns).toBe(2);
      await finished;
      // turn 1 started only after every pane of turn 0 had ended
      const lastOfTurn0 = seen.findLastIndex((e) => e.type === "pane-finish" && e.turn === 0);
      const firstOfTurn1 = seen.findIndex((e) => e.type === "pane-start" && e.turn === 1);
      expect(lastOfTurn0).toBeGreaterThanOrEqual(0);
      expect(firstOfTurn1).toBeGreaterThan(lastOfTurn0);
      expect(seen.filter((e) => e.type === "done").map((e) => e.turn)).toEqual([0, 1]);
      expect(newId).not.toBe(id);
      const copy = (await lib.queries.getComparisonById(await accessTo(newId, { viewer: { id: "someone-else", local: false } })))!;
      expect(copy.turns.map((t) => t.prompt)).toEqual([input.prompt, later]);
      expect(copy.system).toBe(source.system);
      expect(copy.params).toEqual(source.params);
      expect(copy.panes.map((p) => [p.model.id, p.params])).toEqual(source.panes.map((p) => [p.model.id, p.params]));
      for (const turn of copy.turns) expect(turn.answers.every((a) => a.status === "done")).toBe(true);
      expect((await db.comparison.findUniqueOrThrow({ where: { id: newId } })).ownerId).toBe("someone-else");
      // each pane's second request carries its own first answer of the new comparison
      const sent = emulator.requests.slice(before).map((r) => JSON.stringify(r.body));
      expect(sent).toHaveLength(6);
      for (const answer of copy.turns[0]!.answers)
        expect(sent.some((b) => b.includes(later) && b.includes(JSON.stringify(answer.text.slice(0, 40)).slice(1, -1)))).toBe(true);
    }
  });

  it("the events stream of a re-run follows every turn, with each turn's prompt, and ends once after the last", async () => {
    const events = await import("@/app/api/v1/comparisons/[id]/events/route");
    const id = await compare({ ...input, models: ["openai:gpt-4o-mini", "azure:prod-mini"] });
    await followUp(id, "Second turn, streamed to a follower.");
    const source = (await lib.queries.getComparisonById(await accessTo(id)))!;
    // a second reader comes once the last turn has started
    let late: Promise<Response> | null = null;
    const { id: newId, finished } = lib.rerun.rerunComparison(
      source,
      { ownerId: LOCAL_USER_ID },
      {
        observe: (e) => {
          if (e.type === "pane-start" && e.turn === 1 && !late)
            late = events.GET(new Request(`${ORIGIN}/api/v1/comparisons/${newId}/events`), idParams(newId));
        },
      },
    );
    const res = await events.GET(new Request(`${ORIGIN}/api/v1/comparisons/${newId}/events`), idParams(newId));
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as CompareEvent);
    await finished;
    const starts = lines.filter((e) => e.type === "comparison");
    expect(starts).toEqual([
      { type: "comparison", id: newId, turn: 0, prompt: input.prompt, turns: 2 },
      { type: "comparison", id: newId, turn: 1, prompt: "Second turn, streamed to a follower.", turns: 2 },
    ]);
    expect(lines.filter((e) => e.type === "done")).toEqual([{ type: "done", id: newId, turn: 1 }]);
    expect(lines.at(-1)).toEqual({ type: "done", id: newId, turn: 1 });
    for (const turn of [0, 1]) expect(lines.filter((e) => e.type === "pane-finish" && e.turn === turn)).toHaveLength(2);
    // the late reader: the last turn with its prompt, then its end
    expect(late).not.toBeNull();
    const lateLines = (await (await late!).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as CompareEvent);
    expect(lateLines[0]).toEqual({ type: "comparison", id: newId, turn: 1, prompt: "Second turn, streamed to a follower.", turns: 2 });
    expect(lateLines.at(-1)).toEqual({ type: "done", id: newId, turn: 1 });

    // after the end, a reader still gets the last turn's prompt...
    const after = (await (await events.GET(new Request(`${ORIGIN}/x`), idParams(newId))).text()).trim().split("\n");
    expect(JSON.parse(after[0]!)).toMatchObject({ type: "comparison", turn: 1, prompt: "Second turn, streamed to a follower." });
    // ...and a follow-up sent by hand afterwards is followed as any other turn
    await lib.compare.addTurn(await accessTo(newId), "A third turn, by hand.");
    const third = (await (await events.GET(new Request(`${ORIGIN}/x`), idParams(newId))).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as CompareEvent);
    expect([...new Set(third.map((e) => ("turn" in e ? e.turn : null)))]).toEqual([2]);
    expect(third.filter((e) => e.type === "pane-finish" || e.type === "pane-snapshot").length).toBeGreaterThanOrEqual(2);
    expect(third.at(-1)).toEqual({ type: "done", id: newId, turn: 2 });
  });

  it("estimates the cost of re-running every turn, with each turn's growing history, at most", () => {
    const source = {
      system: "s".repeat(40),
      params: {},
      panes: [
        { index: 0, model: { id: "openai:gpt-4o-mini", label: "GPT-4o mini", providerLabel: "OpenAI" }, params: { maxOutputTokens: 100 } },
      ],
      turns: [{ prompt: "p".repeat(400) }, { prompt: "q".repeat(400) }],
    };
    const estimate = lib.rerun.estimateRerun(source);
    // input: turn 1 (40 + 400) / 4 = 110 tokens; turn 2 (840) / 4 = 210 + the first answer's 100 = 310
    const price = lib.providers.findModel("openai:gpt-4o-mini")!.price!;
    const expected = ((110 + 310) * price.input + 2 * 100 * price.output) / 1_000_000;
    expect(estimate).toMatchObject({ turns: 2, answers: 2, upperBound: true, unknownPrices: [] });
    expect(estimate.totalUsd).toBeCloseTo(expected, 12);
    expect(estimate.assumption).toMatch(/upper bound/);
    // a pane without max output tokens: the evaluation runs' assumed 1,024 tokens, and no longer "up to"
    const open = lib.rerun.estimateRerun({ ...source, panes: [{ ...source.panes[0]!, params: {} }] });
    expect(open.upperBound).toBe(false);
    expect(open.totalUsd).toBeCloseTo(((110 + 210 + 1024) * price.input + 2 * 1024 * price.output) / 1_000_000, 12);
  });

  it("refuses clearly when a model is no longer available", () => {
    const gone = {
      system: null,
      params: {},
      panes: [
        { index: 0, model: { id: "openai:gpt-4o-mini", label: "GPT-4o mini", providerLabel: "OpenAI" }, params: {} },
        { index: 1, model: { id: "openai:gpt-9", label: "GPT-9", providerLabel: "OpenAI" }, params: {} },
      ],
      turns: [{ prompt: "hi" }],
    };
    expect(() => lib.rerun.rerunInput(gone)).toThrow(expect.objectContaining({ code: "model_unavailable", field: "models.1" }));
    expect(() => lib.rerun.rerunInput(gone)).toThrow(/GPT-9 \(OpenAI\) is no longer available/);
  });
});

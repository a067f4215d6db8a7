// Prompt-set import through POST /api/v1/evals/import: good and bad CSV and JSONL files, every bad
// line named with its number, nothing imported from a file with errors.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { MAX_PROMPTS } from "@/lib/evals/schema";

let route: typeof import("@/app/api/v1/evals/import/route");
let parsePromptFile: typeof import("@/lib/evals/import").parsePromptFile;

beforeAll(async () => {
  Object.assign(process.env, emulatorEnv("http://127.0.0.1:9"), { DATABASE_URL: inject("databaseUrl") });
  (await import("@/lib/env")).resetEnvCache();
  route = await import("@/app/api/v1/evals/import/route");
  ({ parsePromptFile } = await import("@/lib/evals/import"));
  const db = (await import("@/lib/db")).getDb();
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
});

type Ok = {
  prompts: { prompt: string; system?: string | null; reference?: string | null; tags: string[]; gold: boolean }[];
  count: number;
  format: string;
};
type Bad = { error: { code: string; message: string; field: string }; errors: { line: number | null; message: string }[]; omitted: number };

async function send(body: string | FormData, type?: string): Promise<{ status: number; json: Ok & Bad }> {
  const headers: Record<string, string> = type ? { "content-type": type } : {};
  const res = await route.POST(new Request("http://127.0.0.1/api/v1/evals/import", { method: "POST", body, headers }));
  return { status: res.status, json: await res.json() };
}
const form = (text: string, name: string) => {
  const f = new FormData();
  f.set("file", new File([text], name, { type: "application/octet-stream" }));
  return f;
};

describe("good files", () => {
  it("CSV: header names in any case, quoted commas and line breaks, tags split on | and ;, gold flags", async () => {
    const csv = [
      "\uFEFFPrompt,SYSTEM,Reference,Tags,Gold",
      '"Why is the sky blue?",Be brief.,Rayleigh scattering.,physics|science,yes',
      "",
      '"A prompt, with a comma and',
      'a line break",,,"a; b ;c",0',
      "Plain one,,,,",
      "Gold two,,Paris,geo,TRUE",
    ].join("\r\n");
    const { status, json } = await send(csv, "text/csv");
    expect(status).toBe(200);
    expect(json.count).toBe(4);
    expect(json.format).toBe("csv");
    expect(json.prompts).toEqual([
      { prompt: "Why is the sky blue?", system: "Be brief.", reference: "Rayleigh scattering.", tags: ["physics", "science"], gold: true },
      { prompt: "A prompt, with a comma and\na line break", system: null, reference: null, tags: ["a", "b", "c"], gold: false },
      { prompt: "Plain one", system: null, reference: null, tags: [], gold: false },
      { prompt: "Gold two", system: null, reference: "Paris", tags: ["geo"], gold: true },
    ]);
  });

  it('JSONL: keys in any case, tags as an array or a string, gold as true/1/"yes"; blank lines skipped', async () => {
    const jsonl = [
      JSON.stringify({ Prompt: "One", tags: ["x", "y"] }),
      "",
      JSON.stringify({ prompt: "Two", system: "sys", reference: "ref", gold: 1, tags: "a|b" }),
      JSON.stringify({ prompt: "Three", gold: "no", tags: null, system: null }),
    ].join("\n");
    const { status, json } = await send(jsonl, "application/x-ndjson");
    expect(status).toBe(200);
    expect(json.prompts).toEqual([
      { prompt: "One", system: null, reference: null, tags: ["x", "y"], gold: false },
      { prompt: "Two", system: "sys", reference: "ref", tags: ["a", "b"], gold: true },
      { prompt: "Three", system: null, reference: null, tags: [], gold: false },
    ]);
  });

  it('a multipart upload (field "file") picks the format by file name, or by content', async () => {
    const csv = await send(form("prompt\nfrom a form\n", "set.csv"), undefined);
    expect(csv.status).toBe(200);
    expect(csv.json).toMatchObject({ count: 1, format: "csv", prompts: [{ prompt: "from a form" }] });
    const jsonl = await send(form('{"prompt":"from jsonl"}\n', "set.jsonl"));
    expect(jsonl.json).toMatchObject({ count: 1, format: "jsonl" });
    const sniffed = await send(form('{"prompt":"no extension"}\n', "prompts"));
    expect(sniffed.json).toMatchObject({ count: 1, format: "jsonl" });
  });

  it("exactly 5,000 prompts of 100,000 characters fit", () => {
    const big = "x".repeat(100_000);
    const r = parsePromptFile(`prompt\n${Array.from({ length: 3 }, () => big).join("\n")}\n`);
    expect(r.ok && r.prompts.length).toBe(3);
    const many = parsePromptFile(["prompt", ...Array.from({ length: MAX_PROMPTS }, (_, i) => `p${i}`)].join("\n"));
    expect(many.ok && many.prompts.length).toBe(MAX_PROMPTS);
  });
});

describe("bad files", () => {
  it("CSV: every bad line is listed with its number and the problem; nothing is imported", async () => {
    const csv = [
      "prompt,reference,tags,gold", // 1
      "fine,,,", // 2
      ",ref,,", // 3: empty prompt
      "gold without reference,,,yes", // 4
      "bad gold,r,,maybe", // 5
      `${"x".repeat(100_001)},,,`, // 6: too long
      "too,many,cells,no,extra", // 7
      `tags,,${"t".repeat(61)},`, // 8: tag too long
      "also fine,,a|b,", // 9
    ].join("\n");
    const { status, json } = await send(csv, "text/csv");
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "validation", field: "file" });
    expect(json.error.message).toMatch(/^The file has 6 problems; nothing was imported\. Line 3: /);
    expect(json.prompts).toBeUndefined();
    expect(json.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    const by = Object.fromEntries(json.errors.map((e) => [e.line, e.message]));
    expect(by[3]).toBe("A prompt is empty.");
    expect(by[4]).toBe("A gold item needs a reference answer.");
    expect(by[5]).toMatch(/^Gold must be true\/false, 1\/0 or yes\/no \(got "maybe"\)/);
    expect(by[6]).toBe("Prompt is longer than 100,000 characters.");
    expect(by[7]).toMatch(/5 cells but the header names 4 columns/);
    expect(by[8]).toBe("A tag is longer than 60 characters.");
  });

  it("CSV: unknown columns are named; a missing prompt column and an unclosed quote are reported", async () => {
    const unknown = await send("prompt,Expected,notes\nx,y,z\n", "text/csv");
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([
      { line: 1, message: 'Unknown columns "Expected", "notes". Known fields: prompt, system, reference, tags, gold.' },
    ]);
    const noPrompt = await send("system,reference\na,b\n", "text/csv");
    expect(noPrompt.json.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/There is no "prompt" column/) });
    const unclosed = await send('prompt\nok\n"never closed\nmore\n', "text/csv");
    expect(unclosed.json.errors).toEqual([
      {
        line: 3,
        message: 'This is not valid CSV: a quoted field is never closed (a " is missing). The rest of the file could not be read.',
      },
    ]);
  });

  it("JSONL: bad JSON, non-objects, wrong types and unknown keys, each on its line", async () => {
    const jsonl = [
      '{"prompt": "ok"}', // 1
      '{"prompt": "broken"', // 2
      "[1, 2]", // 3
      '{"prompt": 42}', // 4
      '{"prompt": "x", "expected": "y", "Notes": 1}', // 5
      '{"system": "no prompt"}', // 6
      '{"prompt": "t", "tags": [1]}', // 7
      '{"prompt": "g", "gold": true}', // 8
    ].join("\n");
    const { status, json } = await send(jsonl, "application/jsonl");
    expect(status).toBe(400);
    expect(json.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const by = Object.fromEntries(json.errors.map((e) => [e.line, e.message]));
    expect(by[2]).toMatch(/^Not valid JSON \(.+\); each line must be one JSON object\.$/);
    expect(by[3]).toBe('Each line must be a JSON object such as {"prompt": "..."}.');
    expect(by[4]).toBe('"prompt" must be a string.');
    expect(by[5]).toBe('Unknown fields "expected", "Notes". Known fields: prompt, system, reference, tags, gold.');
    expect(by[6]).toBe('"prompt" is missing.');
    expect(by[7]).toBe('"tags" must be strings.');
    expect(by[8]).toBe("A gold item needs a reference answer.");
  });

  it("lists at most 50 problems and counts the rest", async () => {
    const csv = ["prompt,gold", ...Array.from({ length: 73 }, () => "x,bad")].join("\n");
    const { json } = await send(csv, "text/csv");
    expect(json.errors).toHaveLength(50);
    expect(json.omitted).toBe(23);
    expect(json.errors[0]!.line).toBe(2);
    expect(json.errors[49]!.line).toBe(51);
    expect(json.error.message).toMatch(/^The file has 73 problems/);
  });

  it("more than 5,000 prompts: the first one over is named", () => {
    const r = parsePromptFile(["prompt", ...Array.from({ length: MAX_PROMPTS + 2 }, (_, i) => `p${i}`)].join("\n"));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { line: MAX_PROMPTS + 2, message: "The file has 5,002 prompts; at most 5,000 fit in a session (this is the first one over)." },
      ]);
  });

  it("empty files, a file over 20 MB, a wrong content type and a form without the file are refused", async () => {
    expect((await send("", "text/csv")).json.errors).toEqual([{ line: null, message: "The file is empty." }]);
    expect((await send("prompt\n\n", "text/csv")).json.errors).toEqual([{ line: null, message: "The file has no prompts." }]);
    const huge = await send(`prompt\n${"x".repeat(20_000_001)}`, "text/csv");
    expect(huge.status).toBe(413);
    expect(huge.json.error).toMatchObject({ code: "payload_too_large", field: "file" });
    const wrongType = await send("prompt\nx", "application/pdf");
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.message).toMatch(/text\/csv/);
    const noFile = new FormData();
    noFile.set("other", "x");
    const missing = await send(noFile);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ field: "file", message: 'Attach the CSV or JSONL file as the form field "file".' });
  });
});

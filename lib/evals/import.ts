// Prompt-set import: a CSV or JSONL file becomes the prompts of an evaluation session. Either every
// line is good and the prompts come back, or nothing is imported and every bad line is listed
// with its number and the problem in plain words. Pure (no database), so the API route, the
// server action and the tests share it.
//
// Fields (header names / keys are case-insensitive): prompt (required), system, reference, tags,
// gold. CSV tags are one cell separated by "|" or ";"; JSONL tags are an array of strings or such
// a string. gold is true/false/1/0/yes/no (empty = no); a gold prompt needs a reference answer.
import { parse as parseCsv } from "csv-parse/sync";
import type { z } from "zod";
import { formatCount } from "@/lib/format";
import { createSessionSchema, MAX_PROMPTS, type PromptInput } from "./schema";

/** Files larger than this are refused before parsing. */
export const MAX_IMPORT_BYTES = 20_000_000;
/** At most this many problems are listed; the rest are counted. */
export const MAX_IMPORT_ERRORS = 50;

export const IMPORT_FIELDS = ["prompt", "system", "reference", "tags", "gold"] as const;
type Field = (typeof IMPORT_FIELDS)[number];

export type ImportFormat = "csv" | "jsonl";
/** `line` is the 1-based line of the file (null for a problem with the whole file). */
export type ImportError = { line: number | null; message: string };
export type ImportResult =
  | { ok: true; format: ImportFormat; prompts: PromptInput[] }
  | { ok: false; format: ImportFormat | null; errors: ImportError[]; /** problems beyond the listed ones */ omitted: number };

// the same rules as a typed-in prompt set (POST /api/v1/evals), so both paths say the same
const promptItemSchema = createSessionSchema.shape.prompts.element;

/** Picks the format from the file name (.csv/.tsv, .jsonl/.ndjson/.json), else from the content. */
export function detectFormat(text: string, fileName?: string | null): ImportFormat {
  const name = (fileName ?? "").toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(name)) return "csv";
  if (/\.(jsonl|ndjson|json)$/.test(name)) return "jsonl";
  const first = text.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "{" ? "jsonl" : "csv";
}

/**
 * Parses a prompt-set file. `format` overrides detection (e.g. from a Content-Type).
 * Never throws for bad content: every problem is an entry in `errors`.
 */
export function parsePromptFile(text: string, options: { fileName?: string | null; format?: ImportFormat | null } = {}): ImportResult {
  const format = options.format ?? detectFormat(text, options.fileName);
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES)
    return fail(format, [{ line: null, message: `The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB.` }]);
  const body = text.replace(/^\uFEFF/, "");
  if (!body.trim()) return fail(format, [{ line: null, message: "The file is empty." }]);
  const rows = format === "csv" ? readCsv(body) : readJsonl(body);
  if ("fatal" in rows) return fail(format, rows.fatal);

  const errors: ImportError[] = [];
  const prompts: PromptInput[] = [];
  for (const row of rows.rows) {
    const problems = row.problems.slice();
    let item: PromptInput | null = null;
    if (!problems.length) {
      const parsed = promptItemSchema.safeParse(row.value);
      if (parsed.success) item = parsed.data;
      else problems.push(...zodProblems(parsed.error));
    }
    if (problems.length) errors.push({ line: row.line, message: sentence(problems) });
    else if (item) prompts.push(item);
  }
  if (rows.rows.length === 0) errors.push({ line: null, message: "The file has no prompts." });
  if (rows.rows.length > MAX_PROMPTS) {
    const over = rows.rows[MAX_PROMPTS]!;
    errors.push({
      line: over.line,
      message: `The file has ${formatCount(rows.rows.length)} prompts; at most ${formatCount(MAX_PROMPTS)} fit in a session (this is the first one over).`,
    });
  }
  if (errors.length) return fail(format, errors);
  return { ok: true, format, prompts };
}

/** A one-paragraph summary of a failed import, for a form or an API message. */
export function describeImportErrors(errors: ImportError[], omitted: number): string {
  const total = errors.length + omitted;
  const first = errors[0];
  const where = first?.line != null ? `Line ${first.line}: ` : "";
  const head = total === 1 ? "The file has a problem" : `The file has ${formatCount(total)} problems`;
  return `${head}; nothing was imported. ${where}${first?.message ?? ""}`.trim();
}

// ---------------------------------------------------------------------------------------------

type Row = { line: number; value: Record<string, unknown>; problems: string[] };
type Rows = { rows: Row[] } | { fatal: ImportError[] };

function fail(format: ImportFormat | null, errors: ImportError[]): ImportResult {
  const sorted = errors.slice().sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, format, errors: sorted.slice(0, MAX_IMPORT_ERRORS), omitted: Math.max(0, sorted.length - MAX_IMPORT_ERRORS) };
}

function sentence(problems: string[]): string {
  const text = problems.map((p) => p.replace(/\.$/, "")).join("; ") + ".";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const fieldNames: Record<string, string> = { prompt: "prompt", system: "system", reference: "reference", tags: "tags", gold: "gold" };

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "");
    const name = fieldNames[field];
    if (issue.code === "too_big" && name && field !== "tags")
      return `${name} is longer than ${formatCount(Number(issue.maximum))} characters`;
    if (field === "tags" && issue.path.length > 1) {
      if (issue.code === "too_big") return `a tag is longer than ${issue.maximum} characters`;
      if (issue.code === "too_small") return "a tag is empty";
    }
    if (field === "tags" && issue.code === "too_big") return `at most ${issue.maximum} tags per prompt`;
    return issue.message;
  });
}

/** Splits "a | b; c" into ["a", "b", "c"] (empty pieces dropped). */
function splitTags(value: string): string[] {
  return value
    .split(/[|;]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

function parseGold(value: unknown): { gold: boolean } | { problem: string } {
  if (value === undefined || value === null || value === "") return { gold: false };
  if (typeof value === "boolean") return { gold: value };
  if (typeof value === "number" && (value === 0 || value === 1)) return { gold: value === 1 };
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (["true", "1", "yes", "y"].includes(v)) return { gold: true };
    if (["false", "0", "no", "n", ""].includes(v)) return { gold: false };
  }
  return { problem: `gold must be true/false, 1/0 or yes/no (got ${JSON.stringify(value).slice(0, 40)})` };
}

/** Header or key -> field, case-insensitive; null for an unknown one. */
function fieldOf(name: string): Field | null {
  const key = name.trim().toLowerCase();
  return (IMPORT_FIELDS as readonly string[]).includes(key) ? (key as Field) : null;
}

function quoteList(names: string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

const knownFields = `Known fields: ${IMPORT_FIELDS.join(", ")}.`;

// ---------------------------------------------------------------------------------------------
// CSV

function delimiterOf(headerLine: string): string {
  const counts = [",", ";", "\t"].map((d) => [d, headerLine.split(d).length - 1] as const);
  const best = counts.sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ",";
}

/** The line of the first record that starts at or after byte `offset` (skipping blank lines). */
function lineAtByte(text: string, offset: number): number {
  const buf = Buffer.from(text);
  let at = offset;
  while (buf[at] === 0x0a) at++;
  let line = 1;
  for (let i = 0; i < at && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

function readCsv(text: string): Rows {
  const normalized = text.replace(/\r\n?/g, "\n");
  const firstLine = normalized.split("\n").find((l) => l.trim()) ?? "";
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parseCsv(normalized, {
      delimiter: delimiterOf(firstLine),
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    const e = error as { message?: string; lines?: number; code?: string; bytes_records?: number };
    if (e.code === "CSV_QUOTE_NOT_CLOSED" && typeof e.bytes_records === "number") e.lines = lineAtByte(normalized, e.bytes_records);
    const reason = (e.message ?? "unreadable CSV").replace(/^[\w ]+: /, "").replace(/\s+/g, " ");
    const detail =
      e.code === "CSV_QUOTE_NOT_CLOSED"
        ? 'a quoted field is never closed (a " is missing)'
        : e.code === "INVALID_OPENING_QUOTE"
          ? `a field has a quote in the middle; put the whole field in quotes and double the inner ones ("") (${reason})`
          : reason;
    return { fatal: [{ line: e.lines ?? null, message: `This is not valid CSV: ${detail}. The rest of the file could not be read.` }] };
  }
  if (!records.length) return { rows: [] };

  const startLine = (r: (typeof records)[number]) => {
    const content = r.raw.replace(/^\n+/, "").replace(/\n$/, "");
    return r.info.lines - (content.match(/\n/g)?.length ?? 0);
  };

  const [header, ...data] = records;
  const headerLine = startLine(header!);
  const names = header!.record.map((h) => h.trim());
  // each bad column is named once, however often the header repeats it
  const unknown = [...new Set(names.filter((n) => n && !fieldOf(n)))];
  const fields = names.map(fieldOf);
  const seen = new Set<Field>();
  const dupes = [...new Set(fields.filter((f): f is Field => f !== null && (seen.has(f) || !seen.add(f))))];
  // one sentence per problem, and the list of known columns once at the end
  const headerProblems: string[] = [];
  if (unknown.length) headerProblems.push(`Unknown column${unknown.length > 1 ? "s" : ""} ${quoteList(unknown)}.`);
  if (names.some((n) => !n)) headerProblems.push("A column has no name.");
  if (dupes.length)
    headerProblems.push(`Column${dupes.length > 1 ? "s" : ""} ${quoteList(dupes)} appear${dupes.length > 1 ? "" : "s"} twice.`);
  if (!fields.includes("prompt")) headerProblems.push('There is no "prompt" column; the first line must name the columns.');
  if (headerProblems.length) return { fatal: [{ line: headerLine, message: `${headerProblems.join(" ")} ${knownFields}` }] };

  const rows: Row[] = [];
  for (const r of data) {
    if (r.record.every((cell) => !cell.trim())) continue; // a blank line, or only delimiters
    const line = startLine(r);
    const problems: string[] = [];
    if (r.record.length > fields.length)
      problems.push(
        `${r.record.length} cells but the header names ${fields.length} columns (a value with a "${delimiterOf(firstLine) === "\t" ? "tab" : delimiterOf(firstLine)}" must be in quotes)`,
      );
    const cell = (f: Field) => {
      const i = fields.indexOf(f);
      return i >= 0 ? r.record[i] : undefined;
    };
    const gold = parseGold(cell("gold")?.trim());
    if ("problem" in gold) problems.push(gold.problem);
    const system = cell("system");
    const reference = cell("reference");
    rows.push({
      line,
      problems,
      value: {
        prompt: cell("prompt") ?? "",
        system: system?.trim() ? system : null,
        reference: reference?.trim() ? reference : null,
        tags: splitTags(cell("tags") ?? ""),
        gold: "gold" in gold ? gold.gold : false,
      },
    });
  }
  return { rows };
}

// ---------------------------------------------------------------------------------------------
// JSONL

function readJsonl(text: string): Rows {
  const rows: Row[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/\s+/g, " ").slice(0, 120) : "invalid JSON";
      rows.push({ line, value: {}, problems: [`not valid JSON (${reason}); each line must be one JSON object`] });
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      rows.push({ line, value: {}, problems: ['each line must be a JSON object such as {"prompt": "..."}'] });
      return;
    }
    const problems: string[] = [];
    const value: Partial<Record<Field, unknown>> = {};
    const unknown: string[] = [];
    for (const [key, v] of Object.entries(parsed as Record<string, unknown>)) {
      const field = fieldOf(key);
      if (!field) unknown.push(key);
      else if (field in value) problems.push(`"${field}" is given twice`);
      else value[field] = v;
    }
    if (unknown.length) problems.push(`unknown field${unknown.length > 1 ? "s" : ""} ${quoteList(unknown)}. ${knownFields}`);
    if (value.prompt === undefined || value.prompt === null) problems.push('"prompt" is missing');
    else if (typeof value.prompt !== "string") problems.push('"prompt" must be a string');
    for (const f of ["system", "reference"] as const)
      if (value[f] !== undefined && value[f] !== null && typeof value[f] !== "string") problems.push(`"${f}" must be a string`);
    let tags: string[] = [];
    if (typeof value.tags === "string") tags = splitTags(value.tags);
    else if (Array.isArray(value.tags)) {
      if (value.tags.every((t) => typeof t === "string")) tags = value.tags.map((t: string) => t.trim());
      else problems.push('"tags" must be strings');
    } else if (value.tags !== undefined && value.tags !== null)
      problems.push('"tags" must be an array of strings or a string separated by "|" or ";"');
    const gold = parseGold(value.gold);
    if ("problem" in gold) problems.push(gold.problem);
    const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
    rows.push({
      line,
      problems,
      value: {
        prompt: value.prompt,
        system: str(value.system),
        reference: str(value.reference),
        tags,
        gold: "gold" in gold ? gold.gold : false,
      },
    });
  });
  return { rows };
}

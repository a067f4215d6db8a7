// Custom probe suites from CSV or JSONL (issue 12; README "Probe suites" documents the format).
// One item per row / line with a checker: exact, regex, contains, numeric (with tolerance),
// json-schema, tool-call. Validated with zod; the first problem throws AppError("validation") whose
// field names the line and the column ("line 3: checker"), so a person can fix the file.
import { parse as parseCsv } from "csv-parse/sync";
import { RE2JS } from "re2js";
import { z } from "zod";
import { responseSchemaSchema, toolsSchema, type JsonValue, type ToolDef } from "@/lib/compare/tools-schema";
import { AppError } from "@/lib/errors";
import type { Checker, ProbeItem } from "../types";

export type SuiteFileFormat = "csv" | "jsonl";
export const MAX_SUITE_ITEMS = 2_000;
export const MAX_SUITE_PROMPT_CHARS = 100_000;
export const MAX_SUITE_FILE_BYTES = 20_000_000;
export const SUITE_CHECKERS = ["exact", "regex", "contains", "numeric", "json-schema", "tool-call"] as const;
/** CSV header (case-insensitive; only key, prompt and checker are required columns). */
export const SUITE_CSV_COLUMNS = [
  "key",
  "prompt",
  "checker",
  "expected",
  "tolerance",
  "schema",
  "tools",
  "system",
  "flags",
  "case_sensitive",
] as const;

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,99}$/;

const jsonObject = z.record(z.string(), z.json()) as unknown as z.ZodType<Record<string, JsonValue>>;

const rowSchema = z
  .object({
    key: z
      .string({ error: "A key is text." })
      .regex(KEY_PATTERN, "A key is 1 to 100 letters, digits, _ . / or -, starting with a letter or digit."),
    prompt: z
      .string({ error: (issue) => (issue.input === undefined ? "The prompt is empty." : "A prompt is text.") })
      .max(MAX_SUITE_PROMPT_CHARS, `A prompt is at most ${MAX_SUITE_PROMPT_CHARS.toLocaleString("en-US")} characters.`)
      .refine((s) => s.trim() !== "", "The prompt is empty."),
    system: z.string({ error: "A system prompt is text." }).max(MAX_SUITE_PROMPT_CHARS).nullish(),
    checker: z.enum(SUITE_CHECKERS, {
      error: (issue) =>
        `${issue.input === undefined ? "The checker is missing: it" : "The checker"} is one of ${SUITE_CHECKERS.join(", ")}.`,
    }),
    expected: z.unknown().optional(),
    tolerance: z.number({ error: "The tolerance is a number." }).nonnegative("The tolerance is zero or more.").nullish(),
    schema: responseSchemaSchema.nullish(),
    tools: toolsSchema.nullish(),
    flags: z
      .string()
      .regex(/^[ims]*$/, "Regex flags are any of i, m, s.")
      .nullish(),
    case_sensitive: z.boolean({ error: "case_sensitive is true or false." }).nullish(),
  })
  .strict();
type Row = z.infer<typeof rowSchema>;

const toolCallExpected = z
  .object({
    tool: z.string({ error: 'The expected tool call is {"tool": "<name>", "arguments": {...}}.' }),
    arguments: jsonObject.optional(),
  })
  .strict();

function bad(line: number, field: string, message: string): never {
  throw new AppError("validation", `Line ${line}: ${message}`, `line ${line}: ${field}`);
}

function parseJsonCell(line: number, field: string, cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return bad(line, field, `${field} is not valid JSON.`);
  }
}

/** The checker of one validated row. */
function checkerOf(line: number, row: Row): Checker {
  const expected = row.expected;
  const caseSensitive = row.case_sensitive ?? undefined;
  switch (row.checker) {
    case "exact":
      if (typeof expected !== "string" || expected === "") bad(line, "expected", "An exact checker needs the expected text.");
      return { kind: "exact", expected, ...(caseSensitive !== undefined ? { caseSensitive } : {}) };
    case "regex": {
      if (typeof expected !== "string" || expected === "") bad(line, "expected", "A regex checker needs the pattern in expected.");
      try {
        RE2JS.compile(expected);
      } catch (e) {
        bad(
          line,
          "expected",
          `The pattern is not a valid RE2 regular expression (no lookaround or backreferences): ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return { kind: "regex", pattern: expected, ...(row.flags ? { flags: row.flags } : {}) };
    }
    case "contains": {
      const list = Array.isArray(expected) ? expected : typeof expected === "string" ? expected.split("|").map((s) => s.trim()) : null;
      if (!list || list.length === 0 || list.some((s) => typeof s !== "string" || s === ""))
        bad(line, "expected", 'A contains checker needs one or more texts (CSV: separated by "|"; JSONL: a list of strings).');
      return { kind: "contains", expected: list as string[], ...(caseSensitive !== undefined ? { caseSensitive } : {}) };
    }
    case "numeric": {
      const n = typeof expected === "number" ? expected : typeof expected === "string" && expected.trim() !== "" ? Number(expected) : NaN;
      if (!Number.isFinite(n)) bad(line, "expected", "A numeric checker needs the expected number.");
      return { kind: "numeric", expected: n, ...(row.tolerance != null ? { tolerance: row.tolerance } : {}) };
    }
    case "json-schema": {
      if (!row.schema) bad(line, "schema", "A json-schema checker needs the JSON Schema in schema.");
      let values: unknown = expected;
      if (typeof values === "string") values = values.trim() === "" ? undefined : parseJsonCell(line, "expected", values);
      if (values !== undefined && values !== null && (typeof values !== "object" || Array.isArray(values)))
        bad(line, "expected", "The expected values of a json-schema checker are a JSON object (or empty).");
      return { kind: "json-schema", schema: row.schema, ...(values ? { expected: values as Record<string, JsonValue> } : {}) };
    }
    case "tool-call": {
      if (!row.tools || row.tools.length === 0) bad(line, "tools", "A tool-call checker needs the tools offered (a JSON list of tools).");
      const raw = typeof expected === "string" ? parseJsonCell(line, "expected", expected) : expected;
      const parsed = toolCallExpected.safeParse(raw);
      if (!parsed.success)
        bad(line, "expected", parsed.error.issues[0]?.message ?? 'The expected tool call is {"tool": "<name>", "arguments": {...}}.');
      if (!row.tools.some((t) => t.name === parsed.data.tool))
        bad(line, "expected", `The expected tool "${parsed.data.tool}" is not among the tools.`);
      return { kind: "tool-call", tool: parsed.data.tool, arguments: parsed.data.arguments ?? {} };
    }
  }
}

function itemOf(line: number, value: Record<string, unknown>): ProbeItem {
  const parsed = rowSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === "unrecognized_keys" ? issue.keys[0]! : String(issue.path[0] ?? "row");
    bad(
      line,
      field,
      issue.code === "unrecognized_keys" ? `Unknown field "${field}" (fields: ${SUITE_CSV_COLUMNS.join(", ")}).` : issue.message,
    );
  }
  const row = parsed.data;
  const checker = checkerOf(line, row);
  const tools = row.tools as ToolDef[] | null | undefined;
  return {
    key: row.key,
    family: "custom",
    ...(row.system ? { system: row.system } : {}),
    prompt: row.prompt,
    ...(tools && tools.length > 0 ? { tools } : {}),
    ...(row.schema ? { responseSchema: row.schema } : {}),
    checker,
  };
}

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);

/** A CSV row's cells as the JSONL shape (JSON cells parsed, empty cells dropped). */
function csvRow(line: number, header: string[], cells: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const cell = cells[i] ?? "";
    if (cell.trim() === "") return;
    if (name === "schema" || name === "tools") out[name] = parseJsonCell(line, name, cell);
    else if (name === "tolerance") out[name] = Number.isFinite(Number(cell)) ? Number(cell) : cell;
    else if (name === "case_sensitive") {
      const v = cell.trim().toLowerCase();
      out[name] = TRUE.has(v) ? true : FALSE.has(v) ? false : cell;
    } else out[name] = cell;
  });
  return out;
}

/**
 * Parses a custom suite. CSV: a header row naming the columns (SUITE_CSV_COLUMNS; key, prompt and
 * checker required), one item per row, JSON in the schema and tools cells. JSONL: one JSON object
 * per line with the same fields, typed. Keys must differ. Throws AppError("validation") naming the
 * line and field of the first problem; at most MAX_SUITE_ITEMS items.
 */
export function parseSuiteFile(text: string, format: SuiteFileFormat): { items: ProbeItem[] } {
  if (new TextEncoder().encode(text).byteLength > MAX_SUITE_FILE_BYTES)
    throw new AppError("payload_too_large", `The file is larger than ${MAX_SUITE_FILE_BYTES / 1_000_000} MB.`, "file");
  const body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (body.trim() === "") throw new AppError("validation", "The file is empty.", "file");
  const rows: { line: number; value: Record<string, unknown> }[] = [];
  if (format === "jsonl") {
    body.split("\n").forEach((raw, i) => {
      if (raw.trim() === "") return;
      const value = parseJsonCell(i + 1, "row", raw);
      if (typeof value !== "object" || value === null || Array.isArray(value)) bad(i + 1, "row", "Each line is one JSON object.");
      rows.push({ line: i + 1, value: value as Record<string, unknown> });
    });
  } else {
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parseCsv(body, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
    } catch (e) {
      const err = e as { message?: string; lines?: number };
      const line = err.lines ?? 1;
      throw new AppError(
        "validation",
        `Line ${line}: this is not valid CSV (${(err.message ?? "unreadable").replace(/\s+/g, " ")}).`,
        `line ${line}: row`,
      );
    }
    const [head, ...data] = records;
    if (!head) throw new AppError("validation", "The file is empty.", "file");
    const header = head.record.map((h) => h.trim().toLowerCase());
    const unknown = header.find((h) => !(SUITE_CSV_COLUMNS as readonly string[]).includes(h));
    if (unknown !== undefined) bad(1, unknown || "header", `Unknown column "${unknown}" (columns: ${SUITE_CSV_COLUMNS.join(", ")}).`);
    for (const required of ["prompt", "checker"])
      if (!header.includes(required)) bad(1, required, `The header has no "${required}" column.`);
    for (const r of data) {
      // info.lines is the record's last line; the record starts where its raw text starts
      rows.push({ line: r.info.lines, value: csvRow(r.info.lines, header, r.record) });
    }
  }
  if (rows.length === 0) throw new AppError("validation", "The file has no items.", "file");
  if (rows.length > MAX_SUITE_ITEMS)
    throw new AppError(
      "validation",
      `A suite has at most ${MAX_SUITE_ITEMS.toLocaleString("en-US")} items (this file has ${rows.length.toLocaleString("en-US")}).`,
      "file",
    );
  const seen = new Set<string>();
  const items = rows.map(({ line, value }, i) => {
    const item = itemOf(line, { key: `item-${String(i + 1).padStart(4, "0")}`, ...value });
    if (seen.has(item.key)) bad(line, "key", `The key "${item.key}" is used twice: keys must differ.`);
    seen.add(item.key);
    return item;
  });
  return { items };
}

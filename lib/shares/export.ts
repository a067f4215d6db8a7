import type { AnswerMetrics } from "@/lib/compare/events";
import { formatCount, formatMs, formatTokensPerSecond, formatUsd } from "@/lib/format";
import type { Params } from "@/lib/compare/schema";
import type { JsonValue, SkipReason, StructuredCheck, ToolCallRecord, ToolDef } from "@/lib/compare/tools-schema";
import { shiftHeadings } from "@/lib/evals/normalise";
import type { ExportFormat } from "./schema";

/** Marks a JSON export, so a later importer knows what it reads. */
export const EXPORT_FORMAT = "juxta.comparison.v1";

/**
 * What the exports need: both a `ComparisonView` (owner's export, ids included) and a
 * `ShareSnapshot` (shared page's export, no ids) have this shape.
 */
export type Exportable = {
  title: string;
  system: string | null;
  params: Params;
  createdAt: string;
  sharedAt?: string;
  panes: {
    index: number;
    model: { id: string; label: string; providerLabel: string; location: string | null; emulated: boolean };
    params: Params;
  }[];
  /** tools, structured output and images (absent in exports that have none, e.g. evaluation answers) */
  tools?: ToolDef[];
  maxSteps?: number | null;
  responseSchema?: Record<string, JsonValue> | null;
  turns: {
    index: number;
    prompt: string;
    createdAt: string;
    images?: { mediaType: string; size: number }[];
    answers: {
      pane: number;
      status: string;
      text: string;
      reasoning: string;
      error: { message: string } | null;
      metrics: AnswerMetrics;
      toolCalls?: ToolCallRecord[];
      structured?: StructuredCheck;
      skipReason?: SkipReason | null;
    }[];
  }[];
};

const validityLabel: Record<ToolCallRecord["validity"], string> = {
  valid: "valid",
  "invalid-json": "invalid JSON",
  "unknown-tool": "unknown tool",
  "schema-mismatch": "arguments do not match the schema",
};

function toolCallLines(call: ToolCallRecord): string[] {
  const out = [`- Step ${call.step}: \`${call.name}\` (${validityLabel[call.validity]})`, "", fenced(call.input || "(no arguments)")];
  for (const e of call.errors ?? []) out.push(`  - ${e}`);
  if (call.result !== undefined) out.push("", `  Result (${call.resultSource}):`, "", fenced(JSON.stringify(call.result, null, 2)));
  else out.push("", "  _Not run._");
  return [...out, ""];
}

export function describeParams(p: Params): string | null {
  const parts: string[] = [];
  if (p.temperature !== undefined) parts.push(`temperature ${p.temperature}`);
  if (p.topP !== undefined) parts.push(`top-p ${p.topP}`);
  if (p.maxOutputTokens !== undefined) parts.push(`max ${formatCount(p.maxOutputTokens)} output tokens`);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** One line of measurements, as under each answer in the app. */
export function metricsLine(m: AnswerMetrics): string {
  const parts = [
    `TTFT ${formatMs(m.ttftMs)}`,
    `total ${formatMs(m.totalMs)}`,
    `${m.usageEstimated ? "~" : ""}${formatCount(m.inputTokens)} in`,
    `${m.usageEstimated ? "~" : ""}${formatCount(m.outputTokens)} out${m.usageEstimated ? " (estimated)" : ""}`,
    `${formatTokensPerSecond(m.outputTokensPerSecond)} tok/s`,
    `cost ${m.usageEstimated && m.costUsd != null ? "~" : ""}${formatUsd(m.costUsd)}`,
    `finish ${m.finishReason ?? "–"}`,
  ];
  if (m.attempts > 1) parts.push(`${m.attempts} attempts`);
  return parts.join(" · ");
}

/** "2025-11-26 16:34 UTC": the same for every reader, wherever they are. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A fenced block that no run of backticks inside `text` can close early. */
function fenced(text: string, info = "text"): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

function paneHeading(p: Exportable["panes"][number]): string {
  return `${p.model.label} · ${p.model.providerLabel}${p.model.location ? ` (${p.model.location})` : ""}`;
}

/**
 * The comparison as Markdown: title, system prompt and parameters, then per turn the prompt and
 * each pane's model, answer and metrics. Prompts are fenced (they are shown as sent); answers are
 * Markdown already and go in as written, their headings moved below the pane's (#### and deeper).
 */
export function toMarkdown(c: Exportable, { exportedAt = new Date() }: { exportedAt?: Date } = {}): string {
  const out: string[] = [];
  out.push(`# ${c.title.replace(/\s+/g, " ").trim() || "Untitled comparison"}`, "");
  out.push(`- Created: ${formatUtc(c.createdAt)}`);
  if (c.sharedAt) out.push(`- Snapshot as of: ${formatUtc(c.sharedAt)}`);
  out.push(`- Exported: ${formatUtc(exportedAt.toISOString())}`);
  out.push(`- Models: ${c.panes.map((p) => `${paneHeading(p)}${p.model.emulated ? " [emulated]" : ""}`).join("; ")}`);
  out.push(`- Shared parameters: ${describeParams(c.params) ?? "provider defaults"}`);
  out.push("");
  if (c.system) out.push("## System prompt", "", fenced(c.system), "");
  if (c.tools && c.tools.length > 0) {
    out.push(`## Tools (at most ${c.maxSteps ?? 1} steps)`, "");
    for (const t of c.tools) {
      const mock = !t.mock ? "no mock: the run ends at a call" : "manual" in t.mock ? "result typed in when called" : "fixed mock result";
      out.push(`- \`${t.name}\`${t.description ? `: ${t.description.replace(/\s+/g, " ")}` : ""} (${mock})`);
    }
    out.push("");
  }
  if (c.responseSchema) out.push("## Response schema", "", fenced(JSON.stringify(c.responseSchema, null, 2)), "");
  for (const turn of c.turns) {
    out.push(`## ${turn.index === 0 ? "Prompt" : `Follow-up ${turn.index}`}`, "");
    out.push(`_Sent ${formatUtc(turn.createdAt)}_`, "", fenced(turn.prompt), "");
    if (turn.images && turn.images.length > 0)
      out.push(
        `_With ${turn.images.length === 1 ? "1 image" : `${turn.images.length} images`}: ${turn.images.map((i) => `${i.mediaType}, ${formatCount(i.size)} bytes`).join("; ")}._`,
        "",
      );
    for (const pane of c.panes) {
      const answer = turn.answers.find((a) => a.pane === pane.index);
      if (!answer) continue;
      out.push(`### ${paneHeading(pane)}`, "");
      const params = describeParams(pane.params);
      out.push(`_Model \`${pane.model.id}\`${params ? ` · ${params}` : ""}${pane.model.emulated ? " · emulated" : ""}_`, "");
      if (answer.status === "skipped") {
        out.push(`_Skipped: ${answer.skipReason?.message ?? "this model cannot take this prompt."}_`, "");
        continue;
      }
      if (answer.reasoning) out.push("<details><summary>Reasoning</summary>", "", answer.reasoning.trim(), "", "</details>", "");
      if (answer.toolCalls && answer.toolCalls.length > 0) out.push("Tool calls:", "", ...answer.toolCalls.flatMap(toolCallLines));
      // the answer's own headings go under its pane's ### (from ####), so the outline stays # > ## > ### > ####
      if (answer.text) out.push(shiftHeadings(answer.text.trim(), 4), "");
      else if (answer.status === "done") out.push("_The model returned an empty answer._", "");
      if (answer.status === "pending" || answer.status === "streaming") out.push("_Still answering at the time of this snapshot._", "");
      if (answer.status === "stopped") out.push(`_Stopped${answer.text ? "; the partial answer was kept" : " before any text"}._`, "");
      if (answer.error) out.push(`> **Error:** ${answer.error.message.replace(/\s+/g, " ")}`, "");
      if (answer.structured)
        out.push(
          answer.structured.valid
            ? "_Structured output: valid against the response schema._"
            : `_Structured output: invalid: ${answer.structured.errors.join("; ")}._`,
          "",
        );
      out.push(`> ${metricsLine(answer.metrics)}`, "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** The JSON export: every field of `c` (a view or a snapshot) behind a format marker. */
export function toJsonExport<T extends object>(c: T, { exportedAt = new Date() }: { exportedAt?: Date } = {}) {
  return { format: EXPORT_FORMAT, exportedAt: exportedAt.toISOString(), ...c };
}

/** "juxta-explain-tcp-slow-start.md": ASCII only, so the header needs no encoding. */
export function exportFilename(title: string, format: ExportFormat): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `juxta-${slug || "comparison"}.${format}`;
}

/** The download response for either export. */
export function exportResponse(c: Exportable, format: ExportFormat): Response {
  const exportedAt = new Date();
  const headers = {
    "content-disposition": `attachment; filename="${exportFilename(c.title, format)}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  };
  if (format === "md")
    return new Response(toMarkdown(c, { exportedAt }), { headers: { ...headers, "content-type": "text/markdown; charset=utf-8" } });
  return new Response(`${JSON.stringify(toJsonExport(c, { exportedAt }), null, 2)}\n`, {
    headers: { ...headers, "content-type": "application/json; charset=utf-8" },
  });
}

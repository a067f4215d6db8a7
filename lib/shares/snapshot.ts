import { z } from "zod";
import type { ComparisonView } from "@/lib/compare/queries";
import { paramsSchema } from "@/lib/compare/schema";
import { imageMediaTypes, toolCallValidities, type ToolCallRecord, type ToolDef } from "@/lib/compare/tools-schema";

// What a share link shows: the comparison as it was when shared, built field by field from an
// explicit whitelist (never by copying the view), so no internal id (comparison, pane, answer,
// owner), no provider response/request id and no email can reach an anonymous visitor. The same
// schema parses the stored JSON back, dropping anything it does not name.

const iso = z.string().max(40);

const metricsSchema = z.object({
  // the timing split came later: snapshots stored before it read as null
  setupMs: z.number().nullable().default(null),
  responseHeadersMs: z.number().nullable().default(null),
  headersToFirstTokenMs: z.number().nullable().default(null),
  ttftMs: z.number().nullable(),
  totalMs: z.number().nullable(),
  inputTokens: z.number().nullable(),
  cachedInputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  outputTokensPerSecond: z.number().nullable(),
  costUsd: z.number().nullable(),
  // came later too: older snapshots had measured usage or none
  usageEstimated: z.boolean().default(false),
  finishReason: z.string().nullable(),
  attempts: z.number(),
  // parameters not sent came later too
  paramsNotSent: z.array(z.string().max(40)).max(12).default([]),
});

const snapshotPaneSchema = z.object({
  index: z.number().int(),
  model: z.object({
    /** the catalog model id (`openai:gpt-4o-mini`), needed to re-run; not a database id */
    id: z.string(),
    label: z.string(),
    provider: z.string(),
    providerLabel: z.string(),
    logicalModel: z.string(),
    location: z.string().nullable(),
    emulated: z.boolean(),
  }),
  params: paramsSchema.catch({}),
  /** the system prompt this pane was sent (snapshots made before per-pane system prompts have none: the shared one) */
  system: z.string().nullable().optional(),
  price: z.object({ input: z.number(), cachedInput: z.number().optional(), output: z.number(), source: z.string() }).nullable(),
});

// tools, structured output and images came later: older snapshots read as none
const jsonObject = z.record(z.string(), z.json());
const snapshotToolSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  parameters: jsonObject,
  mock: z.union([z.object({ result: z.json() }), z.object({ manual: z.literal(true) })]).optional(),
});
const snapshotToolCallSchema = z.object({
  step: z.number().int(),
  id: z.string(),
  name: z.string(),
  input: z.string(),
  args: z.json().nullable(),
  validity: z.enum(toolCallValidities),
  errors: z.array(z.string()).optional(),
  result: z.json().optional(),
  resultSource: z.enum(["mock", "manual", "none"]),
});

const snapshotAnswerSchema = z.object({
  pane: z.number().int(),
  status: z.enum(["pending", "streaming", "done", "error", "stopped", "skipped"]),
  text: z.string(),
  reasoning: z.string(),
  error: z.object({ code: z.string(), message: z.string(), statusCode: z.number().nullable() }).nullable(),
  metrics: metricsSchema,
  startedAt: iso,
  finishedAt: iso.nullable(),
  toolCalls: z.array(snapshotToolCallSchema).default([]),
  structured: z
    .object({ valid: z.boolean(), errors: z.array(z.string()) })
    .nullable()
    .default(null),
  skipReason: z
    .object({ code: z.enum(["no_images", "no_tools"]), message: z.string() })
    .nullable()
    .default(null),
});

export const shareSnapshotSchema = z.object({
  version: z.literal(1),
  title: z.string(),
  system: z.string().nullable(),
  params: paramsSchema.catch({}),
  createdAt: iso,
  /** when the link was made, or last updated to the comparison's current state */
  sharedAt: iso,
  panes: z.array(snapshotPaneSchema),
  tools: z.array(snapshotToolSchema).default([]),
  maxSteps: z.number().int().nullable().default(null),
  responseSchema: jsonObject.nullable().default(null),
  turns: z.array(
    z.object({
      index: z.number().int(),
      prompt: z.string(),
      createdAt: iso,
      /** images by position (served at /s/<token>/images/<turn>/<index>): no image ids in a snapshot */
      images: z.array(z.object({ index: z.number().int(), mediaType: z.enum(imageMediaTypes), size: z.number().int() })).default([]),
      answers: z.array(snapshotAnswerSchema),
    }),
  ),
});
export type ShareSnapshot = z.infer<typeof shareSnapshotSchema>;

// Provider error messages quote the provider's own text, which sometimes names a request id
// ("Please include the request ID req_... in your message"): blank those out.
const idPatterns = [
  /\b(?:req|resp|chatcmpl|msg|run)[_-][A-Za-z0-9]{8,}\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
];

function scrub(message: string, known: (string | null)[]): string {
  let out = message;
  for (const id of known) if (id && id.length >= 6) out = out.split(id).join("[id]");
  for (const re of idPatterns) out = out.replace(re, "[id]");
  return out;
}

/** The shareable part of a comparison, as of `sharedAt`. */
export function buildSnapshot(view: ComparisonView, sharedAt: Date): ShareSnapshot {
  return {
    version: 1,
    title: view.title,
    system: view.system,
    params: { ...view.params },
    createdAt: view.createdAt,
    sharedAt: sharedAt.toISOString(),
    panes: view.panes.map((p) => ({
      index: p.index,
      model: {
        id: p.model.id,
        label: p.model.label,
        provider: p.model.provider,
        providerLabel: p.model.providerLabel,
        logicalModel: p.model.logicalModel,
        location: p.model.location,
        emulated: p.model.emulated,
      },
      params: { ...p.params },
      system: p.system,
      price: p.price
        ? {
            input: p.price.input,
            ...(p.price.cachedInput !== undefined ? { cachedInput: p.price.cachedInput } : {}),
            output: p.price.output,
            source: p.price.source,
          }
        : null,
    })),
    tools: view.tools.map((t): ToolDef => ({ ...t })),
    maxSteps: view.maxSteps,
    responseSchema: view.responseSchema,
    turns: view.turns.map((t) => ({
      index: t.index,
      prompt: t.prompt,
      createdAt: t.createdAt,
      images: t.images.map((i, index) => ({ index, mediaType: i.mediaType, size: i.size })),
      answers: t.answers.map((a) => ({
        pane: a.pane,
        status: a.status,
        text: a.text,
        reasoning: a.reasoning,
        error: a.error
          ? { code: a.error.code, message: scrub(a.error.message, [view.id, a.responseId, a.requestId]), statusCode: a.error.statusCode }
          : null,
        metrics: {
          setupMs: a.metrics.setupMs,
          responseHeadersMs: a.metrics.responseHeadersMs,
          headersToFirstTokenMs: a.metrics.headersToFirstTokenMs,
          ttftMs: a.metrics.ttftMs,
          totalMs: a.metrics.totalMs,
          inputTokens: a.metrics.inputTokens,
          cachedInputTokens: a.metrics.cachedInputTokens,
          outputTokens: a.metrics.outputTokens,
          reasoningTokens: a.metrics.reasoningTokens,
          outputTokensPerSecond: a.metrics.outputTokensPerSecond,
          costUsd: a.metrics.costUsd,
          usageEstimated: a.metrics.usageEstimated,
          finishReason: a.metrics.finishReason,
          attempts: a.metrics.attempts,
          paramsNotSent: [...a.metrics.paramsNotSent],
        },
        startedAt: a.startedAt,
        finishedAt: a.finishedAt,
        toolCalls: a.toolCalls.map((c): ToolCallRecord => ({ ...c })),
        structured: a.structured,
        skipReason: a.skipReason,
      })),
    })),
  };
}

/** The stored JSON as a snapshot, or null when it does not match (then the link is treated as unknown). */
export function parseSnapshot(value: unknown): ShareSnapshot | null {
  const parsed = shareSnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

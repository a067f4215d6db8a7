// Quirk profiles: deterministic, seeded misbehaviour per deployment, so every scorecard detector
// (issue 12) can be tested against a deployment known to differ. A profile is keyed like a script
// (`gpt-oss-120b`, or provider-qualified `bedrock:openai.gpt-oss-120b-1:0`; the qualified key wins)
// and set with `startEmulator({ quirks })`, the CLI's `--quirks <json or file>` or the
// EMULATOR_QUIRKS environment variable (README "Quirk profiles").
//
// Decisions are drawn from a hash of (profile seed, model, prompt, how many times this model saw
// this prompt), never from Math.random or arrival order across prompts: the same seed and the same
// requests give the same behaviour, whatever the concurrency between items.
import { readFileSync } from "node:fs";
import { z } from "zod";

export type QuirkProfile = {
  /** seeds every decision (default 1) */
  seed?: number;
  /** share of probe answers made wrong on purpose (reasoning, instructions, structured, tools, long context), 0..1 */
  wrongRate?: number;
  /** reasoning as long at every effort (the effort is not honoured) */
  ignoreReasoningEffort?: boolean;
  /** silent truncation: only the last N tokens (characters / 4) of the prompt are read */
  contextLimitTokens?: number;
  /** share of probe tool calls whose arguments are broken JSON, 0..1 */
  brokenToolJsonRate?: number;
  /** stop sequences are not honoured (the text runs on past them) */
  ignoreStopSequences?: boolean;
  /** temperature 0 and seed are not honoured (answers differ between identical requests) */
  nondeterministic?: boolean;
  /** pacing over the script's: time to first token and output speed */
  ttftMs?: number;
  tokensPerSecond?: number;
  /** jitter of the time to first token: each request's is multiplied by a factor in [1 - j, 1 + j] */
  jitter?: number;
  /** 429 bursts: of every `every` requests to this model, the first `burst` get a 429 */
  rateLimitBursts?: { every: number; burst: number; retryAfterMs?: number };
};

const rate = z.number().min(0).max(1);
export const quirkProfileSchema = z
  .object({
    seed: z.number().int().optional(),
    wrongRate: rate.optional(),
    ignoreReasoningEffort: z.boolean().optional(),
    contextLimitTokens: z.number().int().positive().optional(),
    brokenToolJsonRate: rate.optional(),
    ignoreStopSequences: z.boolean().optional(),
    nondeterministic: z.boolean().optional(),
    ttftMs: z.number().nonnegative().max(600_000).optional(),
    tokensPerSecond: z.number().nonnegative().optional(),
    jitter: rate.optional(),
    rateLimitBursts: z
      .object({
        every: z.number().int().positive(),
        burst: z.number().int().nonnegative(),
        retryAfterMs: z.number().int().nonnegative().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Parses `{"<model key>": QuirkProfile}` from untrusted JSON; throws a readable Error. */
export function parseQuirks(value: unknown): Record<string, QuirkProfile> {
  const r = z.record(z.string(), quirkProfileSchema).safeParse(value);
  if (!r.success) throw new Error(r.error.issues.map((i) => `quirks.${i.path.join(".")}: ${i.message}`).join("; "));
  return r.data;
}

/** Quirks from the CLI option or EMULATOR_QUIRKS: inline JSON, or the path of a JSON file. */
export function loadQuirks(source: string | undefined): Record<string, QuirkProfile> | undefined {
  if (!source || source.trim() === "") return undefined;
  const text = source.trim().startsWith("{") ? source : readFileSync(source, "utf8");
  return parseQuirks(JSON.parse(text));
}

/** FNV-1a */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A uniform number in [0, 1) from the parts (murmur-style finaliser over FNV-1a). */
export function unit(...parts: (string | number)[]): number {
  let h = hash32(parts.join("\u0001"));
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The profile of a request: the provider-qualified key wins over the bare model. */
export function quirkFor(quirks: Record<string, QuirkProfile> | undefined, provider: string, model: string): QuirkProfile | undefined {
  if (!quirks) return undefined;
  return quirks[`${provider}:${model}`] ?? quirks[model];
}

/** The pacing a quirk gives one request (`n`: this model's request number). */
export function quirkPacing(q: QuirkProfile, base: { ttftMs: number; tokensPerSecond: number }, model: string, n: number) {
  let ttftMs = q.ttftMs ?? base.ttftMs;
  if (q.jitter) ttftMs = Math.max(0, Math.round(ttftMs * (1 + q.jitter * (2 * unit(q.seed ?? 1, model, "jitter", n) - 1))));
  return { ttftMs, tokensPerSecond: q.tokensPerSecond ?? base.tokensPerSecond };
}

/** Whether request `n` (0-based, per model) falls in a 429 burst. */
export function inRateLimitBurst(q: QuirkProfile, n: number): boolean {
  const b = q.rateLimitBursts;
  return !!b && n % b.every < b.burst;
}

// Background-run settings, read once from the environment and checked with zod (a bad value stops
// the worker start with a sentence naming the variable). Tests pass their own values.
import "server-only";
import { z } from "zod";

export type RunConfig = {
  /** JUXTA_EVAL_WORKERS: start the answer workers in this app process (default on; "0" = off) */
  workers: boolean;
  /** JUXTA_EVAL_CONCURRENCY: provider calls at once per provider, per app process (default 4) */
  concurrency: number;
  /** JUXTA_EVAL_RETRIES: retries after the first attempt on 429 / 5xx / dropped or hung streams (default 4) */
  retryLimit: number;
  /** JUXTA_EVAL_RETRY_DELAY_SECONDS: base of the exponential backoff (default 2: waits of 2-4 s, 4-8 s, 8-16 s, ...) */
  retryDelaySeconds: number;
  /** JUXTA_EVAL_TIMEOUT_MS: a provider call that sends nothing for this long is aborted and retried (default 120000) */
  timeoutMs: number;
  /** how often an idle worker looks for new jobs (ms) */
  pollMs: number;
  /** pg-boss maintenance (expired jobs back to retry), seconds */
  maintenanceIntervalSeconds: number;
};

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["0", "1", "true", "false", "on", "off", "yes", "no"].includes(v), "must be 0/1 or true/false")
  .transform((v) => ["1", "true", "on", "yes"].includes(v));
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

const schema = z.object({
  JUXTA_EVAL_WORKERS: flag.optional(),
  JUXTA_EVAL_CONCURRENCY: int(1, 64).optional(),
  JUXTA_EVAL_RETRIES: int(0, 10).optional(),
  JUXTA_EVAL_RETRY_DELAY_SECONDS: int(1, 600).optional(),
  JUXTA_EVAL_TIMEOUT_MS: int(1000, 3_600_000).optional(),
});

export const DEFAULT_RUN_CONFIG: RunConfig = {
  workers: true,
  concurrency: 4,
  retryLimit: 4,
  retryDelaySeconds: 2,
  timeoutMs: 120_000,
  pollMs: 1000,
  maintenanceIntervalSeconds: 30,
};

export function parseRunConfig(raw: Record<string, string | undefined>): RunConfig {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, raw[k] === "" ? undefined : raw[k]]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid environment: ${String(issue.path[0])} ${issue.message}.`);
  }
  const v = parsed.data;
  return {
    ...DEFAULT_RUN_CONFIG,
    workers: v.JUXTA_EVAL_WORKERS ?? DEFAULT_RUN_CONFIG.workers,
    concurrency: v.JUXTA_EVAL_CONCURRENCY ?? DEFAULT_RUN_CONFIG.concurrency,
    retryLimit: v.JUXTA_EVAL_RETRIES ?? DEFAULT_RUN_CONFIG.retryLimit,
    retryDelaySeconds: v.JUXTA_EVAL_RETRY_DELAY_SECONDS ?? DEFAULT_RUN_CONFIG.retryDelaySeconds,
    timeoutMs: v.JUXTA_EVAL_TIMEOUT_MS ?? DEFAULT_RUN_CONFIG.timeoutMs,
  };
}

let cached: RunConfig | null = null;
export function getRunConfig(): RunConfig {
  cached ??= parseRunConfig(process.env);
  return cached;
}

/**
 * Timings derived from the idle timeout. A worker renews its lease on an answer every
 * `heartbeatMs`; a lease not renewed for `leaseMs` (the worker died) lets another worker take
 * the answer over. One attempt may take at most `deadlineMs` even while data flows; the pg-boss
 * job expires after `expireInSeconds` (a backstop when a worker died between fetching and claiming).
 */
export function runTimings(config: Pick<RunConfig, "timeoutMs">) {
  const heartbeatMs = Math.max(250, Math.min(15_000, Math.round(config.timeoutMs / 2)));
  const leaseMs = heartbeatMs * 3;
  const deadlineMs = config.timeoutMs * 10;
  const expireInSeconds = Math.ceil((deadlineMs + leaseMs) / 1000) + Math.min(60, Math.ceil(config.timeoutMs / 1000));
  return { heartbeatMs, leaseMs, deadlineMs, expireInSeconds };
}

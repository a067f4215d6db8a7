// Scorecards (issue 12): the shared shapes between the probe suites (lib/scorecards/probes), the
// statistics (lib/scorecards/stats), the runs and their storage (lib/scorecards/service, worker)
// and the pages. Isomorphic and pure: types and constants only.
import type { Params } from "@/lib/compare/schema";
import type { JsonValue, ToolCallRecord, ToolDef } from "@/lib/compare/tools-schema";

// ---------------------------------------------------------------------------------------------
// Probe items

/** The six families of the built-in suite; a custom suite's items are all "custom". */
export const probeFamilies = ["reasoning", "instructions", "structured", "tools", "long-context", "parameters"] as const;
export type ProbeFamily = (typeof probeFamilies)[number] | "custom";

/** Tool-call error classes (issue 12 names these four). */
export const toolErrorClasses = ["invalid_json", "unknown_tool", "schema_mismatch", "wrong_arguments"] as const;
export type ToolErrorClass = (typeof toolErrorClasses)[number];

/** How an answer is checked, by code. */
export type Checker =
  | { kind: "exact"; expected: string; caseSensitive?: boolean }
  | { kind: "regex"; pattern: string; flags?: string }
  | { kind: "contains"; expected: string[]; caseSensitive?: boolean }
  /** the last number in the answer (or after "Answer:"), within `tolerance` (absolute) */
  | { kind: "numeric"; expected: number; tolerance?: number }
  /** valid JSON matching `schema`; with `expected`, these fields (a subset, exact values; strings compared trimmed and case-insensitively) */
  | { kind: "json-schema"; schema: Record<string, JsonValue>; expected?: Record<string, JsonValue> }
  /** the first tool call: this tool, arguments valid against its schema and matching `arguments` (subset, exact values) */
  | { kind: "tool-call"; tool: string; arguments: Record<string, JsonValue> }
  /** program-checkable format rules (instruction following) */
  | { kind: "format"; rules: FormatRule[] }
  /** parameter conformance, checked on the call's metadata as well as its text (see ParameterProbe) */
  | { kind: "parameter"; probe: ParameterProbe };

export type FormatRule =
  | { rule: "bullets"; count: number }
  | { rule: "json-only" }
  | { rule: "max-words"; words: number }
  | { rule: "min-words"; words: number }
  | { rule: "forbidden-words"; words: string[] }
  | { rule: "starts-with"; text: string }
  | { rule: "ends-with"; text: string }
  | { rule: "all-lowercase" }
  | { rule: "all-uppercase" }
  | { rule: "paragraphs"; count: number };

/**
 * Parameter conformance probes. Some need more than one call to judge ("reasoning-effort" compares
 * reasoning tokens at low and high; "temperature-zero" / "seed" compare the K samples' texts):
 * those are judged over all samples of the item (`checkGroup`), the others per call.
 */
export type ParameterProbe =
  | { probe: "max-output-tokens"; maxOutputTokens: number }
  /** the text stops before `stop`: it holds none of `after` (words the prompt puts past the stop) and all of `before` */
  | { probe: "stop-sequence"; stop: string; before?: string[]; after?: string[] }
  /**
   * Two items of one pair (same `pair` id, one per effort): a sample passes when its reasoning
   * tokens are above (high) / below (low) those of the paired item's sample of the same index
   * (checkItemSamples with the paired item's answers).
   */
  | { probe: "reasoning-effort"; effort: "low" | "high"; pair?: string }
  | { probe: "temperature-zero" }
  | { probe: "seed"; seed: number };

/** One probe: a prompt sent as a single user message, with its parameters and its checker. */
export type ProbeItem = {
  /** stable within a suite version, e.g. "reasoning/arith-007" */
  key: string;
  family: ProbeFamily;
  system?: string | null;
  prompt: string;
  /** parameters of this item, over the scorecard's (e.g. maxOutputTokens for a length probe) */
  params?: Params;
  tools?: ToolDef[];
  responseSchema?: Record<string, JsonValue> | null;
  checker: Checker;
  /** long context: the prompt's size in tokens (approximate), to skip items over a model's window */
  contextTokens?: number;
  /** free-form facts for the emulator and the pages (e.g. {depth: 0.25} for a needle) */
  meta?: Record<string, JsonValue>;
};

export type ProbeSuite = {
  /** "builtin" or a ProbeSuite row id */
  id: string;
  name: string;
  /** "builtin@1" etc.; stored with every run so history compares like with like */
  version: string;
  items: ProbeItem[];
};

/** A checker's verdict on one call. */
export type CheckResult = {
  pass: boolean;
  /** for tool items: the error class of a failing call */
  errorClass?: ToolErrorClass | null;
  /** one line a person can read: "expected 42, got 41" */
  detail: string;
  /** what was extracted from the answer (a number, the JSON), for the evidence */
  extracted?: JsonValue;
};

/** What a checker reads of one call (the worker builds it from lib/calls' CallResult). */
export type ProbeAnswer = {
  status: "done" | "error" | "stopped";
  text: string;
  reasoning: string;
  finishReason: string | null;
  toolCalls: ToolCallRecord[];
  outputTokens: number | null;
  reasoningTokens: number | null;
  /** the parameters that were sent (item params over the scorecard's) */
  params: Params;
};

// ---------------------------------------------------------------------------------------------
// Calls (what the worker stores per deployment x item x sample, and what the statistics read)

export type CallOutcome = "done" | "error" | "skipped";

export type ProbeCall = {
  deploymentId: string;
  itemKey: string;
  family: ProbeFamily;
  /** 0-based sample index (K samples per item) */
  sample: number;
  outcome: CallOutcome;
  /** null for an error or a skip */
  pass: boolean | null;
  errorClass: ToolErrorClass | null;
  finishReason: string | null;
  /** the failure code ("rate_limited", "provider_error"...) of an error */
  errorCode: string | null;
  /** HTTP status of a failure, when there was one */
  httpStatus: number | null;
  ttftMs: number | null;
  totalMs: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
};

// ---------------------------------------------------------------------------------------------
// Metrics and verdicts

/** The metric names of the public API (GET /api/v1/scorecards/<id>); more may follow. */
export const metricNames = [
  "accuracy",
  "accuracy.reasoning",
  "accuracy.instructions",
  "accuracy.structured",
  "accuracy.tools",
  "accuracy.long-context",
  "accuracy.parameters",
  "passAtK",
  "passHatK",
  "toolCallErrorRate",
  "ttftP50Ms",
  "ttftP95Ms",
  "totalP50Ms",
  "totalP95Ms",
  "outputTokensPerSecond",
  "errorRate",
  "rateLimitedRate",
  "costPerItemUsd",
  "costPerCorrectUsd",
] as const;
export type MetricName = (typeof metricNames)[number];

/** A value with its 95% interval and the number of observations behind it (null value: no evidence). */
export type MetricValue = { value: number | null; ciLow: number | null; ciHigh: number | null; n: number };

export const verdicts = ["equivalent", "different", "inconclusive"] as const;
export type Verdict = (typeof verdicts)[number];

export type VerdictDetail = {
  verdict: Verdict;
  /** the difference to the reference (deployment minus reference) and its 90% and 95% intervals */
  difference: number | null;
  ci90: [number, number] | null;
  ci95: [number, number] | null;
  /** the equivalence margin used (absolute for accuracy/rates, relative 0.2 for times) */
  margin: number;
  marginKind: "absolute" | "relative";
  /** "better" | "worse" for a "different" verdict (in the metric's own sense: lower time is better) */
  direction: "better" | "worse" | null;
  /** Holm-adjusted p-value of the "different" test (families of accuracy share one correction) */
  pAdjusted: number | null;
  /** inconclusive: about how many samples per deployment would decide */
  samplesToDecide: number | null;
};

export type DeploymentScore = {
  /** the catalog model id, e.g. "bedrock:openai.gpt-oss-120b-1:0" */
  id: string;
  label: string;
  provider: string;
  providerLabel: string;
  reference: boolean;
  metrics: Partial<Record<MetricName, MetricValue>>;
  /** verdict per metric against the reference (absent for the reference itself) */
  verdicts: Partial<Record<MetricName, Verdict>>;
  verdictDetails: Partial<Record<MetricName, VerdictDetail>>;
  toolErrorsByClass: Record<ToolErrorClass, number>;
  finishReasons: Record<string, number>;
  /** output tokens: p10, p50, p90, max */
  outputLength: { p10: number | null; p50: number | null; p90: number | null; max: number | null };
  /** "Same model as the reference on everything measured", or what differs */
  summary: string;
};

/** A drift: the latest run against the trailing baseline, by the same test as the verdict. */
export type Drift = {
  deploymentId: string;
  metric: MetricName;
  verdict: "different";
  direction: "better" | "worse";
  latest: MetricValue;
  baseline: MetricValue;
  text: string;
};

// ---------------------------------------------------------------------------------------------
// Scorecards and runs (stored shapes as the API returns them)

export const scheduleValues = ["hourly", "daily", "weekly"] as const;
export type Schedule = (typeof scheduleValues)[number];

export const runStatuses = ["queued", "running", "paused", "finished", "failed", "cancelled"] as const;
export type ScorecardRunStatus = (typeof runStatuses)[number];

export type ScorecardRunSummary = {
  id: string;
  status: ScorecardRunStatus;
  trigger: "manual" | "schedule";
  suiteVersion: string;
  callsDone: number;
  callsTotal: number;
  spentUsd: number;
  createdAt: string;
  finishedAt: string | null;
};

/** GET /api/v1/scorecards/<id> (issue 12 spells the first fields out). */
export type ScorecardView = {
  id: string;
  name: string;
  /** the latest run's status, or "draft" before any run */
  status: ScorecardRunStatus | "draft";
  teamId: string | null;
  suite: { id: string; name: string; version: string; items: number };
  samples: number;
  schedule: Schedule | null;
  spendCapUsd: number | null;
  deployments: DeploymentScore[];
  runs: ScorecardRunSummary[];
  /** per deployment and metric, one point per finished run (oldest first) */
  history: { runId: string; at: string; deploymentId: string; metric: MetricName; value: MetricValue }[];
  drifts: Drift[];
};

/** Re-exported for convenience: a tool call as stored per answer. */
export type { ToolCallRecord };

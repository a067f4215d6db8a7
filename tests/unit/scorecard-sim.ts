// Simulated scorecards for the statistics tests and the bench: a suite like the built-in one
// (items across six families with heterogeneous difficulty), K samples per item, deployments that
// answer each item correctly with their own per-item probability, with times drawn per call.
// Seeded: the same seed gives the same calls.
import { createRng, type Rng } from "@/lib/ratings/random";
import { probeFamilies, type ProbeCall, type ProbeFamily } from "@/lib/scorecards/types";

export type SimItem = { key: string; family: ProbeFamily; p: number; ttftMs: number; outputTokens: number };

export function normal(rng: Rng): number {
  // Box-Muller; 1 - next() is in (0, 1]
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

// family difficulty on the logit scale: reasoning and tools easy, long context and parameters harder
const FAMILY_LOGIT: Record<string, number> = {
  reasoning: 2,
  instructions: 1.5,
  structured: 1.8,
  tools: 1.2,
  "long-context": 0.6,
  parameters: 1,
};

/** `count` items spread over the six families; each with its own chance of a right answer (logit-normal, sd 1.5). */
export function simulateSuite(rng: Rng, count = 150): SimItem[] {
  return Array.from({ length: count }, (_, i) => {
    const family = probeFamilies[i % probeFamilies.length]!;
    const logit = FAMILY_LOGIT[family]! + 1.5 * normal(rng);
    const long = family === "long-context";
    return {
      key: `${family}/${i}`,
      family,
      p: 1 / (1 + Math.exp(-logit)),
      // long-context prompts take far longer to the first token
      ttftMs: (long ? 2500 : 350) * Math.exp(0.3 * normal(rng)),
      outputTokens: Math.round(60 + 200 * rng.next()),
    };
  });
}

export type SimDeployment = {
  id: string;
  /** chance of a right answer on an item of chance p */
  accuracy?: (p: number, item: SimItem) => number;
  /** multiplies every time */
  slowdown?: number;
  /** per-call spread of times (lognormal sd) */
  jitter?: number;
  tokensPerSecond?: number;
  errorRate?: number;
  pricePerToken?: number;
};

/** K calls per item for one deployment. */
export function simulateCalls(rng: Rng, items: readonly SimItem[], d: SimDeployment, samples: number): ProbeCall[] {
  const out: ProbeCall[] = [];
  const slow = d.slowdown ?? 1;
  const jitter = d.jitter ?? 0.25;
  const tps = d.tokensPerSecond ?? 80;
  for (const item of items) {
    const p = d.accuracy ? d.accuracy(item.p, item) : item.p;
    for (let s = 0; s < samples; s++) {
      const error = d.errorRate !== undefined && rng.next() < d.errorRate;
      const ttftMs = item.ttftMs * slow * Math.exp(jitter * normal(rng));
      const outputTokens = Math.max(1, Math.round(item.outputTokens * Math.exp(0.2 * normal(rng))));
      const streamMs = (outputTokens / (tps * Math.exp(0.15 * normal(rng)))) * 1000 * slow;
      const pass = rng.next() < p;
      out.push({
        deploymentId: d.id,
        itemKey: item.key,
        family: item.family,
        sample: s,
        outcome: error ? "error" : "done",
        pass: error ? null : pass,
        errorClass: !error && !pass && item.family === "tools" ? "wrong_arguments" : null,
        finishReason: error ? null : "stop",
        errorCode: error ? "rate_limited" : null,
        httpStatus: error ? 429 : null,
        ttftMs: error ? null : ttftMs,
        totalMs: error ? null : ttftMs + streamMs,
        outputTokens: error ? null : outputTokens,
        reasoningTokens: null,
        costUsd: error ? 0 : outputTokens * (d.pricePerToken ?? 1e-6),
      });
    }
  }
  return out;
}

export { createRng };

// Scorecard runs (issue 12): the pure parts of the run machinery: webhook URL sealing, cron
// spreading, the "route it" order, and the API's input schema.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { cronOf } from "@/lib/scorecards/schedule";
import { createScorecardSchema, updateScorecardSchema } from "@/lib/scorecards/schema";
import { openWebhooks, sealWebhooks, webhookLabel } from "@/lib/scorecards/secrets";
import { routeOrder } from "@/lib/scorecards/route-it";
import type { DeploymentScore, MetricValue } from "@/lib/scorecards/types";

const env = (secret?: string) => parseEnv(secret ? { AUTH_SECRET: secret } : {});

describe("webhook URLs at rest", () => {
  it("are sealed (no part of the URL readable) and opened with the same secret only", () => {
    const urls = ["https://hooks.slack.test/services/T0/B0/abcdefsecret", "http://127.0.0.1:9999/x?token=zzz"];
    const a = env("a".repeat(40));
    const sealed = sealWebhooks(urls, a)!;
    expect(sealed).not.toMatch(/slack|abcdefsecret|token|127\.0\.0\.1/);
    expect(openWebhooks(sealed, a)).toEqual(urls);
    expect(openWebhooks(sealed, env("b".repeat(40)))).toEqual([]);
    // tampering is detected (GCM tag)
    const parts = sealed.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(openWebhooks(parts.join("."), a)).toEqual([]);
    expect(sealWebhooks([], a)).toBeNull();
    expect(webhookLabel(urls[0]!)).toBe("https://hooks.slack.test");
  });
});

describe("cron of a schedule", () => {
  it("is a valid expression of the right period, spread by the scorecard id", () => {
    expect(cronOf("abcdefghij", "hourly")).toMatch(/^\d{1,2} \* \* \* \*$/);
    expect(cronOf("abcdefghij", "daily")).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
    expect(cronOf("abcdefghij", "weekly")).toMatch(/^\d{1,2} \d{1,2} \* \* [0-6]$/);
    const minutes = new Set(Array.from({ length: 50 }, (_, i) => cronOf(`scorecard-${i}-xxxx`, "hourly").split(" ")[0]));
    expect(minutes.size).toBeGreaterThan(20);
    expect(cronOf("abcdefghij", "daily")).toBe(cronOf("abcdefghij", "daily"));
  });
});

const mv = (value: number | null): MetricValue => ({ value, ciLow: value, ciHigh: value, n: 100 });
function dep(
  id: string,
  o: { accuracy: number; cost: number; tps: number; verdict?: "different" | "equivalent"; worse?: boolean; reference?: boolean },
): DeploymentScore {
  return {
    id,
    label: id,
    provider: "openai",
    providerLabel: id,
    reference: o.reference ?? false,
    metrics: { accuracy: mv(o.accuracy), costPerCorrectUsd: mv(o.cost), outputTokensPerSecond: mv(o.tps), ttftP50Ms: mv(100) },
    verdicts: o.verdict ? { accuracy: o.verdict } : {},
    verdictDetails: o.verdict
      ? {
          accuracy: {
            verdict: o.verdict,
            difference: 0,
            ci90: null,
            ci95: null,
            margin: 0.03,
            marginKind: "absolute",
            direction: o.worse ? "worse" : null,
            pAdjusted: null,
            samplesToDecide: null,
          },
        }
      : {},
    toolErrorsByClass: { invalid_json: 0, unknown_tool: 0, schema_mismatch: 0, wrong_arguments: 0 },
    finishReasons: {},
    outputLength: { p10: null, p50: null, p90: null, max: null },
    summary: "",
  };
}

describe("route it", () => {
  const deployments = [
    dep("ref", { accuracy: 0.9, cost: 0.002, tps: 80, reference: true }),
    dep("cheap-but-worse", { accuracy: 0.7, cost: 0.0005, tps: 300, verdict: "different", worse: true }),
    dep("fast", { accuracy: 0.89, cost: 0.003, tps: 200, verdict: "equivalent" }),
    dep("cheap", { accuracy: 0.91, cost: 0.001, tps: 50, verdict: "equivalent" }),
  ];
  it("puts accuracy first, then cost or speed", () => {
    expect(routeOrder(deployments, "cost").map((d) => d.id)).toEqual(["cheap", "ref", "fast", "cheap-but-worse"]);
    expect(routeOrder(deployments, "speed").map((d) => d.id)).toEqual(["fast", "ref", "cheap", "cheap-but-worse"]);
  });
});

describe("POST /api/v1/scorecards input", () => {
  const base = { name: "x", deployments: ["a:b", "c:d"], reference: "a:b" };
  it("defaults the suite, samples and schedule", () => {
    expect(createScorecardSchema.parse(base)).toMatchObject({ suite: "builtin", samples: 3, schedule: null });
  });
  it("names the field of bad input", () => {
    const field = (v: unknown) => createScorecardSchema.safeParse(v).error?.issues[0]?.path.join(".");
    expect(field({ ...base, deployments: ["a:b"] })).toBe("deployments");
    expect(field({ ...base, deployments: ["a:b", "a:b"] })).toBe("deployments");
    expect(field({ ...base, reference: "e:f" })).toBe("reference");
    expect(field({ ...base, samples: 0 })).toBe("samples");
    expect(field({ ...base, suite: "../etc" })).toBe("suite");
    expect(field({ ...base, alerts: { webhooks: ["https://user:pw@x.test/"] } })).toBe("alerts.webhooks.0");
    expect(field({ ...base, extra: 1 })).toBe("");
    expect(updateScorecardSchema.safeParse({}).success).toBe(false);
  });
});

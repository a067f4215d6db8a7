// The scorecard pages' pure parts: the new-scorecard form's checks and body, the default reference,
// the "all clouds of" shortcuts, the next scheduled run, and how metrics and verdicts print.
import { describe, expect, it } from "vitest";
import type { PickerModel } from "@/components/compare/types";
import { formatDifference, formatInterval, formatMetric, verdictLook, verdictSentences } from "@/components/scorecards/format";
import {
  buildScorecardBody,
  defaultReference,
  formField,
  makerProvider,
  multiCloudModels,
  type ScorecardDraft,
} from "@/components/scorecards/form-state";
import { nextCronRun, untilText } from "@/components/scorecards/next-run";
import type { VerdictDetail } from "@/lib/scorecards/types";

const model = (id: string, provider: string, logicalModel: string, available = true): PickerModel => ({
  id,
  label: logicalModel,
  provider: provider as PickerModel["provider"],
  providerLabel: provider,
  location: null,
  logicalModel,
  available,
  emulated: true,
  contextWindow: null,
  capabilities: null,
  price: null,
});

const draft = (over: Partial<ScorecardDraft> = {}): ScorecardDraft => ({
  name: "x",
  teamId: "",
  deployments: ["a", "b"],
  reference: "a",
  suite: "builtin",
  samples: "3",
  schedule: "",
  spendCapUsd: "",
  alertEmail: true,
  webhooks: "",
  ...over,
});

describe("the new-scorecard form", () => {
  it("builds the API body with defaults", () => {
    const r = buildScorecardBody(
      draft({ name: "  cards ", schedule: "daily", spendCapUsd: "2.5", webhooks: "https://h.test/a\n\n https://h.test/b " }),
    );
    expect(r).toEqual({
      ok: true,
      body: {
        name: "cards",
        teamId: null,
        deployments: ["a", "b"],
        reference: "a",
        suite: "builtin",
        samples: 3,
        schedule: "daily",
        spendCapUsd: 2.5,
        alerts: { email: true, webhooks: ["https://h.test/a", "https://h.test/b"] },
      },
    });
  });

  it("names each bad field with the API's message", () => {
    const r = buildScorecardBody(
      draft({ name: " ", deployments: ["a"], reference: "z", samples: "11", spendCapUsd: "0", webhooks: "https://u:p@h.test/x" }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toBe("Name the scorecard.");
    expect(r.errors.deployments).toMatch(/^Choose at least 2 deployments/);
    expect(r.errors.reference).toBe("The reference must be one of the deployments.");
    expect(r.errors.samples).toBe("samples is at most 10.");
    expect(r.errors.spendCapUsd).toBe("The spend cap must be more than 0.");
    expect(r.errors.webhooks).toMatch(/is not a webhook URL/);
    expect(buildScorecardBody(draft({ samples: "1.5" }))).toMatchObject({ ok: false, errors: { samples: "samples is a whole number." } });
    expect(buildScorecardBody(draft({ webhooks: "https://h.test\nhttps://h.test" }))).toMatchObject({
      ok: false,
      errors: { webhooks: "A webhook is listed twice." },
    });
  });

  it("maps the API's field paths to the form's fields", () => {
    expect(formField("alerts.webhooks.2")).toBe("webhooks");
    expect(formField("deployments.1")).toBe("deployments");
    expect(formField("reference")).toBe("reference");
    expect(formField(null)).toBe("form");
  });

  it("takes the maker's own API as the default reference, else the first chosen", () => {
    const models = [
      model("bedrock:claude", "bedrock", "claude-sonnet-4.5"),
      model("anthropic:claude", "anthropic", "claude-sonnet-4.5"),
      model("vertex:oss", "vertex", "gpt-oss-120b"),
      model("local:oss", "compatible", "gpt-oss-120b"),
    ];
    expect(defaultReference(["bedrock:claude", "anthropic:claude"], models)).toBe("anthropic:claude");
    expect(defaultReference(["local:oss", "vertex:oss"], models)).toBe("local:oss");
    expect(makerProvider("gpt-oss-120b")).toBeNull();
    expect(makerProvider("gpt-4o-mini")).toBe("openai");
  });

  it("offers every cloud of a model served by two or more, most clouds first", () => {
    const models = [
      model("a:oss", "bedrock", "gpt-oss-120b"),
      model("b:oss", "vertex", "gpt-oss-120b"),
      model("c:oss", "compatible", "gpt-oss-120b"),
      model("a:mini", "openai", "gpt-4o-mini"),
      model("b:mini", "azure", "gpt-4o-mini"),
      model("c:mini", "azure", "gpt-4o-mini", false),
      model("a:solo", "openai", "gpt-5"),
    ];
    expect(multiCloudModels(models)).toEqual([
      { logicalModel: "gpt-oss-120b", label: "gpt-oss-120b", ids: ["a:oss", "b:oss", "c:oss"] },
      { logicalModel: "gpt-4o-mini", label: "gpt-4o-mini", ids: ["a:mini", "b:mini"] },
    ]);
  });
});

describe("the next scheduled run", () => {
  const now = new Date("2026-12-05T10:20:30Z");
  it("follows hourly, daily and weekly crons in UTC", () => {
    expect(nextCronRun("45 * * * *", now)?.toISOString()).toBe("2026-12-05T10:45:00.000Z");
    expect(nextCronRun("5 * * * *", now)?.toISOString()).toBe("2026-12-05T11:05:00.000Z");
    expect(nextCronRun("0 3 * * *", now)?.toISOString()).toBe("2026-12-06T03:00:00.000Z");
    // 2026-12-05 is a Saturday (6): next Monday (1)
    expect(nextCronRun("30 9 * * 1", now)?.toISOString()).toBe("2026-12-07T09:30:00.000Z");
    expect(nextCronRun("*/5 * * * *", now)).toBeNull();
  });
  it("says how long until then", () => {
    expect(untilText(new Date("2026-12-05T10:45:00Z"), now)).toBe("in 25 min");
    expect(untilText(new Date("2026-12-06T03:00:00Z"), now)).toBe("in 17 h");
    expect(untilText(new Date("2026-12-09T03:00:00Z"), now)).toBe("in 4 days");
  });
});

describe("metrics and verdicts in words", () => {
  const detail = (over: Partial<VerdictDetail>): VerdictDetail => ({
    verdict: "different",
    difference: -0.12,
    ci90: [-0.16, -0.08],
    ci95: [-0.17, -0.07],
    margin: 0.03,
    marginKind: "absolute",
    direction: "worse",
    pAdjusted: 0.0004,
    samplesToDecide: null,
    ...over,
  });
  it("prints each metric in its unit", () => {
    expect(formatMetric("accuracy", 0.8734)).toBe("87.3%");
    expect(formatMetric("ttftP50Ms", 412)).toBe("412 ms");
    expect(formatMetric("costPerCorrectUsd", 0.0012)).toBe("$0.0012");
    expect(formatMetric("outputTokensPerSecond", 61.24)).toBe("61.2");
    expect(formatMetric("accuracy", null)).toBe("–");
    expect(formatInterval("accuracy", { value: 0.5, ciLow: 0.4, ciHigh: 0.6, n: 150 })).toBe(
      "50.0% (95% interval 40.0% to 60.0%, n = 150)",
    );
    expect(formatInterval("accuracy", undefined)).toBe("not measured");
  });
  it("says the verdict, never by colour alone", () => {
    expect(verdictLook("different", detail({})).short).toBe("worse");
    expect(verdictLook("different", detail({ direction: "better" })).short).toBe("better");
    expect(verdictLook("equivalent", undefined).short).toBe("same");
    expect(verdictLook("inconclusive", undefined).label).toBe("Inconclusive");
    expect(formatDifference("accuracy", detail({}))).toBe("−12.0 points");
    expect(formatDifference("ttftP50Ms", detail({ difference: 0.25, marginKind: "relative", margin: 0.2 }))).toBe("+25%");
    const lines = verdictSentences("accuracy", { value: 0.7, ciLow: 0.62, ciHigh: 0.77, n: 150 }, "different", detail({}));
    expect(lines[1]).toBe("Different from the reference (worse): −12.0 points; the 95% interval excludes zero (Holm-adjusted p = <0.001).");
    const unsure = verdictSentences(
      "accuracy",
      undefined,
      "inconclusive",
      detail({ verdict: "inconclusive", direction: null, samplesToDecide: 420 }),
    );
    expect(unsure[1]).toMatch(/about 420 samples per deployment would decide/);
  });
});

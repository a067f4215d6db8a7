// The new-scorecard form's checks and its request body (POST /api/v1/scorecards). Pure, so the
// unit tests read it. The messages match the API's (lib/scorecards/schema.ts), so a field says the
// same thing whichever side caught it.
import type { PickerModel } from "@/components/compare/types";
import type { Schedule } from "@/lib/scorecards/types";

export const MIN_DEPLOYMENTS = 2;
export const MAX_DEPLOYMENTS = 8;
export const MAX_SAMPLES = 10;
export const MAX_WEBHOOKS = 5;

export type ScorecardDraft = {
  name: string;
  teamId: string;
  deployments: string[];
  reference: string;
  suite: string;
  samples: string;
  schedule: Schedule | "";
  spendCapUsd: string;
  alertEmail: boolean;
  webhooks: string;
};

export type ScorecardBody = {
  name: string;
  teamId: string | null;
  deployments: string[];
  reference: string;
  suite: string;
  samples: number;
  schedule: Schedule | null;
  spendCapUsd: number | null;
  alerts: { email: boolean; webhooks: string[] };
};

/** The provider that makes a logical model, by its name: its own API is the default reference. */
export function makerProvider(logicalModel: string): string | null {
  const m = logicalModel.toLowerCase();
  if (m.startsWith("claude")) return "anthropic";
  if (m.startsWith("gemini")) return "google";
  if (/^(gpt-(?!oss)|o\d|chatgpt)/.test(m)) return "openai";
  if (m.startsWith("nova")) return "bedrock";
  if (m.startsWith("phi")) return "azure";
  return null;
}

/** The default reference among `chosen`: the maker's own API where present, else the first. */
export function defaultReference(chosen: string[], models: PickerModel[]): string {
  const picked = chosen.map((id) => models.find((m) => m.id === id)).filter((m): m is PickerModel => Boolean(m));
  const own = picked.find((m) => m.provider === makerProvider(m.logicalModel));
  return own?.id ?? picked[0]?.id ?? "";
}

/** Logical models served by two or more available deployments: the "all clouds of" shortcuts. */
export function multiCloudModels(models: PickerModel[]): { logicalModel: string; label: string; ids: string[] }[] {
  const groups = new Map<string, PickerModel[]>();
  for (const m of models) if (m.available) groups.set(m.logicalModel, [...(groups.get(m.logicalModel) ?? []), m]);
  return [...groups.entries()]
    .filter(([, list]) => list.length >= 2)
    .map(([logicalModel, list]) => ({ logicalModel, label: list[0]!.label, ids: list.slice(0, MAX_DEPLOYMENTS).map((m) => m.id) }))
    .sort((a, b) => b.ids.length - a.ids.length || a.logicalModel.localeCompare(b.logicalModel));
}

function validUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Checks the draft; the body to send, or a message per field. */
export function buildScorecardBody(d: ScorecardDraft): { ok: true; body: ScorecardBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = d.name.trim();
  if (!name) errors.name = "Name the scorecard.";
  else if (name.length > 120) errors.name = "A scorecard name is at most 120 characters.";
  if (d.deployments.length < MIN_DEPLOYMENTS)
    errors.deployments = `Choose at least ${MIN_DEPLOYMENTS} deployments: a scorecard compares deployments with a reference.`;
  else if (d.deployments.length > MAX_DEPLOYMENTS) errors.deployments = `Choose at most ${MAX_DEPLOYMENTS} deployments.`;
  if (!d.deployments.includes(d.reference)) errors.reference = "The reference must be one of the deployments.";
  const samples = Number(d.samples);
  if (!/^\s*\d+\s*$/.test(d.samples) || !Number.isInteger(samples)) errors.samples = "samples is a whole number.";
  else if (samples < 1) errors.samples = "samples is at least 1.";
  else if (samples > MAX_SAMPLES) errors.samples = `samples is at most ${MAX_SAMPLES}.`;
  let spendCapUsd: number | null = null;
  if (d.spendCapUsd.trim()) {
    spendCapUsd = Number(d.spendCapUsd);
    if (!Number.isFinite(spendCapUsd)) errors.spendCapUsd = "The spend cap is an amount in USD, e.g. 5 or 2.50.";
    else if (spendCapUsd <= 0) errors.spendCapUsd = "The spend cap must be more than 0.";
  }
  const webhooks = d.webhooks
    .split(/\s*\n\s*/)
    .map((w) => w.trim())
    .filter(Boolean);
  const bad = webhooks.find((w) => !validUrl(w));
  if (bad) errors.webhooks = `“${bad.slice(0, 80)}” is not a webhook URL: use an http:// or https:// address (without user:password@).`;
  else if (webhooks.length > MAX_WEBHOOKS) errors.webhooks = `At most ${MAX_WEBHOOKS} webhooks.`;
  else if (new Set(webhooks).size !== webhooks.length) errors.webhooks = "A webhook is listed twice.";
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name,
      teamId: d.teamId || null,
      deployments: d.deployments,
      reference: d.reference,
      suite: d.suite || "builtin",
      samples,
      schedule: d.schedule || null,
      spendCapUsd,
      alerts: { email: d.alertEmail, webhooks },
    },
  };
}

/** The form field an API error names ("alerts.webhooks.1" -> "webhooks"). */
export function formField(field: string | null): string {
  if (!field) return "form";
  if (field.startsWith("alerts.webhooks")) return "webhooks";
  if (field.startsWith("deployments")) return "deployments";
  if (field === "alerts.email") return "alertEmail";
  return field.split(".")[0]!;
}

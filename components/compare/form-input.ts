// The compare form's draft values, and the checks run in the browser before a server action is
// called. The checks are the server's own zod schemas (lib/compare/schema.ts, pure and
// dependency-free apart from zod), so the messages and limits are the same on both sides and a
// field error lands beside the same field whichever side found it.
import { createComparisonSchema, followUpSchema, type CreateComparisonInput } from "@/lib/compare/schema";
import type { PickerModel } from "./types";

export const paramKeys = ["temperature", "topP", "maxOutputTokens"] as const;
export type ParamKey = (typeof paramKeys)[number];

export const paramLabels: Record<ParamKey, string> = {
  temperature: "Temperature",
  topP: "Top-p",
  maxOutputTokens: "Max output tokens",
};

/** One number input: its text, and whether the browser holds text that is not a number. */
export type ParamDraft = { text: string; bad: boolean };
export type ParamsDraft = Record<ParamKey, ParamDraft>;

export type DraftPane = { key: string; modelId: string; params: ParamsDraft };

export type FieldErrors = Record<string, string>;

export function emptyParams(): ParamsDraft {
  return { temperature: { text: "", bad: false }, topP: { text: "", bad: false }, maxOutputTokens: { text: "", bad: false } };
}

export function hasValues(p: ParamsDraft): boolean {
  return paramKeys.some((k) => p[k].text.trim() !== "" || p[k].bad);
}

/** Clears the message beside `field` and the form-level one (the same object when there is neither). */
export function clearError(errors: FieldErrors, field: string): FieldErrors {
  if (!(field in errors) && !("form" in errors)) return errors;
  const next = { ...errors };
  delete next[field];
  delete next.form;
  return next;
}

/** The numbers in a parameters draft (undefined when none is set); a bad one adds a message at `<prefix>.<key>`. */
export function readParams(draft: ParamsDraft, prefix: string, errors: FieldErrors): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const key of paramKeys) {
    const { text, bad } = draft[key];
    if (bad) {
      errors[`${prefix}.${key}`] = `${paramLabels[key]} must be a number.`;
      continue;
    }
    if (text.trim() === "") continue;
    const value = Number(text);
    if (!Number.isFinite(value)) {
      errors[`${prefix}.${key}`] = `${paramLabels[key]} must be a number.`;
      continue;
    }
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function collect(issues: readonly { path: PropertyKey[]; message: string }[], errors: FieldErrors) {
  for (const issue of issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "form";
    errors[field] ??= issue.message;
  }
}

/** The start-comparison input, or every field error found (keyed like the action's `error.field`). */
export function buildCompareInput(
  form: { prompt: string; system: string; params: ParamsDraft; panes: DraftPane[] },
  catalog: PickerModel[],
): { ok: true; input: CreateComparisonInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const params = readParams(form.params, "params", errors);
  const models = form.panes.map((pane, i) => {
    const own = readParams(pane.params, `models.${i}.params`, errors);
    return own ? { id: pane.modelId, params: own } : pane.modelId;
  });
  const input = {
    prompt: form.prompt,
    ...(form.system.trim() ? { system: form.system } : {}),
    models,
    ...(params ? { params } : {}),
  };
  const parsed = createComparisonSchema.safeParse(input);
  if (!parsed.success) collect(parsed.error.issues, errors);
  form.panes.forEach((pane, i) => {
    const model = catalog.find((m) => m.id === pane.modelId);
    if (!model) errors[`models.${i}`] ??= `Unknown model "${pane.modelId}".`;
    else if (!model.available) errors[`models.${i}`] ??= `${model.label} (${model.providerLabel}) is not available.`;
  });
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

export function checkFollowUp(prompt: string): string | null {
  const parsed = followUpSchema.safeParse({ prompt });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Enter a prompt.");
}

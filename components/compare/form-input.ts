// The compare form's draft values, and the checks run in the browser before a server action is
// called. The checks are the server's own zod schemas (lib/compare/schema.ts, pure and
// dependency-free apart from zod), so the messages and limits are the same on both sides and a
// field error lands beside the same field whichever side found it.
import type { z } from "zod";
import { createComparisonSchema, followUpSchema, type CreateComparisonInput } from "@/lib/compare/schema";
import type { ImageDraft } from "./image-files";
import { buildToolsRequest, type ToolsDraft } from "./tools-draft";
import type { PickerModel } from "./types";

export const paramKeys = ["temperature", "topP", "maxOutputTokens", "reasoningEffort", "seed", "stopSequences", "serviceTier"] as const;
export type ParamKey = (typeof paramKeys)[number];

/** The inputs that hold a number (the others: choices and a list). */
export const numberParamKeys = ["temperature", "topP", "maxOutputTokens", "seed"] as const;

export const paramLabels: Record<ParamKey, string> = {
  temperature: "Temperature",
  topP: "Top-p",
  maxOutputTokens: "Max output tokens",
  reasoningEffort: "Reasoning effort",
  seed: "Seed",
  stopSequences: "Stop sequences",
  serviceTier: "Service tier",
};

/**
 * One input: its text, and whether the browser holds text that is not a number. Stop sequences are
 * one per line, with `\n` and `\t` for a line break and a tab inside one (see `parseStopSequences`).
 */
export type ParamDraft = { text: string; bad: boolean };
export type ParamsDraft = Record<ParamKey, ParamDraft>;

/**
 * `system`: this pane's own system prompt; null or absent = the shared one, "" = none for this pane.
 */
export type DraftPane = { key: string; modelId: string; params: ParamsDraft; system?: string | null };

export type FieldErrors = Record<string, string>;

export function emptyParams(): ParamsDraft {
  return Object.fromEntries(paramKeys.map((k) => [k, { text: "", bad: false }])) as ParamsDraft;
}

/** Stop sequences typed one per line; `\n`, `\t` and `\\` inside one stand for a line break, a tab and a backslash. */
export function parseStopSequences(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace(/\\([nt\\])/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\")));
}

/** The inverse of `parseStopSequences`. */
export function stopSequencesToText(list: readonly string[]): string {
  return list.map((s) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t")).join("\n");
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

/**
 * The values in a parameters draft (undefined when none is set); a number that is not one adds a
 * message at `<prefix>.<key>`. Ranges are the schema's to check.
 */
export function readParams(draft: ParamsDraft, prefix: string, errors: FieldErrors): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const key of paramKeys) {
    const { text, bad } = draft[key];
    if (key === "reasoningEffort" || key === "serviceTier") {
      if (text) out[key] = text;
      continue;
    }
    if (key === "stopSequences") {
      const list = parseStopSequences(text);
      if (list.length > 0) out[key] = list;
      continue;
    }
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

/**
 * The field a message is shown beside: one stop sequence's message goes beside the list, a
 * message inside a tool's schema or mock beside that editor, one image's beside the images.
 */
export function fieldOf(path: string): string {
  return path
    .replace(/(\.stopSequences)\.\d+$/, "$1")
    .replace(/^(tools\.\d+)\.mock(\..*)?$/, "$1.result")
    .replace(/^(tools\.\d+\.parameters)\..*$/, "$1")
    .replace(/^(responseSchema)\..*$/, "$1")
    .replace(/^images\..*$/, "images");
}

function collect(issues: readonly { path: PropertyKey[]; message: string }[], errors: FieldErrors) {
  for (const issue of issues) {
    const field = issue.path.length > 0 ? fieldOf(issue.path.map(String).join(".")) : "form";
    errors[field] ??= issue.message;
  }
}

/** The start-comparison input, or every field error found (keyed like the action's `error.field`). */
export function buildCompareInput(
  form: { prompt: string; system: string; params: ParamsDraft; panes: DraftPane[]; tools?: ToolsDraft; images?: readonly ImageDraft[] },
  catalog: PickerModel[],
): { ok: true; input: CreateComparisonInput; payload: z.input<typeof createComparisonSchema> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const tools = form.tools ? buildToolsRequest(form.tools) : { ok: true as const, value: {} };
  if (!tools.ok) Object.assign(errors, tools.errors);
  const params = readParams(form.params, "params", errors);
  const models = form.panes.map((pane, i) => {
    const own = readParams(pane.params, `models.${i}.params`, errors);
    const system = pane.system ?? null;
    if (!own && system === null) return pane.modelId;
    return { id: pane.modelId, ...(system !== null ? { system } : {}), ...(own ? { params: own } : {}) };
  });
  const input = {
    prompt: form.prompt,
    ...(form.system.trim() ? { system: form.system } : {}),
    models,
    ...(params ? { params } : {}),
    ...(tools.ok ? tools.value : {}),
    ...(form.images && form.images.length > 0 ? { images: imageParts(form.images) } : {}),
  };
  const parsed = createComparisonSchema.safeParse(input);
  if (!parsed.success) collect(parsed.error.issues, errors);
  form.panes.forEach((pane, i) => {
    const model = catalog.find((m) => m.id === pane.modelId);
    if (!model) errors[`models.${i}`] ??= `Unknown model "${pane.modelId}".`;
    else if (!model.available) errors[`models.${i}`] ??= `${model.label} (${model.providerLabel}) is not available.`;
  });
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  // what the action is sent: the checked input with the images as given (the schema's output adds their decoded size)
  const payload = { ...parsed.data, ...(parsed.data.images ? { images: imageParts(form.images ?? []) } : {}) };
  return { ok: true, input: parsed.data, payload };
}

/** Images as the request carries them. */
export function imageParts(images: readonly ImageDraft[]): { mediaType: ImageDraft["mediaType"]; data: string }[] {
  return images.map((i) => ({ mediaType: i.mediaType, data: i.data }));
}

/** The follow-up as the action takes it (its prompt and images), or the message why it cannot be sent. */
export function buildFollowUp(
  prompt: string,
  images: readonly ImageDraft[] = [],
): { ok: true; payload: z.input<typeof followUpSchema> } | { ok: false; message: string } {
  const payload = { prompt, ...(images.length > 0 ? { images: imageParts(images) } : {}) };
  const parsed = followUpSchema.safeParse(payload);
  return parsed.success ? { ok: true, payload } : { ok: false, message: parsed.error.issues[0]?.message ?? "Enter a prompt." };
}

export function checkFollowUp(prompt: string): string | null {
  const built = buildFollowUp(prompt);
  return built.ok ? null : built.message;
}

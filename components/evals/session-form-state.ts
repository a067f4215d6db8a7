// The new-session form's state, its changes (one reducer with typed actions) and the checks run
// before POST /api/v1/evals. Pure: no React, no fetch (tests/unit/session-form-state.test.ts).
import { clearError, emptyParams, readParams, type FieldErrors, type ParamKey, type ParamsDraft } from "@/components/compare/form-input";
import { MAX_MODELS, MAX_PROMPTS, MAX_RATERS, MIN_MODELS, type CreateSessionInput, type PromptInput } from "@/lib/evals/schema";
import { formatCount } from "@/lib/format";

export type CriterionDraft = { name: string; scale: "likert" | "passfail" };
export type Imported = { prompts: PromptInput[]; fileName: string };
export type ImportProblem = { line: number; message: string };

export type SessionFormState = {
  name: string;
  /** "" is "Just me" */
  teamId: string;
  instructions: string;
  /** the candidate models' ids, in the order they were ticked */
  chosen: string[];
  params: ParamsDraft;
  pairwise: boolean;
  criteria: CriterionDraft[];
  /** K, as typed */
  raters: string;
  /** USD, as typed; "" is no cap */
  spendCap: string;
  source: "file" | "typed";
  typed: string;
  imported: Imported | null;
  importErrors: ImportProblem[];
  importing: boolean;
  /** field path (as in the server's `error.field`) or "form" -> message */
  errors: FieldErrors;
  busy: boolean;
};

export type SessionFormAction =
  | { type: "set-name"; value: string }
  | { type: "set-team"; teamId: string }
  | { type: "set-instructions"; value: string }
  | { type: "toggle-model"; id: string }
  | { type: "set-param"; key: ParamKey; text: string; bad: boolean }
  | { type: "set-pairwise"; on: boolean }
  | { type: "add-criterion" }
  | { type: "rename-criterion"; index: number; name: string }
  | { type: "set-criterion-scale"; index: number; scale: CriterionDraft["scale"] }
  | { type: "remove-criterion"; index: number }
  | { type: "set-raters"; value: string }
  | { type: "set-spend-cap"; value: string }
  | { type: "set-source"; source: SessionFormState["source"] }
  | { type: "set-typed"; value: string }
  | { type: "import-reset"; reading: boolean }
  | { type: "import-done"; imported: Imported }
  | { type: "import-failed"; message: string; problems: ImportProblem[] }
  | { type: "invalid"; errors: FieldErrors }
  | { type: "submit-sent" }
  | { type: "submit-failed"; field: string | null; message: string };

/** As many criteria as the design schema allows (lib/evals/schema.ts). */
export const MAX_CRITERIA = 10;

export const DEFAULT_INSTRUCTIONS = "Compare the two answers for accuracy and helpfulness. Ignore length unless it gets in the way.";

/**
 * A new form: personal ("Just me", as Compare starts), pairwise, K = 3 raters per item, or K = 1
 * in local mode (sign-in off: only one person can rate).
 */
export function initSessionForm({ local = false }: { local?: boolean } = {}): SessionFormState {
  return {
    name: "",
    teamId: "",
    instructions: DEFAULT_INSTRUCTIONS,
    chosen: [],
    params: emptyParams(),
    pairwise: true,
    criteria: [],
    raters: local ? "1" : "3",
    spendCap: "",
    source: "file",
    typed: "",
    imported: null,
    importErrors: [],
    importing: false,
    errors: {},
    busy: false,
  };
}

/** Fields the form shows a message beside; other field paths go to the form-level alert. */
const knownField = /^(name|instructions|teamId|models|params\.\w+|design\.(raters|pairwise|criteria)(\.\d+\.name)?|spendCapUsd|prompts)$/;

/** Where a server error is shown, and its message ("... (prompt 3)" for a prompt of the set). */
export function placeServerError(field: string | null, message: string): FieldErrors {
  const target =
    field && knownField.test(field) ? field : field?.startsWith("models.") ? "models" : field?.startsWith("prompts.") ? "prompts" : "form";
  const where = field?.startsWith("prompts.") ? ` (prompt ${Number(field.split(".")[1]) + 1})` : "";
  return { [target]: `${message}${where}` };
}

/** A criterion's key from its name: lower_snake_case, starting with a letter, unique among `taken`. */
export function keyOf(name: string, taken: string[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^[^a-z]+/, "")
      .slice(0, 36) || "criterion";
  let key = base;
  for (let i = 2; taken.includes(key); i++) key = `${base}_${i}`;
  return key;
}

/** The prompts the form holds: the imported file's, or one per non-empty typed line. */
export function promptsOf(s: SessionFormState): PromptInput[] {
  if (s.source === "file") return s.imported?.prompts ?? [];
  return s.typed
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((prompt) => ({ prompt, tags: [], gold: false }));
}

/** The body of POST /api/v1/evals, or every message the form can show before sending it. */
export function buildSessionInput(s: SessionFormState): { ok: true; body: CreateSessionInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!s.name.trim()) errors.name = "Name the session.";
  if (s.chosen.length < MIN_MODELS) errors.models = `Choose at least ${MIN_MODELS} models.`;
  const params = readParams(s.params, "params", errors) ?? {};
  const k = Number(s.raters);
  if (!Number.isInteger(k) || k < 1 || k > MAX_RATERS) errors["design.raters"] = `K is a whole number from 1 to ${MAX_RATERS}.`;
  if (!s.pairwise && s.criteria.length === 0) errors["design.pairwise"] = "Choose pairwise votes, criteria, or both.";
  s.criteria.forEach((c, i) => {
    if (!c.name.trim()) errors[`design.criteria.${i}.name`] = "Name the criterion.";
  });
  const cap = s.spendCap.trim() === "" ? null : Number(s.spendCap);
  if (cap !== null && !(cap > 0)) errors.spendCapUsd = "The spend cap is an amount in USD, more than 0.";
  const prompts = promptsOf(s);
  if (prompts.length === 0)
    errors.prompts = s.source === "file" ? "Import a CSV or JSONL file with the prompts." : "Type at least one prompt.";
  else if (prompts.length > MAX_PROMPTS) errors.prompts = `At most ${formatCount(MAX_PROMPTS)} prompts.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const taken: string[] = [];
  return {
    ok: true,
    body: {
      name: s.name.trim(),
      instructions: s.instructions,
      teamId: s.teamId || null,
      models: s.chosen,
      params,
      design: {
        pairwise: s.pairwise,
        raters: k,
        criteria: s.criteria.map((c) => {
          const key = keyOf(c.name, taken);
          taken.push(key);
          return { key, name: c.name.trim(), scale: c.scale };
        }),
      },
      spendCapUsd: cap,
      prompts,
    },
  };
}

export function sessionFormReducer(s: SessionFormState, a: SessionFormAction): SessionFormState {
  switch (a.type) {
    case "set-name":
      return { ...s, name: a.value, errors: clearError(s.errors, "name") };
    case "set-team":
      return { ...s, teamId: a.teamId };
    case "set-instructions":
      return { ...s, instructions: a.value };
    case "toggle-model": {
      const on = s.chosen.includes(a.id);
      if (!on && s.chosen.length >= MAX_MODELS) return s;
      return { ...s, chosen: on ? s.chosen.filter((x) => x !== a.id) : [...s.chosen, a.id], errors: clearError(s.errors, "models") };
    }
    case "set-param":
      return { ...s, params: { ...s.params, [a.key]: { text: a.text, bad: a.bad } }, errors: clearError(s.errors, `params.${a.key}`) };
    case "set-pairwise":
      return { ...s, pairwise: a.on, errors: clearError(s.errors, "design.pairwise") };
    case "add-criterion":
      if (s.criteria.length >= MAX_CRITERIA) return s;
      return { ...s, criteria: [...s.criteria, { name: "", scale: "likert" }], errors: clearError(s.errors, "design.pairwise") };
    case "rename-criterion":
      return {
        ...s,
        criteria: s.criteria.map((c, i) => (i === a.index ? { ...c, name: a.name } : c)),
        errors: clearError(s.errors, `design.criteria.${a.index}.name`),
      };
    case "set-criterion-scale":
      return { ...s, criteria: s.criteria.map((c, i) => (i === a.index ? { ...c, scale: a.scale } : c)) };
    case "remove-criterion":
      return { ...s, criteria: s.criteria.filter((_, i) => i !== a.index) };
    case "set-raters":
      return { ...s, raters: a.value, errors: clearError(s.errors, "design.raters") };
    case "set-spend-cap":
      return { ...s, spendCap: a.value, errors: clearError(s.errors, "spendCapUsd") };
    case "set-source":
      return { ...s, source: a.source, errors: clearError(s.errors, "prompts") };
    case "set-typed":
      return { ...s, typed: a.value, errors: clearError(s.errors, "prompts") };
    case "import-reset":
      return { ...s, imported: null, importErrors: [], importing: a.reading, errors: clearError(s.errors, "prompts") };
    case "import-done":
      return { ...s, importing: false, imported: a.imported };
    case "import-failed":
      return { ...s, importing: false, importErrors: a.problems, errors: { ...s.errors, prompts: a.message } };
    case "invalid":
      return { ...s, errors: a.errors };
    case "submit-sent":
      return { ...s, errors: {}, busy: true };
    case "submit-failed":
      return { ...s, busy: false, errors: placeServerError(a.field, a.message) };
    default: {
      const unknown: never = a;
      return unknown;
    }
  }
}

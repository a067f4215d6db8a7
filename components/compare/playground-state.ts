// The playground's state and every change to it, as one reducer with typed actions: the draft of a
// new comparison (prompt, system prompt, panes, parameters, blind, team), the started comparison
// (its stream, via comparisonReducer), follow-ups, votes and what the page announces. Pure: no
// React, no server calls, no DOM, so it is tested on its own (tests/unit/playground-state.test.ts);
// use-playground.ts does the calls and the focus, the view components only render.
import { effectiveSystem, mergeParams, titleFrom } from "@/lib/compare/params";
import type { ComparisonView } from "@/lib/compare/queries";
import { MAX_MODELS, type CreateComparisonInput, type Params } from "@/lib/compare/schema";
import type { VoteInput } from "@/lib/votes/schema";
import { providerIds } from "@/lib/providers/types";
import {
  comparisonReducer,
  fromView,
  isRunning,
  pendingAnswer,
  type ComparisonAction,
  type ComparisonState,
  type TurnImage,
} from "./comparison-state";
import {
  clearError,
  emptyParams,
  hasValues,
  paramKeys,
  fieldOf,
  stopSequencesToText,
  type DraftPane,
  type FieldErrors,
  type ParamKey,
  type ParamsDraft,
} from "./form-input";
import { imageSrc, MAX_IMAGES, type ImageDraft } from "./image-files";
import { emptyToolsDraft, toolsToDraft, type ToolsDraft } from "./tools-draft";
import type { PaneModel, PickerModel } from "./types";
import { emptyFeedback, paneLetter, type FeedbackDraft } from "./vote-draft";

/** The viewer's vote on one turn, as the page passes it in. */
export type MyVote = {
  turn: number;
  input: VoteInput;
  feedback: { pane: number; thumb: "up" | "down" | null; reasons: string[]; comment: string | null }[];
};

export type TeamRef = { id: string; name: string };

/** The model picker: closed, adding a pane, or changing pane `pane`'s model. */
export type Picker = { mode: "add" } | { mode: "change"; pane: number } | null;

export type PlaygroundState = {
  /** the started (or stored) comparison; null while composing a new one */
  comparison: ComparisonState | null;

  // the draft of a new comparison
  panes: DraftPane[];
  /** the last number used in a pane key ("pane-<n>") */
  keyCounter: number;
  prompt: string;
  system: string;
  shared: ParamsDraft;
  blind: boolean;
  /** "" is "Just me" */
  teamId: string;
  /** field path (as in the server's `error.field`) or "form" -> message */
  errors: FieldErrors;
  picker: Picker;
  /** per pane key: its parameters are shown (absent: shown when it has values) */
  paramsOpen: Record<string, boolean>;
  /** tools, step limit and response schema, as typed (tools-draft.ts) */
  tools: ToolsDraft;
  /** the composer's Tools and Response schema sections are open */
  sections: Record<ComposerSection, boolean>;
  /** images attached to the first prompt / to the follow-up, and why files were not attached */
  images: Record<ImageTarget, ImageDraft[]>;
  imageProblems: Record<ImageTarget, string[]>;

  // the comparison on screen
  /** the team the shown comparison belongs to */
  shownTeam: TeamRef | null;
  /** the viewer may read the comparison but not change it */
  locked: boolean;
  followUp: string;
  followError: string | null;
  /** a failed stop or retry */
  notice: string | null;
  /** a start, follow-up or retry is under way */
  busy: boolean;
  /** index of the pane shown wide (a draft pane's or a live pane's) */
  expanded: number | null;
  /** the text of the polite live region */
  announcement: string;
  votes: MyVote[];
  /** per pane: thumbs, reasons and comment for the latest answer, sent with the vote */
  feedback: FeedbackDraft[];
  voteBusy: boolean;
  voteError: string | null;
};

export type ComposerSection = "tools" | "schema";
/** Which prompt images are attached to: the first one, or the follow-up. */
export type ImageTarget = "prompt" | "followUp";

export type PlaygroundAction =
  | ComparisonAction
  // composing
  | { type: "edit-prompt"; value: string }
  | { type: "edit-system"; value: string }
  | { type: "edit-shared-param"; key: ParamKey; text: string; bad: boolean }
  | { type: "edit-pane-param"; pane: number; key: ParamKey; text: string; bad: boolean }
  /** a pane's own system prompt: null = the shared one, "" = none */
  | { type: "edit-pane-system"; pane: number; value: string | null }
  | { type: "set-blind"; blind: boolean }
  | { type: "set-team"; teamId: string }
  | { type: "open-picker"; picker: NonNullable<Picker> }
  | { type: "close-picker" }
  | { type: "choose-model"; modelId: string }
  | { type: "remove-pane"; pane: number }
  | { type: "toggle-params"; key: string }
  | { type: "toggle-expand"; pane: number }
  /** the tools draft after an edit; `field` is the error to clear (e.g. "tools.0.parameters") */
  | { type: "edit-tools"; tools: ToolsDraft; field?: string }
  | { type: "toggle-section"; section: ComposerSection }
  | { type: "attach-images"; target: ImageTarget; images: ImageDraft[]; problems: string[] }
  | { type: "remove-image"; target: ImageTarget; key: string }
  // starting
  | { type: "start-invalid"; errors: FieldErrors }
  | { type: "start-sent" }
  | { type: "start-failed"; field: string | null; message: string }
  | { type: "started"; comparison: ComparisonState; team: TeamRef | null }
  | { type: "reset"; from: ComparisonState | null; models: PickerModel[] }
  // a started comparison
  | { type: "edit-follow-up"; value: string }
  | { type: "follow-up-sent" }
  | { type: "follow-up-failed"; message: string }
  | { type: "follow-up-added"; turn: number; prompt: string }
  | { type: "stop-failed"; message: string }
  | { type: "retry-sent" }
  | { type: "retry-failed"; message: string }
  | { type: "retry-started"; pane: number }
  | { type: "edit-feedback"; pane: number; feedback: FeedbackDraft }
  | { type: "vote-invalid"; message: string }
  | { type: "vote-sent" }
  | { type: "vote-failed"; message: string }
  | { type: "vote-saved"; vote: MyVote; comparison: ComparisonState; wasSealed: boolean }
  | { type: "announce"; text: string };

const providerOrder: readonly string[] = providerIds;

/** 2-3 available models from different providers, so a first comparison needs no setup. */
export function defaultModelIds(models: PickerModel[]): string[] {
  const available = models.filter((m) => m.available);
  const picked: PickerModel[] = [];
  for (const provider of providerOrder) {
    const m = available.find((x) => x.provider === provider);
    if (m) picked.push(m);
    if (picked.length === 3) break;
  }
  for (const m of available) {
    if (picked.length >= 2) break;
    if (!picked.includes(m)) picked.push(m);
  }
  return picked.map((m) => m.id);
}

export function toPaneModel(m: PickerModel): PaneModel {
  return {
    id: m.id,
    label: m.label,
    provider: m.provider,
    providerLabel: m.providerLabel,
    location: m.location,
    emulated: m.emulated,
    price: m.price,
    logicalModel: m.logicalModel,
  };
}

/** What a pane of a blind comparison shows before the reveal. */
export function sealedModel(index: number): PaneModel {
  return { id: "", label: `Model ${paneLetter(index)}`, provider: "", providerLabel: "", location: null, emulated: false, price: null };
}

/** A stored pane's parameters as form text, leaving out those equal to `except` (the shared ones). */
export function paramsToDraft(p: Params | undefined, except?: Params): ParamsDraft {
  const draft = emptyParams();
  for (const key of paramKeys) {
    const v = p?.[key];
    if (v === undefined || JSON.stringify(v) === JSON.stringify(except?.[key])) continue;
    draft[key] = { text: Array.isArray(v) ? stopSequencesToText(v) : String(v), bad: false };
  }
  return draft;
}

/** A stored pane's system prompt as a draft override: null when it is the shared one, "" when it has none. */
export function systemToDraft(paneSystem: string | null | undefined, shared: string | null): string | null {
  if (paneSystem === undefined || (paneSystem ?? null) === shared) return null;
  return paneSystem ?? "";
}

/** The viewer's stored feedback on one pane's answer in a turn, as the page passes it in. */
export type StoredFeedback = { turn: number; pane: number; thumb: "up" | "down" | null; reasons: string[]; comment: string | null };

export function feedbackDrafts(paneCount: number, stored: readonly Omit<StoredFeedback, "turn">[] | undefined): FeedbackDraft[] {
  return Array.from({ length: paneCount }, (_, i) => {
    const f = stored?.find((x) => x.pane === i);
    return f ? { thumb: f.thumb, reasons: f.reasons, comment: f.comment ?? "" } : emptyFeedback();
  });
}

/** Fields the form can show a message beside; anything else goes to the form-level alert. */
const knownField = new RegExp(
  `^(prompt|system|models|teamId|params\\.(${paramKeys.join("|")})|models\\.\\d+(\\.system|\\.params\\.(${paramKeys.join("|")}))?` +
    `|tools|tools\\.\\d+\\.(name|description|parameters|result)|maxSteps|responseSchema|images)$`,
);

/**
 * The comparison as it starts, before the server's first event: the title and parameters the
 * server stores (lib/compare/params.ts), and every answer pending. Blind: the server shuffled the
 * models, so which pane has which is not known here.
 */
export function startedComparison(
  id: string,
  input: CreateComparisonInput,
  blind: boolean,
  panes: DraftPane[],
  catalogById: Map<string, PickerModel>,
  now: number,
  images: readonly ImageDraft[] = [],
): ComparisonState {
  const shared = input.params;
  const withTools = (input.tools?.length ?? 0) > 0 || input.responseSchema !== undefined;
  return {
    ...(withTools
      ? { tools: { tools: input.tools ?? [], maxSteps: input.maxSteps ?? null, responseSchema: input.responseSchema ?? null } }
      : {}),
    id,
    title: titleFrom(input.prompt),
    blind,
    revealed: !blind,
    system: input.system?.trim() ? input.system : null,
    params: shared ?? {},
    panes: panes.map((p, index) => {
      const ref = input.models[index];
      const own = typeof ref === "string" ? undefined : ref;
      const system = input.system?.trim() ? input.system : null;
      return {
        index,
        model: blind ? sealedModel(index) : toPaneModel(catalogById.get(p.modelId)!),
        params: blind ? (shared ?? {}) : mergeParams(shared, own?.params),
        system: blind ? system : effectiveSystem(own?.system, system),
      };
    }),
    turns: [
      {
        index: 0,
        prompt: input.prompt,
        answers: panes.map(() => pendingAnswer(now)),
        ...(images.length > 0 ? { images: turnImages(images) } : {}),
      },
    ],
  };
}

/** Images just attached, as a turn shows them (data: URLs until the page is reloaded). */
export function turnImages(images: readonly ImageDraft[]): TurnImage[] {
  return images.map((i) => ({ src: imageSrc(i), mediaType: i.mediaType, name: i.name }));
}

export function initPlayground({
  models,
  initial,
  votes = [],
  feedback = [],
  teams = [],
  team = null,
  readOnly = false,
}: {
  models: PickerModel[];
  initial: ComparisonView | null;
  votes?: MyVote[];
  /** the viewer's feedback on the comparison's answers (saved with or without a vote) */
  feedback?: StoredFeedback[];
  teams?: TeamRef[];
  team?: TeamRef | null;
  readOnly?: boolean;
}): PlaygroundState {
  return {
    comparison: initial ? fromView(initial) : null,
    panes: defaultModelIds(models).map((id, i) => ({ key: `initial-${i}`, modelId: id, params: emptyParams() })),
    keyCounter: 0,
    prompt: "",
    system: "",
    shared: emptyParams(),
    blind: false,
    // a stored team comparison's "New comparison" starts in the same team when allowed
    teamId: team && teams.some((t) => t.id === team.id) ? team.id : "",
    errors: {},
    picker: null,
    paramsOpen: {},
    tools: emptyToolsDraft(),
    sections: { tools: false, schema: false },
    images: { prompt: [], followUp: [] },
    imageProblems: { prompt: [], followUp: [] },
    shownTeam: team,
    locked: readOnly,
    followUp: "",
    followError: null,
    notice: null,
    busy: false,
    expanded: null,
    announcement: "",
    votes,
    feedback: feedbackDrafts(
      initial?.panes.length ?? 0,
      feedback.filter((f) => f.turn === (initial?.turns.at(-1)?.index ?? -1)),
    ),
    voteBusy: false,
    voteError: null,
  };
}

/** The latest turn of the shown comparison. */
export const lastTurnOf = (s: PlaygroundState) => s.comparison?.turns.at(-1);

/** Some pane of the latest turn is still answering. */
export function isAnswering(s: PlaygroundState): boolean {
  return lastTurnOf(s)?.answers.some((a) => isRunning(a.status)) ?? false;
}

/** Opens the settings of every pane with an error in them. */
function openParamsWithErrors(s: PlaygroundState, errors: FieldErrors): Record<string, boolean> {
  const open = { ...s.paramsOpen };
  s.panes.forEach((p, i) => {
    if (Object.keys(errors).some((f) => f.startsWith(`models.${i}.params`) || f === `models.${i}.system`)) open[p.key] = true;
  });
  return open;
}

/** Opens the Tools and Response schema sections when a message is to be shown in them. */
function openSectionsWithErrors(s: PlaygroundState, errors: FieldErrors): Record<ComposerSection, boolean> {
  const fields = Object.keys(errors);
  return {
    tools: s.sections.tools || fields.some((f) => f === "maxSteps" || f.startsWith("tools")),
    schema: s.sections.schema || fields.includes("responseSchema"),
  };
}

/** A draft pane has settings of its own (its settings start open). */
export function hasOwnSettings(pane: DraftPane): boolean {
  return hasValues(pane.params) || (pane.system ?? null) !== null;
}

function nextKey(s: PlaygroundState, taken: number): string {
  return `pane-${s.keyCounter + taken}`;
}

function isComparisonAction(a: PlaygroundAction): a is ComparisonAction {
  return a.type === "load" || a.type === "turn-added" || a.type === "retrying" || a.type === "events";
}

export function playgroundReducer(s: PlaygroundState, a: PlaygroundAction): PlaygroundState {
  if (isComparisonAction(a)) {
    const comparison = comparisonReducer(s.comparison, a);
    return comparison === s.comparison ? s : { ...s, comparison };
  }
  switch (a.type) {
    case "edit-prompt":
      return { ...s, prompt: a.value, errors: clearError(s.errors, "prompt") };
    case "edit-system":
      return { ...s, system: a.value, errors: clearError(s.errors, "system") };
    case "edit-shared-param":
      return { ...s, shared: { ...s.shared, [a.key]: { text: a.text, bad: a.bad } }, errors: clearError(s.errors, `params.${a.key}`) };
    case "edit-pane-param":
      return {
        ...s,
        panes: s.panes.map((p, i) => (i === a.pane ? { ...p, params: { ...p.params, [a.key]: { text: a.text, bad: a.bad } } } : p)),
        errors: clearError(s.errors, `models.${a.pane}.params.${a.key}`),
      };
    case "edit-pane-system":
      return {
        ...s,
        panes: s.panes.map((p, i) => (i === a.pane ? { ...p, system: a.value } : p)),
        errors: clearError(s.errors, `models.${a.pane}.system`),
      };
    case "set-blind":
      return { ...s, blind: a.blind };
    case "set-team":
      return { ...s, teamId: a.teamId, errors: clearError(s.errors, "teamId") };
    case "open-picker":
      return { ...s, picker: a.picker };
    case "close-picker":
      return { ...s, picker: null };
    case "choose-model": {
      const picker = s.picker;
      if (!picker) return s;
      if (picker.mode === "add") {
        if (s.panes.length >= MAX_MODELS) return { ...s, picker: null, errors: clearError(s.errors, "models") };
        return {
          ...s,
          panes: [...s.panes, { key: nextKey(s, 1), modelId: a.modelId, params: emptyParams() }],
          keyCounter: s.keyCounter + 1,
          picker: null,
          errors: clearError(s.errors, "models"),
        };
      }
      return {
        ...s,
        panes: s.panes.map((p, i) => (i === picker.pane ? { ...p, modelId: a.modelId } : p)),
        picker: null,
        errors: clearError(s.errors, `models.${picker.pane}`),
      };
    }
    case "remove-pane":
      return {
        ...s,
        panes: s.panes.filter((_, i) => i !== a.pane),
        expanded: null,
        // pane-indexed errors no longer point at the same pane
        errors: Object.fromEntries(Object.entries(s.errors).filter(([f]) => !f.startsWith("models"))),
      };
    case "toggle-params": {
      const pane = s.panes.find((p) => p.key === a.key);
      const open = s.paramsOpen[a.key] ?? (pane ? hasOwnSettings(pane) : false);
      return { ...s, paramsOpen: { ...s.paramsOpen, [a.key]: !open } };
    }
    case "toggle-expand":
      return { ...s, expanded: s.expanded === a.pane ? null : a.pane };
    case "edit-tools":
      return { ...s, tools: a.tools, errors: a.field ? clearError(s.errors, a.field) : s.errors };
    case "toggle-section":
      return { ...s, sections: { ...s.sections, [a.section]: !s.sections[a.section] } };
    case "attach-images": {
      const all = [...s.images[a.target], ...a.images];
      // two drops read at once may each have found room for the same last place
      const problems =
        all.length > MAX_IMAGES ? [...a.problems, `A prompt takes up to ${MAX_IMAGES} images: the rest were not added.`] : a.problems;
      return {
        ...s,
        images: { ...s.images, [a.target]: all.slice(0, MAX_IMAGES) },
        imageProblems: { ...s.imageProblems, [a.target]: problems },
        errors: a.target === "prompt" ? clearError(s.errors, "images") : s.errors,
        followError: a.target === "followUp" ? null : s.followError,
      };
    }
    case "remove-image":
      return {
        ...s,
        images: { ...s.images, [a.target]: s.images[a.target].filter((i) => i.key !== a.key) },
        imageProblems: { ...s.imageProblems, [a.target]: [] },
        errors: a.target === "prompt" ? clearError(s.errors, "images") : s.errors,
      };

    case "start-invalid":
      return { ...s, errors: a.errors, paramsOpen: openParamsWithErrors(s, a.errors), sections: openSectionsWithErrors(s, a.errors) };
    case "start-sent":
      return { ...s, busy: true, errors: {} };
    case "start-failed": {
      const field = a.field !== null ? fieldOf(a.field) : null;
      const known = field !== null && knownField.test(field);
      const errors = { [known ? field : "form"]: a.message };
      const pane = known ? /^models\.(\d+)\.(params|system)/.exec(field)?.[1] : undefined;
      const key = pane !== undefined ? s.panes[Number(pane)]?.key : undefined;
      return {
        ...s,
        busy: false,
        errors,
        paramsOpen: key ? { ...s.paramsOpen, [key]: true } : s.paramsOpen,
        sections: openSectionsWithErrors(s, errors),
      };
    }
    case "started":
      return {
        ...s,
        busy: false,
        comparison: a.comparison,
        shownTeam: a.team,
        locked: false,
        votes: [],
        feedback: feedbackDrafts(a.comparison.panes.length, undefined),
        voteError: null,
        expanded: null,
        announcement: `Comparison started with ${a.comparison.panes.length} models.`,
      };
    case "reset": {
      const cleared: PlaygroundState = {
        ...s,
        comparison: null,
        errors: {},
        followUp: "",
        followError: null,
        notice: null,
        expanded: null,
        paramsOpen: {},
        votes: [],
        feedback: [],
        voteError: null,
        images: { prompt: [], followUp: [] },
        imageProblems: { prompt: [], followUp: [] },
      };
      const from = a.from;
      if (!from) {
        const ids = defaultModelIds(a.models);
        return {
          ...cleared,
          panes: ids.map((id, i) => ({ key: nextKey(s, i + 1), modelId: id, params: emptyParams() })),
          keyCounter: s.keyCounter + ids.length,
          shared: emptyParams(),
          system: "",
          prompt: "",
          tools: emptyToolsDraft(),
          sections: { tools: false, schema: false },
        };
      }
      const catalog = new Map(a.models.map((m) => [m.id, m]));
      const usable = from.panes.filter((p) => catalog.get(p.model.id)?.available);
      return {
        ...cleared,
        blind: from.blind,
        panes: usable.map((p, i) => ({
          key: nextKey(s, i + 1),
          modelId: p.model.id,
          params: paramsToDraft(p.params, from.params),
          system: systemToDraft(p.system, from.system),
        })),
        keyCounter: s.keyCounter + usable.length,
        shared: paramsToDraft(from.params),
        system: from.system ?? "",
        prompt: from.turns[0]?.prompt ?? "",
        tools: toolsToDraft(from.tools, (i) => `tool-${s.keyCounter}-${i}`),
        sections: { tools: (from.tools?.tools.length ?? 0) > 0, schema: Boolean(from.tools?.responseSchema) },
      };
    }

    case "edit-follow-up":
      return { ...s, followUp: a.value, followError: null };
    case "follow-up-sent":
      return { ...s, busy: true };
    case "follow-up-failed":
      return { ...s, busy: false, followError: a.message };
    case "follow-up-added": {
      const images = s.images.followUp;
      const comparison = comparisonReducer(s.comparison, {
        type: "turn-added",
        turn: a.turn,
        prompt: a.prompt,
        ...(images.length > 0 ? { images: turnImages(images) } : {}),
      });
      return {
        ...s,
        busy: false,
        comparison,
        feedback: feedbackDrafts(comparison?.panes.length ?? 0, undefined),
        voteError: null,
        followUp: "",
        followError: null,
        images: { ...s.images, followUp: [] },
        imageProblems: { ...s.imageProblems, followUp: [] },
        announcement: "Follow-up sent to every pane.",
      };
    }
    case "stop-failed":
      return { ...s, notice: a.message };
    case "retry-sent":
      return { ...s, busy: true };
    case "retry-failed":
      return { ...s, busy: false, notice: a.message };
    case "retry-started":
      return { ...s, busy: false, notice: null, comparison: comparisonReducer(s.comparison, { type: "retrying", pane: a.pane }) };

    case "edit-feedback": {
      if (!s.comparison) return s;
      return { ...s, feedback: s.comparison.panes.map((_, i) => (i === a.pane ? a.feedback : (s.feedback[i] ?? emptyFeedback()))) };
    }
    case "vote-invalid":
      return { ...s, voteError: a.message };
    case "vote-sent":
      return { ...s, voteBusy: true, voteError: null };
    case "vote-failed":
      return { ...s, voteBusy: false, voteError: a.message };
    case "vote-saved": {
      const c = a.comparison;
      return {
        ...s,
        voteBusy: false,
        comparison: c,
        votes: [...s.votes.filter((v) => v.turn !== a.vote.turn), a.vote],
        announcement:
          a.wasSealed && c.revealed
            ? `Vote saved. Revealed: ${c.panes.map((p) => `${paneLetter(p.index)} is ${p.model.label} on ${p.model.providerLabel}`).join("; ")}.`
            : "Vote saved.",
      };
    }
    case "announce":
      return { ...s, announcement: a.text };
    default: {
      const unknown: never = a;
      return unknown;
    }
  }
}

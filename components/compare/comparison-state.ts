// The state of a started comparison, driven by a reducer over the NDJSON events of
// GET /api/v1/comparisons/<id>/events (plus a few local actions: started, follow-up, retry).
import type { AnswerMetrics, CompareEvent, PaneStatus } from "@/lib/compare/events";
import { emptyMetrics } from "@/lib/compare/metrics";
import type { ComparisonView } from "@/lib/compare/queries";
import type { Params } from "@/lib/compare/schema";
import type { JsonValue, SkipReason, StructuredCheck, ToolCallRecord, ToolDef } from "@/lib/compare/tools-schema";
import type { PaneModel } from "./types";

/** A call to a `manual` tool waiting for the result typed in (POST …/tool-results). */
export type WaitingCall = { toolCallId: string; name: string; args: JsonValue | null; timeoutAt: string };

/** An image of a turn as the page shows it: a served URL (stored) or a data: URL (just attached here). */
export type TurnImage = { src: string; mediaType: string; name?: string };

export type AnswerState = {
  status: PaneStatus;
  text: string;
  reasoning: string;
  error: { code: string; message: string } | null;
  metrics: AnswerMetrics;
  /** epoch ms when this answer started (server time from a stored view, else when we saw it start) */
  startedAt: number | null;
  /** tool calls in the order they came, each with its result once there is one */
  toolCalls: ToolCallRecord[];
  /** the answer checked against the response schema (null: none, or not checked yet) */
  structured: StructuredCheck;
  /** a call waiting for a typed-in result */
  waiting: WaitingCall | null;
  /** why this pane was not run (status "skipped") */
  skipReason: SkipReason | null;
};

export type TurnState = { index: number; prompt: string; answers: AnswerState[]; images?: TurnImage[] };

/** The tools, step limit and response schema the comparison was started with. */
export type ComparisonTools = { tools: ToolDef[]; maxSteps: number | null; responseSchema: Record<string, JsonValue> | null };

/** `params` and `system` are what the pane is sent: the comparison's with the pane's own in their place. */
export type ComparisonPane = { index: number; model: PaneModel; params: Params; system?: string | null };

export type ComparisonState = {
  id: string;
  title: string;
  /** models shuffled into panes; until `revealed` the panes are "Model A", ... */
  blind: boolean;
  revealed: boolean;
  system: string | null;
  params: Params;
  panes: ComparisonPane[];
  turns: TurnState[];
  /** a re-run sending its turns in order on the server: how many turns it will have in all */
  plannedTurns?: number;
  /** tools and response schema (absent: none) */
  tools?: ComparisonTools;
};

export type ComparisonAction =
  | { type: "load"; comparison: ComparisonState | null }
  | { type: "turn-added"; turn: number; prompt: string; images?: TurnImage[] }
  | { type: "retrying"; pane: number }
  | { type: "events"; events: CompareEvent[]; now: number };

export function isRunning(status: PaneStatus): boolean {
  return status === "pending" || status === "streaming";
}

export function pendingAnswer(startedAt: number | null = null): AnswerState {
  return {
    status: "pending",
    text: "",
    reasoning: "",
    error: null,
    metrics: emptyMetrics(),
    startedAt,
    toolCalls: [],
    structured: null,
    waiting: null,
    skipReason: null,
  };
}

/** The client state of a stored comparison (server-rendered page, reload mid-stream). */
export function fromView(view: ComparisonView): ComparisonState {
  return {
    ...(view.queuedTurns ? { plannedTurns: view.turns.length + view.queuedTurns } : {}),
    id: view.id,
    title: view.title,
    blind: view.blind,
    revealed: view.revealed,
    system: view.system,
    params: view.params,
    panes: view.panes.map((p) => ({
      index: p.index,
      model: {
        id: p.model.id,
        label: p.model.label,
        provider: p.model.provider,
        providerLabel: p.model.providerLabel,
        location: p.model.location,
        emulated: p.model.emulated,
        price: null,
        logicalModel: p.model.logicalModel,
      },
      params: p.params,
      system: p.system,
    })),
    turns: view.turns.map((t) => ({
      index: t.index,
      prompt: t.prompt,
      answers: view.panes.map((p) => {
        const a = t.answers.find((x) => x.pane === p.index);
        if (!a) return pendingAnswer();
        return {
          status: a.status,
          text: a.text,
          reasoning: a.reasoning,
          error: a.error ? { code: a.error.code, message: a.error.message } : null,
          metrics: a.metrics,
          startedAt: Date.parse(a.startedAt) || null,
          toolCalls: a.toolCalls,
          structured: a.structured,
          // a waiting call comes with the live stream's snapshot (a pane that waits is still running)
          waiting: null,
          skipReason: a.skipReason,
        };
      }),
      ...(t.images.length > 0 ? { images: t.images.map((i) => ({ src: i.url, mediaType: i.mediaType })) } : {}),
    })),
    ...(view.tools.length > 0 || view.responseSchema
      ? { tools: { tools: view.tools, maxSteps: view.maxSteps, responseSchema: view.responseSchema } }
      : {}),
  };
}

function withTurn(state: ComparisonState, turn: number): ComparisonState {
  if (state.turns.some((t) => t.index === turn)) return state;
  // a turn we did not start here (another tab sent a follow-up): its prompt is unknown until reload
  const turns = [...state.turns, { index: turn, prompt: "", answers: state.panes.map(() => pendingAnswer()) }];
  turns.sort((a, b) => a.index - b.index);
  return { ...state, turns };
}

function updateAnswer(state: ComparisonState, turn: number, pane: number, update: (a: AnswerState) => AnswerState): ComparisonState {
  if (pane < 0 || pane >= state.panes.length) return state;
  const s = withTurn(state, turn);
  return {
    ...s,
    turns: s.turns.map((t) => (t.index === turn ? { ...t, answers: t.answers.map((a, i) => (i === pane ? update(a) : a)) } : t)),
  };
}

function applyEvent(state: ComparisonState, e: CompareEvent, now: number): ComparisonState {
  switch (e.type) {
    case "comparison": {
      // a re-run's next turn started on the server: show it with its prompt
      if (e.turns === undefined) return state;
      const s = withTurn(state, e.turn);
      return {
        ...s,
        plannedTurns: e.turns,
        turns: s.turns.map((t) => (t.index === e.turn && !t.prompt && e.prompt ? { ...t, prompt: e.prompt } : t)),
      };
    }
    case "done":
      // the stream of a re-run ends after its last turn (or when it ended early)
      return state.plannedTurns === undefined ? state : { ...state, plannedTurns: undefined };
    case "pane-snapshot":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        status: e.status,
        text: e.text,
        reasoning: e.reasoning,
        error: e.error,
        metrics: e.metrics,
        startedAt: a.startedAt ?? (isRunning(e.status) ? now : null),
        toolCalls: e.toolCalls ?? a.toolCalls,
        structured: e.structured ?? null,
        waiting: e.waiting ?? null,
        skipReason: e.skipReason ?? null,
      }));
    case "pane-start":
      return updateAnswer(state, e.turn, e.pane, () => ({ ...pendingAnswer(now), status: "streaming" }));
    case "text-delta":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        ...a,
        status: "streaming",
        text: a.text + e.delta,
        startedAt: a.startedAt ?? now,
      }));
    case "reasoning-delta":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        ...a,
        status: "streaming",
        reasoning: a.reasoning + e.delta,
        startedAt: a.startedAt ?? now,
      }));
    case "pane-finish":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        ...a,
        status: e.status,
        metrics: e.metrics,
        error: null,
        structured: e.structured ?? null,
        waiting: null,
      }));
    case "pane-error":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        ...a,
        status: "error",
        metrics: e.metrics,
        error: { code: e.error.code, message: e.error.message },
        waiting: null,
      }));
    case "pane-skipped":
      // the pane did not run: its model takes no images / tools (a notice, not an error)
      return updateAnswer(state, e.turn, e.pane, (a) => ({ ...a, status: "skipped", error: null, skipReason: e.reason }));
    case "tool-call":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        ...a,
        status: a.status === "pending" ? "streaming" : a.status,
        startedAt: a.startedAt ?? now,
        // a reconnect may replay a call the snapshot already had
        toolCalls: [...a.toolCalls.filter((c) => c.id !== e.call.id), e.call],
      }));
    case "tool-waiting":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        ...a,
        waiting: { toolCallId: e.toolCallId, name: e.name, args: e.args, timeoutAt: e.timeoutAt },
      }));
    case "tool-result":
      return updateAnswer(state, e.turn, e.pane, (a) => ({
        ...a,
        toolCalls: a.toolCalls.map((c) =>
          c.id === e.toolCallId ? { ...c, ...(e.result === null ? {} : { result: e.result }), resultSource: e.resultSource } : c,
        ),
        waiting: a.waiting?.toolCallId === e.toolCallId ? null : a.waiting,
      }));
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
}

export function comparisonReducer(state: ComparisonState | null, action: ComparisonAction): ComparisonState | null {
  if (action.type === "load") return action.comparison;
  if (!state) return state;
  switch (action.type) {
    case "turn-added":
      return {
        ...state,
        turns: [
          ...state.turns.filter((t) => t.index !== action.turn),
          {
            index: action.turn,
            prompt: action.prompt,
            answers: state.panes.map(() => pendingAnswer(Date.now())),
            ...(action.images && action.images.length > 0 ? { images: action.images } : {}),
          },
        ].sort((a, b) => a.index - b.index),
      };
    case "retrying": {
      const last = state.turns.at(-1);
      if (!last) return state;
      return updateAnswer(state, last.index, action.pane, () => pendingAnswer(Date.now()));
    }
    case "events": {
      let next = state;
      for (const e of action.events) next = applyEvent(next, e, action.now);
      return next;
    }
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}

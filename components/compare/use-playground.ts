"use client";
// The playground's effects around its reducer (playground-state.ts): the server actions, the
// event stream, the URL, focus and the document title. The view components get the state and
// these callbacks and render.
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { followUpAction, retryPaneAction, startComparisonAction, stopAction, toolResultAction, voteAction } from "@/app/actions";
import type { CompareEvent } from "@/lib/compare/events";
import type { ComparisonView } from "@/lib/compare/queries";
import { callAction } from "@/lib/client/call-server";
import { formatCount } from "@/lib/format";
import { MAX_COMMENT_CHARS, type VoteInput } from "@/lib/votes/schema";
import { fromView, type ComparisonState } from "./comparison-state";
import { buildCompareInput, buildFollowUp } from "./form-input";
import {
  initPlayground,
  isAnswering,
  lastTurnOf,
  playgroundReducer,
  startedComparison,
  type MyVote,
  type StoredFeedback,
  type TeamRef,
} from "./playground-state";
import type { PickerModel } from "./types";
import { useComparisonStream } from "./use-comparison-stream";

export type PlaygroundProps = {
  models: PickerModel[];
  initial: ComparisonView | null;
  votes?: MyVote[];
  feedback?: StoredFeedback[];
  teams?: TeamRef[];
  team?: TeamRef | null;
  readOnly?: boolean;
};

/** Focus the first field marked invalid, else "Add pane" (after the render that marks it). */
function focusFirstInvalid() {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>('main [aria-invalid="true"]');
    if (el) el.focus();
    else document.getElementById("add-pane")?.focus();
  });
}

export function usePlayground(props: PlaygroundProps) {
  const { models, teams = [] } = props;
  const [state, dispatch] = useReducer(playgroundReducer, props, initPlayground);
  const { comparison } = state;
  const followUpRef = useRef<HTMLTextAreaElement>(null);

  const onEvents = useCallback((events: CompareEvent[]) => dispatch({ type: "events", events, now: Date.now() }), []);
  const { state: streamState, follow, cancel } = useComparisonStream(onEvents);
  const catalogById = useMemo(() => new Map(models.map((m) => [m.id, m])), [models]);

  const lastTurn = lastTurnOf(state);
  const running = isAnswering(state);

  // A stored comparison still answering (reload mid-stream): keep following it.
  const followedInitial = useRef(false);
  useEffect(() => {
    if (followedInitial.current || !comparison) return;
    followedInitial.current = true;
    if (running) follow(comparison.id);
  }, [comparison, running, follow]);

  // Say when a turn ends, for screen readers (the panes' own status is not a live region).
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running && lastTurn) {
      const failed = lastTurn.answers.filter((a) => a.status === "error").length;
      dispatch({ type: "announce", text: failed > 0 ? `All answers ended; ${failed} failed.` : "All answers finished." });
    }
    wasRunning.current = running;
  }, [running, lastTurn]);

  useEffect(() => {
    document.title = comparison ? `${comparison.title} · Juxta` : "Juxta";
  }, [comparison]);

  const resetDraft = useCallback(
    (from: ComparisonState | null) => {
      cancel();
      dispatch({ type: "reset", from, models });
    },
    [models, cancel],
  );

  // The URL became /c/<id> by replaceState (same page, stream kept). Following the "Compare" link
  // back to "/" renders this same component, so start over explicitly.
  const pathname = usePathname();
  const lastPathname = useRef(pathname);
  useEffect(() => {
    if (lastPathname.current !== pathname && pathname === "/" && comparison) resetDraft(null);
    lastPathname.current = pathname;
  }, [pathname, comparison, resetDraft]);

  async function start() {
    if (state.busy) return;
    const { panes, blind, teamId } = state;
    const built = buildCompareInput(
      { prompt: state.prompt, system: state.system, params: state.shared, panes, tools: state.tools, images: state.images.prompt },
      models,
    );
    if (!built.ok) {
      dispatch({ type: "start-invalid", errors: built.errors });
      focusFirstInvalid();
      return;
    }
    dispatch({ type: "start-sent" });
    const chosenTeam = teams.find((t) => t.id === teamId) ?? null;
    const result = await callAction(
      startComparisonAction({ ...built.payload, ...(blind ? { blind: true } : {}), ...(chosenTeam ? { teamId: chosenTeam.id } : {}) }),
    );
    if (!result.ok) {
      dispatch({ type: "start-failed", field: result.error.field, message: result.error.message });
      focusFirstInvalid();
      return;
    }
    const { id } = result.data;
    dispatch({
      type: "started",
      comparison: startedComparison(id, built.input, blind, panes, catalogById, Date.now(), state.images.prompt),
      team: chosenTeam,
    });
    followedInitial.current = true;
    window.history.replaceState(null, "", `/c/${id}`);
    follow(id);
    requestAnimationFrame(() => followUpRef.current?.focus({ preventScroll: true }));
  }

  async function sendFollowUp() {
    if (!comparison || state.busy) return;
    const prompt = state.followUp;
    const built = buildFollowUp(prompt, state.images.followUp);
    const problem = running ? "Some panes are still answering: wait for them or stop them first." : built.ok ? null : built.message;
    if (problem || !built.ok) {
      dispatch({ type: "follow-up-failed", message: problem ?? "Enter a prompt." });
      followUpRef.current?.focus();
      return;
    }
    dispatch({ type: "follow-up-sent" });
    const result = await callAction(followUpAction(comparison.id, built.payload));
    if (!result.ok) {
      dispatch({ type: "follow-up-failed", message: result.error.message });
      followUpRef.current?.focus();
      return;
    }
    dispatch({ type: "follow-up-added", turn: result.data.turn, prompt });
    follow(comparison.id);
  }

  /** A result typed in for a call waiting for one; resolves to the message why it was not taken, or null. */
  async function sendToolResult(turn: number, pane: number, toolCallId: string, result: unknown): Promise<string | null> {
    if (!comparison) return "The comparison is not loaded.";
    const outcome = await callAction(toolResultAction(comparison.id, { turn, pane, toolCallId, result }), "send the tool result");
    if (!outcome.ok) return outcome.error.message;
    dispatch({ type: "announce", text: "Tool result sent; the model goes on." });
    return null;
  }

  async function stop(pane?: number) {
    if (!comparison) return;
    const result = await callAction(stopAction(comparison.id, pane), "stop the answers");
    if (!result.ok) dispatch({ type: "stop-failed", message: result.error.message });
  }

  async function retry(pane: number) {
    if (!comparison) return;
    dispatch({ type: "retry-sent" });
    const result = await callAction(retryPaneAction(comparison.id, pane), "retry");
    if (!result.ok) {
      dispatch({ type: "retry-failed", message: result.error.message });
      return;
    }
    dispatch({ type: "retry-started", pane });
    follow(comparison.id);
  }

  async function vote(input: VoteInput) {
    if (!comparison || !lastTurn || state.voteBusy) return;
    if (state.feedback.some((f) => f.comment.length > MAX_COMMENT_CHARS)) {
      dispatch({
        type: "vote-invalid",
        message: `A comment is at most ${formatCount(MAX_COMMENT_CHARS)} characters: shorten it, then vote again.`,
      });
      return;
    }
    dispatch({ type: "vote-sent" });
    const wasSealed = !comparison.revealed;
    // the feedback is saved as it is given (use-feedback-save.ts), apart from the vote
    const body = { turn: lastTurn.index, ...input };
    const result = await callAction(voteAction(comparison.id, body), "save your vote");
    if (!result.ok) {
      dispatch({ type: "vote-failed", message: result.error.message });
      return;
    }
    const { vote: saved, comparison: view } = result.data;
    // every pane of the turn has ended (the vote stopped the rest): the stored view is final
    cancel();
    dispatch({
      type: "vote-saved",
      vote: { turn: saved.turn, input: saved.input, feedback: saved.feedback },
      comparison: fromView(view),
      wasSealed,
    });
  }

  function removePane(index: number) {
    dispatch({ type: "remove-pane", pane: index });
    requestAnimationFrame(() => document.getElementById("add-pane")?.focus());
  }

  function newComparison() {
    resetDraft(comparison);
    window.history.replaceState(null, "", "/");
  }

  return {
    state,
    dispatch,
    streamState,
    follow,
    catalogById,
    lastTurn,
    running,
    followUpRef,
    start,
    sendFollowUp,
    stop,
    retry,
    sendToolResult,
    vote,
    removePane,
    newComparison,
  };
}

export type PlaygroundController = ReturnType<typeof usePlayground>;

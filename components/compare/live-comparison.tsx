"use client";

// share: Share / Export / Re-run controls in the comparison header (components/share)
import { ComparisonActions } from "@/components/share/comparison-actions";
import { ExportLinks } from "@/components/share/export-links";
import { RerunButton } from "@/components/share/rerun-button";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { StopIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { paramPhrases } from "@/lib/compare/params";
import { isRunning, type ComparisonState } from "./comparison-state";
import { FollowUpComposer } from "./composer";
import { DiffDialog } from "./diff-dialog";
import { useScrollNewTurn, useSyncScroll } from "./sync-scroll";
import { paneIdentities, ThreadPane } from "./pane";
import { ToolsDetails } from "./tool-calls";
import type { PlaygroundState } from "./playground-state";
import { priceAtTier } from "./pane-settings";
import type { PickerModel } from "./types";
import type { PlaygroundController } from "./use-playground";
import { useFeedbackSave } from "./use-feedback-save";
import { emptyFeedback, missingAnswerReasons } from "./vote-draft";
import { JudgePanel } from "./judge-panel";
import { VoteBar } from "./vote-panel";

/** Title line: team, blind, models, turns, shared parameters, reconnecting. */
function ComparisonHeading({
  comparison,
  state,
  sealed,
  reconnecting,
}: {
  comparison: ComparisonState;
  state: PlaygroundState;
  sealed: boolean;
  reconnecting: boolean;
}) {
  return (
    <div className="min-w-0">
      <h1 className="truncate text-lg font-semibold tracking-tight" title={comparison.title}>
        {comparison.title}
      </h1>
      <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
        {state.shownTeam ? `${state.shownTeam.name} · ` : ""}
        {comparison.blind ? (sealed ? "Blind · " : "Blind, revealed · ") : ""}
        {comparison.panes.length} models · {comparison.turns.length === 1 ? "1 turn" : `${comparison.turns.length} turns`}
        {Object.keys(comparison.params).length > 0 ? ` · shared ${paramPhrases(comparison.params).join(", ")}` : ""}
        {reconnecting ? " · reconnecting…" : ""}
      </p>
    </div>
  );
}

function DiffIcon({ className = "" }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      aria-hidden="true"
      className={className}
    >
      <path d="M8 2v6M5 5h6M5 11.5h6M3.5 14.5h9" />
    </svg>
  );
}

const SYNC_KEY = "juxta:scroll-together";

/** "Scroll together", remembered in this browser. */
function useScrollTogether(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(false);
  useEffect(() => {
    try {
      // read after hydration: the server cannot know it
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setOn(window.localStorage.getItem(SYNC_KEY) === "1");
    } catch {
      // storage blocked: start off
    }
  }, []);
  return [
    on,
    (next: boolean) => {
      setOn(next);
      try {
        window.localStorage.setItem(SYNC_KEY, next ? "1" : "0");
      } catch {
        // storage blocked: the switch still works for this page
      }
    },
  ];
}

/** The comparison toolbar: compare two answers word by word, scroll the panes together, a re-run's progress. */
function ComparisonToolbar({
  canDiff,
  onDiff,
  synced,
  onSynced,
  sequence,
}: {
  canDiff: boolean;
  onDiff: () => void;
  synced: boolean;
  onSynced: (on: boolean) => void;
  /** a re-run sending its turns: the turn now running (1-based) of how many */
  sequence: { turn: number; of: number } | null;
}) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2" role="toolbar" aria-label="Answers">
      <Button size="sm" onClick={onDiff} disabled={!canDiff} aria-haspopup="dialog" title="Word by word, between any two answers">
        <DiffIcon className="size-3.5" />
        Compare answers
      </Button>
      <button
        type="button"
        role="switch"
        aria-checked={synced}
        onClick={() => onSynced(!synced)}
        className="group inline-flex h-7 items-center gap-2 rounded-md px-1.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <span
          aria-hidden="true"
          className={`relative inline-flex h-4 w-7 shrink-0 items-center rounded-full border transition-colors ${
            synced
              ? "border-indigo-600 bg-indigo-600 dark:border-indigo-400 dark:bg-indigo-500"
              : "border-zinc-400 bg-zinc-200 dark:border-zinc-500 dark:bg-zinc-700"
          }`}
        >
          <span
            className={`absolute size-3 rounded-full bg-white shadow transition-transform motion-reduce:transition-none ${synced ? "translate-x-3.5" : "translate-x-0.5"}`}
          />
        </span>
        Scroll panes together
      </button>
      {sequence ? (
        <p role="status" className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          <Spinner className="size-3.5" />
          Re-run: turn {sequence.turn} of {sequence.of}; the next one starts when every answer has ended.
        </p>
      ) : null}
    </div>
  );
}

/** A started or stored comparison: header actions, the panes side by side, the vote bar, the follow-up. */
export function LiveComparison({
  comparison,
  models,
  controller,
}: {
  comparison: ComparisonState;
  models: Map<string, PickerModel>;
  controller: PlaygroundController;
}) {
  const { state, dispatch, streamState, follow, lastTurn, running, followUpRef } = controller;
  const { locked } = state;
  // a stored comparison carries no prices: take them from the catalog, at the tier each pane is sent
  const sealed = !comparison.revealed;
  const identities = paneIdentities(
    comparison.panes.map((p) =>
      p.model.price || sealed ? p.model : { ...p.model, price: priceAtTier(p.model, models.get(p.model.id)?.price ?? null, p.params) },
    ),
    { sealed },
  );
  const myVote = lastTurn ? (state.votes.find((v) => v.turn === lastTurn.index) ?? null) : null;
  // a re-run sending its turns in order on the server: no vote or follow-up until its last turn
  const sequence = comparison.plannedTurns !== undefined && lastTurn ? { turn: lastTurn.index + 1, of: comparison.plannedTurns } : null;
  const sequencing = sequence !== null;
  const canVote = Boolean(
    !sequencing && lastTurn && comparison.panes.length >= 2 && lastTurn.answers.some((a) => a.text || !isRunning(a.status)),
  );
  // opened between two turns of a re-run (no answer running): follow it to its next turn
  const followQueued = useRef(sequencing && !running);
  useEffect(() => {
    if (!followQueued.current) return;
    followQueued.current = false;
    follow(comparison.id);
  }, [follow, comparison.id]);
  const [diffOpen, setDiffOpen] = useState(false);
  const [synced, setSynced] = useScrollTogether();
  const gridRef = useRef<HTMLDivElement>(null);
  useSyncScroll(gridRef, synced);
  useScrollNewTurn(gridRef, comparison.turns.length, synced);
  // votes: feedback is saved as it is given (thumbs and chips at once, a comment after a pause)
  const feedbackSave = useFeedbackSave(comparison.id, lastTurn?.index ?? null);

  return (
    <>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <ComparisonHeading comparison={comparison} state={state} sealed={sealed} reconnecting={streamState === "reconnecting"} />
        {/* one wrapping row of actions: left-aligned on a phone, right-aligned beside the title on a wide screen */}
        <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto sm:justify-end">
          {running && !locked ? (
            <Button variant="danger" onClick={() => void controller.stop()}>
              <StopIcon className="size-4" />
              Stop all
            </Button>
          ) : null}
          {/* share: begin */}
          {sealed ? null : locked ? (
            // read-only team role: export and re-run as one's own, but no sharing
            <div className="contents">
              <ExportLinks base={`/api/v1/comparisons/${encodeURIComponent(comparison.id)}/export`} />
              <RerunButton source={{ comparisonId: comparison.id }} />
            </div>
          ) : (
            <ComparisonActions id={comparison.id} running={running} />
          )}
          {/* share: end */}
          <Button onClick={controller.newComparison}>New comparison</Button>
        </div>
      </div>
      {comparison.system ? (
        <details className="mb-4 rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-zinc-600 dark:text-zinc-300">System prompt</summary>
          <p className="border-t border-zinc-200 px-3 py-2 whitespace-pre-wrap text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
            {comparison.system}
          </p>
        </details>
      ) : null}
      {comparison.tools ? (
        <ToolsDetails
          tools={comparison.tools.tools}
          maxSteps={comparison.tools.maxSteps}
          responseSchema={comparison.tools.responseSchema}
        />
      ) : null}
      {streamState === "lost" ? (
        <div
          role="alert"
          className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          Lost the connection to the server. Generation goes on there and is stored.
          <Button size="sm" onClick={() => follow(comparison.id)}>
            Reconnect
          </Button>
        </div>
      ) : null}
      {state.notice ? (
        <div
          role="alert"
          className="mb-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {state.notice}
        </div>
      ) : null}
      <ComparisonToolbar
        canDiff={comparison.panes.length >= 2}
        onDiff={() => setDiffOpen(true)}
        synced={synced}
        onSynced={setSynced}
        sequence={sequence}
      />
      <DiffDialog open={diffOpen} onClose={() => setDiffOpen(false)} panes={identities} turns={comparison.turns} />
      <div
        ref={gridRef}
        data-synced={synced || undefined}
        className={`juxta-grid grid grid-flow-row-dense gap-4 ${
          synced ? "[&_[data-pane-body]]:max-h-[65vh] [&_[data-pane-body]]:overflow-y-auto [&_[data-pane-body]]:overscroll-contain" : ""
        }`}
      >
        {identities.map((pane) => (
          <ThreadPane
            key={pane.index}
            pane={pane}
            params={comparison.panes[pane.index]!.params}
            settings={{
              shared: comparison.params,
              sharedSystem: comparison.system,
              system: comparison.panes[pane.index]!.system,
            }}
            turns={comparison.turns}
            expanded={state.expanded === pane.index}
            onToggleExpand={() => dispatch({ type: "toggle-expand", pane: pane.index })}
            onStop={() => void controller.stop(pane.index)}
            onToolResult={
              locked ? undefined : (turn, toolCallId, result) => controller.sendToolResult(turn, pane.index, toolCallId, result)
            }
            onRetry={() => void controller.retry(pane.index)}
            busy={state.busy}
            feedback={canVote && !locked ? (state.feedback[pane.index] ?? emptyFeedback()) : undefined}
            feedbackStatus={feedbackSave.statusOf(pane.index)}
            onFeedback={(next) => {
              const before = state.feedback[pane.index] ?? emptyFeedback();
              dispatch({ type: "edit-feedback", pane: pane.index, feedback: next });
              feedbackSave.save(pane.index, next, {
                debounce: next.thumb === before.thumb && next.reasons.join() === before.reasons.join(),
              });
            }}
          />
        ))}
      </div>
      {canVote && lastTurn && !locked ? (
        <VoteBar
          key={`${comparison.id}-${lastTurn.index}`}
          paneCount={comparison.panes.length}
          turn={lastTurn.index}
          current={myVote?.input ?? null}
          sealed={sealed}
          running={running}
          busy={state.voteBusy}
          error={state.voteError}
          missing={missingAnswerReasons(lastTurn.answers)}
          onVote={(input) => {
            feedbackSave.flush();
            void controller.vote(input);
          }}
        />
      ) : null}
      {/* a blind comparison stays blind: the judge picker would name the models, so it comes with the reveal */}
      {canVote && lastTurn && !locked && !running && (!comparison.blind || comparison.revealed) ? (
        <JudgePanel
          key={`judge-${comparison.id}-${lastTurn.index}`}
          comparisonId={comparison.id}
          turn={lastTurn.index}
          judges={[...models.values()]
            .filter((m) => m.available)
            .map((m) => ({ id: m.id, label: m.label, providerLabel: m.providerLabel }))}
        />
      ) : null}
      {locked ? (
        <p className="mt-4 rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          Your role in {state.shownTeam?.name ?? "this team"} lets you read its comparisons, not vote on them or send follow-ups.
        </p>
      ) : (
        <FollowUpComposer
          ref={followUpRef}
          value={state.followUp}
          onChange={(value) => dispatch({ type: "edit-follow-up", value })}
          onSubmit={() => void controller.sendFollowUp()}
          error={state.followError}
          busy={state.busy || sequencing}
          running={running}
          waitingFor={sequencing ? "The re-run is still sending its prompts…" : undefined}
          images={{
            images: state.images.followUp,
            imageProblems: state.imageProblems.followUp,
            onAttach: (images, problems) => dispatch({ type: "attach-images", target: "followUp", images, problems }),
            onRemoveImage: (key) => dispatch({ type: "remove-image", target: "followUp", key }),
          }}
        />
      )}
    </>
  );
}

"use client";

import { Spinner } from "@/components/ui/spinner";
import type { ComparisonView } from "@/lib/compare/queries";
import { LiveComparison } from "./live-comparison";
import { NewComparison } from "./new-comparison";
import type { MyVote, StoredFeedback } from "./playground-state";
import type { PickerModel, ProviderHint } from "./types";
import { usePlayground } from "./use-playground";

export type { MyVote } from "./playground-state";

/**
 * The playground: compose a prompt for 2-8 models, then follow every answer side by side over one
 * multiplexed event stream, and send follow-ups to every pane. On `/` it starts empty; on
 * `/c/<id>` it opens a stored comparison (and keeps following it if answers are still streaming).
 * State and its changes: playground-state.ts; calls and effects: use-playground.ts.
 */
export function Playground({
  models,
  hints,
  initial,
  votes = [],
  feedback = [],
  teams = [],
  team = null,
  readOnly = false,
}: {
  models: PickerModel[];
  hints: ProviderHint[];
  initial: ComparisonView | null;
  /** the viewer's votes on this comparison */
  votes?: MyVote[];
  /** the viewer's feedback on its answers, by turn and pane */
  feedback?: StoredFeedback[];
  /** teams the viewer may make comparisons for (comparisons:write); the form offers them when there are any */
  teams?: { id: string; name: string }[];
  /** the team `initial` belongs to */
  team?: { id: string; name: string } | null;
  /** the viewer may read `initial` but not change it (a team role without comparisons:write) */
  readOnly?: boolean;
}) {
  const controller = usePlayground({ models, initial, votes, feedback, teams, team, readOnly });
  const { state, catalogById } = controller;
  return (
    <>
      <p className="sr-only" aria-live="polite">
        {state.announcement}
      </p>
      {state.comparison ? (
        <LiveComparison comparison={state.comparison} models={catalogById} controller={controller} />
      ) : (
        <NewComparison models={models} catalogById={catalogById} hints={hints} teams={teams} controller={controller} />
      )}
      {state.busy && !state.comparison ? (
        <p className="sr-only" role="status">
          <Spinner /> Starting…
        </p>
      ) : null}
    </>
  );
}

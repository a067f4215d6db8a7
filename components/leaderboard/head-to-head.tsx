import "server-only";
import { formatCount } from "@/lib/format";
import { pairwiseMatrices } from "@/lib/ratings";
import type { Viewer } from "@/lib/auth/viewer";
import { loadOutcomes, type LeaderboardQuery } from "@/lib/votes";
import { countColour, Heatmap, winColour } from "./heatmap";

/** Win-rate and battle-count heatmaps, rows and columns in leaderboard order. */
export async function HeadToHead({
  query,
  viewer,
  models,
  labels,
}: {
  query: LeaderboardQuery;
  viewer: Viewer;
  models: string[];
  labels: Map<string, string>;
}) {
  if (models.length < 2) return null;
  const m = pairwiseMatrices((await loadOutcomes(query, viewer)).outcomes, { models });
  const order = m.models.filter((k) => models.includes(k));
  const idx = order.map((k) => m.models.indexOf(k));
  const winRate = idx.map((r) => idx.map((c) => m.winRate[r][c]));
  const battles = idx.map((r) => idx.map((c) => m.battles[r][c]));
  const maxBattles = Math.max(1, ...battles.flat());
  return (
    <div className="grid grid-cols-1 gap-6">
      <Heatmap
        id="lb-winrate"
        title="Head-to-head win rate"
        caption="Share of the row model’s votes against the column model that it won; ties and both-bad count as half."
        models={order}
        labels={labels}
        values={winRate}
        format={(v) => `${Math.round(v * 100)}%`}
        colour={winColour}
        legend={
          <span className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <span className="inline-flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-3 rounded-sm" style={{ backgroundColor: "rgba(16, 185, 129, 0.6)" }} /> row
              mostly wins
            </span>
            <span className="inline-flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-3 rounded-sm" style={{ backgroundColor: "rgba(239, 68, 68, 0.6)" }} /> row
              mostly loses
            </span>
            <span>· = never met</span>
          </span>
        }
      />
      <Heatmap
        id="lb-battles"
        title="Battle count"
        caption="Number of votes between the row and column models (the same either way round)."
        models={order}
        labels={labels}
        values={battles}
        format={formatCount}
        colour={countColour(maxBattles)}
        legend={<span>Darker = more votes (most: {formatCount(maxBattles)}).</span>}
      />
    </div>
  );
}

// What a vote means pairwise: the outcomes the leaderboard fits. Pure; throws 400s naming the field.
import { AppError } from "@/lib/errors";
import type { PairOutcome } from "@/lib/ratings";
import type { VoteBody, VoteInput, VoteKind } from "./schema";

/** One implied result, pane indexes in order (paneA < paneB); "a" = paneA won. */
export type ImpliedOutcome = { paneA: number; paneB: number; outcome: PairOutcome };

/** Which judgement the body carries; exactly one of outcome / best / ranking. */
export function voteInputOf(body: Pick<VoteBody, "outcome" | "best" | "ranking">): { kind: VoteKind; input: VoteInput } {
  const given = (["outcome", "best", "ranking"] as const).filter((k) => body[k] !== undefined);
  if (given.length === 0) throw new AppError("validation", 'Send one of "outcome", "best" or "ranking".', "outcome");
  if (given.length > 1)
    throw new AppError("validation", `Send only one of "outcome", "best" or "ranking" (got ${given.join(" and ")}).`, given[1]);
  if (body.outcome !== undefined) return { kind: "pairwise", input: { outcome: body.outcome } };
  if (body.best !== undefined) return { kind: "best", input: { best: body.best } };
  return { kind: "ranking", input: { ranking: body.ranking! } };
}

function ordered(winner: number, loser: number): ImpliedOutcome {
  return winner < loser ? { paneA: winner, paneB: loser, outcome: "a" } : { paneA: loser, paneB: winner, outcome: "b" };
}

/**
 * The pairwise outcomes a vote implies on a turn with `paneCount` panes:
 * - `outcome` (exactly two panes): that outcome of pane 0 vs pane 1;
 * - `best`: the best pane beats each other pane (n - 1 outcomes);
 * - `ranking` (best first): each listed pane beats every pane after it, and a top-k prefix
 *   (k >= 2) also beats every unlisted pane; unlisted panes are not compared with each other.
 *   A full ranking of n panes gives n(n-1)/2 outcomes.
 */
export function impliedOutcomes(input: VoteInput, paneCount: number): ImpliedOutcome[] {
  if (paneCount < 2) throw new AppError("validation", "This comparison has a single pane: there is nothing to vote between.", "turn");
  if ("outcome" in input) {
    if (paneCount !== 2)
      throw new AppError(
        "validation",
        `"outcome" is for comparisons of two panes; this one has ${paneCount}: send "best" or "ranking".`,
        "outcome",
      );
    return [{ paneA: 0, paneB: 1, outcome: input.outcome }];
  }
  const inRange = (pane: number, field: string) => {
    if (pane >= paneCount)
      throw new AppError("validation", `There is no pane ${pane}: this comparison has panes 0 to ${paneCount - 1}.`, field);
  };
  if ("best" in input) {
    inRange(input.best, "best");
    const out: ImpliedOutcome[] = [];
    for (let p = 0; p < paneCount; p++) if (p !== input.best) out.push(ordered(input.best, p));
    return out;
  }
  const ranking = input.ranking;
  if (ranking.length < 2) throw new AppError("validation", "A ranking lists at least two panes, best first.", "ranking");
  const seen = new Set<number>();
  ranking.forEach((pane, i) => {
    inRange(pane, `ranking.${i}`);
    if (seen.has(pane)) throw new AppError("validation", `Pane ${pane} is listed twice in the ranking.`, `ranking.${i}`);
    seen.add(pane);
  });
  const rest: number[] = [];
  for (let p = 0; p < paneCount; p++) if (!seen.has(p)) rest.push(p);
  const out: ImpliedOutcome[] = [];
  for (let i = 0; i < ranking.length; i++) {
    for (let j = i + 1; j < ranking.length; j++) out.push(ordered(ranking[i]!, ranking[j]!));
    for (const p of rest) out.push(ordered(ranking[i]!, p));
  }
  return out;
}

/** Why a pane of the voted turn has no answer, as the refusal words it. */
export type NoAnswer = {
  status: "pending" | "streaming" | "done" | "error" | "stopped" | "skipped" | null;
  errorMessage: string | null;
  errorStatus: number | null;
};

const letter = (pane: number) => String.fromCharCode(65 + pane);

function whyMissing(a: NoAnswer, sealed: boolean): string {
  if (a.status === "error") {
    // a sealed (blind) comparison's error message names the cloud: keep only the HTTP status
    const detail = sealed ? (a.errorStatus ? ` (${a.errorStatus})` : "") : a.errorMessage ? `: ${a.errorMessage.slice(0, 160)}` : "";
    return `it failed${detail}`;
  }
  if (a.status === "stopped") return "it was stopped before any text";
  // not run: its model takes no images (or tools); not a failure of its provider
  if (a.status === "skipped") return "it was skipped (its model cannot take this prompt's images or tools)";
  if (a.status === "done") return "it ended without any text";
  if (a.status === null) return "there is no answer from it in this turn";
  return "it has no text yet";
}

/**
 * Refuses (409 answer_missing, `field` naming the pane in the input) a vote that makes a pane
 * without an answer win an outcome: the pairwise winner, the best pane, or a pane ranked above
 * another. `missing` holds the turn's panes without an answer (lib/votes/missing-answer.ts).
 */
export function assertWinnersAnswered(
  input: VoteInput,
  implied: ImpliedOutcome[],
  missing: ReadonlyMap<number, NoAnswer>,
  sealed: boolean,
) {
  const winners = new Set(implied.flatMap((o) => (o.outcome === "a" ? [o.paneA] : o.outcome === "b" ? [o.paneB] : [])));
  const refuse = (pane: number, field: string, verb: string, instead: string) => {
    const why = whyMissing(missing.get(pane)!, sealed);
    throw new AppError("answer_missing", `Pane ${letter(pane)} has no answer (${why}); you cannot ${verb}. ${instead}`, field);
  };
  if ("outcome" in input) {
    const pane = input.outcome === "a" ? 0 : input.outcome === "b" ? 1 : null;
    if (pane !== null && missing.has(pane)) refuse(pane, "outcome", "vote it better", "Choose Tie or Both are bad, or the other answer.");
  } else if ("best" in input) {
    if (missing.has(input.best))
      refuse(
        input.best,
        "best",
        "vote it best",
        implied.length === 1 ? "Choose Tie or Both are bad, or the other answer." : "Choose another pane, or rank it last.",
      );
  } else {
    input.ranking.forEach((pane, i) => {
      if (winners.has(pane) && missing.has(pane))
        refuse(pane, `ranking.${i}`, "rank it above another pane", "Rank it last, or leave it out of the ranking.");
    });
  }
}

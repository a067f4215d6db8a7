// Pure pieces of a vote as the playground holds it before it is sent (no React).

/** One pane's feedback as the form holds it. */
export type FeedbackDraft = { thumb: "up" | "down" | null; reasons: string[]; comment: string };

export const emptyFeedback = (): FeedbackDraft => ({ thumb: null, reasons: [], comment: "" });

/** Pane 0 is "A", pane 1 "B", ... (blind panes and the vote bar). */
export const paneLetter = (pane: number) => String.fromCharCode(65 + pane);

/**
 * Why each pane of a turn has no answer to vote for, or null when it has one (or may still get
 * one: a pane still answering). Mirrors the server's rule (lib/votes/missing-answer.ts): an answer
 * is some text other than white space; the server decides, this only disables the choices.
 */
export function missingAnswerReasons(answers: readonly { status: string; text: string }[]): (string | null)[] {
  return answers.map((a) => {
    if (/\S/.test(a.text)) return null;
    if (a.status === "error") return "failed";
    if (a.status === "stopped") return "stopped before any text";
    if (a.status === "done") return "empty";
    return null;
  });
}

/** The pane a vote makes the winner of every outcome it takes part in ("A is better", "C is best"); null for Tie / Both bad. */
export function crownedPane(input: { outcome: string } | { best: number } | { ranking: number[] }): number | null {
  if ("outcome" in input) return input.outcome === "a" ? 0 : input.outcome === "b" ? 1 : null;
  if ("best" in input) return input.best;
  return null;
}

/** The first pane of a ranking (best first) that has no answer yet is ranked above another, or null. */
export function rankedMissing(ranking: readonly number[], missing: readonly (string | null)[]): number | null {
  return ranking.slice(0, -1).find((p) => missing[p]) ?? null;
}

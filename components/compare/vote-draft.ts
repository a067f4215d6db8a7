// Pure pieces of a vote as the playground holds it before it is sent (no React).

/** One pane's feedback as the form holds it. */
export type FeedbackDraft = { thumb: "up" | "down" | null; reasons: string[]; comment: string };

export const emptyFeedback = (): FeedbackDraft => ({ thumb: null, reasons: [], comment: "" });

/** Pane 0 is "A", pane 1 "B", ... (blind panes and the vote bar). */
export const paneLetter = (pane: number) => String.fromCharCode(65 + pane);

// How a call's time splits between our side and the provider's. Every statistic (speed board,
// evaluation results, scorecards) reads the provider's part: time to first token and total time
// are counted from the moment the answering request was written, never from when we started
// preparing it.
import type { WireAttempt } from "./transport";

export type CallTiming = {
  /** our side: from the call's start until the first request was written (module load, credentials, signing) */
  setupMs: number | null;
  /** the answering request: written -> response headers */
  responseHeadersMs: number | null;
  /** the answering request: response headers -> first token */
  headersToFirstTokenMs: number | null;
  /** the answering request: written -> first token (= the two above) */
  ttftMs: number | null;
  /**
   * the answering request: written -> the provider's stream ended (or the call failed). A
   * tool-calling run of several model steps adds each later step's own provider time (its
   * answering request written -> its stream ended): tool execution and waiting for a typed-in
   * result between steps are not counted.
   */
  totalMs: number | null;
};

const ms = (from: number | null | undefined, to: number | null | undefined) =>
  from == null || to == null ? null : Math.max(0, Math.round(to - from));

/**
 * The answering request is the last one written: with retries, earlier attempts failed and the
 * waits between them are backoff, counted in the call's attempts, not in its speed.
 */
export function splitTiming({
  started,
  attempts,
  firstTokenAt,
  endedAt,
  laterSteps = [],
}: {
  started: number;
  /** the first model step's requests (every request, without steps) */
  attempts: readonly WireAttempt[];
  /** the first output (text, reasoning or a tool call) of the first step */
  firstTokenAt: number | null;
  /** when the first step's stream ended */
  endedAt: number;
  /** the later steps of a tool-calling run: each one's answering request written -> its stream ended */
  laterSteps?: readonly { sentAt: number; endedAt: number }[];
}): CallTiming {
  const first = attempts[0];
  const last = attempts.at(-1);
  if (!first || !last) {
    // no request was ever written (e.g. credentials could not be resolved): all of it was ours
    return { setupMs: ms(started, endedAt), responseHeadersMs: null, headersToFirstTokenMs: null, ttftMs: null, totalMs: null };
  }
  const tokenAt = firstTokenAt != null && firstTokenAt >= last.sentAt ? firstTokenAt : null;
  return {
    setupMs: ms(started, first.sentAt),
    responseHeadersMs: ms(last.sentAt, last.headersAt),
    headersToFirstTokenMs: ms(last.headersAt, tokenAt),
    ttftMs: ms(last.sentAt, tokenAt),
    totalMs: laterSteps.reduce<number | null>(
      (sum, s) => (sum === null ? null : sum + (ms(s.sentAt, s.endedAt) ?? 0)),
      ms(last.sentAt, endedAt),
    ),
  };
}

// Blind mode: what a person may see of a blind comparison before they vote. Everything that
// could tell the clouds apart (model and provider names, region or deployment, speed and cost
// metrics, response and request ids, reasoning, the wording of provider errors) is withheld by
// the server, so it cannot be read in the browser's developer tools either.
import { randomInt } from "node:crypto";
import type { AnswerMetrics, CompareEvent } from "./events";
import { emptyMetrics } from "./metrics";
import type { SkipReason } from "./tools-schema";

/** "Model A", "Model B", ... (pane 0 is A). */
export function blindLabel(pane: number): string {
  return `Model ${String.fromCharCode(65 + pane)}`;
}

/** A uniformly random order (Fisher-Yates with the CSPRNG), so pane position says nothing. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Metrics with nothing that reveals the cloud. Kept: "stopped" (the person stopped it), "length"
 * (cut at the max output tokens the person set) and "content-filter": a voter should know an answer
 * is cut or filtered, and a green "Done" on a filtered answer would be false. (Filters differ by
 * cloud, but a filtered answer shows it in its text anyway, and a failed one already says
 * "Blocked by the provider's content filter" in blind mode.)
 */
const SEALED_FINISHES = new Set(["stopped", "length", "content-filter"]);
export function sealedMetrics(m: AnswerMetrics): AnswerMetrics {
  return { ...emptyMetrics(), finishReason: m.finishReason && SEALED_FINISHES.has(m.finishReason) ? m.finishReason : null };
}

/** Provider error messages name the cloud and quote its wording; keep only what kind of failure it was. */
const sealedErrorText: Record<string, string> = {
  rate_limited: "The provider rate-limited this model",
  connection_dropped: "The connection dropped mid-answer",
  network: "The provider could not be reached",
  unauthorized: "The provider rejected the credentials",
  forbidden: "The provider denied access",
  not_found: "The provider does not know this model",
  content_filter: "Blocked by the provider's content filter",
  provider_error: "The provider failed with a server error",
  interrupted: "Interrupted: the server stopped before this answer finished",
  timeout: "Timed out: the provider stopped sending",
  stream_error: "The provider reported an error mid-answer",
};

export function sealedError(error: { code: string; message: string; statusCode?: number | null }): { code: string; message: string } {
  const text = sealedErrorText[error.code] ?? "This answer failed";
  return { code: error.code, message: `${text}${error.statusCode ? ` (${error.statusCode})` : ""}. Details are shown after you vote.` };
}

/** Why a pane was skipped, without the model's and cloud's names. */
export function sealedSkipReason(reason: SkipReason): SkipReason {
  return { code: reason.code, message: reason.code === "no_images" ? "This model takes no images." : "This model takes no tools." };
}

/** An event as a person may see it while the comparison is sealed; null = not sent at all. */
export function sealEvent(event: CompareEvent): CompareEvent | null {
  switch (event.type) {
    case "pane-start":
      return { ...event, model: "" };
    case "reasoning-delta":
      return null;
    case "pane-finish":
      return { ...event, metrics: sealedMetrics(event.metrics), responseId: null };
    case "pane-error": {
      const e = sealedError(event.error);
      return { ...event, error: { code: e.code, message: e.message }, metrics: sealedMetrics(event.metrics), responseId: null };
    }
    case "pane-snapshot":
      return {
        ...event,
        reasoning: "",
        metrics: sealedMetrics(event.metrics),
        error: event.error ? sealedError(event.error) : null,
        ...(event.skipReason ? { skipReason: sealedSkipReason(event.skipReason) } : {}),
      };
    case "pane-skipped":
      return { ...event, reason: sealedSkipReason(event.reason) };
    default:
      return event;
  }
}

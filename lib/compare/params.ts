// How a comparison's title and each pane's parameters come from its input. Pure (no server
// imports): the service stores these, and the playground shows the same values the moment a
// comparison starts, before the stored view arrives.
import { formatCount } from "@/lib/format";
import type { Params } from "./schema";

/** The first line of the prompt, at most 80 characters ("..." when cut). */
export function titleFrom(prompt: string): string {
  const line = prompt.trim().split("\n")[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** A pane's parameters: the shared ones, overridden by its own; unset values left out. */
export function mergeParams(shared: Params | undefined, own: Params | undefined): Params {
  return Object.fromEntries(Object.entries({ ...shared, ...own }).filter(([, v]) => v !== undefined && v !== null)) as Params;
}

/**
 * The system prompt a pane is sent: its own when it has one ("" = none on purpose), else the
 * comparison's. Null: none.
 */
export function effectiveSystem(own: string | null | undefined, shared: string | null | undefined): string | null {
  const value = own ?? shared ?? null;
  return value && value.trim() ? value : null;
}

/** Stop sequences as one line of text: quoted, with line breaks and tabs shown as \n and \t. */
export function stopSequencesText(list: readonly string[]): string {
  return list.map((s) => JSON.stringify(s)).join(", ");
}

/** One parameter in words ("temperature 0.5", "top-p 0.9", "max 1,024 tokens", "seed 7", "flex tier"). */
export function paramPhrase(key: keyof Params, p: Params): string | null {
  switch (key) {
    case "temperature":
      return p.temperature !== undefined ? `temperature ${p.temperature}` : null;
    case "topP":
      return p.topP !== undefined ? `top-p ${p.topP}` : null;
    case "maxOutputTokens":
      return p.maxOutputTokens !== undefined ? `max ${formatCount(p.maxOutputTokens)} tokens` : null;
    case "reasoningEffort":
      return p.reasoningEffort !== undefined ? `${p.reasoningEffort} reasoning effort` : null;
    case "stopSequences":
      return p.stopSequences?.length ? `stop at ${stopSequencesText(p.stopSequences)}` : null;
    case "seed":
      return p.seed !== undefined ? `seed ${p.seed}` : null;
    case "serviceTier":
      return p.serviceTier !== undefined ? `${p.serviceTier} tier` : null;
    default: {
      const unknown: never = key;
      return unknown;
    }
  }
}

const phraseOrder = ["temperature", "topP", "maxOutputTokens", "reasoningEffort", "stopSequences", "seed", "serviceTier"] as const;

/** The parameters in words; join as fits. */
export function paramPhrases(p: Params): string[] {
  return phraseOrder.map((k) => paramPhrase(k, p)).filter((x): x is string => x !== null);
}

/** The parameters whose value in `pane` differs from `shared` (set, unset or changed). */
export function paramsDiffering(pane: Params, shared: Params): (keyof Params)[] {
  return phraseOrder.filter((k) => JSON.stringify(pane[k]) !== JSON.stringify(shared[k]));
}

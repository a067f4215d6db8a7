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

/** The parameters in words ("temperature 0.5", "top-p 0.9", "max 1,024 tokens"); join as fits. */
export function paramPhrases(p: Params): string[] {
  const parts: string[] = [];
  if (p.temperature !== undefined) parts.push(`temperature ${p.temperature}`);
  if (p.topP !== undefined) parts.push(`top-p ${p.topP}`);
  if (p.maxOutputTokens !== undefined) parts.push(`max ${formatCount(p.maxOutputTokens)} tokens`);
  return parts;
}

// How a comparison's title and each pane's parameters come from its input. Pure (no server
// imports): the service stores these, and the playground shows the same values the moment a
// comparison starts, before the stored view arrives.
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

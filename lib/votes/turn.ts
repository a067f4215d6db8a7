// Which turn of a comparison a vote or a piece of feedback is about: the given one, else the latest.
import { AppError } from "@/lib/errors";

/** The `turns` select of a comparison query: the turn with that index, or the latest. */
export function turnSelect(turn: number | undefined) {
  return turn === undefined
    ? { orderBy: { index: "desc" as const }, take: 1, select: { id: true, index: true } }
    : { where: { index: turn }, select: { id: true, index: true } };
}

/** The selected turn, or a 400 naming `turn` (`none` says why there is nothing when no turn was asked for). */
export function selectedTurn<T>(turns: T[], turn: number | undefined, none: string): T {
  const found = turns[0];
  if (!found) throw new AppError("validation", turn === undefined ? none : `This comparison has no turn ${turn}.`, "turn");
  return found;
}

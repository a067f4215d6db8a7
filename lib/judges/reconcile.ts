// Verdicts across orders. A judge sees a pair twice, once in each order ("ab": side a shown as
// Answer 1; "ba": side b shown as Answer 1). Each raw verdict is mapped to target terms; two that
// agree stand, two that disagree become a tie marked inconsistent (the judge's preference
// followed the position, not the answers).
import type { JudgeOrder, JudgeVerdict, RawVerdict } from "./types";

export function toTargetVerdict(raw: RawVerdict, order: JudgeOrder): JudgeVerdict {
  if (raw === "tie") return "tie";
  if (raw === "both_bad") return "both_bad";
  const firstWins = raw === "Answer 1";
  if (order === "ba") return firstWins ? "b" : "a";
  return firstWins ? "a" : "b";
}

export function reconcile(ab: JudgeVerdict, ba: JudgeVerdict): { verdict: JudgeVerdict; inconsistent: boolean } {
  if (ab === ba) return { verdict: ab, inconsistent: false };
  return { verdict: "tie", inconsistent: true };
}

/** Parses and checks a judge's structured answer: the text must be the JSON the schema asks for. */
export function readPairwise(text: string): { ok: true; verdict: RawVerdict; reason: string } | { ok: false; message: string } {
  const value = parseJson(text);
  if (!value || typeof value !== "object") return { ok: false, message: "The judge's answer is not a JSON object." };
  const { verdict, reason } = value as Record<string, unknown>;
  if (verdict !== "Answer 1" && verdict !== "Answer 2" && verdict !== "tie" && verdict !== "both_bad")
    return {
      ok: false,
      message: `The judge's verdict ${JSON.stringify(verdict)} is not one of "Answer 1", "Answer 2", "tie", "both_bad".`,
    };
  if (typeof reason !== "string" || !reason.trim()) return { ok: false, message: "The judge gave no reason." };
  return { ok: true, verdict, reason: reason.trim() };
}

export function readSingle(text: string): { ok: true; grade: number; reason: string } | { ok: false; message: string } {
  const value = parseJson(text);
  if (!value || typeof value !== "object") return { ok: false, message: "The judge's answer is not a JSON object." };
  const { grade, reason } = value as Record<string, unknown>;
  if (typeof grade !== "number" || !Number.isInteger(grade) || grade < 1 || grade > 5)
    return { ok: false, message: `The judge's grade ${JSON.stringify(grade)} is not an integer from 1 to 5.` };
  if (typeof reason !== "string" || !reason.trim()) return { ok: false, message: "The judge gave no reason." };
  return { ok: true, grade, reason: reason.trim() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

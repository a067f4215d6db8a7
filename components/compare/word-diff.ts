// The word-level difference between two answers (jsdiff's diffWords), for "Compare answers".
import { diffWords, type ChangeObject } from "diff";

/** A word diff that takes longer than this gives up (two very long, very different answers). */
const DIFF_TIMEOUT_MS = 1500;

/** The parts in order (common, removed from the first, added in the second) and the words added / removed. */
export type WordDiff = { parts: ChangeObject<string>[]; added: number; removed: number } | null;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** The difference from `from` to `to`, word by word (whitespace kept), or null when it took too long. */
export function wordDiff(from: string, to: string): WordDiff {
  const parts = diffWords(from, to, { timeout: DIFF_TIMEOUT_MS });
  if (!parts) return null;
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.added) added += words(p.value);
    else if (p.removed) removed += words(p.value);
  }
  return { parts, added, removed };
}

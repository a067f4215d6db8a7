// How the trust figures read on screen: a figure with no evidence says so in words ("no overlap",
// "no gold items"), never 0; every number says its n and its 95% interval. Pure
// (tests/unit/judges-trust.test.ts).
import type { Agreement, Rate } from "@/lib/judges/trust";

const pct = (x: number) => `${Math.round(x * 100)}%`;
const kap = (x: number) => (Math.abs(x) < 0.005 ? "0.00" : x.toFixed(2));

/** "0.62 (95% 0.41 – 0.80)"; "n/a: no variation" when both sides gave one value only; `empty` with no units. */
export function fmtKappa(a: Agreement, empty = "no overlap"): string {
  if (a.n === 0) return empty;
  if (a.kappa === null) return a.kappaReason === "no_variation" ? "n/a (one verdict only)" : empty;
  // 0 by construction: says nothing about agreement (raw agreement still does)
  if (a.singleValued) return `${kap(a.kappa)} (one side gave one verdict only)`;
  const interval = a.kappaLow !== null && a.kappaHigh !== null ? ` (95% ${kap(a.kappaLow)} – ${kap(a.kappaHigh)})` : "";
  return `${kap(a.kappa)}${interval}`;
}

/** "71% (95% 52 – 85%)"; `empty` when n = 0. */
export function fmtRate(r: Rate, empty = "no overlap"): string {
  if (r.n === 0 || r.rate === null) return empty;
  return `${pct(r.rate)} (95% ${Math.round(r.ciLow! * 100)} – ${pct(r.ciHigh!)})`;
}

/** A figure split for a table cell: the value, and its interval on a line of its own (null: none). */
export function kappaParts(a: Agreement, empty = "no overlap"): { value: string; interval: string | null } {
  if (a.n === 0 || a.kappa === null || a.singleValued || a.kappaLow === null || a.kappaHigh === null)
    return { value: fmtKappa(a, empty), interval: null };
  return { value: kap(a.kappa), interval: `95% ${kap(a.kappaLow)} – ${kap(a.kappaHigh)}` };
}
export function rateParts(r: Rate, empty = "no overlap"): { value: string; interval: string | null } {
  if (r.n === 0 || r.rate === null) return { value: empty, interval: null };
  return { value: pct(r.rate), interval: `95% ${Math.round(r.ciLow! * 100)} – ${pct(r.ciHigh!)}` };
}

/** "n = 24" or "k of n" for a proportion. */
export const fmtN = (n: number) => `n = ${n.toLocaleString("en-US")}`;
export const fmtKofN = (r: Rate) => `${r.k.toLocaleString("en-US")} of ${r.n.toLocaleString("en-US")}`;

const MAKERS: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google",
  meta: "Meta",
  mistral: "Mistral",
  amazon: "Amazon",
  microsoft: "Microsoft",
  deepseek: "DeepSeek",
  alibaba: "Alibaba",
  cohere: "Cohere",
  ai21: "AI21",
  xai: "xAI",
  moonshot: "Moonshot",
};

/** A maker key of lib/judges/maker.ts as people write it; "other:<model>" is an unknown maker. */
export const makerLabel = (maker: string) => MAKERS[maker] ?? (maker.startsWith("other:") ? "an unknown maker" : maker);

"use client";
// What a pane is sent, in its header: the effective parameters (those of its own marked as such),
// its own system prompt, and every parameter its provider will not be (or was not) sent, with why.

import { notSentPhrase, paramsNotSent, sentTier, type ModelTraits } from "@/lib/compare/capabilities";
import { paramPhrase, paramsDiffering } from "@/lib/compare/params";
import type { Params } from "@/lib/compare/schema";
import { tierPrice } from "@/lib/providers/tier-prices";
import { paramKeys, readParams, type ParamsDraft } from "./form-input";

/** A draft's values as parameters, for showing only (ranges unchecked; what is not a number left out). */
export function draftValues(draft: ParamsDraft): Params {
  return (readParams(draft, "", {}) ?? {}) as Params;
}

/** The not-sent sentences for a model: from the answer (`recorded`, what really happened) or, before one, from the table. */
export function notSentPhrases(model: ModelTraits, params: Params, recorded?: readonly string[] | null): string[] {
  const list = recorded ?? paramsNotSent(model, params).map((n) => n.param);
  return list.map((param) => notSentPhrase(model, param, params));
}

/** A model's price (per 1M in / out) at the service tier `params` send it; null when that tier has no published price. */
export function priceAtTier<P extends { input: number; output: number }>(
  model: ModelTraits & { logicalModel?: string | null },
  price: P | null,
  params: Params,
): { input: number; output: number } | null {
  const tier = price ? sentTier(model, params) : null;
  if (!price || !tier) return price;
  const atTier = tierPrice({ provider: model.provider, logicalModel: model.logicalModel ?? "" }, { ...price, source: "" }, tier);
  return atTier ? { input: atTier.input, output: atTier.output } : null;
}

const chip = "inline-flex max-w-full items-center rounded px-1.5 py-px text-[11px] leading-4";

export function PaneSettingsSummary({
  label,
  params,
  shared,
  system,
  sharedSystem,
  notSent,
}: {
  /** the pane's name, for the list's accessible name */
  label: string;
  /** what the pane is sent */
  params: Params;
  /** the comparison's (or the form's shared) values */
  shared: Params;
  /** the pane's system prompt, and the shared one (null: none) */
  system: string | null;
  sharedSystem: string | null;
  notSent: string[];
}) {
  const own = new Set(paramsDiffering(params, shared));
  const items = paramKeys
    .map((key) => ({ key, text: paramPhrase(key, params), own: own.has(key) }))
    .filter((x): x is { key: (typeof paramKeys)[number]; text: string; own: boolean } => x.text !== null);
  const systemOwn = system !== sharedSystem;
  if (items.length === 0 && !systemOwn && notSent.length === 0) return null;
  return (
    <ul aria-label={`Settings of ${label}`} className="flex min-w-0 flex-wrap items-center gap-1">
      {items.map((item) => (
        <li
          key={item.key}
          className={`${chip} ${
            item.own
              ? "bg-indigo-50 font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950/60 dark:text-indigo-200 dark:ring-indigo-800"
              : "text-zinc-500 dark:text-zinc-400"
          }`}
          title={
            item.own
              ? `This pane's own value${paramPhrase(item.key, shared) ? `; shared: ${paramPhrase(item.key, shared)}` : ""}`
              : "Shared"
          }
        >
          <span className="truncate">{item.text}</span>
          {item.own ? <span className="sr-only"> (this pane&apos;s own)</span> : null}
        </li>
      ))}
      {systemOwn ? (
        <li className="max-w-full [&:has(details[open])]:basis-full">
          {system ? (
            <details className="group">
              <summary
                className={`${chip} cursor-pointer list-none focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 bg-indigo-50 font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950/60 dark:text-indigo-200 dark:ring-indigo-800`}
              >
                own system prompt
              </summary>
              <p className="mt-1 max-h-40 overflow-y-auto rounded border border-zinc-200 px-2 py-1 text-xs whitespace-pre-wrap text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
                {system}
              </p>
            </details>
          ) : (
            <span
              className={`${chip} bg-indigo-50 font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950/60 dark:text-indigo-200 dark:ring-indigo-800`}
            >
              no system prompt
            </span>
          )}
        </li>
      ) : null}
      {notSent.map((text) => (
        <li
          key={text}
          className={`${chip} bg-amber-50 text-amber-800 ring-1 ring-amber-200 ring-inset dark:bg-amber-950/50 dark:text-amber-200 dark:ring-amber-800`}
        >
          <span className="min-w-0 break-words">{text}</span>
        </li>
      ))}
    </ul>
  );
}

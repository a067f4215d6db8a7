"use client";

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { EmulatedBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { CheckIcon, CloseIcon } from "@/components/ui/icons";
import { formatContext, formatPricePair } from "@/lib/format";
import { CapabilityBadges } from "./capability-badges";
import { ProviderDot } from "./provider-dot";
import type { PickerModel, ProviderHint } from "./types";

type GroupBy = "model" | "provider";
type Group = { key: string; heading: string; sub: string | null; provider: string | null; models: PickerModel[] };

function matches(m: PickerModel, query: string): boolean {
  if (!query) return true;
  const hay = `${m.label} ${m.logicalModel} ${m.providerLabel} ${m.location ?? ""} ${m.id}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

function groupModels(models: PickerModel[], by: GroupBy): Group[] {
  const groups = new Map<string, Group>();
  for (const m of models) {
    const key = by === "model" ? m.logicalModel : `${m.provider}|${m.providerLabel}|${m.location ?? ""}`;
    let g = groups.get(key);
    if (!g) {
      g =
        by === "model"
          ? { key, heading: m.label, sub: m.logicalModel, provider: null, models: [] }
          : { key, heading: m.providerLabel, sub: m.location, provider: m.provider, models: [] };
      groups.set(key, g);
    }
    g.models.push(m);
    // a logical model is named by its shortest label ("GPT-4o mini", not "GPT-4o mini (prod-mini)")
    if (by === "model" && m.label.length < g.heading.length) g.heading = m.label;
  }
  return [...groups.values()];
}

/**
 * The model picker: a modal dialog with a type-to-filter box, grouped by logical model (the same
 * model on several clouds side by side) or by provider. Shows provider, location, context window,
 * capabilities (Tools, JSON, Images, Reasoning), price per 1M input/output tokens and an "Emulated" badge; models of unconfigured providers are
 * disabled and described by the sentence naming the variables to set.
 */
export function ModelPicker({
  open,
  title,
  models,
  hints,
  selectedId,
  onSelect,
  onClose,
}: {
  open: boolean;
  title: string;
  models: PickerModel[];
  hints: ProviderHint[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [groupBy, setGroupBy] = useState<GroupBy>("model");
  const id = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setQuery("");
      dialog.showModal();
      // showModal focuses the first focusable element (Close); typing should filter at once
      filterRef.current?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const visible = useMemo(() => models.filter((m) => matches(m, query.trim())), [models, query]);
  const groups = useMemo(() => groupModels(visible, groupBy), [visible, groupBy]);
  const hintByProvider = new Map(hints.map((h) => [h.provider as string, h]));
  const hintId = (provider: string) => `${id}-hint-${provider}`;
  // Every provider the app supports that is not configured (the hints come from the provider
  // registry, lib/providers/types.ts `providerIds`), also those with no model in the catalog yet
  // (an OpenAI-compatible endpoint lists none until it is set up). Grouped by provider, a group
  // already says what to set: the footer then names only the providers without a group.
  const unavailableProviders = groupBy === "model" ? hints : hints.filter((h) => !groups.some((g) => g.provider === h.provider));

  const options = () => [...(listRef.current?.querySelectorAll<HTMLButtonElement>("button[data-option]:not(:disabled)") ?? [])];

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Home" && e.key !== "End") return;
    const all = options();
    if (all.length === 0) return;
    e.preventDefault();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      e.key === "Home"
        ? 0
        : e.key === "End"
          ? all.length - 1
          : e.key === "ArrowDown"
            ? Math.min(all.length - 1, at + 1)
            : Math.max(0, at - 1);
    all[next]?.focus();
  };

  const onFilterKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      options()[0]?.focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
      const first = visible.find((m) => m.available);
      if (first) onSelect(first.id);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === dialogRef.current) dialogRef.current.close();
      }}
      className="m-auto max-h-[min(44rem,calc(100vh-2rem))] w-[min(46rem,calc(100vw-2rem))] overflow-hidden rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 backdrop:backdrop-blur-[1px] dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="flex max-h-[min(44rem,calc(100vh-2rem))] flex-col">
          <div className="flex items-center justify-between gap-4 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
            <h2 id={`${id}-title`} className="text-base font-semibold">
              {title}
            </h2>
            <Button variant="ghost" size="icon" aria-label="Close" onClick={() => dialogRef.current?.close()}>
              <CloseIcon />
            </Button>
          </div>
          <div className="flex flex-wrap items-end gap-3 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
            <div className="min-w-48 flex-1">
              <label htmlFor={`${id}-filter`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
                Filter models
              </label>
              <input
                ref={filterRef}
                id={`${id}-filter`}
                type="search"
                autoComplete="off"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={onFilterKey}
                placeholder="gpt-4o, bedrock, us-east-1…"
                aria-describedby={`${id}-count`}
                className={`${inputClasses()} mt-1 h-9 w-full px-3 text-sm`}
              />
            </div>
            <fieldset className="flex items-center gap-2">
              <legend className="sr-only">Group by</legend>
              <span aria-hidden="true" className="text-xs text-zinc-500 dark:text-zinc-400">
                Group by
              </span>
              <div className="flex rounded-lg border border-zinc-300 p-0.5 dark:border-zinc-700">
                {(["model", "provider"] as const).map((g) => (
                  <label
                    key={g}
                    className="relative cursor-pointer rounded-md px-2.5 py-1 text-xs font-medium text-zinc-600 has-checked:bg-zinc-900 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-indigo-500 dark:text-zinc-300 dark:has-checked:bg-zinc-100 dark:has-checked:text-zinc-900"
                  >
                    <input
                      type="radio"
                      name={`${id}-group`}
                      value={g}
                      checked={groupBy === g}
                      onChange={() => setGroupBy(g)}
                      className="absolute inset-0 cursor-pointer opacity-0"
                    />
                    {g === "model" ? "Model" : "Provider"}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
          <p id={`${id}-count`} className="sr-only" aria-live="polite">
            {visible.length === 1 ? "1 model" : `${visible.length} models`}
          </p>
          <div ref={listRef} onKeyDown={onListKey} className="min-h-0 flex-1 overflow-y-auto px-5 py-3">
            {groups.length === 0 ? (
              <p className="py-8 text-center text-sm text-zinc-500 dark:text-zinc-400">No model matches “{query.trim()}”.</p>
            ) : (
              groups.map((g) => {
                const groupHint = g.provider ? hintByProvider.get(g.provider) : undefined;
                return (
                  <section key={g.key} aria-labelledby={`${id}-g-${g.key}`} className="mb-4 last:mb-0">
                    <h3
                      id={`${id}-g-${g.key}`}
                      className="mb-1.5 flex items-center gap-2 text-xs font-semibold text-zinc-500 dark:text-zinc-400"
                    >
                      {g.provider ? <ProviderDot provider={g.provider} /> : null}
                      <span>{g.heading}</span>
                      {g.sub && g.sub !== g.heading ? <span className="font-mono font-normal normal-case">{g.sub}</span> : null}
                    </h3>
                    {groupHint ? (
                      <p id={hintId(groupHint.provider)} className="mb-1.5 text-xs text-amber-800 dark:text-amber-300">
                        {groupHint.hint}
                      </p>
                    ) : null}
                    <ul className="grid gap-1">
                      {g.models.map((m) => (
                        <li key={m.id}>
                          <ModelOption
                            model={m}
                            selected={m.id === selectedId}
                            describedBy={!m.available && hintByProvider.has(m.provider) ? hintId(m.provider) : undefined}
                            onSelect={() => onSelect(m.id)}
                          />
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })
            )}
          </div>
          {unavailableProviders.length > 0 ? (
            <div className="max-h-[30vh] shrink-0 overflow-y-auto border-t border-zinc-200 bg-zinc-50 px-5 py-2.5 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400">
              <p className="font-medium text-zinc-700 dark:text-zinc-300">Not configured</p>
              <ul className="mt-1 grid gap-0.5">
                {unavailableProviders.map((h) => (
                  <li key={h.provider} id={hintId(h.provider)}>
                    <span className="font-medium">{h.providerLabel}:</span> {h.hint}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </dialog>
  );
}

function ModelOption({
  model: m,
  selected,
  describedBy,
  onSelect,
}: {
  model: PickerModel;
  selected: boolean;
  describedBy: string | undefined;
  onSelect: () => void;
}) {
  const price = formatPricePair(m.price);
  const context = formatContext(m.contextWindow);
  return (
    <button
      type="button"
      data-option
      disabled={!m.available}
      aria-current={selected ? "true" : undefined}
      aria-describedby={describedBy}
      onClick={onSelect}
      className={`grid w-full grid-cols-[1fr_auto] items-center gap-x-4 rounded-lg border px-3 py-2 text-left transition-colors disabled:cursor-not-allowed disabled:opacity-55 ${
        selected
          ? "border-indigo-400 bg-indigo-50 dark:border-indigo-500 dark:bg-indigo-950/60"
          : "border-transparent hover:border-zinc-200 hover:bg-zinc-50 dark:hover:border-zinc-700 dark:hover:bg-zinc-800/60"
      }`}
    >
      <span className="min-w-0">
        <span className="flex flex-wrap items-center gap-1.5 text-sm font-medium">
          {m.label}
          {m.emulated ? <EmulatedBadge /> : null}
          {selected ? <CheckIcon className="size-3.5 text-indigo-600 dark:text-indigo-400" /> : null}
          {!m.available ? <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400">· not configured</span> : null}
        </span>
        <span className="mt-0.5 flex flex-wrap items-center gap-x-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          <ProviderDot provider={m.provider} />
          <span>{m.providerLabel}</span>
          {m.location ? <span>· {m.location}</span> : null}
          {context ? <span>· {context} context</span> : null}
        </span>
        <CapabilityBadges capabilities={m.capabilities} className="mt-1" />
      </span>
      <span className="text-right text-xs text-zinc-600 tabular-nums dark:text-zinc-300">
        {price ? (
          <>
            <span className="block font-medium">{price}</span>
            <span className="block text-[11px] text-zinc-600 dark:text-zinc-400">per 1M in / out</span>
          </>
        ) : (
          <span className="text-zinc-400 dark:text-zinc-500">no price</span>
        )}
      </span>
    </button>
  );
}

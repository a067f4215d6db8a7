"use client";

import { Fragment, useCallback, useEffect, useId, useMemo, useState } from "react";
import { ProviderDot } from "@/components/compare/provider-dot";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { AlertIcon, CheckIcon, CopyIcon, RetryIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { writeClipboard } from "@/lib/client/clipboard";
import { formatContext } from "@/lib/format";
import type { DiscoverAccount, DiscoverAccountHeader, DiscoveredModel, DiscoverProvider } from "@/lib/providers/discover";

type Load = { state: "loading" } | { state: "done"; accounts: DiscoverAccount[] } | { state: "failed"; error: string };

const accountKey = (a: { provider: string; account: { location: string | null } }) => `${a.provider}|${a.account.location ?? ""}`;

/** Every configured provider's accounts, asked for separately so a slow cloud never holds up the others. */
function useDiscover(providers: DiscoverProvider[]) {
  const [loads, setLoads] = useState<Partial<Record<DiscoverProvider, Load>>>({});
  const load = useCallback(async (provider: DiscoverProvider, refresh: boolean) => {
    setLoads((l) => ({ ...l, [provider]: { state: "loading" } }));
    let next: Load;
    try {
      const res = await fetch(`/api/v1/discover?provider=${provider}${refresh ? "&refresh=true" : ""}`, { cache: "no-store" });
      const body = (await res.json().catch(() => null)) as { accounts?: DiscoverAccount[]; error?: { message?: string } } | null;
      next =
        res.ok && body?.accounts
          ? { state: "done", accounts: body.accounts }
          : { state: "failed", error: body?.error?.message ?? `The server answered ${res.status}.` };
    } catch {
      next = { state: "failed", error: "Could not reach Juxta's server. Check the connection and try again." };
    }
    setLoads((l) => ({ ...l, [provider]: next }));
  }, []);
  const loadAll = useCallback((refresh: boolean) => providers.forEach((p) => void load(p, refresh)), [providers, load]);
  useEffect(() => loadAll(false), [loadAll]);
  return { loads, load, loadAll };
}

function matches(m: DiscoveredModel, words: string[]): boolean {
  const hay = `${m.label} ${m.providerModelId} ${m.catalogId ?? ""}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/**
 * Discover models: per account a searchable table of what its cloud lists, "In catalog" marks, and
 * for the rest the exact environment line that adds the model. Accounts load on their own; an
 * account's error stays in its own card with a Retry.
 */
export function DiscoverView({ accounts }: { accounts: DiscoverAccountHeader[] }) {
  const id = useId();
  const providers = useMemo(() => [...new Set(accounts.filter((a) => a.configured).map((a) => a.provider))], [accounts]);
  const { loads, load, loadAll } = useDiscover(providers);
  const [query, setQuery] = useState("");
  const [onlyNew, setOnlyNew] = useState(false);
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const configured = accounts.filter((a) => a.configured);
  const notConfigured = accounts.filter((a) => !a.configured);
  const loading = providers.some((p) => (loads[p]?.state ?? "loading") === "loading");

  const resultFor = (header: DiscoverAccountHeader): { load: Load; account?: DiscoverAccount } => {
    const l = loads[header.provider] ?? { state: "loading" };
    if (l.state !== "done") return { load: l };
    return { load: l, account: l.accounts.find((a) => accountKey(a) === accountKey(header)) };
  };
  const shown = configured.reduce((n, h) => {
    const r = resultFor(h).account;
    return n + (r ? r.models.filter((m) => matches(m, words) && (!onlyNew || !m.inCatalog)).length : 0);
  }, 0);

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-lg font-semibold tracking-tight">Discover models</h1>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
            What each configured account offers, from the cloud&apos;s own model list. Models already in Juxta&apos;s catalog are marked;
            for the others you get the environment line that adds them.
          </p>
        </div>
        <Button onClick={() => loadAll(true)} disabled={loading}>
          {loading ? <Spinner /> : <RetryIcon className="size-4" />}
          Refresh
        </Button>
      </div>

      {configured.length > 0 ? (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
          <div className="min-w-56 flex-1">
            <label htmlFor={`${id}-q`} className="sr-only">
              Search models
            </label>
            <input
              id={`${id}-q`}
              type="search"
              autoComplete="off"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Search models: claude sonnet, gpt-oss, us.…"
              aria-describedby={`${id}-count`}
              className={`${inputClasses()} h-9 w-full px-3 text-sm`}
            />
          </div>
          <label className="flex cursor-pointer items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <input
              type="checkbox"
              checked={onlyNew}
              onChange={(e) => setOnlyNew(e.target.checked)}
              className="size-4 rounded border-zinc-300 accent-indigo-600 dark:border-zinc-600"
            />
            Only models not in the catalog
          </label>
          <p id={`${id}-count`} aria-live="polite" className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
            {loading ? "Listing…" : shown === 1 ? "1 model shown" : `${shown} models shown`}
          </p>
        </div>
      ) : null}

      {configured.map((header) => {
        const { load: l, account } = resultFor(header);
        return (
          <AccountCard
            key={accountKey(header)}
            header={header}
            load={l}
            account={account}
            words={words}
            onlyNew={onlyNew}
            onRetry={() => void load(header.provider, true)}
          />
        );
      })}

      {configured.length === 0 ? (
        <p className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          No account with a model list is configured yet. Set one of the providers below, then come back.
        </p>
      ) : null}

      {notConfigured.length > 0 ? (
        <section
          aria-labelledby={`${id}-nc`}
          className="rounded-xl border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400"
        >
          <h2 id={`${id}-nc`} className="font-medium text-zinc-800 dark:text-zinc-200">
            Not configured
          </h2>
          <ul className="mt-1 grid gap-1">
            {notConfigured.map((a) => (
              <li key={accountKey(a)} className="flex gap-2">
                <ProviderDot provider={a.provider} />
                <span>
                  <span className="font-medium text-zinc-700 dark:text-zinc-300">{a.account.label}:</span> {a.hint}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Azure OpenAI and Foundry deployments and Vertex AI have no model list a key can read here: add them by name as the README says.
        Lists are cached for a minute per account; Refresh asks the clouds again.
      </p>
    </>
  );
}

function AccountCard({
  header,
  load,
  account,
  words,
  onlyNew,
  onRetry,
}: {
  header: DiscoverAccountHeader;
  load: Load;
  account: DiscoverAccount | undefined;
  words: string[];
  onlyNew: boolean;
  onRetry: () => void;
}) {
  const id = useId();
  const error = load.state === "failed" ? load.error : account?.status === "error" ? account.error : undefined;
  const models = account?.status === "ok" ? account.models : [];
  const visible = models.filter((m) => matches(m, words) && (!onlyNew || !m.inCatalog));
  const inCatalog = models.filter((m) => m.inCatalog).length;
  return (
    <section
      aria-labelledby={`${id}-h`}
      aria-busy={load.state === "loading"}
      className="overflow-hidden rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 id={`${id}-h`} className="flex min-w-0 items-center gap-2 text-sm font-semibold">
          <ProviderDot provider={header.provider} />
          <span>{header.account.label}</span>
          {header.account.location ? (
            <span className="truncate font-mono text-xs font-normal text-zinc-500 dark:text-zinc-400">{header.account.location}</span>
          ) : null}
        </h2>
        <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
          {load.state === "loading" ? (
            <span className="inline-flex items-center gap-1.5">
              <Spinner /> Listing models…
            </span>
          ) : error ? (
            <span className="font-medium text-red-700 dark:text-red-300">Could not list</span>
          ) : (
            <>
              {models.length} {models.length === 1 ? "model" : "models"} · {inCatalog} in catalog
            </>
          )}
        </p>
      </div>

      {load.state === "loading" ? (
        <div className="grid gap-2 px-4 py-4" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-5 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" style={{ width: `${80 - i * 15}%` }} />
          ))}
        </div>
      ) : error ? (
        <div role="alert" className="flex flex-wrap items-start gap-3 px-4 py-3 text-sm text-red-800 dark:text-red-200">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <p className="min-w-0 flex-1 break-words">{error}</p>
          <Button size="sm" onClick={onRetry}>
            <RetryIcon className="size-3.5" /> Retry
          </Button>
        </div>
      ) : visible.length === 0 ? (
        <p className="px-4 py-4 text-sm text-zinc-500 dark:text-zinc-400">
          {models.length === 0 ? "This account lists no models." : "No model of this account matches."}
        </p>
      ) : (
        <ModelTable provider={header.provider} label={header.account.label} models={visible} />
      )}
      {header.provider === "openai" && load.state === "done" && !error ? (
        <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          OpenAI&apos;s models in Juxta are its built-in list (lib/providers/catalog.ts); no variable adds one.
        </p>
      ) : null}
    </section>
  );
}

function ModelTable({ provider, label, models }: { provider: DiscoverProvider; label: string; models: DiscoveredModel[] }) {
  const id = useId();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Models {label} offers</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-950/60 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Model
            </th>
            <th scope="col" className="hidden px-3 py-2 text-right font-medium whitespace-nowrap sm:table-cell">
              Context
            </th>
            <th scope="col" className="hidden px-3 py-2 text-right font-medium whitespace-nowrap md:table-cell">
              Max output
            </th>
            {provider === "bedrock" ? (
              <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                Input
              </th>
            ) : null}
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Catalog
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {models.map((m, i) => {
            const rowId = `${id}-${i}`;
            const expanded = open === m.providerModelId;
            const context = formatContext(m.contextWindow ?? null);
            const output = formatContext(m.maxOutputTokens ?? null);
            return (
              <Fragment key={m.providerModelId}>
                <tr className="align-top">
                  <td className="w-full max-w-0 px-4 py-2 sm:w-1/2">
                    <div className="flex flex-wrap items-center gap-1.5 font-medium">
                      <span className="break-words">{m.label}</span>
                      {m.kind === "inference-profile" ? <Badge tone="indigo">Inference profile</Badge> : null}
                    </div>
                    {m.label !== m.providerModelId ? (
                      <div className="font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">{m.providerModelId}</div>
                    ) : null}
                    <div className="text-xs text-zinc-500 sm:hidden dark:text-zinc-400">
                      {[context ? `${context} context` : null, output ? `${output} out` : null].filter(Boolean).join(" · ")}
                    </div>
                    {m.note ? <div className="mt-0.5 text-xs text-amber-800 dark:text-amber-300">{m.note}</div> : null}
                  </td>
                  <td className="hidden px-3 py-2 text-right whitespace-nowrap text-zinc-700 tabular-nums sm:table-cell dark:text-zinc-300">
                    {context ?? <Unknown />}
                  </td>
                  <td className="hidden px-3 py-2 text-right whitespace-nowrap text-zinc-700 tabular-nums md:table-cell dark:text-zinc-300">
                    {output ?? <Unknown />}
                  </td>
                  {provider === "bedrock" ? (
                    <td className="hidden px-3 py-2 text-xs whitespace-nowrap text-zinc-600 md:table-cell dark:text-zinc-400">
                      {m.inputModalities?.join(", ") ?? <Unknown />}
                    </td>
                  ) : null}
                  <td className="px-4 py-2 text-right whitespace-nowrap">
                    {m.inCatalog ? (
                      <Badge tone="green" title={m.catalogId}>
                        <CheckIcon className="mr-0.5 size-3" aria-hidden="true" />
                        In catalog
                      </Badge>
                    ) : m.envLine ? (
                      <Button
                        size="sm"
                        aria-expanded={expanded}
                        aria-controls={`${rowId}-env`}
                        onClick={() => setOpen(expanded ? null : m.providerModelId)}
                      >
                        {expanded ? "Hide env line" : "Env line"}
                        <span className="sr-only"> for {m.providerModelId}</span>
                      </Button>
                    ) : (
                      <span className="text-xs text-zinc-500 dark:text-zinc-400">Not in catalog</span>
                    )}
                  </td>
                </tr>
                {m.envLine ? (
                  <tr id={`${rowId}-env`} hidden={!expanded} className="bg-zinc-50 dark:bg-zinc-950/60">
                    <td colSpan={provider === "bedrock" ? 5 : 4} className="px-4 py-2">
                      {expanded ? <EnvLine line={m.envLine} /> : null}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Unknown() {
  return (
    <span className="text-zinc-400 dark:text-zinc-500" title="Not known">
      –<span className="sr-only">not known</span>
    </span>
  );
}

function EnvLine({ line }: { line: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <div className="flex flex-wrap items-start gap-2">
      <p className="min-w-0 flex-1 text-xs text-zinc-600 dark:text-zinc-400">
        Add to the environment (it replaces the variable&apos;s list, so it keeps the models there now), then restart Juxta:
        <code className="mt-1 block rounded-md bg-white px-2 py-1.5 font-mono text-xs break-all text-zinc-900 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700">
          {line}
        </code>
      </p>
      <Button size="sm" onClick={async () => setState((await writeClipboard(line)) ? "copied" : "failed")}>
        {state === "copied" ? <CheckIcon className="size-3.5 text-emerald-600" /> : <CopyIcon className="size-3.5" />}
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
      </Button>
      <span className="sr-only" aria-live="polite">
        {state === "copied" ? "Environment line copied" : state === "failed" ? "Could not copy the line" : ""}
      </span>
    </div>
  );
}

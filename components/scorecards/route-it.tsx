"use client";
// "Route it": the deployments in the scorecard's order (accuracy first, then cost or speed), as a
// fallback order for a gateway (OpenRouter provider order, Vercel AI Gateway order, LiteLLM
// fallbacks), with the evidence link. GET /api/v1/scorecards/<id>/route?by=&format=
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { callApi } from "@/lib/client/call-server";
import { writeClipboard } from "@/lib/client/clipboard";

const orders = [
  { value: "cost", label: "Accuracy, then cost" },
  { value: "speed", label: "Accuracy, then speed" },
] as const;
const formats = [
  { value: "openrouter", label: "OpenRouter (provider order)" },
  { value: "vercel", label: "Vercel AI Gateway (order)" },
  { value: "litellm", label: "LiteLLM (fallbacks)" },
] as const;

type Loaded = { key: string; json: string } | { key: string; error: string };

export function RouteIt({ scorecardId }: { scorecardId: string }) {
  const id = useId();
  const [by, setBy] = useState<(typeof orders)[number]["value"]>("cost");
  const [format, setFormat] = useState<(typeof formats)[number]["value"]>("openrouter");
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [copied, setCopied] = useState(false);
  const key = `${by}|${format}`;

  useEffect(() => {
    let live = true;
    const params = new URLSearchParams({ by, format });
    void callApi<unknown>(
      `/api/v1/scorecards/${encodeURIComponent(scorecardId)}/route?${params}`,
      { cache: "no-store" },
      "load the order",
    ).then((result) => {
      if (!live) return;
      setCopied(false);
      setLoaded(result.ok ? { key, json: JSON.stringify(result.data, null, 2) } : { key, error: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [by, format, key, scorecardId]);

  const current = loaded?.key === key ? loaded : null;
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id={`${id}-title`} className="text-sm font-semibold">
        Route it
      </h2>
      <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        The deployments ordered by this scorecard, as a fallback order for your gateway, with the link to the evidence.
      </p>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Order
          <select value={by} onChange={(e) => setBy(e.target.value as typeof by)} className={`${inputClasses()} h-9 px-2 text-sm`}>
            {orders.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Gateway
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as typeof format)}
            className={`${inputClasses()} h-9 px-2 text-sm`}
          >
            {formats.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <Button
          size="md"
          disabled={!current || !("json" in current)}
          onClick={async () => {
            if (current && "json" in current) setCopied(await writeClipboard(current.json));
          }}
        >
          {copied ? <CheckIcon className="size-3.5" /> : <CopyIcon className="size-3.5" />}
          {copied ? "Copied" : "Copy JSON"}
        </Button>
        <span className="sr-only" aria-live="polite">
          {copied ? "The routing JSON was copied" : ""}
        </span>
      </div>
      {!current ? (
        <p className="mt-3 flex items-center gap-2 text-xs text-zinc-500">
          <Spinner /> Loading…
        </p>
      ) : "error" in current ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {current.error}
        </p>
      ) : (
        <pre
          tabIndex={0}
          aria-label="Routing JSON"
          className="mt-3 max-h-64 overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
        >
          {current.json}
        </pre>
      )}
    </section>
  );
}

"use client";
// New scorecard: name, team or personal, the deployments (usually one logical model on several
// clouds: "All clouds of <model>" picks them in one click), the reference (default: the model
// maker's own API where it is among them), the probe suite (built-in, or a custom one uploaded as
// CSV/JSONL), samples K, schedule, spend cap and alerts. Messages show at their fields.
import { useRouter } from "next/navigation";
import { useId, useMemo, useState, type ReactNode } from "react";
import { ProviderDot } from "@/components/compare/provider-dot";
import type { PickerModel } from "@/components/compare/types";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { sendJson } from "@/lib/client/call-server";
import { formatCount } from "@/lib/format";
import { buildScorecardBody, defaultReference, formField, MAX_DEPLOYMENTS, multiCloudModels, type ScorecardDraft } from "./form-state";

export type SuiteOption = { id: string; name: string; items: number };

const section = "rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";
const label = "text-sm font-medium text-zinc-900 dark:text-zinc-100";
const hint = "text-xs text-zinc-500 dark:text-zinc-400";

export function ScorecardForm({
  models,
  teams,
  suites: initialSuites,
}: {
  models: PickerModel[];
  teams: { id: string; name: string }[];
  suites: SuiteOption[];
}) {
  const router = useRouter();
  const id = useId();
  const [draft, setDraft] = useState<ScorecardDraft>({
    name: "",
    teamId: "",
    deployments: [],
    reference: "",
    suite: "builtin",
    samples: "3",
    schedule: "",
    spendCapUsd: "",
    alertEmail: true,
    webhooks: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [suites, setSuites] = useState(initialSuites);
  const [upload, setUpload] = useState<{ busy: boolean; error: string | null; name: string }>({ busy: false, error: null, name: "" });
  const available = useMemo(() => models.filter((m) => m.available), [models]);
  const shortcuts = useMemo(() => multiCloudModels(available), [available]);
  const byLogical = useMemo(() => {
    const groups = new Map<string, PickerModel[]>();
    for (const m of available) groups.set(m.logicalModel, [...(groups.get(m.logicalModel) ?? []), m]);
    return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  }, [available]);
  const chosen = draft.deployments.map((d) => available.find((m) => m.id === d)).filter((m): m is PickerModel => Boolean(m));

  const err = (field: string) => errors[field];
  const errId = (field: string) => `${id}-${field}-error`;
  const aria = (field: string) => ({
    "aria-invalid": err(field) ? true : undefined,
    "aria-describedby": err(field) ? errId(field) : undefined,
  });
  const message = (field: string) => (err(field) ? <FieldError id={errId(field)}>{err(field)}</FieldError> : null);

  function set<K extends keyof ScorecardDraft>(key: K, value: ScorecardDraft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => {
      if (!e[key] && !e.form) return e;
      const next = { ...e };
      delete next[key];
      delete next.form;
      return next;
    });
  }

  function choose(ids: string[]) {
    setDraft((d) => {
      const reference = ids.includes(d.reference) ? d.reference : defaultReference(ids, available);
      return { ...d, deployments: ids, reference };
    });
    setErrors((e) => {
      const next = { ...e };
      delete next.deployments;
      delete next.reference;
      return next;
    });
  }

  const toggle = (mid: string) =>
    choose(draft.deployments.includes(mid) ? draft.deployments.filter((x) => x !== mid) : [...draft.deployments, mid]);

  async function uploadSuite(file: File | undefined) {
    if (!file) return;
    const format = /\.jsonl?$/i.test(file.name) ? "jsonl" : /\.csv$/i.test(file.name) ? "csv" : null;
    if (!format) return setUpload({ busy: false, error: "Choose a .csv or .jsonl file.", name: file.name });
    setUpload({ busy: true, error: null, name: file.name });
    const body = {
      name: file.name.replace(/\.(csv|jsonl?)$/i, "").slice(0, 120) || "Custom suite",
      teamId: draft.teamId || null,
      format,
      content: await file.text(),
    };
    const result = await sendJson<{ id: string; name: string; items: number }>("/api/v1/probe-suites", "POST", body, "upload the suite");
    if (!result.ok) {
      const lines = (result.body as { errors?: { line?: number; message: string }[] } | null)?.errors ?? [];
      const first = lines
        .slice(0, 3)
        .map((l) => (l.line ? `line ${l.line}: ${l.message}` : l.message))
        .join("; ");
      return setUpload({ busy: false, error: first ? `${result.error.message} ${first}` : result.error.message, name: file.name });
    }
    setSuites((s) => [...s, { id: result.data.id, name: result.data.name, items: result.data.items }]);
    set("suite", result.data.id);
    setUpload({ busy: false, error: null, name: file.name });
  }

  async function submit() {
    const built = buildScorecardBody(draft);
    if (!built.ok) {
      setErrors(built.errors);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    const result = await sendJson<{ id?: string }>("/api/v1/scorecards", "POST", built.body, "create the scorecard");
    if (result.ok && result.data?.id) return router.push(`/scorecards/${result.data.id}`);
    setBusy(false);
    const e = result.ok ? { field: null, message: "The scorecard was not created. Try again." } : result.error;
    setErrors({ [formField(e.field)]: e.message });
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"], main [role="alert"]')?.focus());
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="grid gap-4"
    >
      {errors.form ? (
        <div
          role="alert"
          tabIndex={-1}
          className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {errors.form}
        </div>
      ) : null}

      <section className={section} aria-labelledby={`${id}-about`}>
        <h2 id={`${id}-about`} className="mb-3 text-sm font-semibold">
          About
        </h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-name`} className={label}>
              Name
            </label>
            <input
              id={`${id}-name`}
              value={draft.name}
              onChange={(e) => set("name", e.target.value)}
              {...aria("name")}
              placeholder="gpt-oss-120b across clouds"
              className={`${inputClasses(Boolean(err("name")))} mt-1 block h-9 w-full px-3 text-sm`}
            />
            {message("name")}
          </div>
          <div>
            <label htmlFor={`${id}-team`} className={label}>
              Team
            </label>
            <select
              id={`${id}-team`}
              value={draft.teamId}
              onChange={(e) => set("teamId", e.target.value)}
              {...aria("teamId")}
              className={`${inputClasses(Boolean(err("teamId")))} mt-1 block h-9 w-full px-2 text-sm`}
            >
              <option value="">Just me (personal)</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            {message("teamId")}
          </div>
        </div>
      </section>

      <section className={section} aria-labelledby={`${id}-deployments`}>
        <h2 id={`${id}-deployments`} className="text-sm font-semibold">
          Deployments{" "}
          <span className="font-normal text-zinc-500 dark:text-zinc-400">
            ({chosen.length} of 2–{MAX_DEPLOYMENTS})
          </span>
        </h2>
        <p className={`${hint} mt-0.5`}>
          Usually one model on several clouds: is it really the same model everywhere, and which cloud serves it best?
        </p>
        {shortcuts.length > 0 ? (
          <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Pick every cloud of a model">
            {shortcuts.slice(0, 6).map((s) => (
              <Button
                key={s.logicalModel}
                size="sm"
                onClick={() => choose(s.ids)}
                aria-pressed={s.ids.every((x) => draft.deployments.includes(x)) && s.ids.length === draft.deployments.length}
              >
                All clouds of {s.label} ({s.ids.length})
              </Button>
            ))}
          </div>
        ) : null}
        <fieldset {...aria("deployments")} className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <legend className="sr-only">Deployments</legend>
          {byLogical.map(([logical, list]) => (
            <div key={logical} role="group" aria-labelledby={`${id}-group-${logical}`}>
              <p id={`${id}-group-${logical}`} className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">
                {list[0]!.label}
              </p>
              <ul className="grid gap-1">
                {list.map((m) => {
                  const on = draft.deployments.includes(m.id);
                  return (
                    <li key={m.id}>
                      <label className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          checked={on}
                          disabled={!on && draft.deployments.length >= MAX_DEPLOYMENTS}
                          onChange={() => toggle(m.id)}
                          className="size-4 accent-indigo-600"
                        />
                        <ProviderDot provider={m.provider} />
                        <span>
                          {m.providerLabel}
                          {m.location ? <span className="text-xs text-zinc-500 dark:text-zinc-400"> · {m.location}</span> : null}
                        </span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </fieldset>
        {message("deployments")}
        <div className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          <label htmlFor={`${id}-reference`} className={label}>
            Reference
          </label>
          <select
            id={`${id}-reference`}
            value={draft.reference}
            onChange={(e) => set("reference", e.target.value)}
            {...aria("reference")}
            disabled={chosen.length === 0}
            className={`${inputClasses(Boolean(err("reference")))} mt-1 block h-9 w-full max-w-md px-2 text-sm`}
          >
            {chosen.length === 0 ? <option value="">Choose deployments first</option> : null}
            {chosen.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label} · {m.providerLabel}
                {m.location ? ` · ${m.location}` : ""}
              </option>
            ))}
          </select>
          <p className={`${hint} mt-1`}>
            Every other deployment is tested against it. By default the model maker&rsquo;s own API, when it is among them.
          </p>
          {message("reference")}
        </div>
      </section>

      <section className={section} aria-labelledby={`${id}-suite`}>
        <h2 id={`${id}-suite`} className="mb-3 text-sm font-semibold">
          Probes
        </h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-suite-select`} className={label}>
              Suite
            </label>
            <select
              id={`${id}-suite-select`}
              value={draft.suite}
              onChange={(e) => set("suite", e.target.value)}
              {...aria("suite")}
              className={`${inputClasses(Boolean(err("suite")))} mt-1 block h-9 w-full px-2 text-sm`}
            >
              <option value="builtin">Built-in (about 150 items in six families)</option>
              {suites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({formatCount(s.items)} items)
                </option>
              ))}
            </select>
            {message("suite")}
            <div className="mt-2">
              <label htmlFor={`${id}-suite-file`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
                Or upload a custom suite (CSV or JSONL, a checker per item)
              </label>
              <input
                id={`${id}-suite-file`}
                type="file"
                accept=".csv,.jsonl,.json,text/csv,application/jsonl"
                onChange={(e) => void uploadSuite(e.target.files?.[0])}
                aria-invalid={upload.error ? true : undefined}
                aria-describedby={upload.error ? `${id}-suite-file-error` : `${id}-suite-file-hint`}
                className="mt-1 block w-full text-xs file:mr-2 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-2 file:py-1 file:text-xs dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
              />
              {upload.busy ? (
                <p className={`${hint} mt-1 flex items-center gap-1`}>
                  <Spinner /> Checking {upload.name}…
                </p>
              ) : upload.error ? (
                <FieldError id={`${id}-suite-file-error`}>{upload.error}</FieldError>
              ) : (
                <p id={`${id}-suite-file-hint`} className={`${hint} mt-1`}>
                  Columns: prompt, checker (exact, regex, contains, numeric, json-schema, tool-call), expected.
                </p>
              )}
            </div>
          </div>
          <div>
            <label htmlFor={`${id}-samples`} className={label}>
              Samples per item (K)
            </label>
            <input
              id={`${id}-samples`}
              inputMode="numeric"
              value={draft.samples}
              onChange={(e) => set("samples", e.target.value)}
              {...aria("samples")}
              className={`${inputClasses(Boolean(err("samples")))} mt-1 block h-9 w-24 px-3 text-sm`}
            />
            <p className={`${hint} mt-1`}>Each item is asked K times per deployment (pass@k and pass^k need K ≥ 2).</p>
            {message("samples")}
          </div>
        </div>
      </section>

      <section className={section} aria-labelledby={`${id}-schedule`}>
        <h2 id={`${id}-schedule`} className="mb-3 text-sm font-semibold">
          Schedule, spend and alerts
        </h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-schedule-select`} className={label}>
              Schedule
            </label>
            <select
              id={`${id}-schedule-select`}
              value={draft.schedule}
              onChange={(e) => set("schedule", e.target.value as ScorecardDraft["schedule"])}
              {...aria("schedule")}
              className={`${inputClasses(Boolean(err("schedule")))} mt-1 block h-9 w-full px-2 text-sm`}
            >
              <option value="">None (run when started)</option>
              <option value="hourly">Hourly</option>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
            </select>
            {message("schedule")}
          </div>
          <div>
            <label htmlFor={`${id}-cap`} className={label}>
              Spend cap per run (USD, optional)
            </label>
            <input
              id={`${id}-cap`}
              inputMode="decimal"
              value={draft.spendCapUsd}
              onChange={(e) => set("spendCapUsd", e.target.value)}
              {...aria("spendCapUsd")}
              placeholder="5.00"
              className={`${inputClasses(Boolean(err("spendCapUsd")))} mt-1 block h-9 w-32 px-3 text-sm`}
            />
            {message("spendCapUsd")}
          </div>
        </div>
        <fieldset className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          <legend className={label}>Drift alerts</legend>
          <p className={hint}>Always in the app (the bell). A drift is the latest run differing from the runs before it.</p>
          <label className="mt-2 flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={draft.alertEmail}
              onChange={(e) => set("alertEmail", e.target.checked)}
              className="size-4 accent-indigo-600"
            />
            Email the people who can see this scorecard
          </label>
          <div className="mt-3">
            <label htmlFor={`${id}-webhooks`} className="text-sm font-medium">
              Webhook URLs (one per line, up to 5)
            </label>
            <textarea
              id={`${id}-webhooks`}
              rows={2}
              value={draft.webhooks}
              onChange={(e) => set("webhooks", e.target.value)}
              {...aria("webhooks")}
              placeholder="https://hooks.slack.com/services/…"
              className={`${inputClasses(Boolean(err("webhooks")))} mt-1 block w-full px-3 py-2 font-mono text-xs`}
            />
            <p className={`${hint} mt-1`}>A JSON POST with a “text” field, which Slack, Teams and Mattermost accept.</p>
            {message("webhooks")}
          </div>
        </fieldset>
      </section>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={busy || upload.busy}>
          {busy ? <Spinner /> : null}
          Create scorecard
        </Button>
        <Hint>Nothing runs yet: start the first run from the next page, or wait for the schedule.</Hint>
      </div>
    </form>
  );
}

function Hint({ children }: { children: ReactNode }) {
  return <span className={hint}>{children}</span>;
}

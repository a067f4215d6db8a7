"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { ParamsFields } from "@/components/compare/params-fields";
import { emptyParams, paramKeys, type ParamsDraft } from "@/components/compare/form-input";
import type { PickerModel } from "@/components/compare/types";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { CloseIcon, PlusIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { MAX_MODELS, MAX_PROMPTS, MAX_RATERS, MIN_MODELS, type PromptInput } from "@/lib/evals/schema";

type Errors = Record<string, string>;
type CriterionDraft = { key: string; name: string; scale: "likert" | "passfail" };
type Imported = { prompts: PromptInput[]; fileName: string };

const sectionClasses = "rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";
const labelClasses = "text-sm font-medium text-zinc-900 dark:text-zinc-100";
const hintClasses = "text-xs text-zinc-500 dark:text-zinc-400";

function keyOf(name: string, taken: string[]): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^[^a-z]+/, "").slice(0, 36) || "criterion";
  let key = base;
  for (let i = 2; taken.includes(key); i++) key = `${base}_${i}`;
  return key;
}

function readParams(draft: ParamsDraft, errors: Errors): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of paramKeys) {
    const { text, bad } = draft[k];
    if (bad || (text.trim() !== "" && !Number.isFinite(Number(text)))) errors[`params.${k}`] = "Enter a number.";
    else if (text.trim() !== "") out[k] = Number(text);
  }
  return out;
}

/** Fields the form shows a message beside; other field paths go to the form-level alert. */
const known = /^(name|instructions|teamId|models|params\.\w+|design\.(raters|pairwise|criteria)(\.\d+\.name)?|spendCapUsd|prompts)$/;

/**
 * New evaluation session: name, team, instructions for raters, 2-8 candidate models, shared
 * parameters, the rating design (pairwise and/or criteria, K raters per item), an optional spend
 * cap, and the prompt set (a CSV/JSONL file, checked line by line on the server, or typed in).
 */
export function SessionForm({ models, teams }: { models: PickerModel[]; teams: { id: string; name: string }[] }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [teamId, setTeamId] = useState(teams[0]?.id ?? "");
  const [instructions, setInstructions] = useState("Compare the two answers for accuracy and helpfulness. Ignore length unless it gets in the way.");
  const [chosen, setChosen] = useState<string[]>([]);
  const [params, setParams] = useState<ParamsDraft>(emptyParams);
  const [pairwise, setPairwise] = useState(true);
  const [criteria, setCriteria] = useState<CriterionDraft[]>([]);
  const [raters, setRaters] = useState("3");
  const [spendCap, setSpendCap] = useState("");
  const [source, setSource] = useState<"file" | "typed">("file");
  const [typed, setTyped] = useState("");
  const [imported, setImported] = useState<Imported | null>(null);
  const [importErrors, setImportErrors] = useState<{ line: number; message: string }[]>([]);
  const [importing, setImporting] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const available = useMemo(() => models.filter((m) => m.available), [models]);
  const byProvider = useMemo(() => {
    const groups = new Map<string, PickerModel[]>();
    for (const m of available) groups.set(m.providerLabel, [...(groups.get(m.providerLabel) ?? []), m]);
    return [...groups.entries()];
  }, [available]);

  const clear = (field: string) => setErrors((e) => (field in e || "form" in e ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== field && k !== "form")) : e));

  async function importFile(file: File | undefined) {
    setImported(null);
    setImportErrors([]);
    clear("prompts");
    if (!file) return;
    setImporting(true);
    const body = new FormData();
    body.set("file", file);
    const res = await fetch("/api/v1/evals/import", { method: "POST", body }).catch(() => null);
    setImporting(false);
    if (!res) return setErrors((e) => ({ ...e, prompts: "Could not reach the server to read the file." }));
    const json = (await res.json().catch(() => null)) as { prompts?: PromptInput[]; errors?: { line: number; message: string }[]; error?: { message: string } } | null;
    if (res.ok && json?.prompts) return setImported({ prompts: json.prompts, fileName: file.name });
    setImportErrors(json?.errors ?? []);
    setErrors((e) => ({ ...e, prompts: json?.error?.message ?? `The file could not be read (HTTP ${res.status}).` }));
  }

  async function submit() {
    const errs: Errors = {};
    if (!name.trim()) errs.name = "Name the session.";
    if (chosen.length < MIN_MODELS) errs.models = `Choose at least ${MIN_MODELS} models.`;
    const paramValues = readParams(params, errs);
    const k = Number(raters);
    if (!Number.isInteger(k) || k < 1 || k > MAX_RATERS) errs["design.raters"] = `K is a whole number from 1 to ${MAX_RATERS}.`;
    if (!pairwise && criteria.length === 0) errs["design.pairwise"] = "Choose pairwise votes, criteria, or both.";
    criteria.forEach((c, i) => {
      if (!c.name.trim()) errs[`design.criteria.${i}.name`] = "Name the criterion.";
    });
    const cap = spendCap.trim() === "" ? null : Number(spendCap);
    if (cap !== null && !(cap > 0)) errs.spendCapUsd = "The spend cap is an amount in USD, more than 0.";
    const prompts: PromptInput[] =
      source === "file"
        ? (imported?.prompts ?? [])
        : typed
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean)
            .map((prompt) => ({ prompt, tags: [], gold: false }));
    if (prompts.length === 0) errs.prompts = source === "file" ? "Import a CSV or JSONL file with the prompts." : "Type at least one prompt.";
    else if (prompts.length > MAX_PROMPTS) errs.prompts = `At most ${MAX_PROMPTS.toLocaleString("en-US")} prompts.`;
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    const taken: string[] = [];
    const body = {
      name: name.trim(),
      instructions,
      teamId: teamId || null,
      models: chosen,
      params: paramValues,
      design: {
        pairwise,
        raters: k,
        criteria: criteria.map((c) => {
          const key = keyOf(c.name, taken);
          taken.push(key);
          return { key, name: c.name.trim(), scale: c.scale };
        }),
      },
      spendCapUsd: cap,
      prompts,
    };
    const res = await fetch("/api/v1/evals", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    const json = (await res?.json().catch(() => null)) as { id?: string; error?: { message: string; field: string | null } } | null;
    if (res?.ok && json?.id) {
      router.push(`/evals/${json.id}`);
      return;
    }
    setBusy(false);
    const field = json?.error?.field ?? null;
    const target = field && known.test(field) ? field : field?.startsWith("models.") ? "models" : field?.startsWith("prompts.") ? "prompts" : "form";
    const where = field?.startsWith("prompts.") ? ` (prompt ${Number(field.split(".")[1]) + 1})` : "";
    setErrors({ [target]: json?.error ? `${json.error.message}${where}` : "Could not reach the server. Try again." });
  }

  const err = (f: string) => errors[f];
  const described = (f: string) => (errors[f] ? `${id}-${f.replace(/\W/g, "-")}-error` : undefined);
  const Err = ({ f }: { f: string }) => (errors[f] ? <FieldError id={`${id}-${f.replace(/\W/g, "-")}-error`}>{errors[f]}</FieldError> : null);

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
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {errors.form}
        </div>
      ) : null}
      <section className={sectionClasses} aria-labelledby={`${id}-about`}>
        <h2 id={`${id}-about`} className="mb-3 text-sm font-semibold">
          About
        </h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-name`} className={labelClasses}>
              Name
            </label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                clear("name");
              }}
              aria-invalid={err("name") ? true : undefined}
              aria-describedby={described("name")}
              placeholder="Support answers, Q4 model choice"
              className={`${inputClasses(Boolean(err("name")))} mt-1 block h-9 w-full px-3 text-sm`}
            />
            <Err f="name" />
          </div>
          <div>
            <label htmlFor={`${id}-team`} className={labelClasses}>
              Team
            </label>
            <select
              id={`${id}-team`}
              value={teamId}
              onChange={(e) => setTeamId(e.target.value)}
              aria-describedby={`${id}-team-hint`}
              className={`${inputClasses(Boolean(err("teamId")))} mt-1 block h-9 w-full px-2 text-sm`}
            >
              <option value="">Just me</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <p id={`${id}-team-hint`} className={`${hintClasses} mt-1`}>
              {teams.length ? "Team members rate and see the results by their role." : "Create a team to rate with others."}
            </p>
            <Err f="teamId" />
          </div>
        </div>
        <div className="mt-3">
          <label htmlFor={`${id}-instructions`} className={labelClasses}>
            Instructions for raters
          </label>
          <textarea
            id={`${id}-instructions`}
            value={instructions}
            onChange={(e) => setInstructions(e.target.value)}
            rows={3}
            className={`${inputClasses(Boolean(err("instructions")))} mt-1 block w-full px-3 py-2 text-sm`}
          />
          <Err f="instructions" />
        </div>
      </section>

      <section className={sectionClasses} aria-labelledby={`${id}-models`}>
        <h2 id={`${id}-models`} className="text-sm font-semibold">
          Candidate models <span className="font-normal text-zinc-500 dark:text-zinc-400">({chosen.length} of {MIN_MODELS}–{MAX_MODELS})</span>
        </h2>
        <fieldset aria-describedby={described("models")} aria-invalid={err("models") ? true : undefined} className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <legend className="sr-only">Candidate models</legend>
          {byProvider.length === 0 ? <p className={hintClasses}>No provider is configured: set one up (see the README) to evaluate models.</p> : null}
          {byProvider.map(([provider, list]) => (
            <div key={provider}>
              <p className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">{provider}</p>
              <ul className="grid gap-1">
                {list.map((m) => {
                  const on = chosen.includes(m.id);
                  return (
                    <li key={m.id}>
                      <label className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          checked={on}
                          disabled={!on && chosen.length >= MAX_MODELS}
                          onChange={() => {
                            setChosen((c) => (on ? c.filter((x) => x !== m.id) : [...c, m.id]));
                            clear("models");
                          }}
                          className="size-4 accent-indigo-600"
                        />
                        <span>
                          {m.label}
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
        <Err f="models" />
        <fieldset className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Parameters for every model (empty = the provider&rsquo;s default)</legend>
          <div className="mt-2">
            <ParamsFields
              idPrefix={`${id}-params`}
              errorPrefix="params"
              value={params}
              onChange={(key, text, bad) => {
                setParams((p) => ({ ...p, [key]: { text, bad } }));
                clear(`params.${key}`);
              }}
              errors={errors}
            />
          </div>
        </fieldset>
      </section>

      <section className={sectionClasses} aria-labelledby={`${id}-design`}>
        <h2 id={`${id}-design`} className="mb-2 text-sm font-semibold">
          Rating design
        </h2>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={pairwise} onChange={(e) => (setPairwise(e.target.checked), clear("design.pairwise"))} className="size-4 accent-indigo-600" aria-describedby={described("design.pairwise")} />
          Pairwise blind votes (A better, B better, tie, both bad)
        </label>
        <Err f="design.pairwise" />
        <div className="mt-3">
          <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Scores per answer on named criteria</p>
          <ul className="mt-1.5 grid gap-2">
            {criteria.map((c, i) => (
              <li key={i} className="flex flex-wrap items-start gap-2">
                <div>
                  <label htmlFor={`${id}-criterion-${i}`} className="sr-only">
                    Criterion {i + 1} name
                  </label>
                  <input
                    id={`${id}-criterion-${i}`}
                    value={c.name}
                    placeholder="Accuracy"
                    onChange={(e) => {
                      const v = e.target.value;
                      setCriteria((cs) => cs.map((x, j) => (j === i ? { ...x, name: v } : x)));
                      clear(`design.criteria.${i}.name`);
                    }}
                    aria-invalid={err(`design.criteria.${i}.name`) ? true : undefined}
                    aria-describedby={described(`design.criteria.${i}.name`)}
                    className={`${inputClasses(Boolean(err(`design.criteria.${i}.name`)))} h-8 w-48 px-2 text-sm`}
                  />
                  <Err f={`design.criteria.${i}.name`} />
                </div>
                <label htmlFor={`${id}-criterion-${i}-scale`} className="sr-only">
                  Criterion {i + 1} scale
                </label>
                <select
                  id={`${id}-criterion-${i}-scale`}
                  value={c.scale}
                  onChange={(e) => {
                    const v = e.target.value as CriterionDraft["scale"];
                    setCriteria((cs) => cs.map((x, j) => (j === i ? { ...x, scale: v } : x)));
                  }}
                  className={`${inputClasses(false)} h-8 px-2 text-sm`}
                >
                  <option value="likert">Likert 1–5</option>
                  <option value="passfail">Pass / fail</option>
                </select>
                <Button size="sm" variant="ghost" aria-label={`Remove criterion ${i + 1}`} onClick={() => setCriteria((cs) => cs.filter((_, j) => j !== i))}>
                  <CloseIcon className="size-3.5" />
                </Button>
              </li>
            ))}
          </ul>
          <Button size="sm" className="mt-2" disabled={criteria.length >= 10} onClick={() => (setCriteria((cs) => [...cs, { key: "", name: "", scale: "likert" }]), clear("design.pairwise"))}>
            <PlusIcon className="size-3.5" />
            Add criterion
          </Button>
        </div>
        <div className="mt-3 flex flex-wrap gap-6">
          <div>
            <label htmlFor={`${id}-raters`} className={labelClasses}>
              Raters per item (K)
            </label>
            <input
              id={`${id}-raters`}
              type="number"
              min={1}
              max={MAX_RATERS}
              value={raters}
              onChange={(e) => (setRaters(e.target.value), clear("design.raters"))}
              aria-invalid={err("design.raters") ? true : undefined}
              aria-describedby={described("design.raters")}
              className={`${inputClasses(Boolean(err("design.raters")))} mt-1 block h-9 w-24 px-2 text-sm`}
            />
            <Err f="design.raters" />
          </div>
          <div>
            <label htmlFor={`${id}-cap`} className={labelClasses}>
              Spend cap <span className="font-normal text-zinc-500 dark:text-zinc-400">(USD, optional)</span>
            </label>
            <input
              id={`${id}-cap`}
              inputMode="decimal"
              value={spendCap}
              placeholder="No cap"
              onChange={(e) => (setSpendCap(e.target.value), clear("spendCapUsd"))}
              aria-invalid={err("spendCapUsd") ? true : undefined}
              aria-describedby={described("spendCapUsd")}
              className={`${inputClasses(Boolean(err("spendCapUsd")))} mt-1 block h-9 w-32 px-2 text-sm`}
            />
            <Err f="spendCapUsd" />
          </div>
        </div>
      </section>

      <section className={sectionClasses} aria-labelledby={`${id}-prompts`}>
        <h2 id={`${id}-prompts`} className="text-sm font-semibold">
          Prompt set
        </h2>
        <div role="radiogroup" aria-label="Where the prompts come from" className="mt-2 flex gap-4 text-sm">
          <label className="flex items-center gap-1.5">
            <input type="radio" name={`${id}-source`} checked={source === "file"} onChange={() => (setSource("file"), clear("prompts"))} className="accent-indigo-600" />
            Import a file
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name={`${id}-source`} checked={source === "typed"} onChange={() => (setSource("typed"), clear("prompts"))} className="accent-indigo-600" />
            Type them in
          </label>
        </div>
        {source === "file" ? (
          <div className="mt-3">
            <label htmlFor={`${id}-file`} className={labelClasses}>
              Prompt file (CSV or JSONL)
            </label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,.jsonl,.ndjson,.json,text/csv,application/x-ndjson"
              onChange={(e) => void importFile(e.target.files?.[0])}
              aria-invalid={err("prompts") ? true : undefined}
              aria-describedby={`${id}-file-hint ${described("prompts") ?? ""}`}
              className="mt-1 block text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
            />
            <p id={`${id}-file-hint`} className={`${hintClasses} mt-1`}>
              Columns (CSV header or JSONL keys): <code>prompt</code>, optional <code>system</code>, <code>reference</code>, <code>tags</code> (separated by |), <code>gold</code> (true
              for an attention check; needs a reference). Up to {MAX_PROMPTS.toLocaleString("en-US")} prompts of 100,000 characters. A file with any bad line imports nothing.
            </p>
            {importing ? (
              <p role="status" className="mt-2 flex items-center gap-2 text-sm">
                <Spinner /> Reading the file…
              </p>
            ) : null}
            {imported ? (
              <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
                {imported.fileName}: {imported.prompts.length.toLocaleString("en-US")} prompts ready
                {imported.prompts.some((p) => p.gold) ? `, ${imported.prompts.filter((p) => p.gold).length} gold` : ""}.
              </p>
            ) : null}
          </div>
        ) : (
          <div className="mt-3">
            <label htmlFor={`${id}-typed`} className={labelClasses}>
              Prompts, one per line
            </label>
            <textarea
              id={`${id}-typed`}
              value={typed}
              onChange={(e) => (setTyped(e.target.value), clear("prompts"))}
              rows={6}
              aria-invalid={err("prompts") ? true : undefined}
              aria-describedby={described("prompts")}
              className={`${inputClasses(Boolean(err("prompts")))} mt-1 block w-full px-3 py-2 font-mono text-xs`}
            />
          </div>
        )}
        <Err f="prompts" />
        {importErrors.length > 0 ? (
          <ul className="mt-2 max-h-48 overflow-auto rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" aria-label="Problems in the file">
            {importErrors.map((e, i) => (
              <li key={i}>
                {e.line > 0 ? `Line ${e.line}: ` : ""}
                {e.message}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={busy || importing}>
          {busy ? <Spinner /> : null}
          Create session
        </Button>
        <span className={hintClasses}>Nothing runs yet: the next page shows the cost estimate before you start.</span>
      </div>
    </form>
  );
}

"use client";
// The sections of the new-session form. Each renders a slice of SessionFormState and sends
// actions; the state and its rules are in session-form-state.ts.
import type { Dispatch } from "react";
import { ParamsFields } from "@/components/compare/params-fields";
import type { PickerModel } from "@/components/compare/types";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { CloseIcon, PlusIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { MAX_MODELS, MAX_PROMPTS, MAX_RATERS, MIN_MODELS } from "@/lib/evals/schema";
import { formatCount } from "@/lib/format";
import { MAX_CRITERIA, type CriterionDraft, type SessionFormAction, type SessionFormState } from "./session-form-state";

export const sectionClasses = "rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900";
const labelClasses = "text-sm font-medium text-zinc-900 dark:text-zinc-100";
export const hintClasses = "text-xs text-zinc-500 dark:text-zinc-400";

/** What every section gets: the form's id prefix (useId), the state and dispatch. */
export type SectionProps = { id: string; state: SessionFormState; dispatch: Dispatch<SessionFormAction> };

/** The id of the message beside `field` ("design.raters" -> "<id>-design-raters-error"). */
const errorId = (id: string, field: string) => `${id}-${field.replace(/\W/g, "-")}-error`;

/** aria-describedby for a field: its message's id while it has one. */
function describedBy({ id, state }: Pick<SectionProps, "id" | "state">, field: string): string | undefined {
  return state.errors[field] ? errorId(id, field) : undefined;
}

function invalid(state: SessionFormState, field: string): true | undefined {
  return state.errors[field] ? true : undefined;
}

function FieldMessage({ id, state, field }: Pick<SectionProps, "id" | "state"> & { field: string }) {
  const message = state.errors[field];
  return message ? <FieldError id={errorId(id, field)}>{message}</FieldError> : null;
}

/** Name, team, instructions for raters. */
export function AboutSection({ id, state, dispatch, teams }: SectionProps & { teams: { id: string; name: string }[] }) {
  return (
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
            value={state.name}
            onChange={(e) => dispatch({ type: "set-name", value: e.target.value })}
            aria-invalid={invalid(state, "name")}
            aria-describedby={describedBy({ id, state }, "name")}
            placeholder="Support answers, Q4 model choice"
            className={`${inputClasses(Boolean(state.errors.name))} mt-1 block h-9 w-full px-3 text-sm`}
          />
          <FieldMessage id={id} state={state} field="name" />
        </div>
        <div>
          <label htmlFor={`${id}-team`} className={labelClasses}>
            Team
          </label>
          <select
            id={`${id}-team`}
            value={state.teamId}
            onChange={(e) => dispatch({ type: "set-team", teamId: e.target.value })}
            aria-describedby={`${id}-team-hint`}
            className={`${inputClasses(Boolean(state.errors.teamId))} mt-1 block h-9 w-full px-2 text-sm`}
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
          <FieldMessage id={id} state={state} field="teamId" />
        </div>
      </div>
      <div className="mt-3">
        <label htmlFor={`${id}-instructions`} className={labelClasses}>
          Instructions for raters
        </label>
        <textarea
          id={`${id}-instructions`}
          value={state.instructions}
          onChange={(e) => dispatch({ type: "set-instructions", value: e.target.value })}
          rows={3}
          className={`${inputClasses(Boolean(state.errors.instructions))} mt-1 block w-full px-3 py-2 text-sm`}
        />
        <FieldMessage id={id} state={state} field="instructions" />
      </div>
    </section>
  );
}

/** The candidate models (by provider) and the parameters shared by all of them. */
export function ModelsSection({ id, state, dispatch, byProvider }: SectionProps & { byProvider: [string, PickerModel[]][] }) {
  const { chosen } = state;
  return (
    <section className={sectionClasses} aria-labelledby={`${id}-models`}>
      <h2 id={`${id}-models`} className="text-sm font-semibold">
        Candidate models{" "}
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          ({chosen.length} of {MIN_MODELS}–{MAX_MODELS})
        </span>
      </h2>
      <fieldset
        aria-describedby={describedBy({ id, state }, "models")}
        aria-invalid={invalid(state, "models")}
        className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
      >
        <legend className="sr-only">Candidate models</legend>
        {byProvider.length === 0 ? (
          <p className={hintClasses}>No provider is configured: set one up (see the README) to evaluate models.</p>
        ) : null}
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
                        onChange={() => dispatch({ type: "toggle-model", id: m.id })}
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
      <FieldMessage id={id} state={state} field="models" />
      <fieldset className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
        <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Parameters for every model (empty = the provider&rsquo;s default)
        </legend>
        <div className="mt-2">
          <ParamsFields
            idPrefix={`${id}-params`}
            errorPrefix="params"
            value={state.params}
            onChange={(key, text, bad) => dispatch({ type: "set-param", key, text, bad })}
            errors={state.errors}
          />
        </div>
      </fieldset>
    </section>
  );
}

/** Pairwise votes, criteria, K raters per item, the spend cap. */
export function DesignSection({ id, state, dispatch, local = false }: SectionProps & { local?: boolean }) {
  const { criteria } = state;
  return (
    <section className={sectionClasses} aria-labelledby={`${id}-design`}>
      <h2 id={`${id}-design`} className="mb-2 text-sm font-semibold">
        Rating design
      </h2>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={state.pairwise}
          onChange={(e) => dispatch({ type: "set-pairwise", on: e.target.checked })}
          className="size-4 accent-indigo-600"
          aria-describedby={describedBy({ id, state }, "design.pairwise")}
        />
        Pairwise blind votes (A better, B better, tie, both bad)
      </label>
      <FieldMessage id={id} state={state} field="design.pairwise" />
      <div className="mt-3">
        <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Scores per answer on named criteria</p>
        <ul className="mt-1.5 grid gap-2">
          {criteria.map((c, i) => {
            const field = `design.criteria.${i}.name`;
            return (
              <li key={i} className="flex flex-wrap items-start gap-2">
                <div>
                  <label htmlFor={`${id}-criterion-${i}`} className="sr-only">
                    Criterion {i + 1} name
                  </label>
                  <input
                    id={`${id}-criterion-${i}`}
                    value={c.name}
                    placeholder="Accuracy"
                    onChange={(e) => dispatch({ type: "rename-criterion", index: i, name: e.target.value })}
                    aria-invalid={invalid(state, field)}
                    aria-describedby={describedBy({ id, state }, field)}
                    className={`${inputClasses(Boolean(state.errors[field]))} h-8 w-48 px-2 text-sm`}
                  />
                  <FieldMessage id={id} state={state} field={field} />
                </div>
                <label htmlFor={`${id}-criterion-${i}-scale`} className="sr-only">
                  Criterion {i + 1} scale
                </label>
                <select
                  id={`${id}-criterion-${i}-scale`}
                  value={c.scale}
                  onChange={(e) => dispatch({ type: "set-criterion-scale", index: i, scale: e.target.value as CriterionDraft["scale"] })}
                  className={`${inputClasses(false)} h-8 px-2 text-sm`}
                >
                  <option value="likert">Likert 1–5</option>
                  <option value="passfail">Pass / fail</option>
                </select>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove criterion ${i + 1}`}
                  onClick={() => dispatch({ type: "remove-criterion", index: i })}
                >
                  <CloseIcon className="size-3.5" />
                </Button>
              </li>
            );
          })}
        </ul>
        <Button size="sm" className="mt-2" disabled={criteria.length >= MAX_CRITERIA} onClick={() => dispatch({ type: "add-criterion" })}>
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
            value={state.raters}
            onChange={(e) => dispatch({ type: "set-raters", value: e.target.value })}
            aria-invalid={invalid(state, "design.raters")}
            aria-describedby={
              [local ? `${id}-raters-hint` : "", describedBy({ id, state }, "design.raters") ?? ""].join(" ").trim() || undefined
            }
            className={`${inputClasses(Boolean(state.errors["design.raters"]))} mt-1 block h-9 w-24 px-2 text-sm`}
          />
          {local ? (
            <p id={`${id}-raters-hint`} className={`${hintClasses} mt-1 max-w-xs`}>
              Sign-in is off (local mode), so you are the only rater: one rater per item. Several raters per item need sign-in.
            </p>
          ) : null}
          <FieldMessage id={id} state={state} field="design.raters" />
        </div>
        <div>
          <label htmlFor={`${id}-cap`} className={labelClasses}>
            Spend cap <span className="font-normal text-zinc-500 dark:text-zinc-400">(USD, optional)</span>
          </label>
          <input
            id={`${id}-cap`}
            inputMode="decimal"
            value={state.spendCap}
            placeholder="No cap"
            onChange={(e) => dispatch({ type: "set-spend-cap", value: e.target.value })}
            aria-invalid={invalid(state, "spendCapUsd")}
            aria-describedby={describedBy({ id, state }, "spendCapUsd")}
            className={`${inputClasses(Boolean(state.errors.spendCapUsd))} mt-1 block h-9 w-32 px-2 text-sm`}
          />
          <FieldMessage id={id} state={state} field="spendCapUsd" />
        </div>
      </div>
    </section>
  );
}

/** The prompt set: a file checked on the server, or typed in one per line. */
export function PromptsSection({ id, state, dispatch, onFile }: SectionProps & { onFile: (file: File | undefined) => void }) {
  const { imported, importErrors } = state;
  return (
    <section className={sectionClasses} aria-labelledby={`${id}-prompts`}>
      <h2 id={`${id}-prompts`} className="text-sm font-semibold">
        Prompt set
      </h2>
      <div role="radiogroup" aria-label="Where the prompts come from" className="mt-2 flex gap-4 text-sm">
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name={`${id}-source`}
            checked={state.source === "file"}
            onChange={() => dispatch({ type: "set-source", source: "file" })}
            className="accent-indigo-600"
          />
          Import a file
        </label>
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name={`${id}-source`}
            checked={state.source === "typed"}
            onChange={() => dispatch({ type: "set-source", source: "typed" })}
            className="accent-indigo-600"
          />
          Type them in
        </label>
      </div>
      {state.source === "file" ? (
        <div className="mt-3">
          <label htmlFor={`${id}-file`} className={labelClasses}>
            Prompt file (CSV or JSONL)
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.jsonl,.ndjson,.json,text/csv,application/x-ndjson"
            onChange={(e) => onFile(e.target.files?.[0])}
            aria-invalid={invalid(state, "prompts")}
            aria-describedby={`${id}-file-hint ${describedBy({ id, state }, "prompts") ?? ""}`}
            className="mt-1 block text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
          />
          <p id={`${id}-file-hint`} className={`${hintClasses} mt-1`}>
            Columns (CSV header or JSONL keys): <code>prompt</code>, optional <code>system</code>, <code>reference</code>, <code>tags</code>{" "}
            (separated by |), <code>gold</code> (true for an attention check; needs a reference). Up to {formatCount(MAX_PROMPTS)} prompts
            of 100,000 characters. A file with any bad line imports nothing.
          </p>
          {state.importing ? (
            <p role="status" className="mt-2 flex items-center gap-2 text-sm">
              <Spinner /> Reading the file…
            </p>
          ) : null}
          {imported ? (
            <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
              {imported.fileName}: {formatCount(imported.prompts.length)} prompts ready
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
            value={state.typed}
            onChange={(e) => dispatch({ type: "set-typed", value: e.target.value })}
            rows={6}
            aria-invalid={invalid(state, "prompts")}
            aria-describedby={describedBy({ id, state }, "prompts")}
            className={`${inputClasses(Boolean(state.errors.prompts))} mt-1 block w-full px-3 py-2 font-mono text-xs`}
          />
        </div>
      )}
      <FieldMessage id={id} state={state} field="prompts" />
      {importErrors.length > 0 ? (
        <ul
          className="mt-2 max-h-48 overflow-auto rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          aria-label="Problems in the file"
        >
          {importErrors.map((e, i) => (
            <li key={i}>
              {e.line > 0 ? `Line ${e.line}: ` : ""}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

"use client";
// The composer's Tools and Response schema sections: tools defined once for every pane (name,
// description, parameters JSON Schema, a mock result or "type it in when the call arrives"), the
// step limit, and a JSON Schema for the answer. JSON is typed in code textareas checked as one
// types (tools-draft.ts); a message from the server lands beside the same field.
import { useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { AlertIcon, CheckIcon, CloseIcon, PlusIcon } from "@/components/ui/icons";
import type { FieldErrors } from "./form-input";
import {
  blankTool,
  checkSchemaText,
  DEFAULT_MAX_STEPS,
  MAX_STEPS,
  MAX_TOOLS,
  MIN_STEPS,
  checkResultText,
  schemaExamples,
  toolExamples,
  type JsonState,
  type ToolDraft,
  type ToolsDraft,
} from "./tools-draft";

type Edit = (tools: ToolsDraft, field?: string) => void;

let toolCounter = 0;
const nextToolKey = () => `tool-${Date.now()}-${++toolCounter}`;

/**
 * The line under a JSON editor: "✓ Valid…", the parse or schema problem (grey while typing, red
 * once it counts), or the server's message. One line box whatever it says, so a message turning
 * red as the field is left moves nothing: a click on the button below still lands on it.
 */
export function JsonStatus({
  id,
  state,
  message,
  validLabel,
}: {
  id: string;
  state: JsonState;
  message?: string | null;
  validLabel: string;
}) {
  const text = message ?? (state.kind === "invalid" ? state.message : state.kind === "valid" ? validLabel : "");
  const tone = message
    ? "text-red-700 dark:text-red-400"
    : state.kind === "valid"
      ? "text-zinc-600 dark:text-zinc-400"
      : "text-zinc-500 dark:text-zinc-400";
  return (
    <p id={id} className={`mt-1 flex min-h-4 items-start gap-1 text-[11px] leading-4 ${tone}`}>
      {message || state.kind === "invalid" ? (
        <AlertIcon className="mt-0.5 size-3 shrink-0" />
      ) : state.kind === "valid" ? (
        <CheckIcon className="mt-0.5 size-3 shrink-0 text-emerald-600 dark:text-emerald-400" />
      ) : null}
      <span>{text}</span>
    </p>
  );
}

/**
 * A JSON text field in a monospace textarea. Its message: the server's (`error`) first, else what
 * the live check finds (in grey while typing, in red once the field has been left), else "Valid
 * JSON…" in words beside a check mark.
 */
function JsonField({
  id,
  label,
  hint,
  value,
  onChange,
  check,
  error,
  validLabel,
  onKeyDown,
  rows = 6,
  placeholder,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (text: string) => void;
  check: (text: string) => JsonState;
  error?: string;
  validLabel: string;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
  rows?: number;
  placeholder?: string;
}) {
  const [touched, setTouched] = useState(false);
  const state = check(value);
  const message = error ?? (state.kind === "invalid" && touched ? state.message : undefined);
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : `${id}-status`].filter(Boolean).join(" ");
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-[11px] text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        name={id}
        value={value}
        rows={rows}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => setTouched(true)}
        onKeyDown={onKeyDown}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        className={`${inputClasses(Boolean(message))} mt-1 block max-h-[50vh] min-h-20 w-full resize-y px-2.5 py-1.5 font-mono text-xs leading-relaxed field-sizing-content`}
      />
      <JsonStatus id={message ? `${id}-error` : `${id}-status`} state={state} message={message} validLabel={validLabel} />
    </div>
  );
}

const schemaCheck = (text: string) => checkSchemaText(text, { forParameters: false });
const paramsCheck = (text: string) => checkSchemaText(text, { forParameters: true });

/** One tool's card: name, description, parameters, mock. */
function ToolCard({
  tool,
  index,
  errors,
  onChange,
  onRemove,
  onKeyDown,
}: {
  tool: ToolDraft;
  index: number;
  errors: FieldErrors;
  onChange: (tool: ToolDraft, field: string) => void;
  onRemove: () => void;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
}) {
  const id = `tool-${index}`;
  const nameError = errors[`tools.${index}.name`];
  const title = tool.name.trim() || `Tool ${index + 1}`;
  return (
    <li
      data-tool={index}
      aria-label={`Tool ${index + 1}: ${title}`}
      className="rounded-lg border border-zinc-200 bg-zinc-50/60 p-3 dark:border-zinc-700 dark:bg-zinc-950/40"
    >
      <div className="grid gap-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-start">
        <div className="min-w-0">
          <label htmlFor={`${id}-name`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Name
          </label>
          <input
            id={`${id}-name`}
            name={`tools.${index}.name`}
            value={tool.name}
            onChange={(e) => onChange({ ...tool, name: e.target.value }, `tools.${index}.name`)}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            placeholder="get_weather"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            className={`${inputClasses(Boolean(nameError))} mt-1 h-8 w-full px-2 font-mono text-xs`}
          />
          {nameError ? <FieldError id={`${id}-name-error`}>{nameError}</FieldError> : null}
        </div>
        <div className="min-w-0">
          <label htmlFor={`${id}-description`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Description <span className="font-normal text-zinc-500 dark:text-zinc-400">(what the model reads)</span>
          </label>
          <input
            id={`${id}-description`}
            name={`tools.${index}.description`}
            value={tool.description}
            onChange={(e) => onChange({ ...tool, description: e.target.value }, `tools.${index}.description`)}
            placeholder="Current weather for a city."
            className={`${inputClasses(Boolean(errors[`tools.${index}.description`]))} mt-1 h-8 w-full px-2 text-sm`}
          />
          {errors[`tools.${index}.description`] ? (
            <FieldError id={`${id}-description-error`}>{errors[`tools.${index}.description`]}</FieldError>
          ) : null}
        </div>
        <Button size="sm" variant="ghost" className="sm:mt-5" aria-label={`Remove tool ${title}`} onClick={onRemove}>
          <CloseIcon className="size-3.5" />
          <span aria-hidden="true">Remove</span>
        </Button>
      </div>
      <div className="mt-2 grid gap-3 lg:grid-cols-2">
        <JsonField
          id={`${id}-parameters`}
          label="Parameters (JSON Schema)"
          value={tool.parameters}
          onChange={(parameters) => onChange({ ...tool, parameters }, `tools.${index}.parameters`)}
          check={paramsCheck}
          error={errors[`tools.${index}.parameters`]}
          validLabel="Valid JSON Schema"
          onKeyDown={onKeyDown}
        />
        <fieldset className="min-w-0">
          <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">When a model calls it</legend>
          <div className="mt-1 flex flex-col gap-1 text-xs text-zinc-700 dark:text-zinc-300">
            <label className="inline-flex cursor-pointer items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-mock`}
                checked={tool.mock === "result"}
                onChange={() => onChange({ ...tool, mock: "result" }, `tools.${index}.result`)}
                className="size-3.5 accent-indigo-600"
              />
              Answer with this JSON result
            </label>
            <label className="inline-flex cursor-pointer items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-mock`}
                checked={tool.mock === "manual"}
                onChange={() => onChange({ ...tool, mock: "manual" }, `tools.${index}.result`)}
                className="size-3.5 accent-indigo-600"
              />
              Let me type the result when the call arrives
            </label>
          </div>
          {tool.mock === "result" ? (
            <div className="mt-1.5">
              <JsonField
                id={`${id}-result`}
                label="Result (JSON)"
                value={tool.result}
                rows={4}
                onChange={(result) => onChange({ ...tool, result }, `tools.${index}.result`)}
                check={checkResultText}
                error={errors[`tools.${index}.result`]}
                validLabel="Valid JSON"
                onKeyDown={onKeyDown}
              />
            </div>
          ) : (
            <p className="mt-1.5 rounded-md bg-zinc-100 px-2 py-1.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
              Each pane waits at its call with a form for the result; the other panes go on.
            </p>
          )}
        </fieldset>
      </div>
    </li>
  );
}

/** The Tools section: the tools, examples to start from, the step limit. */
export function ToolsSection({
  id,
  draft,
  onEdit,
  errors,
  prompt,
  onPrompt,
  onKeyDown,
}: {
  id: string;
  draft: ToolsDraft;
  onEdit: Edit;
  errors: FieldErrors;
  /** an example fills an empty prompt with one that makes models call its tool */
  prompt: string;
  onPrompt: (value: string) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
}) {
  const { tools } = draft;
  const stepsError = errors.maxSteps;
  const focusTool = (index: number) =>
    requestAnimationFrame(() => document.getElementById(`tool-${index}-name`)?.focus({ preventScroll: false }));
  const add = (tool: ToolDraft) => {
    onEdit({ ...draft, tools: [...tools, tool] }, "tools");
    focusTool(tools.length);
  };
  return (
    <fieldset id={id} className="mt-3 min-w-0 rounded-lg border border-zinc-200 px-3 pt-1.5 pb-3 dark:border-zinc-700">
      <legend className="px-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Tools <span className="font-normal text-zinc-500 dark:text-zinc-400">(every pane gets them)</span>
      </legend>
      <div className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
        <span id={`${id}-examples`}>Start from an example:</span>
        {toolExamples.map((ex) => (
          <Button
            key={ex.id}
            size="sm"
            variant="secondary"
            title={ex.about}
            aria-describedby={`${id}-examples`}
            disabled={tools.length >= MAX_TOOLS || tools.some((t) => t.name === ex.tool.name)}
            onClick={() => {
              add({ ...ex.tool, key: nextToolKey() });
              if (!prompt.trim()) onPrompt(ex.prompt);
            }}
          >
            {ex.label}
          </Button>
        ))}
      </div>
      {tools.length > 0 ? (
        <ol className="mt-2 flex flex-col gap-2" aria-label="Tools">
          {tools.map((tool, i) => (
            <ToolCard
              key={tool.key}
              tool={tool}
              index={i}
              errors={errors}
              onKeyDown={onKeyDown}
              onChange={(next, field) => onEdit({ ...draft, tools: tools.map((t, j) => (j === i ? next : t)) }, field)}
              onRemove={() => {
                onEdit({ ...draft, tools: tools.filter((_, j) => j !== i) }, "tools");
                requestAnimationFrame(() =>
                  (document.getElementById(`tool-${Math.min(i, tools.length - 2)}-name`) ?? document.getElementById(`${id}-add`))?.focus(),
                );
              }}
            />
          ))}
        </ol>
      ) : (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">No tools yet: add one, or start from an example.</p>
      )}
      {errors.tools ? <FieldError id={`${id}-error`}>{errors.tools}</FieldError> : null}
      <div className="mt-2 flex flex-wrap items-end justify-between gap-3">
        <Button id={`${id}-add`} size="sm" onClick={() => add(blankTool(nextToolKey()))} disabled={tools.length >= MAX_TOOLS}>
          <PlusIcon className="size-3.5" />
          Add tool
        </Button>
        <div>
          <label htmlFor={`${id}-steps`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            Step limit <span className="font-normal text-zinc-500 dark:text-zinc-400">(model calls per answer)</span>
          </label>
          <input
            id={`${id}-steps`}
            name="maxSteps"
            type="number"
            inputMode="numeric"
            min={MIN_STEPS}
            max={MAX_STEPS}
            step={1}
            value={draft.maxSteps}
            placeholder={String(DEFAULT_MAX_STEPS)}
            onChange={(e) => onEdit({ ...draft, maxSteps: e.target.value }, "maxSteps")}
            aria-invalid={stepsError ? true : undefined}
            aria-describedby={stepsError ? `${id}-steps-error` : `${id}-steps-hint`}
            className={`${inputClasses(Boolean(stepsError))} mt-1 h-8 w-24 px-2 text-sm`}
          />
          {stepsError ? (
            <FieldError id={`${id}-steps-error`}>{stepsError}</FieldError>
          ) : (
            <p id={`${id}-steps-hint`} className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">
              {MIN_STEPS} to {MAX_STEPS}; empty = {DEFAULT_MAX_STEPS}
            </p>
          )}
        </div>
      </div>
    </fieldset>
  );
}

/** The Response schema section: a JSON Schema every answer is checked against. */
export function ResponseSchemaSection({
  id,
  draft,
  onEdit,
  errors,
  prompt,
  onPrompt,
  onKeyDown,
}: {
  id: string;
  draft: ToolsDraft;
  onEdit: Edit;
  errors: FieldErrors;
  prompt: string;
  onPrompt: (value: string) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
}) {
  return (
    <fieldset id={id} className="mt-3 min-w-0 rounded-lg border border-zinc-200 px-3 pt-1.5 pb-3 dark:border-zinc-700">
      <legend className="px-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Response schema <span className="font-normal text-zinc-500 dark:text-zinc-400">(each answer is checked against it)</span>
      </legend>
      <div className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
        <span id={`${id}-examples`}>Start from an example:</span>
        {schemaExamples.map((ex) => (
          <Button
            key={ex.id}
            size="sm"
            variant="secondary"
            aria-describedby={`${id}-examples`}
            onClick={() => {
              onEdit({ ...draft, responseSchema: ex.schema }, "responseSchema");
              if (!prompt.trim()) onPrompt(ex.prompt);
              requestAnimationFrame(() => document.getElementById(`${id}-text`)?.focus());
            }}
          >
            {ex.label}
          </Button>
        ))}
      </div>
      <div className="mt-2">
        <JsonField
          id={`${id}-text`}
          label="JSON Schema for the answer"
          hint="Models that support it are asked for JSON matching this schema; every answer is validated against it."
          value={draft.responseSchema}
          rows={8}
          placeholder={'{\n  "type": "object",\n  "properties": { "answer": { "type": "string" } },\n  "required": ["answer"]\n}'}
          onChange={(responseSchema) => onEdit({ ...draft, responseSchema }, "responseSchema")}
          check={schemaCheck}
          error={errors.responseSchema}
          validLabel="Valid JSON Schema"
          onKeyDown={onKeyDown}
        />
      </div>
      {draft.responseSchema ? (
        <Button
          size="sm"
          variant="ghost"
          className="mt-1"
          onClick={() => {
            onEdit({ ...draft, responseSchema: "" }, "responseSchema");
            requestAnimationFrame(() => document.getElementById(`${id}-text`)?.focus());
          }}
        >
          <CloseIcon className="size-3.5" />
          Clear the schema
        </Button>
      ) : null}
    </fieldset>
  );
}

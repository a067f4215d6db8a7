"use client";

import type { KeyboardEvent, Ref } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { AlertIcon, SendIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { MAX_PROMPT_CHARS } from "@/lib/compare/schema";
import { formatCount } from "@/lib/format";
import type { FieldErrors, ParamKey, ParamsDraft } from "./form-input";
import { ParamsFields } from "./params-fields";

function submitOnModEnter(onSubmit: () => void) {
  return (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      onSubmit();
    }
  };
}

function CharCount({ id, length }: { id: string; length: number }) {
  const over = length > MAX_PROMPT_CHARS;
  return (
    <span
      id={id}
      className={`text-xs tabular-nums ${over ? "font-medium text-red-700 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400"}`}
    >
      {formatCount(length)} / {formatCount(MAX_PROMPT_CHARS)} characters
    </span>
  );
}

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(" ");
  return list || undefined;
}

const shortcut = "Ctrl+Enter (⌘+Enter on a Mac)";

/** The first prompt: prompt, optional system prompt, shared parameters, Compare. */
export function Composer({
  prompt,
  onPrompt,
  system,
  onSystem,
  params,
  onParam,
  errors,
  busy,
  onSubmit,
}: {
  prompt: string;
  onPrompt: (v: string) => void;
  system: string;
  onSystem: (v: string) => void;
  params: ParamsDraft;
  onParam: (key: ParamKey, text: string, bad: boolean) => void;
  errors: FieldErrors;
  busy: boolean;
  onSubmit: () => void;
}) {
  const onKeyDown = submitOnModEnter(onSubmit);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor="prompt" className="text-sm font-medium">
          Prompt
        </label>
        <CharCount id="prompt-count" length={prompt.length} />
      </div>
      <textarea
        id="prompt"
        name="prompt"
        value={prompt}
        onChange={(e) => onPrompt(e.target.value)}
        onKeyDown={onKeyDown}
        rows={4}
        placeholder="Ask every model the same thing…"
        aria-invalid={errors.prompt ? true : undefined}
        aria-describedby={describedBy(errors.prompt && "prompt-error", "prompt-count", "prompt-shortcut")}
        className={`${inputClasses(Boolean(errors.prompt))} mt-1.5 block max-h-[40vh] min-h-28 w-full resize-y px-3 py-2 text-sm leading-relaxed field-sizing-content`}
      />
      {errors.prompt ? <FieldError id="prompt-error">{errors.prompt}</FieldError> : null}

      <div className="mt-3">
        <label htmlFor="system" className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          System prompt <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
        </label>
        <textarea
          id="system"
          name="system"
          value={system}
          onChange={(e) => onSystem(e.target.value)}
          onKeyDown={onKeyDown}
          rows={1}
          placeholder="Instructions every model gets before the prompt"
          aria-invalid={errors.system ? true : undefined}
          aria-describedby={errors.system ? "system-error" : undefined}
          className={`${inputClasses(Boolean(errors.system))} mt-1 block max-h-[30vh] min-h-9 w-full resize-y px-3 py-1.5 text-sm field-sizing-content`}
        />
        {errors.system ? <FieldError id="system-error">{errors.system}</FieldError> : null}
      </div>

      <div className="mt-3 flex flex-wrap items-end justify-between gap-4">
        <fieldset className="min-w-0">
          <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">
            Parameters <span className="font-normal text-zinc-500 dark:text-zinc-400">(all panes; empty = provider default)</span>
          </legend>
          <ParamsFields idPrefix="shared" errorPrefix="params" value={params} onChange={onParam} errors={errors} />
        </fieldset>
        <div className="flex items-center gap-3">
          <span id="prompt-shortcut" className="hidden text-xs text-zinc-500 sm:inline dark:text-zinc-400">
            <kbd className="rounded border border-zinc-300 px-1 font-sans dark:border-zinc-600">Ctrl</kbd>+
            <kbd className="rounded border border-zinc-300 px-1 font-sans dark:border-zinc-600">Enter</kbd>
            <span className="sr-only"> or {shortcut} compares</span>
          </span>
          <Button type="submit" variant="primary" disabled={busy} className="min-w-28 justify-center">
            {busy ? <Spinner /> : null}
            {busy ? "Starting…" : "Compare"}
          </Button>
        </div>
      </div>
      {errors.form ? (
        <p
          role="alert"
          className="mt-3 flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

/** After the first turn: one prompt that goes to every pane, each with its own thread. */
export function FollowUpComposer({
  ref,
  value,
  onChange,
  onSubmit,
  error,
  busy,
  running,
}: {
  ref: Ref<HTMLTextAreaElement>;
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  error: string | null;
  busy: boolean;
  running: boolean;
}) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      className="sticky bottom-0 z-10 -mx-4 mt-4 border-t border-zinc-200 bg-zinc-50/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6 dark:border-zinc-800 dark:bg-zinc-950/95"
    >
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor="follow-up" className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Follow-up prompt <span className="font-normal text-zinc-500 dark:text-zinc-400">(goes to every pane)</span>
        </label>
        <CharCount id="follow-up-count" length={value.length} />
      </div>
      <div className="mt-1 flex items-end gap-2">
        <textarea
          ref={ref}
          id="follow-up"
          name="prompt"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={submitOnModEnter(onSubmit)}
          rows={1}
          placeholder={running ? "The answers are still streaming…" : "Ask every model a follow-up…"}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(error && "follow-up-error", "follow-up-count")}
          className={`${inputClasses(Boolean(error))} block max-h-48 min-h-10 w-full resize-none px-3 py-2 text-sm field-sizing-content`}
        />
        <Button type="submit" variant="primary" disabled={busy} className="h-10">
          {busy ? <Spinner /> : <SendIcon className="size-4" />}
          Send
        </Button>
      </div>
      {error ? <FieldError id="follow-up-error">{error}</FieldError> : null}
    </form>
  );
}

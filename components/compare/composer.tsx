"use client";

import { useEffect, useRef, type KeyboardEvent, type ReactNode, type Ref } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { AlertIcon, ChevronIcon, SendIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { MAX_PROMPT_CHARS } from "@/lib/compare/schema";
import { formatCount } from "@/lib/format";
import type { FieldErrors, ParamKey, ParamsDraft } from "./form-input";
import { AttachedImages, AttachImagesButton, DropOverlay, pastedFiles, useFileDrop, useImageFiles } from "./image-attachments";
import type { ImageDraft } from "./image-files";
import { ParamsFields } from "./params-fields";
import type { ComposerSection } from "./playground-state";
import { ResponseSchemaSection, ToolsSection } from "./tools-editor";
import type { ToolsDraft } from "./tools-draft";

/**
 * Enter sends and Shift+Enter adds a line (as in chat apps); Ctrl/⌘+Enter sends too. A key press
 * that ends an IME composition (Japanese, Chinese, Korean input) only confirms the text: it never
 * sends. Alt+Enter is left to the browser.
 */
export function sendOnEnter(onSubmit: () => void) {
  return (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== "Enter" || e.shiftKey || e.altKey) return;
    // keyCode 229: Safari reports the composition-ending Enter with isComposing already false
    if (e.nativeEvent.isComposing || e.nativeEvent.keyCode === 229) return;
    e.preventDefault();
    onSubmit();
  };
}

/** The system prompt is often several lines: there Enter is a new line and Ctrl/⌘+Enter sends. */
function sendOnModEnter(onSubmit: () => void) {
  return (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && !e.nativeEvent.isComposing) {
      e.preventDefault();
      onSubmit();
    }
  };
}

/** "Enter to send · Shift+Enter for a new line", under the prompt (also its accessible description). */
function EnterHint({ id }: { id: string }) {
  const key = "rounded border border-zinc-300 px-1 font-sans text-[11px] dark:border-zinc-600";
  return (
    <p id={id} className="text-xs text-zinc-500 dark:text-zinc-400">
      <kbd className={key}>Enter</kbd> to send · <kbd className={key}>Shift</kbd>+<kbd className={key}>Enter</kbd> for a new line
    </p>
  );
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

/** A toggle that opens one of the composer's optional sections ("Tools (2)", "Response schema"). */
function SectionToggle({
  open,
  controls,
  onToggle,
  children,
  invalid,
}: {
  open: boolean;
  controls: string;
  onToggle: () => void;
  children: ReactNode;
  invalid?: boolean;
}) {
  return (
    <Button
      size="sm"
      variant={open ? "secondary" : "ghost"}
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      onClick={onToggle}
      className={invalid ? "text-red-700 dark:text-red-400" : ""}
    >
      <ChevronIcon className={`size-3.5 transition-transform motion-reduce:transition-none ${open ? "rotate-90" : ""}`} />
      {children}
      {invalid ? <span className="sr-only"> (has an error)</span> : null}
    </Button>
  );
}

export type ComposerExtras = {
  tools: ToolsDraft;
  onTools: (tools: ToolsDraft, field?: string) => void;
  sections: Record<ComposerSection, boolean>;
  onToggleSection: (section: ComposerSection) => void;
  images: readonly ImageDraft[];
  imageProblems: readonly string[];
  onAttach: (images: ImageDraft[], problems: string[]) => void;
  onRemoveImage: (key: string) => void;
};

/** The first prompt: prompt, images, optional system prompt, tools and response schema, shared parameters, Compare. */
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
  extras,
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
  extras: ComposerExtras;
}) {
  const onKeyDown = sendOnEnter(onSubmit);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const addFiles = useImageFiles(extras.images.length, extras.onAttach);
  const drop = useFileDrop((files) => void addFiles(files));
  const { tools: toolsDraft, sections } = extras;
  const toolCount = toolsDraft.tools.length;
  const toolsInvalid = Object.keys(errors).some((f) => f === "maxSteps" || f.startsWith("tools"));
  // the prompt has the focus when the page opens, so one can type at once
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) promptRef.current?.focus({ preventScroll: true });
  }, []);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      {...drop.handlers}
      className="relative rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <DropOverlay visible={drop.over} />
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor="prompt" className="text-sm font-medium">
          Prompt
        </label>
        <CharCount id="prompt-count" length={prompt.length} />
      </div>
      <textarea
        ref={promptRef}
        id="prompt"
        name="prompt"
        value={prompt}
        onChange={(e) => onPrompt(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          const files = pastedFiles(e);
          if (files.length === 0) return;
          e.preventDefault();
          void addFiles(files);
        }}
        rows={4}
        placeholder="Ask every model the same thing…"
        aria-invalid={errors.prompt ? true : undefined}
        aria-describedby={describedBy(errors.prompt && "prompt-error", "prompt-count", "prompt-shortcut")}
        className={`${inputClasses(Boolean(errors.prompt))} mt-1.5 block max-h-[40vh] min-h-28 w-full resize-y px-3 py-2 text-sm leading-relaxed field-sizing-content`}
      />
      {errors.prompt ? <FieldError id="prompt-error">{errors.prompt}</FieldError> : null}
      <div className="mt-1">
        <EnterHint id="prompt-shortcut" />
      </div>
      <AttachedImages
        id="prompt-images"
        images={extras.images}
        problems={[...extras.imageProblems, ...(errors.images ? [errors.images] : [])]}
        onRemove={extras.onRemoveImage}
        focusAfterRemove="attach-images"
      />

      <div className="mt-3">
        <label htmlFor="system" className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          System prompt <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
        </label>
        <textarea
          id="system"
          name="system"
          value={system}
          onChange={(e) => onSystem(e.target.value)}
          onKeyDown={sendOnModEnter(onSubmit)}
          rows={1}
          placeholder="Instructions every model gets before the prompt"
          aria-invalid={errors.system ? true : undefined}
          aria-describedby={errors.system ? "system-error" : undefined}
          className={`${inputClasses(Boolean(errors.system))} mt-1 block max-h-[30vh] min-h-9 w-full resize-y px-3 py-1.5 text-sm field-sizing-content`}
        />
        {errors.system ? <FieldError id="system-error">{errors.system}</FieldError> : null}
      </div>

      <div className="mt-2 flex flex-wrap items-center gap-1" role="group" aria-label="Add to the prompt">
        <AttachImagesButton id="attach-images" count={extras.images.length} onFiles={(files) => void addFiles(files)} />
        <SectionToggle
          open={sections.tools}
          controls="tools-section"
          onToggle={() => extras.onToggleSection("tools")}
          invalid={toolsInvalid && !sections.tools}
        >
          {toolCount > 0 ? `Tools (${toolCount})` : "Tools"}
        </SectionToggle>
        <SectionToggle
          open={sections.schema}
          controls="schema-section"
          onToggle={() => extras.onToggleSection("schema")}
          invalid={Boolean(errors.responseSchema) && !sections.schema}
        >
          {toolsDraft.responseSchema.trim() ? "Response schema (set)" : "Response schema"}
        </SectionToggle>
      </div>
      {sections.tools ? (
        <ToolsSection
          id="tools-section"
          draft={toolsDraft}
          onEdit={extras.onTools}
          errors={errors}
          prompt={prompt}
          onPrompt={onPrompt}
          onKeyDown={sendOnModEnter(onSubmit)}
        />
      ) : null}
      {sections.schema ? (
        <ResponseSchemaSection
          id="schema-section"
          draft={toolsDraft}
          onEdit={extras.onTools}
          errors={errors}
          prompt={prompt}
          onPrompt={onPrompt}
          onKeyDown={sendOnModEnter(onSubmit)}
        />
      ) : null}

      <div className="mt-3 flex flex-wrap items-end justify-between gap-4">
        <fieldset className="min-w-0">
          <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-300">
            Parameters <span className="font-normal text-zinc-500 dark:text-zinc-400">(all panes; empty = provider default)</span>
          </legend>
          <ParamsFields idPrefix="shared" errorPrefix="params" value={params} onChange={onParam} errors={errors} />
        </fieldset>
        <div className="flex items-center gap-3">
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
  waitingFor,
  images,
}: {
  ref: Ref<HTMLTextAreaElement>;
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  error: string | null;
  busy: boolean;
  running: boolean;
  /** the placeholder while something else holds the follow-up back (a re-run sending its turns) */
  waitingFor?: string;
  /** images for the follow-up (absent: none can be attached) */
  images?: Pick<ComposerExtras, "images" | "imageProblems" | "onAttach" | "onRemoveImage">;
}) {
  const addFiles = useImageFiles(images?.images.length ?? 0, images?.onAttach ?? (() => {}));
  const drop = useFileDrop((files) => (images ? void addFiles(files) : undefined));
  // a stored comparison opens with the follow-up focused (unless something else already has the focus)
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null)
      document.getElementById("follow-up")?.focus({ preventScroll: true });
  }, []);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      {...(images ? drop.handlers : {})}
      className="sticky bottom-0 z-10 -mx-4 mt-4 border-t border-zinc-200 bg-zinc-50/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6 dark:border-zinc-800 dark:bg-zinc-950/95"
    >
      <DropOverlay visible={drop.over} />
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
          onKeyDown={sendOnEnter(onSubmit)}
          onPaste={(e) => {
            const files = images ? pastedFiles(e) : [];
            if (files.length === 0) return;
            e.preventDefault();
            void addFiles(files);
          }}
          rows={1}
          placeholder={waitingFor ?? (running ? "The answers are still streaming…" : "Ask every model a follow-up…")}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(error && "follow-up-error", "follow-up-count", "follow-up-shortcut")}
          className={`${inputClasses(Boolean(error))} block max-h-48 min-h-10 w-full resize-none px-3 py-2 text-sm field-sizing-content`}
        />
        <Button type="submit" variant="primary" disabled={busy} className="h-10">
          {busy ? <Spinner /> : <SendIcon className="size-4" />}
          Send
        </Button>
      </div>
      {error ? <FieldError id="follow-up-error">{error}</FieldError> : null}
      {images ? (
        <AttachedImages
          id="follow-up-images"
          images={images.images}
          problems={images.imageProblems}
          onRemove={images.onRemoveImage}
          focusAfterRemove="attach-follow-up-images"
        />
      ) : null}
      <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
        <EnterHint id="follow-up-shortcut" />
        {images ? (
          <AttachImagesButton id="attach-follow-up-images" count={images.images.length} onFiles={(files) => void addFiles(files)} />
        ) : null}
      </div>
    </form>
  );
}

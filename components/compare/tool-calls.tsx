"use client";
// What a pane shows of tools, structured output and images: each tool call (name, arguments, a
// validity mark in words, the result and where it came from), grouped by step; the form for a
// result typed in while a call waits; the response schema check; the "takes no images" notice;
// the turn's images. Model output is untrusted: arguments and results are rendered as text (React
// escapes it), never as HTML or markdown.
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { AlertIcon, CheckIcon, SendIcon } from "@/components/ui/icons";
import { Modal } from "@/components/ui/modal";
import { Spinner } from "@/components/ui/spinner";
import {
  DEFAULT_MAX_STEPS,
  type SkipReason,
  type StructuredCheck,
  type ToolCallRecord,
  type ToolCallValidity,
  type ToolDef,
} from "@/lib/compare/tools-schema";
import type { TurnImage, WaitingCall } from "./comparison-state";
import { argumentsText, groupBySteps, jsonText, sourceLabels, toneClasses, validityLabels } from "./tool-call-view";
import { JsonStatus } from "./tools-editor";
import { checkResultText } from "./tools-draft";

function ValidityMark({ validity }: { validity: ToolCallValidity }) {
  const { label, tone } = validityLabels[validity];
  return (
    <span
      data-validity={validity}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-px text-[11px] leading-4 font-medium ring-1 ring-inset ${toneClasses[tone]}`}
    >
      {tone === "ok" ? <CheckIcon className="size-3" /> : <AlertIcon className="size-3" />}
      {label}
    </span>
  );
}

function Code({ children, label }: { children: string; label: string }) {
  return (
    <pre
      aria-label={label}
      className="max-h-60 overflow-auto rounded-md bg-zinc-100 px-2 py-1.5 font-mono text-[11px] leading-relaxed break-words whitespace-pre-wrap text-zinc-800 dark:bg-zinc-800/80 dark:text-zinc-200"
    >
      {children || " "}
    </pre>
  );
}

/** The form for a result typed in while a call waits: JSON checked as it is typed, then sent. */
function ManualResultForm({
  waiting,
  paneName,
  onSubmit,
}: {
  waiting: WaitingCall;
  paneName: string;
  onSubmit: (toolCallId: string, result: unknown) => Promise<string | null>;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [touched, setTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  // the call just started waiting: the focus goes to its form (unless another form already has it)
  useEffect(() => {
    if (!document.activeElement?.closest("[data-manual-result]")) ref.current?.focus();
  }, []);
  const state = checkResultText(text);
  // red only once a send was tried (never on blur: a message appearing under the box as the
  // pointer goes down on "Send result" would move the button away from under it)
  const message =
    serverError ?? (touched && state.kind !== "valid" ? (state.kind === "empty" ? "Type the JSON result." : state.message) : null);
  const until = new Date(waiting.timeoutAt);
  const submit = async () => {
    setTouched(true);
    if (state.kind !== "valid") {
      // after the click's own focus change has settled
      requestAnimationFrame(() => ref.current?.focus());
      return;
    }
    setSending(true);
    setServerError(null);
    const problem = await onSubmit(waiting.toolCallId, state.value);
    setSending(false);
    if (problem) {
      setServerError(problem);
      requestAnimationFrame(() => ref.current?.focus());
    }
  };
  return (
    <form
      data-manual-result
      noValidate
      aria-label={`Result for ${waiting.name} in ${paneName}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      // scroll margins: the focus lands here while the vote bar and the follow-up stick to the bottom
      className="mt-2 rounded-md border border-indigo-300 bg-indigo-50/70 p-2 dark:border-indigo-800 dark:bg-indigo-950/40"
    >
      <label htmlFor={`${id}-result`} className="block text-xs font-medium text-indigo-900 dark:text-indigo-200">
        Waiting for your result of {waiting.name} (JSON)
      </label>
      <p id={`${id}-hint`} className="text-[11px] text-indigo-800/80 dark:text-indigo-300/80">
        The model gets it back and goes on. Ctrl+Enter sends.{" "}
        {Number.isFinite(until.getTime()) ? (
          <>
            It waits until <time dateTime={waiting.timeoutAt}>{until.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</time>.
          </>
        ) : null}
      </p>
      <textarea
        ref={ref}
        id={`${id}-result`}
        value={text}
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        placeholder='{"status": "shipped"}'
        onChange={(e) => {
          setText(e.target.value);
          setServerError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
        aria-invalid={message ? true : undefined}
        aria-describedby={`${id}-hint ${message ? `${id}-error` : `${id}-status`}`}
        className={`${inputClasses(Boolean(message))} mt-1 block max-h-48 min-h-16 w-full scroll-mt-24 scroll-mb-80 resize-y px-2 py-1 font-mono text-xs field-sizing-content`}
      />
      <JsonStatus id={message ? `${id}-error` : `${id}-status`} state={state} message={message} validLabel="Valid JSON" />
      <div className="mt-1.5 flex items-center gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={sending}>
          {sending ? <Spinner className="size-3" /> : <SendIcon className="size-3.5" />}
          Send result
        </Button>
      </div>
    </form>
  );
}

function ToolCallCard({
  call,
  waiting,
  paneName,
  onSubmitResult,
}: {
  call: ToolCallRecord;
  waiting: WaitingCall | null;
  paneName: string;
  onSubmitResult?: (toolCallId: string, result: unknown) => Promise<string | null>;
}) {
  const args = argumentsText(call);
  const isWaiting = waiting?.toolCallId === call.id;
  const hasResult = call.result !== undefined;
  return (
    <li data-tool-call={call.id} className="rounded-lg border border-zinc-200 px-2.5 py-2 text-xs dark:border-zinc-700">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-mono font-semibold break-all text-zinc-800 dark:text-zinc-100">{call.name}</span>
        <ValidityMark validity={call.validity} />
      </div>
      {call.errors && call.errors.length > 0 ? (
        <ul className="mt-1 list-disc pl-4 text-[11px] text-zinc-700 dark:text-zinc-300">
          {call.errors.slice(0, 3).map((e, i) => (
            <li key={i} className="break-words">
              {e}
            </li>
          ))}
          {call.errors.length > 3 ? <li className="list-none text-zinc-500">and {call.errors.length - 3} more</li> : null}
        </ul>
      ) : null}
      <p className="mt-1.5 text-[11px] font-medium text-zinc-600 dark:text-zinc-400">
        {args.raw ? "Arguments, as the model sent them" : "Arguments"}
      </p>
      <Code label={`Arguments of ${call.name}`}>{args.text}</Code>
      {isWaiting && onSubmitResult && waiting ? (
        <ManualResultForm waiting={waiting} paneName={paneName} onSubmit={onSubmitResult} />
      ) : isWaiting ? (
        <p className="mt-1.5 flex items-center gap-1.5 text-[11px] text-indigo-700 dark:text-indigo-300">
          <Spinner className="size-3" /> Waiting for a typed-in result…
        </p>
      ) : hasResult || call.resultSource !== "none" ? (
        <>
          <p className="mt-1.5 text-[11px] font-medium text-zinc-600 dark:text-zinc-400">
            Result <span className="font-normal">· {sourceLabels[call.resultSource]}</span>
          </p>
          <Code label={`Result of ${call.name}`}>{jsonText(call.result ?? null)}</Code>
        </>
      ) : (
        <p className="mt-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">
          {call.validity === "valid" ? "Not run: no result was given." : "Not run: the model was told the call was invalid."}
        </p>
      )}
    </li>
  );
}

/** A pane's tool calls for one answer, grouped by step. */
export function ToolCalls({
  calls,
  waiting,
  paneName,
  onSubmitResult,
}: {
  calls: readonly ToolCallRecord[];
  waiting: WaitingCall | null;
  paneName: string;
  /** sends a typed-in result; resolves to an error message, or null when it was taken */
  onSubmitResult?: (toolCallId: string, result: unknown) => Promise<string | null>;
}) {
  if (calls.length === 0) return null;
  const steps = groupBySteps(calls);
  const bad = calls.filter((c) => c.validity !== "valid").length;
  return (
    <section aria-label={`Tool calls of ${paneName}`} className="flex flex-col gap-2">
      <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {calls.length === 1 ? "1 tool call" : `${calls.length} tool calls`}
        {bad > 0 ? <span className="font-normal text-zinc-500 dark:text-zinc-400"> · {bad} not valid</span> : null}
      </p>
      {steps.map(({ step, calls: list }) => (
        <div key={step}>
          {steps.length > 1 || step > 1 ? (
            <p className="mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Step {step}</p>
          ) : null}
          <ul className="flex flex-col gap-1.5">
            {list.map((call) => (
              <ToolCallCard key={call.id} call={call} waiting={waiting} paneName={paneName} onSubmitResult={onSubmitResult} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The answer checked against the response schema: valid, or the first errors. */
export function StructuredLine({ check }: { check: StructuredCheck }) {
  if (!check) return null;
  if (check.valid)
    return (
      <p data-structured="valid" className="flex items-center gap-1.5 text-xs font-medium text-emerald-700 dark:text-emerald-400">
        <CheckIcon className="size-3.5 shrink-0" />
        Valid JSON for the schema
      </p>
    );
  return (
    <div data-structured="invalid" className="text-xs text-amber-800 dark:text-amber-300">
      <p className="flex items-start gap-1.5 font-medium">
        <AlertIcon className="mt-px size-3.5 shrink-0" />
        <span>
          Doesn&apos;t match the schema{check.errors.length > 0 ? ": " : ""}
          <span className="font-normal break-words">{check.errors.slice(0, 3).join("; ")}</span>
          {check.errors.length > 3 ? <span className="font-normal"> (and {check.errors.length - 3} more)</span> : null}
        </span>
      </p>
    </div>
  );
}

/** A pane that was not run: its model cannot take what the turn asks. Neutral, not an error. */
export function SkippedNotice({ reason }: { reason: SkipReason | null }) {
  return (
    <p
      data-skipped={reason?.code ?? "skipped"}
      className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300"
    >
      {reason?.message ?? "This model cannot take what the prompt asks, so it was not called."}
    </p>
  );
}

/** The images of a turn as thumbnails above the answers; a click shows one large in a dialog. */
export function TurnImages({ images, turn }: { images: readonly TurnImage[]; turn: number }) {
  const [open, setOpen] = useState<number | null>(null);
  if (images.length === 0) return null;
  const shown = open === null ? null : images[open];
  const alt = (i: number) => `Image ${i + 1} of ${images.length} attached to ${turn === 0 ? "the prompt" : `follow-up ${turn}`}`;
  return (
    <>
      <ul aria-label={turn === 0 ? "Images of the prompt" : `Images of follow-up ${turn}`} className="flex flex-wrap gap-1.5">
        {images.map((image, i) => (
          <li key={`${i}-${image.src.slice(-16)}`}>
            <button
              type="button"
              onClick={() => setOpen(i)}
              aria-haspopup="dialog"
              aria-label={`Enlarge image ${i + 1}${image.name ? `: ${image.name}` : ""}`}
              className="block overflow-hidden rounded-md border border-zinc-200 bg-white hover:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-900"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- served by the access-checked image route or a data: URL */}
              <img src={image.src} alt={alt(i)} loading="lazy" className="size-14 object-cover" />
            </button>
          </li>
        ))}
      </ul>
      <Modal
        open={shown !== null && shown !== undefined}
        onClose={() => setOpen(null)}
        title={open === null ? "Image" : `Image ${open + 1} of ${images.length}`}
        description={shown?.name}
        width="64rem"
      >
        {shown ? (
          // eslint-disable-next-line @next/next/no-img-element -- as above
          <img src={shown.src} alt={alt(open!)} className="mx-auto max-h-[70vh] w-auto max-w-full object-contain" />
        ) : null}
      </Modal>
    </>
  );
}

/**
 * The comparison's tools (name, description, parameters, mock) and response schema, folded
 * under the title as the system prompt is. Definitions are the user's own JSON: shown as text.
 */
export function ToolsDetails({
  tools,
  maxSteps,
  responseSchema,
}: {
  tools: readonly ToolDef[];
  maxSteps: number | null;
  responseSchema: unknown;
}) {
  if (tools.length === 0 && !responseSchema) return null;
  const parts = [
    tools.length > 0 ? `Tools: ${tools.map((t) => t.name).join(", ")}` : null,
    tools.length > 0 ? `up to ${maxSteps ?? DEFAULT_MAX_STEPS} steps` : null,
    responseSchema ? "Response schema" : null,
  ].filter(Boolean);
  return (
    <details className="mb-4 rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-zinc-600 dark:text-zinc-300">{parts.join(" · ")}</summary>
      <div className="grid gap-3 border-t border-zinc-200 px-3 py-2 md:grid-cols-2 dark:border-zinc-800">
        {tools.map((t) => (
          <div key={t.name} className="min-w-0 text-xs">
            <p className="font-mono font-semibold break-all text-zinc-800 dark:text-zinc-100">{t.name}</p>
            {t.description ? <p className="mt-0.5 text-zinc-600 dark:text-zinc-400">{t.description}</p> : null}
            <p className="mt-1 text-[11px] font-medium text-zinc-600 dark:text-zinc-400">Parameters</p>
            <Code label={`Parameters of ${t.name}`}>{jsonText(t.parameters)}</Code>
            <p className="mt-1 text-[11px] font-medium text-zinc-600 dark:text-zinc-400">
              {!t.mock ? "No result: a call ends the answer" : "manual" in t.mock ? "Result typed in when the call arrives" : "Mock result"}
            </p>
            {t.mock && "result" in t.mock ? <Code label={`Mock result of ${t.name}`}>{jsonText(t.mock.result)}</Code> : null}
          </div>
        ))}
        {responseSchema ? (
          <div className="min-w-0 text-xs">
            <p className="font-semibold text-zinc-800 dark:text-zinc-100">Response schema</p>
            <Code label="Response schema">{jsonText(responseSchema)}</Code>
          </div>
        ) : null}
      </div>
    </details>
  );
}

"use client";

import { FieldError, inputClasses } from "@/components/ui/field";
import {
  MAX_SEED,
  MAX_STOP_SEQUENCE_CHARS,
  MAX_STOP_SEQUENCES,
  reasoningEfforts,
  serviceTiers,
  type ServiceTier,
} from "@/lib/compare/schema";
import { formatCount } from "@/lib/format";
import { numberParamKeys, paramKeys, paramLabels, type FieldErrors, type ParamKey, type ParamsDraft } from "./form-input";

type NumberKey = (typeof numberParamKeys)[number];

const limits: Record<NumberKey, { min: number; max: number; step: string; inputMode: "decimal" | "numeric" }> = {
  temperature: { min: 0, max: 2, step: "0.1", inputMode: "decimal" },
  topP: { min: 0, max: 1, step: "0.05", inputMode: "decimal" },
  maxOutputTokens: { min: 1, max: 128_000, step: "1", inputMode: "numeric" },
  seed: { min: 0, max: MAX_SEED, step: "1", inputMode: "numeric" },
};

const ranges: Record<ParamKey, string> = {
  temperature: "0 to 2",
  topP: "0 to 1",
  maxOutputTokens: "1 to 128,000",
  seed: `a whole number, 0 to ${formatCount(MAX_SEED)}`,
  reasoningEffort: "for reasoning models",
  stopSequences: `up to ${MAX_STOP_SEQUENCES}, one per line, at most ${MAX_STOP_SEQUENCE_CHARS} characters each; \\n is a line break`,
  serviceTier: "where the cloud sells it (OpenAI, Azure OpenAI, Amazon Bedrock); priced at the tier that served the answer",
};

/** What each tier trades, in the choice itself. */
const tierWords: Record<ServiceTier, string> = {
  auto: "auto (the account's)",
  default: "default (standard)",
  flex: "flex (cheaper, slower)",
  priority: "priority (faster, dearer)",
};

/**
 * Every generation parameter as a labelled input: numbers, reasoning effort (a choice) and stop
 * sequences (one per line). Empty means "the default" (the shared value for a pane, the provider's
 * default for the shared row). `errorPrefix` is the action's field path: `params` or
 * `models.<i>.params`. `notSent`: per parameter, why this pane's model will not be sent it.
 */
export function ParamsFields({
  idPrefix,
  errorPrefix,
  value,
  onChange,
  errors,
  placeholders,
  notSent,
  layout = "row",
}: {
  idPrefix: string;
  errorPrefix: string;
  value: ParamsDraft;
  onChange: (key: ParamKey, text: string, bad: boolean) => void;
  errors: FieldErrors;
  placeholders?: Partial<Record<ParamKey, string>>;
  notSent?: Partial<Record<ParamKey, string>>;
  layout?: "row" | "stack";
}) {
  const stack = layout === "stack";
  return (
    <div className={stack ? "grid gap-2" : "grid grid-cols-2 gap-2 sm:max-w-xl sm:grid-cols-3"}>
      {paramKeys.map((key) => {
        const id = `${idPrefix}-${key}`;
        const field = `${errorPrefix}.${key}`;
        const error = errors[field];
        const skipped = notSent?.[key];
        const describedBy = [error ? `${id}-error` : null, skipped ? `${id}-not-sent` : null, key === "stopSequences" ? `${id}-help` : null]
          .filter(Boolean)
          .join(" ");
        const common = {
          id,
          name: field,
          title: `${paramLabels[key]}, ${ranges[key]}; empty = default`,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy || undefined,
        };
        const size = `${stack ? "" : "mt-1"} w-full px-2 text-sm`;
        let control;
        if (key === "reasoningEffort" || key === "serviceTier") {
          const choices: readonly string[] = key === "serviceTier" ? serviceTiers : reasoningEfforts;
          // "default" is a tier of its own: the empty choice says "not set" instead
          const given = placeholders?.[key];
          const empty = key === "serviceTier" && (!given || given === "default") ? "not set" : (given ?? "default");
          control = (
            <select
              {...common}
              value={value[key].text}
              onChange={(e) => onChange(key, e.target.value, false)}
              className={`${inputClasses(Boolean(error))} ${size} h-8`}
            >
              <option value="">{empty}</option>
              {choices.map((choice) => (
                <option key={choice} value={choice}>
                  {key === "serviceTier" ? tierWords[choice as ServiceTier] : choice}
                </option>
              ))}
            </select>
          );
        } else if (key === "stopSequences") {
          control = (
            <textarea
              {...common}
              rows={1}
              value={value[key].text}
              placeholder={placeholders?.[key] ?? "one per line"}
              onChange={(e) => onChange(key, e.target.value, false)}
              className={`${inputClasses(Boolean(error))} ${size} block min-h-8 resize-y py-1 font-mono text-xs leading-5 field-sizing-content`}
            />
          );
        } else {
          const l = limits[key as NumberKey];
          control = (
            <input
              {...common}
              type="number"
              inputMode={l.inputMode}
              min={l.min}
              max={l.max}
              step={l.step}
              value={value[key].text}
              placeholder={placeholders?.[key] ?? "default"}
              onChange={(e) => onChange(key, e.target.value, e.target.validity.badInput)}
              className={`${inputClasses(Boolean(error))} ${size} h-8 tabular-nums`}
            />
          );
        }
        return (
          <div
            key={key}
            className={stack ? "grid grid-cols-[minmax(0,1fr)_minmax(0,9rem)] items-center gap-x-2 gap-y-0.5" : "min-w-0"}
            data-param={key}
          >
            <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
              {paramLabels[key]}
            </label>
            {control}
            {key === "stopSequences" ? (
              <span id={`${id}-help`} className="sr-only">
                {`Up to ${MAX_STOP_SEQUENCES}, one per line; type \\n for a line break inside one.`}
              </span>
            ) : null}
            {skipped ? (
              <p id={`${id}-not-sent`} className={`text-[11px] text-amber-700 dark:text-amber-400 ${stack ? "col-span-2" : ""}`}>
                Not sent: {skipped}
              </p>
            ) : null}
            {error ? (
              <FieldError id={`${id}-error`} className={stack ? "col-span-2" : ""}>
                {error}
              </FieldError>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

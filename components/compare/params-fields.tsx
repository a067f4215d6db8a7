"use client";

import { FieldError, inputClasses } from "@/components/ui/field";
import { paramKeys, paramLabels, type FieldErrors, type ParamKey, type ParamsDraft } from "./form-input";

const limits: Record<ParamKey, { min: number; max: number; step: string; inputMode: "decimal" | "numeric" }> = {
  temperature: { min: 0, max: 2, step: "0.1", inputMode: "decimal" },
  topP: { min: 0, max: 1, step: "0.05", inputMode: "decimal" },
  maxOutputTokens: { min: 1, max: 128_000, step: "1", inputMode: "numeric" },
};

const ranges: Record<ParamKey, string> = {
  temperature: "0 to 2",
  topP: "0 to 1",
  maxOutputTokens: "1 to 128,000",
};

/**
 * Temperature / Top-p / Max output tokens as labelled number inputs. Empty means "the default"
 * (the shared value for a pane, the provider's default for the shared row). `errorPrefix` is the
 * action's field path: `params` or `models.<i>.params`.
 */
export function ParamsFields({
  idPrefix,
  errorPrefix,
  value,
  onChange,
  errors,
  placeholders,
  layout = "row",
}: {
  idPrefix: string;
  errorPrefix: string;
  value: ParamsDraft;
  onChange: (key: ParamKey, text: string, bad: boolean) => void;
  errors: FieldErrors;
  placeholders?: Partial<Record<ParamKey, string>>;
  layout?: "row" | "stack";
}) {
  return (
    <div className={layout === "row" ? "grid grid-cols-3 gap-2 sm:max-w-md" : "grid gap-2"}>
      {paramKeys.map((key) => {
        const id = `${idPrefix}-${key}`;
        const field = `${errorPrefix}.${key}`;
        const error = errors[field];
        const l = limits[key];
        return (
          <div key={key} className={layout === "stack" ? "grid grid-cols-[1fr_7rem] items-center gap-x-2" : "min-w-0"}>
            <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
              {paramLabels[key]}
            </label>
            <input
              id={id}
              name={field}
              type="number"
              inputMode={l.inputMode}
              min={l.min}
              max={l.max}
              step={l.step}
              value={value[key].text}
              placeholder={placeholders?.[key] ?? "default"}
              title={`${paramLabels[key]}, ${ranges[key]}; empty = default`}
              onChange={(e) => onChange(key, e.target.value, e.target.validity.badInput)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              className={`${inputClasses(Boolean(error))} mt-1 h-8 w-full px-2 text-sm tabular-nums ${layout === "stack" ? "mt-0" : ""}`}
            />
            {error ? (
              <FieldError id={`${id}-error`} className={layout === "stack" ? "col-span-2" : ""}>
                {error}
              </FieldError>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

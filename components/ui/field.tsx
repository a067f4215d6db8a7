import type { ReactNode } from "react";
import { AlertIcon } from "./icons";

/** Classes for text inputs and textareas; red ring when invalid. */
export function inputClasses(invalid = false): string {
  return `rounded-lg border bg-white text-zinc-900 shadow-xs placeholder:text-zinc-400 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 ${
    invalid ? "border-red-500 dark:border-red-500" : "border-zinc-300 dark:border-zinc-700"
  }`;
}

/** The message beside an invalid field; the field points at it with aria-describedby. */
export function FieldError({ id, children, className = "" }: { id: string; children: ReactNode; className?: string }) {
  return (
    <p id={id} className={`mt-1 flex items-start gap-1 text-xs text-red-700 dark:text-red-400 ${className}`}>
      <AlertIcon className="mt-px size-3.5 shrink-0" />
      <span>{children}</span>
    </p>
  );
}

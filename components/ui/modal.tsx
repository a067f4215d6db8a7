"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CloseIcon } from "@/components/ui/icons";

/**
 * A modal on the native <dialog> (focus trap, Escape, inert page, top layer: all the browser's),
 * with a title bar and a Close button, as the share and model dialogs look. Closing by Escape, the
 * backdrop or Close calls `onClose`. The body is rendered only while open.
 */
export function Modal({
  open,
  onClose,
  title,
  description,
  width = "36rem",
  initialFocus,
  footer,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  /** the dialog's accessible description (a short sentence under the title) */
  description?: ReactNode;
  width?: string;
  /** element id to focus on open (default: the browser's choice, the first focusable element) */
  initialFocus?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      if (initialFocus) document.getElementById(initialFocus)?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open, initialFocus]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-about` : undefined}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) ref.current.close();
      }}
      style={{ width: `min(${width}, calc(100vw - 1rem))` }}
      className="m-auto max-h-[min(48rem,calc(100dvh-1rem))] overflow-hidden rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 backdrop:backdrop-blur-[1px] dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <div className="flex max-h-[min(48rem,calc(100dvh-1rem))] flex-col">
          <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-4 py-3 sm:px-5 dark:border-zinc-800">
            <div className="min-w-0">
              <h2 id={`${id}-title`} className="text-base font-semibold">
                {title}
              </h2>
              {description ? (
                <p id={`${id}-about`} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                  {description}
                </p>
              ) : null}
            </div>
            <Button variant="ghost" size="icon" aria-label="Close" onClick={() => ref.current?.close()}>
              <CloseIcon />
            </Button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4 sm:px-5">{children}</div>
          {footer ? (
            <div className="flex flex-wrap items-center justify-end gap-2 border-t border-zinc-200 px-4 py-3 sm:px-5 dark:border-zinc-800">
              {footer}
            </div>
          ) : null}
        </div>
      ) : null}
    </dialog>
  );
}

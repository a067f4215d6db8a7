"use client";

import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

/** What a confirmation asks: a title, a sentence, and the name of the button that goes ahead. */
export type ConfirmOptions = {
  title: string;
  description: ReactNode;
  /** the button that goes ahead ("Delete", "Revoke"...) */
  confirmLabel: string;
  cancelLabel?: string;
  /** "danger" for what removes something */
  tone?: "danger" | "primary";
};

type Ask = (options: ConfirmOptions) => Promise<boolean>;

const ConfirmContext = createContext<Ask | null>(null);

/**
 * `const confirm = useConfirm(); if (!(await confirm({...}))) return;`: the app's own
 * confirmation, in place of window.confirm. Needs <ConfirmProvider> (in the root layout).
 */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error("useConfirm needs <ConfirmProvider> above it");
  return ask;
}

type Pending = ConfirmOptions & { key: number; resolve: (ok: boolean) => void };

let asked = 0;

/** Holds the one confirmation dialog of the page; a second question waits for the first answer. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<Pending[]>([]);
  const ask = useCallback<Ask>(
    (options) => new Promise<boolean>((resolve) => setQueue((q) => [...q, { ...options, key: ++asked, resolve }])),
    [],
  );
  const current = queue[0] ?? null;
  const answer = useCallback(
    (ok: boolean) => {
      current?.resolve(ok);
      setQueue((q) => q.slice(1));
    },
    [current],
  );
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      {current ? <ConfirmDialog key={current.key} options={current} onAnswer={answer} /> : null}
    </ConfirmContext.Provider>
  );
}

/**
 * A modal alert dialog (native <dialog> opened with showModal, as the app's other dialogs): the
 * page behind is inert, focus starts on Cancel (the safe choice) and stays inside, Escape
 * cancels, and focus goes back to what had it. Labelled by its title, described by its sentence.
 */
function ConfirmDialog({ options, onAnswer }: { options: ConfirmOptions; onAnswer: (ok: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const answered = useRef(false);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const finish = (ok: boolean) => {
    if (answered.current) return;
    answered.current = true;
    onAnswer(ok);
  };

  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      // Escape: the browser fires "cancel", then "close"
      onClose={() => finish(false)}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 backdrop:backdrop-blur-[1px] dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="grid gap-2 px-5 pt-5 pb-4">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {options.title}
        </h2>
        <div id={`${id}-body`} className="text-sm text-zinc-600 dark:text-zinc-300">
          {options.description}
        </div>
      </div>
      <div className="flex flex-wrap justify-end gap-2 border-t border-zinc-200 bg-zinc-50 px-5 py-3 dark:border-zinc-800 dark:bg-zinc-950/40">
        <Button ref={cancelRef} onClick={() => finish(false)}>
          {options.cancelLabel ?? "Cancel"}
        </Button>
        <Button variant={options.tone === "primary" ? "primary" : "danger-solid"} onClick={() => finish(true)}>
          {options.confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}

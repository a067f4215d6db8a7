"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";
import { CloseIcon } from "./icons";

export type ToastInput = {
  message: ReactNode;
  /** one button (e.g. "Undo"); what it resolves to replaces the message (e.g. "Restored.") */
  action?: { label: string; run: () => Promise<ReactNode> };
  /** how long it stays unless hovered or focused (it never stays longer than MAX_TOAST_MS) */
  durationMs?: number;
  /** move focus to the action (when the control that caused the toast is gone, e.g. a deleted row) */
  focusAction?: boolean;
};

type Toast = ToastInput & { id: number };

type Api = { show: (toast: ToastInput) => number; dismiss: (id: number) => void };

const ToastContext = createContext<Api | null>(null);

/** A toast stays at most this long, even hovered or focused (Undo's server side keeps a minute). */
export const MAX_TOAST_MS = 30_000;

let shown = 0;

/** `const toast = useToast(); toast.show({ message, action })`. Needs <ToastProvider> (root layout). */
export function useToast(): Api {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs <ToastProvider> above it");
  return api;
}

/**
 * Short notices at the bottom of the window, announced politely to screen readers; they outlive
 * client-side navigation (the provider is in the root layout). At most three are shown.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const show = useCallback((toast: ToastInput) => {
    const id = ++shown;
    setToasts((t) => [...t.slice(-2), { ...toast, id }]);
    return id;
  }, []);
  const [api] = useState<Api>(() => ({ show, dismiss }));
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        role="status"
        aria-live="polite"
        aria-label="Notifications"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-3 sm:items-end sm:p-5"
      >
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDone={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDone: dismiss }: { toast: Toast; onDone: (id: number) => void }) {
  const [message, setMessage] = useState<ReactNode>(toast.message);
  const [action, setAction] = useState(toast.action);
  const [busy, setBusy] = useState(false);
  const [paused, setPaused] = useState({ hover: false, focus: false });
  const actionRef = useRef<HTMLButtonElement>(null);
  const left = useRef(toast.durationMs ?? 6000);
  const born = useRef(0);
  const { id } = toast;
  const onDone = useCallback(() => dismiss(id), [dismiss, id]);

  useEffect(() => {
    born.current = Date.now();
    if (toast.focusAction) actionRef.current?.focus();
  }, [toast.focusAction]);

  // count down while neither hovered nor focused; never past MAX_TOAST_MS in all
  useEffect(() => {
    if (busy) return;
    const hardStop = Math.max(0, MAX_TOAST_MS - (Date.now() - (born.current || Date.now())));
    if (paused.hover || paused.focus) {
      const timer = setTimeout(onDone, hardStop);
      return () => clearTimeout(timer);
    }
    const start = Date.now();
    const timer = setTimeout(onDone, Math.min(left.current, hardStop));
    return () => {
      clearTimeout(timer);
      left.current -= Date.now() - start;
    };
  }, [paused, busy, onDone]);

  async function run() {
    if (!action || busy) return;
    setBusy(true);
    const result = await action.run().catch(() => "That did not work. Try again.");
    setAction(undefined);
    setMessage(result);
    left.current = 5000;
    setBusy(false);
  }

  return (
    <div
      onMouseEnter={() => setPaused((p) => ({ ...p, hover: true }))}
      onMouseLeave={() => setPaused((p) => ({ ...p, hover: false }))}
      onFocus={() => setPaused((p) => ({ ...p, focus: true }))}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setPaused((p) => ({ ...p, focus: false }));
      }}
      className="pointer-events-auto flex w-full max-w-sm items-center gap-3 rounded-lg border border-zinc-200 bg-white py-2 pr-2 pl-4 text-sm text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="min-w-0 flex-1 break-words">{message}</div>
      {action ? (
        <Button ref={actionRef} size="sm" variant="primary" onClick={run} disabled={busy}>
          {busy ? `${action.label}…` : action.label}
        </Button>
      ) : null}
      <Button size="icon" variant="ghost" aria-label="Dismiss notification" onClick={onDone}>
        <CloseIcon />
      </Button>
    </div>
  );
}

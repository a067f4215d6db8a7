"use client";
// The bell in the header: the unread count, and a popover listing the latest notifications (drift
// alerts with the link to their evidence). Opening it does not mark anything read; each item has
// "Mark read" and the list "Mark all read". Keyboard: the button toggles it (aria-expanded), Escape
// closes it and gives focus back, Tab moves through the links and buttons inside.
// GET /api/v1/notifications, POST /api/v1/notifications/read {ids} | {all: true}. Polls each minute.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { callApi, sendJson } from "@/lib/client/call-server";

export type NotificationItem = {
  id: string;
  title: string;
  body: string;
  href: string | null;
  createdAt: string;
  readAt: string | null;
};

type List = { items: NotificationItem[]; unread: number };

const POLL_MS = 60_000;

const BellIcon = ({ className }: { className?: string }) => (
  <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.6} className={className} aria-hidden="true">
    <path d="M5 8a5 5 0 0 1 10 0c0 4 1.5 5.5 1.5 5.5h-13S5 12 5 8Z" strokeLinejoin="round" />
    <path d="M8.5 16a1.6 1.6 0 0 0 3 0" strokeLinecap="round" />
  </svg>
);

const ago = (iso: string) => new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

export function NotificationBell() {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<List | null>(null);
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  const load = useCallback(async () => {
    const result = await callApi<List>("/api/v1/notifications", { cache: "no-store" }, "load the notifications");
    if (result.ok) {
      setList(result.data);
      setError(null);
    } else setError(result.error.message);
  }, []);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (!live) return;
      await load();
      if (live) timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [load]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  async function markRead(body: { ids: string[] } | { all: true }) {
    const result = await sendJson("/api/v1/notifications/read", "POST", body, "mark them read");
    if (!result.ok) return setError(result.error.message);
    await load();
  }

  const unread = list?.unread ?? 0;
  const items = list?.items ?? [];
  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        onClick={() => {
          // the list as it is now, each time it opens
          if (!open) void load();
          setOpen((o) => !o);
        }}
        className="relative inline-flex size-9 items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white"
      >
        <BellIcon className="size-5" />
        {unread ? (
          <span
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 grid min-w-4.5 place-items-center rounded-full bg-red-600 px-1 text-[10px] leading-4.5 font-semibold text-white tabular-nums"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      <div
        ref={panelRef}
        id={`${id}-panel`}
        role="region"
        aria-label="Notifications"
        hidden={!open}
        className="fixed inset-x-2 top-12 z-40 max-h-[70dvh] overflow-y-auto rounded-xl border border-zinc-200 bg-white text-sm shadow-xl sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-1 sm:w-96 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex items-center justify-between gap-2 border-b border-zinc-100 px-3 py-2 dark:border-zinc-800">
          <h2 className="text-sm font-semibold">Notifications</h2>
          {unread ? (
            <Button size="sm" variant="ghost" onClick={() => void markRead({ all: true })}>
              Mark all read
            </Button>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className="px-3 py-2 text-xs text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
        {items.length === 0 ? (
          <p className="px-3 py-6 text-center text-xs text-zinc-500 dark:text-zinc-400">
            No notifications. Drift alerts of your scorecards appear here.
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {items.map((n) => (
              <li key={n.id} className={`flex items-start gap-2 px-3 py-2 ${n.readAt ? "" : "bg-indigo-50/60 dark:bg-indigo-950/30"}`}>
                {n.readAt ? null : <span className="mt-1.5 size-2 shrink-0 rounded-full bg-indigo-500" aria-label="unread" role="img" />}
                <div className="min-w-0 flex-1">
                  <p className="font-medium break-words text-zinc-900 dark:text-zinc-100">{n.title}</p>
                  {n.body ? <p className="break-words text-zinc-700 dark:text-zinc-300">{n.body}</p> : null}
                  <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-zinc-500 dark:text-zinc-400">
                    <time dateTime={n.createdAt}>{ago(n.createdAt)}</time>
                    {n.href ? (
                      <Link
                        href={n.href}
                        className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                        onClick={() => setOpen(false)}
                      >
                        See the evidence
                      </Link>
                    ) : null}
                  </p>
                </div>
                {n.readAt ? null : (
                  <Button size="sm" variant="ghost" onClick={() => void markRead({ ids: [n.id] })} aria-label={`Mark read: ${n.title}`}>
                    Mark read
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

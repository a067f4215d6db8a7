"use client";
// Saves each pane's feedback (thumbs, reason chips, comment) as it is given: a click at once, a
// comment after a pause in typing. One request per (turn, pane) at a time; what changed meanwhile
// goes out next, so the last state given is the one stored.
import { useEffect, useState, useSyncExternalStore } from "react";
import { saveFeedbackAction } from "@/app/actions";
import { callAction } from "@/lib/client/call-server";
import { MAX_COMMENT_CHARS } from "@/lib/votes/schema";
import type { FeedbackDraft } from "./vote-draft";

/** Where one pane's feedback stands: unchanged (idle), on its way, stored, or refused. */
export type FeedbackSaveStatus = { state: "idle" } | { state: "saving" } | { state: "saved" } | { state: "error"; message: string };

export const COMMENT_DEBOUNCE_MS = 700;

type Target = { comparisonId: string; turn: number; pane: number };
type Slot = { target: Target; timer: ReturnType<typeof setTimeout> | null; inflight: boolean; next: FeedbackDraft | null };

const keyOf = (t: Target) => `${t.comparisonId}:${t.turn}:${t.pane}`;

/** The saving itself, outside React: a small store the hook subscribes to. */
class FeedbackSaver {
  private slots = new Map<string, Slot>();
  private statuses: Readonly<Record<string, FeedbackSaveStatus>> = {};
  private listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  snapshot = () => this.statuses;

  private set(key: string, status: FeedbackSaveStatus) {
    this.statuses = { ...this.statuses, [key]: status };
    for (const l of this.listeners) l();
  }

  private slot(target: Target): Slot {
    const key = keyOf(target);
    let s = this.slots.get(key);
    if (!s) this.slots.set(key, (s = { target, timer: null, inflight: false, next: null }));
    return s;
  }

  private async send(s: Slot): Promise<void> {
    if (s.inflight || !s.next) return;
    const draft = s.next;
    const { comparisonId, turn, pane } = s.target;
    s.next = null;
    s.inflight = true;
    this.set(keyOf(s.target), { state: "saving" });
    const result = await callAction(
      saveFeedbackAction(comparisonId, { turn, pane, thumb: draft.thumb, reasons: draft.reasons, comment: draft.comment }),
      "save your feedback",
    );
    s.inflight = false;
    if (s.next) return this.send(s);
    this.set(keyOf(s.target), result.ok ? { state: "saved" } : { state: "error", message: result.error.message });
  }

  save(target: Target, draft: FeedbackDraft, debounce: boolean) {
    const s = this.slot(target);
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    // too long: the field says so, and nothing is sent until it is shortened
    if (draft.comment.length > MAX_COMMENT_CHARS) {
      s.next = null;
      return this.set(keyOf(target), { state: "idle" });
    }
    s.next = draft;
    if (!debounce) return void this.send(s);
    this.set(keyOf(target), { state: "idle" });
    s.timer = setTimeout(() => {
      s.timer = null;
      void this.send(s);
    }, COMMENT_DEBOUNCE_MS);
  }

  /** Sends what waits for a pause in typing now. */
  flush() {
    for (const s of this.slots.values()) {
      if (!s.timer) continue;
      clearTimeout(s.timer);
      s.timer = null;
      void this.send(s);
    }
  }
}

/** Feedback saving for the shown turn of a comparison (turn null: nothing to give feedback on). */
export function useFeedbackSave(comparisonId: string, turn: number | null) {
  const [saver] = useState(() => new FeedbackSaver());
  const statuses = useSyncExternalStore(saver.subscribe, saver.snapshot, saver.snapshot);
  // leaving the turn (a follow-up) or the page: a comment still waiting goes out at once
  useEffect(() => () => saver.flush(), [saver, comparisonId, turn]);
  return {
    statusOf: (pane: number): FeedbackSaveStatus | undefined => (turn === null ? undefined : statuses[keyOf({ comparisonId, turn, pane })]),
    /** Saves a pane's feedback: now, or after a pause in typing (`debounce`, when only the comment changed). */
    save: (pane: number, draft: FeedbackDraft, { debounce = false } = {}) => {
      if (turn !== null) saver.save({ comparisonId, turn, pane }, draft, debounce);
    },
    /** Before a vote: what waits for a pause in typing is sent now. */
    flush: () => saver.flush(),
  };
}

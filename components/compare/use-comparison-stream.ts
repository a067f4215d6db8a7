"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { CompareEvent } from "@/lib/compare/events";

export type StreamState = "idle" | "following" | "reconnecting" | "lost";

const MAX_RECONNECTS = 6;
const NOT_FOUND_RETRIES = 4;

/**
 * Follows one comparison's multiplexed NDJSON event stream (GET /api/v1/comparisons/<id>/events)
 * with fetch + a stream reader: one request for all panes. Events are handed over in batches, at
 * most once per animation frame, so eight fast panes do not re-render per token. If the stream
 * breaks before `done`, it reconnects: the server replays a snapshot of every pane first, so
 * nothing streamed is lost.
 */
export function useComparisonStream(onEvents: (events: CompareEvent[]) => void) {
  const [state, setState] = useState<StreamState>("idle");
  const controllerRef = useRef<AbortController | null>(null);
  const onEventsRef = useRef(onEvents);
  useEffect(() => {
    onEventsRef.current = onEvents;
  }, [onEvents]);

  const cancel = useCallback(() => {
    controllerRef.current?.abort();
    controllerRef.current = null;
    setState("idle");
  }, []);

  const follow = useCallback((id: string) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    const { signal } = controller;

    let queue: CompareEvent[] = [];
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      if (signal.aborted || queue.length === 0) return;
      const batch = queue;
      queue = [];
      onEventsRef.current(batch);
    };
    const push = (event: CompareEvent) => {
      queue.push(event);
      if (frame === null) frame = requestAnimationFrame(flush);
    };
    signal.addEventListener("abort", () => {
      if (frame !== null) cancelAnimationFrame(frame);
      queue = [];
    });

    const run = async () => {
      setState("following");
      for (let attempt = 0; !signal.aborted; attempt += 1) {
        let sawDone = false;
        try {
          const response = await fetch(`/api/v1/comparisons/${encodeURIComponent(id)}/events`, {
            signal,
            cache: "no-store",
            headers: { accept: "application/x-ndjson" },
          });
          // Just after a start the comparison's row may not be committed yet (the provider calls
          // begin before the insert finishes): a 404 is retried a few times before giving up.
          if (response.status === 404 && attempt >= NOT_FOUND_RETRIES) {
            setState("lost");
            return;
          }
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          if (attempt > 0) setState("following");
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            const lines = buffer.split("\n");
            buffer = lines.pop() ?? "";
            for (const line of lines) {
              const event = parseLine(line);
              if (!event) continue;
              push(event);
              if (event.type === "done") sawDone = true;
            }
          }
          const last = parseLine(buffer);
          if (last) {
            push(last);
            if (last.type === "done") sawDone = true;
          }
        } catch {
          if (signal.aborted) return;
        }
        if (sawDone) {
          flush();
          setState("idle");
          if (controllerRef.current === controller) controllerRef.current = null;
          return;
        }
        if (attempt >= MAX_RECONNECTS) {
          flush();
          setState("lost");
          return;
        }
        setState("reconnecting");
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 4000)));
      }
    };
    void run();
  }, []);

  useEffect(() => () => controllerRef.current?.abort(), []);

  return { state, follow, cancel };
}

function parseLine(line: string): CompareEvent | null {
  const trimmed = line.trim();
  if (!trimmed) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value && typeof value === "object" && "type" in value && typeof value.type === "string") return value as CompareEvent;
  } catch {
    // a malformed line is skipped; the next snapshot corrects the state
  }
  return null;
}

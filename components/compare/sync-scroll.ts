"use client";
// Scrolling the panes of a comparison: "Scroll together" (each pane's thread scrolls in its own
// box and the others follow proportionally) and bringing a new turn into view when it is sent.
import { useEffect, useRef, type RefObject } from "react";

/** The scrollable body of each pane (PaneFrame marks it with data-pane-body). */
const BODY = "[data-pane-body]";

function reducedMotion(): boolean {
  return typeof window !== "undefined" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * While `enabled`, scrolling one pane's body scrolls the others to the same proportion of their
 * height (0 = top, 1 = bottom), so answers of different lengths stay side by side. Scrolls it
 * causes itself are not echoed back.
 */
export function useSyncScroll(container: RefObject<HTMLElement | null>, enabled: boolean): void {
  useEffect(() => {
    const root = container.current;
    if (!enabled || !root) return;
    // elements we scrolled ourselves, with the position we set: their next scroll event is ours
    const echoes = new Map<Element, number>();
    const onScroll = (event: Event) => {
      const source = event.target;
      if (!(source instanceof HTMLElement) || !source.matches(BODY)) return;
      const expected = echoes.get(source);
      if (expected !== undefined) {
        echoes.delete(source);
        if (Math.abs(source.scrollTop - expected) <= 1) return;
      }
      const range = source.scrollHeight - source.clientHeight;
      const ratio = range > 0 ? source.scrollTop / range : 0;
      for (const other of root.querySelectorAll<HTMLElement>(BODY)) {
        if (other === source) continue;
        const top = Math.round(ratio * (other.scrollHeight - other.clientHeight));
        if (Math.abs(other.scrollTop - top) < 1) continue;
        echoes.set(other, top);
        other.scrollTop = top;
      }
    };
    // scroll events do not bubble: listen in the capture phase on the grid
    root.addEventListener("scroll", onScroll, { capture: true, passive: true });
    return () => root.removeEventListener("scroll", onScroll, { capture: true });
  }, [container, enabled]);
}

/**
 * When a turn is added (a follow-up sent here, or a re-run's next turn), scrolls it into view:
 * the page to the new prompt (under the sticky site header), and with "Scroll together" on each
 * pane's body to its new prompt. Smooth unless the reader prefers reduced motion.
 */
export function useScrollNewTurn(container: RefObject<HTMLElement | null>, turnCount: number, synced: boolean): void {
  const seen = useRef(turnCount);
  useEffect(() => {
    const before = seen.current;
    seen.current = turnCount;
    if (turnCount <= before) return;
    const root = container.current;
    if (!root) return;
    const frame = requestAnimationFrame(() => {
      const behavior: ScrollBehavior = reducedMotion() ? "auto" : "smooth";
      const turn = turnCount - 1;
      const prompts = [...root.querySelectorAll<HTMLElement>(`[data-turn="${turn}"]`)];
      if (prompts.length === 0) return;
      if (synced)
        for (const el of prompts) {
          const body = el.closest<HTMLElement>(BODY);
          if (!body) continue;
          const top = el.getBoundingClientRect().top - body.getBoundingClientRect().top + body.scrollTop - 12;
          body.scrollTo({ top, behavior });
        }
      // the page: to the highest of the new prompts (or pane bodies), unless it is already in view
      const targets = synced ? prompts.map((el) => el.closest<HTMLElement>(BODY) ?? el) : prompts;
      const top = Math.min(...targets.map((el) => el.getBoundingClientRect().top));
      const header = document.querySelector("header.sticky")?.getBoundingClientRect().height ?? 0;
      if (top < header || top > window.innerHeight * 0.6)
        window.scrollTo({ top: Math.max(0, top + window.scrollY - header - 12), behavior });
    });
    return () => cancelAnimationFrame(frame);
  }, [container, turnCount, synced]);
}

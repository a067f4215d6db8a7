// Wires the real compare engine to the provider emulator and a test database.
import { LOCAL_USER_ID } from "@/lib/auth/local";
import { createDb } from "@/lib/db";
import { parseEnv, type Env } from "@/lib/env";
import type { CompareEvent } from "@/lib/compare/events";
import { clearProviderCache } from "@/lib/providers";
import { startEmulator, type Emulator } from "../emulator/server";
import { emulatorEnv } from "../../scripts/emulator-env.mjs";

/** Comparisons made by the tests belong to the local user (created by startHarness). */
export const OWNER = { ownerId: LOCAL_USER_ID };

export type Harness = { emulator: Emulator; env: Env; db: ReturnType<typeof createDb>; close(): Promise<void> };

export async function startHarness(databaseUrl: string): Promise<Harness> {
  // plain scripts: fast, predictable speeds; tests set faults per model
  const emulator = await startEmulator({ scripts: {} });
  clearProviderCache();
  const env = parseEnv({ ...emulatorEnv(emulator.url), JUXTA_MAX_RETRIES: "2" });
  const db = createDb(databaseUrl);
  await db.user.upsert({ where: { id: LOCAL_USER_ID }, create: { id: LOCAL_USER_ID, name: "Local user" }, update: {} });
  return {
    emulator,
    env,
    db,
    async close() {
      await db.$disconnect();
      await emulator.close();
    },
  };
}

/** Collects a run's events until `done`. */
export function collect(): { events: CompareEvent[]; observe: (e: CompareEvent) => void; done: Promise<CompareEvent[]> } {
  const events: CompareEvent[] = [];
  let resolve!: (e: CompareEvent[]) => void;
  const done = new Promise<CompareEvent[]>((r) => (resolve = r));
  return {
    events,
    observe(e) {
      events.push(e);
      if (e.type === "done") resolve(events);
    },
    done,
  };
}

export function textOf(events: CompareEvent[], pane: number): string {
  return events
    .filter((e): e is Extract<CompareEvent, { type: "text-delta" }> => e.type === "text-delta" && e.pane === pane)
    .map((e) => e.delta)
    .join("");
}

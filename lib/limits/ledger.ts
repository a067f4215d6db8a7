// The spend and pane ledger of people and API tokens. A limit is a promise: a call reserves its
// worst case (and its pane slots) before it starts, and settles to what it actually cost when it
// ends, so concurrent calls, on any number of instances, can never pass a limit together:
//
//   today's charged + reserved + this call's worst case <= the daily limit (and the same monthly)
//   panes under way + this call's panes <= the concurrent panes limit
//
// Both checks and the reservation are one statement over the spender's ledger rows (the person's,
// and a token's when it has its own limits): the rows are locked (FOR UPDATE re-reads the latest
// version after waiting for another reservation), checked together and updated only when every
// one of them has room. A new UTC day (month) starts its counters at 0; reservations made the day
// before are then forgotten rather than carried (a call under way at midnight is charged to the
// new day when it ends). Pane slots of a ledger row nobody touched for PANE_SLOT_EXPIRY are taken
// as lost (an instance died with panes running).
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { periodOf } from "./format";

export const PANE_SLOT_EXPIRY_MINUTES = 30;

/** The ledger's scale (Decimal(14, 8)); reservations round up to it, never down. */
const SCALE = 1e8;
export const roundUpUsd = (usd: number) => Math.ceil(Math.max(0, usd) * SCALE - 1e-6) / SCALE;
const usdParam = (usd: number) => roundUpUsd(usd).toFixed(8);

export type LedgerLimit = { subject: string; dailyUsd: number; monthlyUsd: number; concurrentPanes: number };

export type LedgerRow = {
  subject: string;
  dayCharged: number;
  dayReserved: number;
  monthCharged: number;
  monthReserved: number;
  activePanes: number;
};

export type ReserveResult = { ok: true; day: string; month: string } | { ok: false; rows: LedgerRow[] };

const known = new Set<string>();

/** Reserves `usd` and `panes` on every subject's row, or on none. */
export async function reserve(
  db: PrismaClient,
  limits: LedgerLimit[],
  usd: number,
  panes: number,
  now = new Date(),
  again = true,
): Promise<ReserveResult> {
  const { day, month } = periodOf(now);
  const subjects = limits.map((l) => l.subject);
  const missing = subjects.filter((s) => !known.has(s));
  if (missing.length) {
    await db.$executeRaw`
      INSERT INTO "SpendLedger" (subject, day, month) SELECT unnest(${missing}::text[]), ${day}::date, ${month}::date
      ON CONFLICT (subject) DO NOTHING`;
    for (const s of missing) known.add(s);
  }
  const amount = usdParam(usd);
  const rows = await db.$queryRaw<(LedgerRow & { ok: boolean; present: boolean })[]>`
    WITH want AS (
      SELECT * FROM unnest(${subjects}::text[], ${limits.map((l) => l.dailyUsd)}::numeric[], ${limits.map((l) => l.monthlyUsd)}::numeric[], ${limits.map((l) => l.concurrentPanes)}::int[])
        AS w(subject, day_limit, month_limit, pane_limit)
    ), cur AS (
      SELECT l.subject,
        CASE WHEN l.day = ${day}::date THEN l."dayChargedUsd" ELSE 0 END AS dc,
        CASE WHEN l.day = ${day}::date THEN l."dayReservedUsd" ELSE 0 END AS dr,
        CASE WHEN l.month = ${month}::date THEN l."monthChargedUsd" ELSE 0 END AS mc,
        CASE WHEN l.month = ${month}::date THEN l."monthReservedUsd" ELSE 0 END AS mr,
        CASE WHEN l."touchedAt" > now() - ${PANE_SLOT_EXPIRY_MINUTES} * interval '1 minute' THEN l."activePanes" ELSE 0 END AS ap,
        w.day_limit, w.month_limit, w.pane_limit
      FROM (SELECT * FROM "SpendLedger" WHERE subject = ANY(${subjects}::text[]) ORDER BY subject FOR UPDATE) l
      JOIN want w ON w.subject = l.subject
    ), verdict AS (
      SELECT count(*) = ${subjects.length}::int AS present,
        COALESCE(bool_and(
          (day_limit = 0 OR dc + dr + ${amount}::numeric <= day_limit)
          AND (month_limit = 0 OR mc + mr + ${amount}::numeric <= month_limit)
          AND (pane_limit = 0 OR ap + ${panes}::int <= pane_limit)
        ), false) AS ok
      FROM cur
    ), upd AS (
      UPDATE "SpendLedger" l SET
        day = ${day}::date, "dayChargedUsd" = cur.dc, "dayReservedUsd" = cur.dr + ${amount}::numeric,
        month = ${month}::date, "monthChargedUsd" = cur.mc, "monthReservedUsd" = cur.mr + ${amount}::numeric,
        "activePanes" = cur.ap + ${panes}::int, "touchedAt" = now()
      FROM cur, verdict
      WHERE l.subject = cur.subject AND verdict.present AND verdict.ok
      RETURNING l.subject
    )
    SELECT cur.subject, cur.dc::float8 AS "dayCharged", cur.dr::float8 AS "dayReserved", cur.mc::float8 AS "monthCharged",
      cur.mr::float8 AS "monthReserved", cur.ap AS "activePanes", verdict.ok, verdict.present, (SELECT count(*) FROM upd)::int AS updated
    FROM cur, verdict`;
  if (rows[0]?.ok) return { ok: true, day, month };
  if (rows.length < subjects.length && again) {
    // a row this process thought existed is not there (another database, a row deleted by hand)
    for (const s of subjects) known.delete(s);
    return reserve(db, limits, usd, panes, now, false);
  }
  return { ok: false, rows };
}

/**
 * Ends (part of) a reservation: releases `reservedUsd` and `panes`, charges `costUsd`. A
 * reservation made on an earlier day (month) was forgotten when that day ended, so only the cost
 * is added then.
 */
export async function settle(
  db: PrismaClient,
  input: { subjects: string[]; day: string; month: string; reservedUsd: number; costUsd: number; panes: number },
  now = new Date(),
): Promise<void> {
  const { day, month } = periodOf(now);
  const reserved = usdParam(input.reservedUsd);
  const cost = usdParam(input.costUsd);
  await db.$executeRaw`
    UPDATE "SpendLedger" SET
      "dayChargedUsd" = CASE WHEN day = ${day}::date THEN "dayChargedUsd" ELSE 0 END + ${cost}::numeric,
      "dayReservedUsd" = CASE
        WHEN day <> ${day}::date THEN 0
        WHEN ${input.day}::date = ${day}::date THEN GREATEST(0, "dayReservedUsd" - ${reserved}::numeric)
        ELSE "dayReservedUsd" END,
      "monthChargedUsd" = CASE WHEN month = ${month}::date THEN "monthChargedUsd" ELSE 0 END + ${cost}::numeric,
      "monthReservedUsd" = CASE
        WHEN month <> ${month}::date THEN 0
        WHEN ${input.month}::date = ${month}::date THEN GREATEST(0, "monthReservedUsd" - ${reserved}::numeric)
        ELSE "monthReservedUsd" END,
      day = ${day}::date, month = ${month}::date,
      "activePanes" = GREATEST(0, "activePanes" - ${input.panes}::int), "touchedAt" = now()
    WHERE subject = ANY(${input.subjects}::text[])`;
}

/** The ledger rows of these subjects as of now (a new day or month reads as 0). */
export async function readLedger(db: PrismaClient, subjects: string[], now = new Date()): Promise<LedgerRow[]> {
  const { day, month } = periodOf(now);
  return db.$queryRaw<LedgerRow[]>`
    SELECT subject,
      (CASE WHEN day = ${day}::date THEN "dayChargedUsd" ELSE 0 END)::float8 AS "dayCharged",
      (CASE WHEN day = ${day}::date THEN "dayReservedUsd" ELSE 0 END)::float8 AS "dayReserved",
      (CASE WHEN month = ${month}::date THEN "monthChargedUsd" ELSE 0 END)::float8 AS "monthCharged",
      (CASE WHEN month = ${month}::date THEN "monthReservedUsd" ELSE 0 END)::float8 AS "monthReserved",
      (CASE WHEN "touchedAt" > now() - ${PANE_SLOT_EXPIRY_MINUTES} * interval '1 minute' THEN "activePanes" ELSE 0 END) AS "activePanes"
    FROM "SpendLedger" WHERE subject = ANY(${subjects}::text[])`;
}

/** Tests: forget which ledger rows exist (a fresh database). */
export function forgetLedgerRows(): void {
  known.clear();
}

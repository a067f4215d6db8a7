// When a scheduled scorecard runs next, from its cron ("M * * * *", "M H * * *", "M H * * D", UTC;
// lib/scorecards/schedule.ts cronOf). Pure.

/** The next time (after `now`) the cron fires, or null for a form it does not know. */
export function nextCronRun(cron: string, now: Date): Date | null {
  const m = /^(\d+) (\*|\d+) \* \* (\*|\d+)$/.exec(cron.trim());
  if (!m) return null;
  const minute = Number(m[1]);
  const hour = m[2] === "*" ? null : Number(m[2]);
  const day = m[3] === "*" ? null : Number(m[3]);
  const t = new Date(now.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  // at most 8 days of minutes to look through, by whole steps
  for (let i = 0; i < 8 * 24 * 60; i++) {
    if (t.getUTCMinutes() === minute && (hour === null || t.getUTCHours() === hour) && (day === null || t.getUTCDay() === day)) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return null;
}

/** "in 23 min", "in 5 h", "in 3 days" (UTC-free: a duration). */
export function untilText(at: Date, now: Date): string {
  const min = Math.max(0, Math.round((at.getTime() - now.getTime()) / 60_000));
  if (min < 60) return `in ${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.round(h / 24)} days`;
}

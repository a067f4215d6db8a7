// Dates for the share UI. Client components format in the reader's own time zone; server-rendered
// pages (the shared snapshot) use UTC, so the HTML is the same for every visitor.

/** "Nov 26, 2025, 4:34:12 PM" in the reader's time zone (seconds keep same-minute links apart). */
export function formatLocal(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "medium" });
}

/** "Nov 26, 2025, 16:34 UTC" */
export function formatUtcShort(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = d.toLocaleDateString("en-US", { timeZone: "UTC", dateStyle: "medium" });
  const time = d.toLocaleTimeString("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit" });
  return `${date}, ${time} UTC`;
}

// Display formatting for the playground (metrics use lib/compare/metrics.ts formatters).

/** USD per 1M tokens: "$0.15", "$2.50", "$0.075". */
export function formatPrice(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.1) return `$${Number(usd.toFixed(3))}`;
  return `$${usd.toFixed(2)}`;
}

export function formatPricePair(price: { input: number; output: number } | null): string | null {
  return price ? `${formatPrice(price.input)} / ${formatPrice(price.output)}` : null;
}

export function formatCount(n: number | null | undefined): string {
  return n == null ? "–" : n.toLocaleString("en-US");
}

/** 128000 -> "128K", 1047576 -> "1M" */
export function formatContext(tokens: number | null): string | null {
  if (!tokens) return null;
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(1))}M`;
  return `${Math.round(tokens / 1000)}K`;
}

/** 0.4 s -> "0.4 s", 75 s -> "1:15" */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

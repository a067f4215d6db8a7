// The one way Juxta prints money, durations and counts: in the app, in shared pages and in
// Markdown exports, so one amount reads the same everywhere. Pure (no server imports) and
// locale-fixed ("en-US"), so server-rendered HTML and the client's agree.

/** What a missing value prints as. */
export const MISSING = "–";

const usable = (x: number | null | undefined): x is number => x != null && Number.isFinite(x);

/**
 * An amount in USD, with the precision it needs: "$0", "<$0.000001", two significant digits below
 * a cent ("$0.000076", "$0.0041"), four decimals below a dollar ("$0.0123"), cents from a dollar
 * on ("$1,234.50"). Per-answer costs are tiny, so rounding them to cents would print "$0.00".
 */
export function formatUsd(usd: number | null | undefined): string {
  if (!usable(usd)) return MISSING;
  if (usd === 0) return "$0";
  const sign = usd < 0 ? "-" : "";
  const x = Math.abs(usd);
  if (x < 0.000001) return `${sign}<$0.000001`;
  if (x < 0.01) return `${sign}$${Number(x.toPrecision(2))}`;
  if (x < 1) return `${sign}$${x.toFixed(4)}`;
  return `${sign}$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A list price in USD per 1M tokens, as providers publish them: "$0", "$0.075", "$0.15", "$2.50". */
export function formatPrice(usdPerMillion: number): string {
  if (usdPerMillion === 0) return "$0";
  if (usdPerMillion < 0.1) return `$${Number(usdPerMillion.toFixed(3))}`;
  return `$${usdPerMillion.toFixed(2)}`;
}

/** Input / output price per 1M tokens ("$0.15 / $0.60"), or null without a price. */
export function formatPricePair(price: { input: number; output: number } | null): string | null {
  return price ? `${formatPrice(price.input)} / ${formatPrice(price.output)}` : null;
}

/** A measured duration: "312 ms" below a second, "1.48 s" below ten, "12.3 s" from there on. */
export function formatMs(ms: number | null | undefined): string {
  if (!usable(ms)) return MISSING;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

/** A running clock (elapsed time that ticks): "0.4 s", then "1:15" from a minute on. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

/** A count: "1,234"; a weighted count keeps at most one decimal ("12.5"). */
export function formatCount(n: number | null | undefined): string {
  if (!usable(n)) return MISSING;
  return n.toLocaleString("en-US", { maximumFractionDigits: Number.isInteger(n) ? 0 : 1 });
}

/** A fraction as a whole percentage: 0.416 -> "42%". */
export function formatPercent(fraction: number | null | undefined): string {
  return usable(fraction) ? `${(fraction * 100).toFixed(0)}%` : MISSING;
}

/** Output speed: "1064.1" (tokens per second, one decimal). */
export function formatTokensPerSecond(x: number | null | undefined): string {
  return usable(x) ? x.toFixed(1) : MISSING;
}

/** A context window in tokens: 128000 -> "128K", 1047576 -> "1M"; null when unknown. */
export function formatContext(tokens: number | null): string | null {
  if (!tokens) return null;
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(1))}M`;
  return `${Math.round(tokens / 1000)}K`;
}

// Cohen's kappa read by the usual Landis & Koch (1977) bands, and the tint of a heatmap cell.
// At or below 0 there is no agreement beyond chance: 0 is neutral grey, below 0 red; above 0
// green, deeper with each band. Pure (tests/unit/evals-ui.test.ts).

export type KappaBand = { max: number; label: string; tint: string | null };

/** Upper bounds, inclusive; the first band whose bound holds is the reading. */
export const KAPPA_BANDS: readonly KappaBand[] = [
  { max: -Number.EPSILON, label: "worse than chance", tint: "rgba(239, 68, 68, 0.35)" },
  { max: 0, label: "no agreement", tint: "rgba(113, 113, 122, 0.18)" },
  { max: 0.2, label: "slight", tint: "rgba(16, 185, 129, 0.10)" },
  { max: 0.4, label: "fair", tint: "rgba(16, 185, 129, 0.22)" },
  { max: 0.6, label: "moderate", tint: "rgba(16, 185, 129, 0.36)" },
  { max: 0.8, label: "substantial", tint: "rgba(16, 185, 129, 0.50)" },
  { max: Infinity, label: "almost perfect", tint: "rgba(16, 185, 129, 0.66)" },
];

export function kappaBand(kappa: number): KappaBand {
  // printed with 2 decimals: what reads "0.00" is "no agreement", never a tint of agreement
  const v = Math.round(kappa * 100) / 100;
  return KAPPA_BANDS.find((b) => v <= b.max)!;
}

export function kappaTint(kappa: number): string | null {
  return kappaBand(kappa).tint;
}

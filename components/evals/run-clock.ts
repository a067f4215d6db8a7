// The run's clock line under the progress bar. Pure (tests/unit/evals-ui.test.ts).
import type { RunProgress } from "@/lib/evals/run/service";
import { formatElapsed } from "@/lib/format";

/**
 * "took 3m 05s" once finished, "paused after 1m 10s" while paused (start to pause), else
 * "running for 12s"; null before the run starts or while a pause moment is not known yet.
 */
export function elapsedText(
  progress: Pick<RunProgress, "startedAt" | "finishedAt" | "status">,
  pausedAt: string | null,
  now: number,
): string | null {
  if (!progress.startedAt) return null;
  const start = Date.parse(progress.startedAt);
  if (progress.finishedAt) return `took ${formatElapsed(Math.max(0, Date.parse(progress.finishedAt) - start))}`;
  if (progress.status === "paused") return pausedAt ? `paused after ${formatElapsed(Math.max(0, Date.parse(pausedAt) - start))}` : "paused";
  return `running for ${formatElapsed(Math.max(0, now - start))}`;
}

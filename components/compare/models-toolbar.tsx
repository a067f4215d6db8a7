import { Button } from "@/components/ui/button";
import { FieldError, inputClasses } from "@/components/ui/field";
import { AlertIcon, PlusIcon } from "@/components/ui/icons";
import { MAX_MODELS } from "@/lib/compare/schema";
import type { ProviderHint } from "./types";

/**
 * "Models" heading with the pane count, Add pane, which providers are not configured, Blind mode,
 * and (for someone in a team that lets them) whose comparison it is: "Just me" or a team.
 */
export function ModelsToolbar({
  count,
  hints,
  error,
  onAdd,
  anyAvailable,
  blind,
  onBlind,
  teams = [],
  teamId = "",
  onTeam,
  teamError,
}: {
  blind: boolean;
  onBlind: (on: boolean) => void;
  /** teams where the viewer has comparisons:write; the select shows only when there are some */
  teams?: { id: string; name: string }[];
  /** "" for "Just me" */
  teamId?: string;
  onTeam?: (teamId: string) => void;
  teamError?: string | undefined;
  count: number;
  hints: ProviderHint[];
  error: string | undefined;
  onAdd: () => void;
  anyAvailable: boolean;
}) {
  const full = count >= MAX_MODELS;
  return (
    <div role="group" aria-labelledby="models-heading" aria-describedby={error ? "models-error" : undefined} className="mt-6 mb-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h2 id="models-heading" className="text-sm font-semibold">
          Models
        </h2>
        <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {count} of {MAX_MODELS} panes{count === 1 ? " · add another to compare" : ""}
        </span>
        <Button id="add-pane" size="sm" onClick={onAdd} disabled={full} aria-describedby={full ? "models-full" : undefined}>
          <PlusIcon className="size-3.5" />
          Add pane
        </Button>
        {full ? (
          <span id="models-full" className="text-xs text-zinc-500 dark:text-zinc-400">
            At most {MAX_MODELS} models per comparison.
          </span>
        ) : null}
        {teams.length > 0 ? (
          <span className="ml-auto inline-flex items-center gap-2">
            <label htmlFor="compare-team" className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Team
            </label>
            <select
              id="compare-team"
              value={teamId}
              onChange={(e) => onTeam?.(e.target.value)}
              aria-invalid={teamError ? true : undefined}
              aria-describedby={teamError ? "team-error" : "team-help"}
              className={`${inputClasses(Boolean(teamError))} h-7 max-w-48 px-2 text-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500`}
            >
              <option value="">Just me</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <span id="team-help" className="sr-only">
              A team&apos;s comparison is visible to its members by role.
            </span>
          </span>
        ) : null}
        <label
          className={`${teams.length > 0 ? "" : "ml-auto "}inline-flex cursor-pointer items-center gap-2 text-xs font-medium text-zinc-700 dark:text-zinc-300`}
        >
          {/* a real checkbox laid over the track, so it keeps the keyboard, focus and form semantics */}
          <span className="relative inline-flex">
            <input
              type="checkbox"
              role="switch"
              checked={blind}
              onChange={(e) => onBlind(e.target.checked)}
              aria-describedby="blind-help"
              className="peer absolute inset-0 z-10 m-0 cursor-pointer opacity-0"
            />
            <span
              aria-hidden="true"
              className="relative h-4.5 w-8 rounded-full bg-zinc-300 transition-colors peer-checked:bg-indigo-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-500 after:absolute after:top-0.5 after:left-0.5 after:size-3.5 after:rounded-full after:bg-white after:shadow after:transition-transform peer-checked:after:translate-x-3.5 dark:bg-zinc-600 dark:peer-checked:bg-indigo-500"
            />
          </span>
          Blind mode
        </label>
        <span id="blind-help" className={blind ? "w-full text-right text-xs text-zinc-500 dark:text-zinc-400" : "sr-only"}>
          Models are shuffled into panes named Model A, Model B; names, clouds, metrics and reasoning stay hidden until you vote.
        </span>
        {hints.length > 0 && anyAvailable ? (
          <details className="group relative text-xs">
            <summary className="cursor-pointer list-none rounded px-1 text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200">
              <span className="underline decoration-dotted underline-offset-2">
                {hints.length === 1 ? "1 provider not configured" : `${hints.length} providers not configured`}
              </span>
            </summary>
            <ul className="absolute right-0 z-20 mt-1 grid w-[min(28rem,90vw)] gap-1.5 rounded-lg border border-zinc-200 bg-white p-3 text-zinc-700 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
              {hints.map((h) => (
                <li key={h.provider}>
                  <span className="font-medium">{h.providerLabel}:</span> {h.hint}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
      {error ? <FieldError id="models-error">{error}</FieldError> : null}
      {teamError ? <FieldError id="team-error">{teamError}</FieldError> : null}
    </div>
  );
}

/** Shown when no provider has credentials: the page still works and says what to set. */
export function NoProviderCallout({ hints }: { hints: ProviderHint[] }) {
  return (
    <section
      aria-labelledby="no-provider-heading"
      className="mb-4 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <h2 id="no-provider-heading" className="flex items-center gap-2 font-semibold">
        <AlertIcon className="size-4" />
        No model provider is configured
      </h2>
      <p className="mt-1">
        Set the variables of at least one provider in the environment (or <code>.env</code>), then restart Juxta:
      </p>
      <ul className="mt-2 grid list-disc gap-1 pl-5">
        {hints.map((h) => (
          <li key={h.provider}>
            <span className="font-medium">{h.providerLabel}:</span> {h.hint}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-amber-900/80 dark:text-amber-200/80">
        To try Juxta without any cloud account, run <code>npm run demo</code>: it answers with locally emulated models.
      </p>
    </section>
  );
}

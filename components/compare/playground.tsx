"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { followUpAction, retryPaneAction, startComparisonAction, stopAction, voteAction } from "@/app/actions";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StopIcon } from "@/components/ui/icons";
import type { CompareEvent } from "@/lib/compare/events";
import type { ComparisonView } from "@/lib/compare/queries";
import type { Params } from "@/lib/compare/schema";
import { MAX_COMMENT_CHARS, type VoteInput } from "@/lib/votes/schema";
import { comparisonReducer, fromView, isRunning, pendingAnswer, type ComparisonState } from "./comparison-state";
import { Composer, FollowUpComposer } from "./composer";
import { buildCompareInput, checkFollowUp, emptyParams, hasValues, paramKeys, type DraftPane, type FieldErrors, type ParamsDraft } from "./form-input";
import { ModelPicker } from "./model-picker";
// share: Share / Export / Re-run controls in the comparison header (components/share)
import { ComparisonActions } from "@/components/share/comparison-actions";
import { ExportLinks } from "@/components/share/export-links";
import { RerunButton } from "@/components/share/rerun-button";
import { DraftPane as DraftPaneView, paneIdentities, ThreadPane } from "./pane";
import { ModelsToolbar, NoProviderCallout } from "./models-toolbar";
import type { PaneModel, PickerModel, ProviderHint } from "./types";
import { useComparisonStream } from "./use-comparison-stream";
import { emptyFeedback, paneLetter, VoteBar, type FeedbackDraft } from "./vote-panel";

/** The viewer's vote on one turn, as the page passes it in. */
export type MyVote = { turn: number; input: VoteInput; feedback: { pane: number; thumb: "up" | "down" | null; reasons: string[]; comment: string | null }[] };

/** What a pane of a blind comparison shows before the reveal. */
function sealedModel(index: number): PaneModel {
  return { id: "", label: `Model ${paneLetter(index)}`, provider: "", providerLabel: "", location: null, emulated: false, price: null };
}

function feedbackDrafts(paneCount: number, vote: MyVote | undefined): FeedbackDraft[] {
  return Array.from({ length: paneCount }, (_, i) => {
    const f = vote?.feedback.find((x) => x.pane === i);
    return f ? { thumb: f.thumb, reasons: f.reasons, comment: f.comment ?? "" } : emptyFeedback();
  });
}

const providerOrder = ["openai", "azure", "bedrock", "compatible"];

/** 2-3 available models from different providers, so a first comparison needs no setup. */
function defaultModelIds(models: PickerModel[]): string[] {
  const available = models.filter((m) => m.available);
  const picked: PickerModel[] = [];
  for (const provider of providerOrder) {
    const m = available.find((x) => x.provider === provider);
    if (m) picked.push(m);
    if (picked.length === 3) break;
  }
  for (const m of available) {
    if (picked.length >= 2) break;
    if (!picked.includes(m)) picked.push(m);
  }
  return picked.map((m) => m.id);
}

function toPaneModel(m: PickerModel): PaneModel {
  return {
    id: m.id,
    label: m.label,
    provider: m.provider,
    providerLabel: m.providerLabel,
    location: m.location,
    emulated: m.emulated,
    price: m.price,
  };
}

function paramsToDraft(p: Params | undefined, except?: Params): ParamsDraft {
  const draft = emptyParams();
  for (const key of paramKeys) {
    const v = p?.[key];
    if (v !== undefined && v !== except?.[key]) draft[key] = { text: String(v), bad: false };
  }
  return draft;
}

function mergeParams(shared: Params | undefined, own: Params | undefined): Params {
  return Object.fromEntries(Object.entries({ ...shared, ...own }).filter(([, v]) => v !== undefined)) as Params;
}

/** The title the server gives a comparison (first line of the prompt). */
function titleFrom(prompt: string): string {
  const line = prompt.trim().split("\n")[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Fields the form can show a message beside; anything else goes to the form-level alert. */
const knownField = /^(prompt|system|models|teamId|params\.(temperature|topP|maxOutputTokens)|models\.\d+(\.params\.(temperature|topP|maxOutputTokens))?)$/;

type Picker = { mode: "add" } | { mode: "change"; pane: number } | null;

/**
 * The playground: compose a prompt for 2-8 models, then follow every answer side by side over one
 * multiplexed event stream, and send follow-ups to every pane. On `/` it starts empty; on
 * `/c/<id>` it opens a stored comparison (and keeps following it if answers are still streaming).
 */
export function Playground({
  models,
  hints,
  initial,
  votes: initialVotes = [],
  teams = [],
  team = null,
  readOnly = false,
}: {
  models: PickerModel[];
  hints: ProviderHint[];
  initial: ComparisonView | null;
  /** the viewer's votes on this comparison */
  votes?: MyVote[];
  /** teams the viewer may make comparisons for (comparisons:write); the form offers them when there are any */
  teams?: { id: string; name: string }[];
  /** the team `initial` belongs to */
  team?: { id: string; name: string } | null;
  /** the viewer may read `initial` but not change it (a team role without comparisons:write) */
  readOnly?: boolean;
}) {
  const [comparison, dispatch] = useReducer(comparisonReducer, initial, (v) => (v ? fromView(v) : null));
  const keyCounter = useRef(0);
  const newKey = () => `pane-${(keyCounter.current += 1)}`;
  const [panes, setPanes] = useState<DraftPane[]>(() =>
    defaultModelIds(models).map((id, i) => ({ key: `initial-${i}`, modelId: id, params: emptyParams() })),
  );
  const [prompt, setPrompt] = useState("");
  const [system, setSystem] = useState("");
  const [shared, setShared] = useState<ParamsDraft>(emptyParams);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [followUp, setFollowUp] = useState("");
  const [followError, setFollowError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [expanded, setExpanded] = useState<number | null>(null);
  const [picker, setPicker] = useState<Picker>(null);
  const [paramsOpen, setParamsOpen] = useState<Record<string, boolean>>({});
  const [announcement, setAnnouncement] = useState("");
  const followUpRef = useRef<HTMLTextAreaElement>(null);
  const [blind, setBlind] = useState(false);
  // "" is "Just me"; a stored team comparison's "New comparison" starts in the same team when allowed
  const [teamId, setTeamId] = useState(() => (team && teams.some((t) => t.id === team.id) ? team.id : ""));
  const [shownTeam, setShownTeam] = useState(team);
  const [locked, setLocked] = useState(readOnly);
  const [votes, setVotes] = useState<MyVote[]>(initialVotes);
  const [feedback, setFeedback] = useState<FeedbackDraft[]>(() =>
    feedbackDrafts(initial?.panes.length ?? 0, initialVotes.find((v) => v.turn === (initial?.turns.at(-1)?.index ?? -1))),
  );
  const [voteBusy, setVoteBusy] = useState(false);
  const [voteError, setVoteError] = useState<string | null>(null);

  const onEvents = useCallback((events: CompareEvent[]) => dispatch({ type: "events", events, now: Date.now() }), []);
  const { state: streamState, follow, cancel } = useComparisonStream(onEvents);
  const catalogById = useMemo(() => new Map(models.map((m) => [m.id, m])), [models]);

  const lastTurn = comparison?.turns.at(-1);
  const running = lastTurn ? lastTurn.answers.some((a) => isRunning(a.status)) : false;

  // A stored comparison still answering (reload mid-stream): keep following it.
  const followedInitial = useRef(false);
  useEffect(() => {
    if (followedInitial.current || !comparison) return;
    followedInitial.current = true;
    if (running) follow(comparison.id);
  }, [comparison, running, follow]);

  // Say when a turn ends, for screen readers (the panes' own status is not a live region).
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running && lastTurn) {
      const failed = lastTurn.answers.filter((a) => a.status === "error").length;
      setAnnouncement(failed > 0 ? `All answers ended; ${failed} failed.` : "All answers finished.");
    }
    wasRunning.current = running;
  }, [running, lastTurn]);

  useEffect(() => {
    document.title = comparison ? `${comparison.title} · Juxta` : "Juxta";
  }, [comparison]);

  const resetDraft = useCallback(
    (from: ComparisonState | null) => {
      cancel();
      dispatch({ type: "load", comparison: null });
      setErrors({});
      setFollowUp("");
      setFollowError(null);
      setNotice(null);
      setExpanded(null);
      setParamsOpen({});
      setVotes([]);
      setFeedback([]);
      setVoteError(null);
      if (from) {
        setBlind(from.blind);
        const usable = from.panes.filter((p) => catalogById.get(p.model.id)?.available);
        setPanes(usable.map((p) => ({ key: newKey(), modelId: p.model.id, params: paramsToDraft(p.params, from.params) })));
        setShared(paramsToDraft(from.params));
        setSystem(from.system ?? "");
        setPrompt(from.turns[0]?.prompt ?? "");
      } else {
        setPanes(defaultModelIds(models).map((id) => ({ key: newKey(), modelId: id, params: emptyParams() })));
        setShared(emptyParams());
        setSystem("");
        setPrompt("");
      }
    },
    [catalogById, models, cancel],
  );

  // The URL became /c/<id> by replaceState (same page, stream kept). Following the "Compare" link
  // back to "/" renders this same component, so start over explicitly.
  const pathname = usePathname();
  const lastPathname = useRef(pathname);
  useEffect(() => {
    if (lastPathname.current !== pathname && pathname === "/" && comparison) resetDraft(null);
    lastPathname.current = pathname;
  }, [pathname, comparison, resetDraft]);

  const focusFirstInvalid = () =>
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>('main [aria-invalid="true"]');
      if (el) el.focus();
      else document.getElementById("add-pane")?.focus();
    });

  const clearError = (field: string) =>
    setErrors((e) => {
      if (!(field in e) && !("form" in e)) return e;
      const next = { ...e };
      delete next[field];
      delete next.form;
      return next;
    });

  async function start() {
    if (busy) return;
    const built = buildCompareInput({ prompt, system, params: shared, panes }, models);
    if (!built.ok) {
      setErrors(built.errors);
      setParamsOpen((open) => {
        const next = { ...open };
        panes.forEach((p, i) => {
          if (Object.keys(built.errors).some((f) => f.startsWith(`models.${i}.params`))) next[p.key] = true;
        });
        return next;
      });
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    setErrors({});
    const chosenTeam = teams.find((t) => t.id === teamId) ?? null;
    const result = await startComparisonAction({ ...built.input, ...(blind ? { blind: true } : {}), ...(chosenTeam ? { teamId: chosenTeam.id } : {}) }).catch(() => null);
    setBusy(false);
    if (!result) {
      setErrors({ form: "Could not reach the server. Check that Juxta is still running, then try again." });
      return;
    }
    if (!result.ok) {
      const { field, message } = result.error;
      const known = field !== null && knownField.test(field);
      setErrors({ [known ? field : "form"]: message });
      const pane = known ? /^models\.(\d+)\.params/.exec(field)?.[1] : undefined;
      if (pane !== undefined && panes[Number(pane)]) setParamsOpen((o) => ({ ...o, [panes[Number(pane)]!.key]: true }));
      focusFirstInvalid();
      return;
    }
    const { id } = result.data;
    setShownTeam(chosenTeam);
    setLocked(false);
    const shareds = built.input.params;
    dispatch({
      type: "load",
      comparison: {
        id,
        title: titleFrom(built.input.prompt),
        blind,
        revealed: !blind,
        system: built.input.system?.trim() ? built.input.system : null,
        params: shareds ?? {},
        // blind: the server shuffled the models; which pane has which is not known here
        panes: panes.map((p, index) => {
          const ref = built.input.models[index];
          return {
            index,
            model: blind ? sealedModel(index) : toPaneModel(catalogById.get(p.modelId)!),
            params: blind ? (shareds ?? {}) : mergeParams(shareds, typeof ref === "string" ? undefined : ref?.params),
          };
        }),
        turns: [{ index: 0, prompt: built.input.prompt, answers: panes.map(() => pendingAnswer(Date.now())) }],
      },
    });
    followedInitial.current = true;
    setVotes([]);
    setFeedback(feedbackDrafts(panes.length, undefined));
    setVoteError(null);
    window.history.replaceState(null, "", `/c/${id}`);
    follow(id);
    setExpanded(null);
    setAnnouncement(`Comparison started with ${panes.length} models.`);
    requestAnimationFrame(() => followUpRef.current?.focus({ preventScroll: true }));
  }

  async function sendFollowUp() {
    if (!comparison || busy) return;
    const problem = running ? "Some panes are still answering: wait for them or stop them first." : checkFollowUp(followUp);
    if (problem) {
      setFollowError(problem);
      followUpRef.current?.focus();
      return;
    }
    setBusy(true);
    const result = await followUpAction(comparison.id, { prompt: followUp }).catch(() => null);
    setBusy(false);
    if (!result || !result.ok) {
      setFollowError(result ? result.error.message : "Could not reach the server. Check that Juxta is still running, then try again.");
      followUpRef.current?.focus();
      return;
    }
    dispatch({ type: "turn-added", turn: result.data.turn, prompt: followUp });
    setFeedback(feedbackDrafts(comparison.panes.length, undefined));
    setVoteError(null);
    setFollowUp("");
    setFollowError(null);
    follow(comparison.id);
    setAnnouncement("Follow-up sent to every pane.");
  }

  async function stop(pane?: number) {
    if (!comparison) return;
    const result = await stopAction(comparison.id, pane).catch(() => null);
    if (!result || !result.ok) setNotice(result ? result.error.message : "Could not reach the server to stop the answers.");
  }

  async function retry(pane: number) {
    if (!comparison) return;
    setBusy(true);
    const result = await retryPaneAction(comparison.id, pane).catch(() => null);
    setBusy(false);
    if (!result || !result.ok) {
      setNotice(result ? result.error.message : "Could not reach the server to retry.");
      return;
    }
    setNotice(null);
    dispatch({ type: "retrying", pane });
    follow(comparison.id);
  }

  async function vote(input: VoteInput) {
    if (!comparison || !lastTurn || voteBusy) return;
    if (feedback.some((f) => f.comment.length > MAX_COMMENT_CHARS)) {
      setVoteError(`A comment is at most ${MAX_COMMENT_CHARS.toLocaleString("en-US")} characters: shorten it, then vote again.`);
      return;
    }
    setVoteBusy(true);
    setVoteError(null);
    const wasSealed = !comparison.revealed;
    const body = {
      turn: lastTurn.index,
      ...input,
      feedback: feedback.map((f, pane) => ({ pane, thumb: f.thumb, reasons: f.reasons, comment: f.comment })).filter((f) => f.thumb || f.reasons.length || f.comment.trim()),
    };
    const result = await voteAction(comparison.id, body).catch(() => null);
    setVoteBusy(false);
    if (!result || !result.ok) {
      setVoteError(result ? result.error.message : "Could not reach the server to save your vote. Try again.");
      return;
    }
    const { vote: saved, comparison: view } = result.data;
    // every pane of the turn has ended (the vote stopped the rest): the stored view is final
    cancel();
    dispatch({ type: "load", comparison: fromView(view) });
    setVotes((vs) => [...vs.filter((v) => v.turn !== saved.turn), { turn: saved.turn, input: saved.input, feedback: saved.feedback }]);
    setAnnouncement(
      wasSealed && view.revealed
        ? `Vote saved. Revealed: ${view.panes.map((p) => `${paneLetter(p.index)} is ${p.model.label} on ${p.model.providerLabel}`).join("; ")}.`
        : "Vote saved.",
    );
  }

  function choose(id: string) {
    if (!picker) return;
    if (picker.mode === "add") {
      setPanes((ps) => (ps.length >= 8 ? ps : [...ps, { key: newKey(), modelId: id, params: emptyParams() }]));
      clearError("models");
    } else {
      setPanes((ps) => ps.map((p, i) => (i === picker.pane ? { ...p, modelId: id } : p)));
      clearError(`models.${picker.pane}`);
    }
    setPicker(null);
  }

  function removePane(index: number) {
    setPanes((ps) => ps.filter((_, i) => i !== index));
    setExpanded(null);
    // pane-indexed errors no longer point at the same pane
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => !f.startsWith("models"))));
    requestAnimationFrame(() => document.getElementById("add-pane")?.focus());
  }

  const available = models.some((m) => m.available);
  const draftIdentities = paneIdentities(
    panes.map((p) => {
      const m = catalogById.get(p.modelId);
      return m
        ? toPaneModel(m)
        : { id: p.modelId, label: p.modelId, provider: "unknown", providerLabel: "Unknown", location: null, emulated: false, price: null };
    }),
  );
  // a stored comparison carries no prices: take them from the catalog
  const sealed = comparison ? !comparison.revealed : false;
  const liveIdentities = comparison
    ? paneIdentities(
        comparison.panes.map((p) => (p.model.price || sealed ? p.model : { ...p.model, price: catalogById.get(p.model.id)?.price ?? null })),
        { sealed },
      )
    : [];
  const myVote = lastTurn ? (votes.find((v) => v.turn === lastTurn.index) ?? null) : null;
  const canVote = Boolean(lastTurn && comparison && comparison.panes.length >= 2 && lastTurn.answers.some((a) => a.text || !isRunning(a.status)));
  const sharedPlaceholders = Object.fromEntries(paramKeys.map((k) => [k, shared[k].text ? `${shared[k].text} (shared)` : "default"]));

  return (
    <>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {comparison ? (
        <>
          <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <h1 className="truncate text-lg font-semibold tracking-tight" title={comparison.title}>
                {comparison.title}
              </h1>
              <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                {shownTeam ? `${shownTeam.name} · ` : ""}
                {comparison.blind ? (sealed ? "Blind · " : "Blind, revealed · ") : ""}
                {comparison.panes.length} models · {comparison.turns.length === 1 ? "1 turn" : `${comparison.turns.length} turns`}
                {Object.keys(comparison.params).length > 0 ? ` · shared ${describeParams(comparison.params)}` : ""}
                {streamState === "reconnecting" ? " · reconnecting…" : ""}
              </p>
            </div>
            <div className="flex items-center gap-2">
              {running && !locked ? (
                <Button variant="danger" onClick={() => void stop()}>
                  <StopIcon className="size-4" />
                  Stop all
                </Button>
              ) : null}
              {/* share: begin */}
              {sealed ? null : locked ? (
                // read-only team role: export and re-run as one's own, but no sharing
                <div className="flex flex-wrap items-center justify-end gap-2">
                  <ExportLinks base={`/api/v1/comparisons/${encodeURIComponent(comparison.id)}/export`} />
                  <RerunButton source={{ comparisonId: comparison.id }} />
                </div>
              ) : (
                <ComparisonActions id={comparison.id} running={running} />
              )}
              {/* share: end */}
              <Button
                onClick={() => {
                  resetDraft(comparison);
                  window.history.replaceState(null, "", "/");
                }}
              >
                New comparison
              </Button>
            </div>
          </div>
          {comparison.system ? (
            <details className="mb-4 rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
              <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-zinc-600 dark:text-zinc-300">System prompt</summary>
              <p className="border-t border-zinc-200 px-3 py-2 whitespace-pre-wrap text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">{comparison.system}</p>
            </details>
          ) : null}
          {streamState === "lost" ? (
            <div role="alert" className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
              Lost the connection to the server. Generation goes on there and is stored.
              <Button size="sm" onClick={() => follow(comparison.id)}>
                Reconnect
              </Button>
            </div>
          ) : null}
          {notice ? (
            <div role="alert" className="mb-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              {notice}
            </div>
          ) : null}
          <div className="juxta-grid grid grid-flow-row-dense gap-4">
            {liveIdentities.map((pane) => (
              <ThreadPane
                key={pane.index}
                pane={pane}
                params={comparison.panes[pane.index]!.params}
                turns={comparison.turns}
                expanded={expanded === pane.index}
                onToggleExpand={() => setExpanded((e) => (e === pane.index ? null : pane.index))}
                onStop={() => void stop(pane.index)}
                onRetry={() => void retry(pane.index)}
                busy={busy}
                feedback={canVote && !locked ? (feedback[pane.index] ?? emptyFeedback()) : undefined}
                onFeedback={(next) => setFeedback((fs) => comparison.panes.map((_, i) => (i === pane.index ? next : (fs[i] ?? emptyFeedback()))))}
              />
            ))}
          </div>
          {canVote && lastTurn && !locked ? (
            <VoteBar
              key={`${comparison.id}-${lastTurn.index}`}
              paneCount={comparison.panes.length}
              turn={lastTurn.index}
              current={myVote?.input ?? null}
              sealed={sealed}
              running={running}
              busy={voteBusy}
              error={voteError}
              onVote={(input) => void vote(input)}
            />
          ) : null}
          {locked ? (
            <p className="mt-4 rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
              Your role in {shownTeam?.name ?? "this team"} lets you read its comparisons, not vote on them or send follow-ups.
            </p>
          ) : (
          <FollowUpComposer
            ref={followUpRef}
            value={followUp}
            onChange={(v) => {
              setFollowUp(v);
              setFollowError(null);
            }}
            onSubmit={() => void sendFollowUp()}
            error={followError}
            busy={busy}
            running={running}
          />
          )}
        </>
      ) : (
        <>
          <h1 className="sr-only">Compare models</h1>
          {!available ? <NoProviderCallout hints={hints} /> : null}
          <Composer
            prompt={prompt}
            onPrompt={(v) => {
              setPrompt(v);
              clearError("prompt");
            }}
            system={system}
            onSystem={(v) => {
              setSystem(v);
              clearError("system");
            }}
            params={shared}
            onParam={(key, text, bad) => {
              setShared((s) => ({ ...s, [key]: { text, bad } }));
              clearError(`params.${key}`);
            }}
            errors={errors}
            busy={busy}
            onSubmit={() => void start()}
          />
          <ModelsToolbar
            blind={blind}
            onBlind={setBlind}
            count={panes.length}
            hints={hints}
            error={errors.models}
            onAdd={() => setPicker({ mode: "add" })}
            anyAvailable={available}
            teams={teams}
            teamId={teamId}
            onTeam={(id) => {
              setTeamId(id);
              clearError("teamId");
            }}
            teamError={errors.teamId}
          />
          {panes.length > 0 ? (
            <div className="juxta-grid grid grid-flow-row-dense gap-4">
              {panes.map((p, i) => (
                <DraftPaneView
                  key={p.key}
                  pane={draftIdentities[i]!}
                  expanded={expanded === i}
                  onToggleExpand={() => setExpanded((e) => (e === i ? null : i))}
                  contextWindow={catalogById.get(p.modelId)?.contextWindow ?? null}
                  params={p.params}
                  placeholders={sharedPlaceholders}
                  onParamChange={(key, text, bad) => {
                    setPanes((ps) => ps.map((x, j) => (j === i ? { ...x, params: { ...x.params, [key]: { text, bad } } } : x)));
                    clearError(`models.${i}.params.${key}`);
                  }}
                  paramsOpen={paramsOpen[p.key] ?? hasValues(p.params)}
                  onToggleParams={() => setParamsOpen((o) => ({ ...o, [p.key]: !(o[p.key] ?? hasValues(p.params)) }))}
                  errors={errors}
                  onChangeModel={() => setPicker({ mode: "change", pane: i })}
                  onRemove={() => removePane(i)}
                />
              ))}
            </div>
          ) : null}
          <ModelPicker
            open={picker !== null}
            title={picker?.mode === "change" ? `Choose the model for pane ${picker.pane + 1}` : "Add a pane"}
            models={models}
            hints={hints}
            selectedId={picker?.mode === "change" ? (panes[picker.pane]?.modelId ?? null) : null}
            onSelect={choose}
            onClose={() => setPicker(null)}
          />
        </>
      )}
      {busy && !comparison ? (
        <p className="sr-only" role="status">
          <Spinner /> Starting…
        </p>
      ) : null}
    </>
  );
}

function describeParams(p: Params): string {
  const parts: string[] = [];
  if (p.temperature !== undefined) parts.push(`temperature ${p.temperature}`);
  if (p.topP !== undefined) parts.push(`top-p ${p.topP}`);
  if (p.maxOutputTokens !== undefined) parts.push(`max ${p.maxOutputTokens.toLocaleString("en-US")} tokens`);
  return parts.join(", ");
}

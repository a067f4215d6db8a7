"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useReducer } from "react";
import type { PickerModel } from "@/components/compare/types";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { callApi, sendJson } from "@/lib/client/call-server";
import type { PromptInput } from "@/lib/evals/schema";
import { formatCount } from "@/lib/format";
import { AboutSection, DesignSection, hintClasses, ModelsSection, PromptsSection } from "./session-form-parts";
import { buildSessionInput, initSessionForm, sessionFormReducer, type ImportProblem } from "./session-form-state";

/**
 * New evaluation session: name, team, instructions for raters, 2-8 candidate models, shared
 * parameters, the rating design (pairwise and/or criteria, K raters per item), an optional spend
 * cap, and the prompt set (a CSV/JSONL file, checked line by line on the server, or typed in).
 * State and checks: session-form-state.ts; sections: session-form-parts.tsx.
 */
export function SessionForm({
  models,
  teams,
  local = false,
}: {
  models: PickerModel[];
  teams: { id: string; name: string }[];
  /** sign-in is off: one rater per item by default, and the form says why */
  local?: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const [state, dispatch] = useReducer(sessionFormReducer, { local }, initSessionForm);

  const byProvider = useMemo(() => {
    const groups = new Map<string, PickerModel[]>();
    for (const m of models.filter((x) => x.available)) groups.set(m.providerLabel, [...(groups.get(m.providerLabel) ?? []), m]);
    return [...groups.entries()];
  }, [models]);

  async function importFile(file: File | undefined) {
    dispatch({ type: "import-reset", reading: Boolean(file) });
    if (!file) return;
    const body = new FormData();
    body.set("file", file);
    const result = await callApi<{ prompts?: PromptInput[] }>("/api/v1/evals/import", { method: "POST", body }, "read the file");
    if (result.ok && result.data?.prompts)
      return dispatch({ type: "import-done", imported: { prompts: result.data.prompts, fileName: file.name } });
    const failure = result.ok ? null : (result.body as { errors?: ImportProblem[]; omitted?: number } | null);
    const problems = failure?.errors ?? [];
    const total = problems.length + (failure?.omitted ?? 0);
    // the problems are listed under the message, so the message does not repeat the first one
    const message =
      result.ok || result.error.code === "http"
        ? `The file could not be read (HTTP ${result.status}).`
        : problems.length > 0
          ? `${total === 1 ? "The file has a problem" : `The file has ${formatCount(total)} problems`}; nothing was imported:`
          : result.error.message;
    dispatch({ type: "import-failed", message, problems });
  }

  async function submit() {
    const built = buildSessionInput(state);
    if (!built.ok) {
      dispatch({ type: "invalid", errors: built.errors });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
      return;
    }
    dispatch({ type: "submit-sent" });
    const result = await sendJson<{ id?: string }>("/api/v1/evals", "POST", built.body);
    if (result.ok && result.data?.id) {
      router.push(`/evals/${result.data.id}`);
      return;
    }
    const error = result.ok ? { field: null, message: "The session was not created. Try again." } : result.error;
    dispatch({ type: "submit-failed", field: error.field, message: error.message });
  }

  const sections = { id, state, dispatch };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="grid gap-4"
    >
      {state.errors.form ? (
        <div
          role="alert"
          className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {state.errors.form}
        </div>
      ) : null}
      <AboutSection {...sections} teams={teams} />
      <ModelsSection {...sections} byProvider={byProvider} />
      <DesignSection {...sections} local={local} />
      <PromptsSection {...sections} onFile={(file) => void importFile(file)} />

      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={state.busy || state.importing}>
          {state.busy ? <Spinner /> : null}
          Create session
        </Button>
        <span className={hintClasses}>Nothing runs yet: the next page shows the cost estimate before you start.</span>
      </div>
    </form>
  );
}

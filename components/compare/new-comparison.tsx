"use client";

import { Composer } from "./composer";
import { paramKeys } from "./form-input";
import { ModelPicker } from "./model-picker";
import { ModelsToolbar, NoProviderCallout } from "./models-toolbar";
import { DraftPane, paneIdentities } from "./pane";
import { hasOwnSettings, toPaneModel } from "./playground-state";
import type { PickerModel, ProviderHint } from "./types";
import type { PlaygroundController } from "./use-playground";

/**
 * What a pane's model cannot take of what the prompt has now: such a pane is not run and says why
 * (the server decides the same from the same table, lib/providers/model-info.ts).
 */
export function skipNotes(model: PickerModel | undefined, asks: { images: boolean; tools: boolean }): string[] {
  // the catalog's capabilities (lib/providers/model-info.ts, as the server decides skips)
  const caps = model?.capabilities;
  if (!model || !caps) return [];
  const notes: string[] = [];
  if (asks.images && !caps.images) notes.push(`${model.label} takes no images: this pane will not run while images are attached.`);
  if (asks.tools && !caps.tools) notes.push(`${model.label} does not call tools: this pane will not run while tools are set.`);
  return notes;
}

/** Composing a new comparison: the prompt form, the models toolbar, a pane per model, the picker. */
export function NewComparison({
  models,
  catalogById,
  hints,
  teams,
  controller,
}: {
  models: PickerModel[];
  catalogById: Map<string, PickerModel>;
  hints: ProviderHint[];
  teams: { id: string; name: string }[];
  controller: PlaygroundController;
}) {
  const { state, dispatch } = controller;
  const { panes, errors, picker } = state;
  const available = models.some((m) => m.available);
  const identities = paneIdentities(
    panes.map((p) => {
      const m = catalogById.get(p.modelId);
      return m
        ? toPaneModel(m)
        : { id: p.modelId, label: p.modelId, provider: "unknown", providerLabel: "Unknown", location: null, emulated: false, price: null };
    }),
  );
  const sharedPlaceholders = Object.fromEntries(
    paramKeys.map((k) => [
      k,
      state.shared[k].text
        ? `${k === "stopSequences" ? state.shared[k].text.split("\n").join(", ") : state.shared[k].text} (shared)`
        : "default",
    ]),
  );

  return (
    <>
      <h1 className="sr-only">Compare models</h1>
      {!available ? <NoProviderCallout hints={hints} /> : null}
      <Composer
        prompt={state.prompt}
        onPrompt={(value) => dispatch({ type: "edit-prompt", value })}
        system={state.system}
        onSystem={(value) => dispatch({ type: "edit-system", value })}
        params={state.shared}
        onParam={(key, text, bad) => dispatch({ type: "edit-shared-param", key, text, bad })}
        errors={errors}
        busy={state.busy}
        onSubmit={() => void controller.start()}
        extras={{
          tools: state.tools,
          onTools: (tools, field) => dispatch({ type: "edit-tools", tools, field }),
          sections: state.sections,
          onToggleSection: (section) => dispatch({ type: "toggle-section", section }),
          images: state.images.prompt,
          imageProblems: state.imageProblems.prompt,
          onAttach: (images, problems) => dispatch({ type: "attach-images", target: "prompt", images, problems }),
          onRemoveImage: (key) => dispatch({ type: "remove-image", target: "prompt", key }),
        }}
      />
      <ModelsToolbar
        blind={state.blind}
        onBlind={(blind) => dispatch({ type: "set-blind", blind })}
        count={panes.length}
        hints={hints}
        error={errors.models}
        onAdd={() => dispatch({ type: "open-picker", picker: { mode: "add" } })}
        anyAvailable={available}
        teams={teams}
        teamId={state.teamId}
        onTeam={(teamId) => dispatch({ type: "set-team", teamId })}
        teamError={errors.teamId}
      />
      {panes.length > 0 ? (
        <div className="juxta-grid grid grid-flow-row-dense gap-4">
          {panes.map((p, i) => (
            <DraftPane
              key={p.key}
              pane={identities[i]!}
              expanded={state.expanded === i}
              onToggleExpand={() => dispatch({ type: "toggle-expand", pane: i })}
              contextWindow={catalogById.get(p.modelId)?.contextWindow ?? null}
              params={p.params}
              placeholders={sharedPlaceholders}
              onParamChange={(key, text, bad) => dispatch({ type: "edit-pane-param", pane: i, key, text, bad })}
              paramsOpen={state.paramsOpen[p.key] ?? hasOwnSettings(p)}
              system={p.system ?? null}
              onSystemChange={(value) => dispatch({ type: "edit-pane-system", pane: i, value })}
              shared={{ params: state.shared, system: state.system }}
              onToggleParams={() => dispatch({ type: "toggle-params", key: p.key })}
              errors={errors}
              onChangeModel={() => dispatch({ type: "open-picker", picker: { mode: "change", pane: i } })}
              onRemove={() => controller.removePane(i)}
              willSkip={skipNotes(catalogById.get(p.modelId), {
                images: state.images.prompt.length > 0,
                tools: state.tools.tools.length > 0,
              })}
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
        onSelect={(modelId) => dispatch({ type: "choose-model", modelId })}
        onClose={() => dispatch({ type: "close-picker" })}
      />
    </>
  );
}

// Runs once when the server starts: load the compare engine and the provider packages now, so
// the first comparison after a start does not pay for loading them in its time to first token.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getCatalog, getLanguageModel }] = await Promise.all([import("@/lib/providers"), import("@/lib/compare/service")]);
  for (const model of getCatalog()) {
    try {
      if (model.available) getLanguageModel(model);
    } catch (error) {
      console.error(`[juxta] could not prepare ${model.id}`, error);
    }
  }
}

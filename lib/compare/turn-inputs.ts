// What a turn asks of each pane beyond its prompt: images (image parts of the user message), the
// comparison's tools and response schema, and whether the pane's model can take them at all.
import "server-only";
import type { ModelMessage, UserContent } from "ai";
import type { CatalogModel } from "@/lib/providers";
import { modelInfo } from "@/lib/providers/model-info";
import type { ImageMediaType, JsonValue, SkipReason, ToolDef } from "./tools-schema";

/** An image as sent to a model: its bytes and type. */
export type TurnImageBytes = { mediaType: ImageMediaType | string; bytes: Uint8Array };

/** The comparison's tool settings as stored (null columns: none). */
export type ToolSettings = { tools: ToolDef[]; maxSteps: number | null; responseSchema: Record<string, JsonValue> | null };

export function toolSettingsOf(c: { tools: unknown; maxSteps: number | null; responseSchema: unknown }): ToolSettings {
  return {
    tools: Array.isArray(c.tools) ? (c.tools as ToolDef[]) : [],
    maxSteps: c.maxSteps,
    responseSchema: c.responseSchema && typeof c.responseSchema === "object" ? (c.responseSchema as Record<string, JsonValue>) : null,
  };
}

/**
 * Why a pane does not run this turn, or null. A model the table does not know (a custom
 * compatible model) is sent everything: its server answers for itself.
 */
export function skipReasonFor(model: CatalogModel, needs: { images: boolean; tools: boolean }): SkipReason | null {
  const caps = modelInfo(model.logicalModel, model.provider)?.capabilities;
  if (!caps) return null;
  if (needs.images && !caps.images) return { code: "no_images", message: `${model.label} on ${model.providerLabel} takes no images.` };
  if (needs.tools && !caps.tools) return { code: "no_tools", message: `${model.label} on ${model.providerLabel} takes no tools.` };
  return null;
}

/** Whether this model is sent images at all (earlier turns' images are left out of a thread for one that is not). */
export function takesImages(model: CatalogModel): boolean {
  return modelInfo(model.logicalModel, model.provider)?.capabilities.images ?? true;
}

/** The user message of a turn: the prompt, then its images as image parts. */
export function userMessage(prompt: string, images: readonly TurnImageBytes[]): ModelMessage {
  if (images.length === 0) return { role: "user", content: prompt };
  const content: UserContent = [
    { type: "text", text: prompt },
    ...images.map((i) => ({ type: "image" as const, image: i.bytes, mediaType: i.mediaType })),
  ];
  return { role: "user", content };
}

import { z } from "zod";
import { discoverProviders } from "@/lib/providers/discover";

// GET /api/v1/discover?provider=&refresh=
export const discoverQuerySchema = z
  .object({
    provider: z.enum(discoverProviders, { error: `provider must be one of ${discoverProviders.join(", ")}.` }).optional(),
    refresh: z
      .enum(["true", "false", "1", "0"], { error: "refresh must be true or false." })
      .transform((v) => v === "true" || v === "1")
      .optional(),
  })
  .strict();

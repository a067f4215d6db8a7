import { z } from "zod";
import { idSchema } from "@/lib/ids";

export const createTokenSchema = z
  .object({ name: z.string().trim().min(1, "Give the token a name.").max(100, "The name is longer than 100 characters.") })
  .strict();

export const tokenIdSchema = idSchema("token");

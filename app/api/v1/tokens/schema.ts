import { z } from "zod";

export const createTokenSchema = z
  .object({ name: z.string().trim().min(1, "Give the token a name.").max(100, "The name is longer than 100 characters.") })
  .strict();

export const tokenIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/);

import { z } from "zod";

/** The media types POST /api/v1/evals/import reads as the file itself. */
export const importContentTypeSchema = z.enum(
  ["text/csv", "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain", "multipart/form-data"],
  {
    error: 'Send the file as text/csv, application/x-ndjson or application/jsonl, or as the form field "file" (multipart/form-data).',
  },
);

/** multipart/form-data: one field "file" with the CSV or JSONL file. */
export const importFormSchema = z.object({
  file: z.instanceof(File, { error: 'Attach the CSV or JSONL file as the form field "file".' }),
});

import { z } from "zod";

/** The media types POST /api/v1/evals/import reads: the file itself, or a form with the field "file". */
export const importContentTypes = [
  "text/csv",
  "application/x-ndjson",
  "application/jsonl",
  "application/x-jsonlines",
  "text/plain",
  "multipart/form-data",
] as const;

export const importContentTypeSchema = z.enum(importContentTypes, {
  error: 'Send the file as text/csv, application/x-ndjson or application/jsonl, or as the form field "file" (multipart/form-data).',
});

/** multipart/form-data: one field "file" with the CSV or JSONL file. */
export const importFormSchema = z.object({
  file: z.instanceof(File, { error: 'Attach the CSV or JSONL file as the form field "file".' }),
});

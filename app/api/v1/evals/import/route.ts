import { AppError } from "@/lib/errors";
import { describeImportErrors, MAX_IMPORT_BYTES, parsePromptFile, type ImportFormat } from "@/lib/evals/import";
import { parseOrThrow, readBodyBytes, readBodyText } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { assertSafeText } from "@/lib/text/safe";
import { importContentTypeSchema, importContentTypes, importFormSchema } from "./schema";

export const dynamic = "force-dynamic";

const tooLarge = () => new AppError("payload_too_large", `The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB.`, "file");

// POST /api/v1/evals/import: parse a prompt set (CSV or JSONL, as the body or the multipart field
// "file") into prompts for POST /api/v1/evals; nothing is stored. 200 {prompts, count, format}, or
// 400 with every bad line in "errors" ([{line, message}], at most 50, "omitted" counts the rest)
export const POST = endpoint({ accepts: importContentTypes }, async ({ request }) => {
  const contentType = request.headers.get("content-type") ?? "";
  const type = parseOrThrow(importContentTypeSchema, contentType.split(";")[0]!.trim().toLowerCase());
  let text: string;
  let fileName: string | null = null;
  let format: ImportFormat | null = null;
  if (type === "multipart/form-data") {
    // multipart adds a little framing around the file; the body is counted as it arrives either way
    const bytes = await readBodyBytes(request, MAX_IMPORT_BYTES + 64_000, tooLarge);
    const form = await new Response(bytes, { headers: { "content-type": contentType } }).formData().catch(() => {
      throw new AppError("bad_request", "The multipart body could not be read.", "file");
    });
    const { file } = parseOrThrow(importFormSchema, { file: form.get("file") });
    if (file.size > MAX_IMPORT_BYTES) throw tooLarge();
    text = await file.text();
    fileName = file.name;
  } else {
    text = await readBodyText(request, MAX_IMPORT_BYTES, tooLarge);
    format = type === "text/csv" ? "csv" : type === "text/plain" ? null : "jsonl";
  }
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw tooLarge();
  const result = parsePromptFile(text, { fileName, format });
  // a NUL or a lone surrogate in an imported prompt is refused like one typed in (lib/text/safe.ts)
  if (result.ok) assertSafeText(result.prompts, "prompts");
  if (!result.ok)
    return Response.json(
      {
        error: { code: "validation", message: describeImportErrors(result.errors, result.omitted), field: "file" },
        errors: result.errors,
        omitted: result.omitted,
      },
      { status: 400 },
    );
  return Response.json({ prompts: result.prompts, count: result.prompts.length, format: result.format });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ POST });

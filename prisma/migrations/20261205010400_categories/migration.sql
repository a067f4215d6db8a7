-- Categories (issue 14). Rule tags are computed by code (lib/categories/rules.ts), not SQL: rows stay at
-- ruleTagsVersion 0 here and lib/categories/backfill.ts tags them (at server start, and before any
-- category is listed or filtered), so nothing stored changes or is lost.
-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Turn" ADD COLUMN     "ruleTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ruleTagsVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "EvalPrompt" ADD COLUMN     "ruleTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ruleTagsVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Turn_ruleTagsVersion_idx" ON "Turn"("ruleTagsVersion");

-- CreateIndex
CREATE INDEX "EvalPrompt_ruleTagsVersion_idx" ON "EvalPrompt"("ruleTagsVersion");


-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Comparison_deletedAt_idx" ON "Comparison"("deletedAt");


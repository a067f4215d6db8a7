-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "usageEstimated" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "EvalSession" ADD COLUMN     "chargedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
ADD COLUMN     "reservedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "EvalAnswer" ADD COLUMN     "reservedUsd" DECIMAL(14,8),
ADD COLUMN     "usageEstimated" BOOLEAN NOT NULL DEFAULT false;

-- The ledger starts from what the stored answers cost, so a run under way keeps to its cap.
UPDATE "EvalSession" s SET "chargedUsd" = COALESCE((SELECT sum(a."costUsd") FROM "EvalAnswer" a WHERE a."sessionId" = s.id), 0);

-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "requestedTier" TEXT,
ADD COLUMN     "servedTier" TEXT;

-- AlterTable
ALTER TABLE "EvalAnswer" ADD COLUMN     "requestedTier" TEXT,
ADD COLUMN     "servedTier" TEXT;


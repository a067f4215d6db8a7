-- AlterTable
ALTER TABLE "Pane" ADD COLUMN     "system" TEXT;

-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "paramsNotSent" TEXT[] DEFAULT ARRAY[]::TEXT[];


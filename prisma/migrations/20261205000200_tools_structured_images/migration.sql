-- AlterEnum
ALTER TYPE "AnswerStatus" ADD VALUE 'skipped';

-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "maxSteps" INTEGER,
ADD COLUMN     "responseSchema" JSONB,
ADD COLUMN     "tools" JSONB;

-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "skipReason" JSONB,
ADD COLUMN     "structured" JSONB,
ADD COLUMN     "toolCalls" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "TurnImage" (
    "id" TEXT NOT NULL,
    "turnId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TurnImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TurnImage_turnId_index_key" ON "TurnImage"("turnId", "index");

-- AddForeignKey
ALTER TABLE "TurnImage" ADD CONSTRAINT "TurnImage_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "headersToFirstTokenMs" INTEGER,
ADD COLUMN     "responseHeadersMs" INTEGER,
ADD COLUMN     "setupMs" INTEGER;

-- AlterTable
ALTER TABLE "EvalAnswer" ADD COLUMN     "cachedInputTokens" INTEGER,
ADD COLUMN     "errorStatus" INTEGER,
ADD COLUMN     "headersToFirstTokenMs" INTEGER,
ADD COLUMN     "reasoningTokens" INTEGER,
ADD COLUMN     "requestId" TEXT,
ADD COLUMN     "responseHeadersMs" INTEGER,
ADD COLUMN     "responseId" TEXT,
ADD COLUMN     "setupMs" INTEGER;


-- AlterTable
ALTER TABLE "EvalAnswer" ADD COLUMN     "paramsNotSent" TEXT[] DEFAULT ARRAY[]::TEXT[];


-- Kill (issue 22 item 1): a `killed` status and the story's last kill and unkill (earlier ones are in
-- its revisions).
ALTER TABLE "articles" DROP CONSTRAINT "articles_status_check";
ALTER TABLE "articles" ADD CONSTRAINT "articles_status_check"
    CHECK ("status" IN ('draft', 'scheduled', 'published', 'archived', 'killed'));
ALTER TABLE "articles" ADD COLUMN "killed_at" TIMESTAMP(3);
ALTER TABLE "articles" ADD COLUMN "killed_by" TEXT;
ALTER TABLE "articles" ADD COLUMN "kill_reason" TEXT;
ALTER TABLE "articles" ADD COLUMN "kill_notice" TEXT;
ALTER TABLE "articles" ADD COLUMN "unkilled_at" TIMESTAMP(3);
ALTER TABLE "articles" ADD COLUMN "unkilled_by" TEXT;
ALTER TABLE "articles" ADD COLUMN "unkill_reason" TEXT;

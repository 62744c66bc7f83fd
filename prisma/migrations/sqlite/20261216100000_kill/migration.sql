-- Kill (issue 22 item 1): a `killed` status and the story's last kill and unkill (earlier ones are in
-- its revisions). SQLite cannot alter a CHECK constraint, so the table is rebuilt the way Prisma
-- redefines tables; foreign keys are off meanwhile (the migrator turns them off for a migration that
-- says so), or dropping the old table would cascade to every caption, link and revision.
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_articles" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "summary" TEXT,
    "body" TEXT NOT NULL DEFAULT '',
    "byline" TEXT,
    "source" TEXT,
    "section" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "published_at" DATETIME,
    "first_published_at" DATETIME,
    "publish_at" DATETIME,
    "unpublish_at" DATETIME,
    "embargoed_until" DATETIME,
    "deleted_at" DATETIME,
    "killed_at" DATETIME,
    "killed_by" TEXT,
    "kill_reason" TEXT,
    "kill_notice" TEXT,
    "unkilled_at" DATETIME,
    "unkilled_by" TEXT,
    "unkill_reason" TEXT,
    CHECK ("status" IN ('draft', 'scheduled', 'published', 'archived', 'killed'))
);
INSERT INTO "new_articles" ("id", "slug", "headline", "summary", "body", "byline", "source", "section", "language",
    "status", "version", "created_at", "updated_at", "published_at", "first_published_at", "publish_at",
    "unpublish_at", "embargoed_until", "deleted_at")
SELECT "id", "slug", "headline", "summary", "body", "byline", "source", "section", "language",
    "status", "version", "created_at", "updated_at", "published_at", "first_published_at", "publish_at",
    "unpublish_at", "embargoed_until", "deleted_at" FROM "articles";
DROP TABLE "articles";
ALTER TABLE "new_articles" RENAME TO "articles";
CREATE UNIQUE INDEX "articles_slug_key" ON "articles"("slug");
CREATE INDEX "articles_created_at_id_idx" ON "articles"("created_at", "id");
CREATE INDEX "articles_status_publish_at_idx" ON "articles"("status", "publish_at");
CREATE INDEX "articles_status_unpublish_at_idx" ON "articles"("status", "unpublish_at");
CREATE INDEX "articles_deleted_at_idx" ON "articles"("deleted_at");
CREATE INDEX "articles_published_at_id_idx" ON "articles"("published_at", "id");
CREATE INDEX "articles_updated_at_id_idx" ON "articles"("updated_at", "id");
CREATE INDEX "articles_headline_sort_idx" ON "articles"(lower("headline"), "id");
CREATE INDEX "articles_status_published_at_id_idx" ON "articles"("status", "published_at", "id");
CREATE INDEX "articles_status_updated_at_id_idx" ON "articles"("status", "updated_at", "id");
CREATE INDEX "articles_status_headline_sort_idx" ON "articles"("status", lower("headline"), "id");
CREATE INDEX "articles_delivery_status_embargoed_until_idx" ON "articles"("status", "embargoed_until");
PRAGMA foreign_keys=ON;

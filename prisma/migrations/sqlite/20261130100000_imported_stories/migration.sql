-- Stories imported from plain-text files: the import key makes re-imports no-ops; the headline key
-- lets a later story's "Related Articles" line find this one.
CREATE TABLE "imported_stories" (
    "import_key" TEXT NOT NULL PRIMARY KEY,
    "article_id" TEXT NOT NULL,
    "headline_key" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "imported_stories_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "imported_stories_article_id_key" ON "imported_stories"("article_id");
CREATE INDEX "imported_stories_headline_key_idx" ON "imported_stories"("headline_key");

-- Preview links: a story as editors read it, for whoever holds the token (only its SHA-256 is kept).
CREATE TABLE "preview_links" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "article_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "version" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "created_by" TEXT,
    CONSTRAINT "preview_links_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "preview_links_token_hash_key" ON "preview_links"("token_hash");
CREATE INDEX "preview_links_article_id_created_at_idx" ON "preview_links"("article_id", "created_at");

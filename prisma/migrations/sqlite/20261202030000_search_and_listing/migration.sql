-- Listing: keyset indexes for every sort order (the id breaks ties).
CREATE INDEX "articles_published_at_id_idx" ON "articles"("published_at", "id");
CREATE INDEX "articles_updated_at_id_idx" ON "articles"("updated_at", "id");
-- Headlines sort A-Z ignoring ASCII case, then by code point: lower() folds only ASCII here, as
-- lower(... COLLATE "C") does on Postgres, so both databases order alike.
CREATE INDEX "articles_headline_sort_idx" ON "articles"(lower("headline"), "id");
-- The public lists only published stories: the same orders behind status, so a public page is one
-- range scan of one index rather than a filter over every story.
CREATE INDEX "articles_status_published_at_id_idx" ON "articles"("status", "published_at", "id");
CREATE INDEX "articles_status_updated_at_id_idx" ON "articles"("status", "updated_at", "id");
CREATE INDEX "articles_status_headline_sort_idx" ON "articles"("status", lower("headline"), "id");

-- Full-text search. search_documents holds each article's searchable plain text (the body and
-- captions as text, not HTML), written by the application in the same transaction as the article.
-- doc_id is an INTEGER PRIMARY KEY so the FTS rowids it anchors survive VACUUM.
CREATE TABLE "search_documents" (
    "doc_id" INTEGER PRIMARY KEY,
    "article_id" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "captions" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "search_documents_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "search_documents_article_id_key" ON "search_documents"("article_id");

-- An external-content FTS5 index over search_documents, kept in step by triggers (a purge's
-- cascading delete fires them too). Case and diacritics fold; no stemming (stories come in many languages).
CREATE VIRTUAL TABLE "search_fts" USING fts5(
    headline, summary, body, captions,
    content='search_documents', content_rowid='doc_id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER "search_documents_ai" AFTER INSERT ON "search_documents" BEGIN
    INSERT INTO search_fts(rowid, headline, summary, body, captions) VALUES (new.doc_id, new.headline, new.summary, new.body, new.captions);
END;
CREATE TRIGGER "search_documents_ad" AFTER DELETE ON "search_documents" BEGIN
    INSERT INTO search_fts(search_fts, rowid, headline, summary, body, captions) VALUES ('delete', old.doc_id, old.headline, old.summary, old.body, old.captions);
END;
CREATE TRIGGER "search_documents_au" AFTER UPDATE ON "search_documents" BEGIN
    INSERT INTO search_fts(search_fts, rowid, headline, summary, body, captions) VALUES ('delete', old.doc_id, old.headline, old.summary, old.body, old.captions);
    INSERT INTO search_fts(rowid, headline, summary, body, captions) VALUES (new.doc_id, new.headline, new.summary, new.body, new.captions);
END;

-- Listing: keyset indexes for every sort order (the id breaks ties).
CREATE INDEX "articles_published_at_id_idx" ON "articles"("published_at", "id");
CREATE INDEX "articles_updated_at_id_idx" ON "articles"("updated_at", "id");
-- Headlines sort A-Z ignoring ASCII case, then by code point: lower() under the "C" collation folds
-- only ASCII and compares bytes, exactly as SQLite's lower() and BINARY collation do.
CREATE INDEX "articles_headline_sort_idx" ON "articles"(lower("headline" COLLATE "C"), "id");
-- The public lists only published stories: the same orders behind status, so a public page is one
-- range scan of one index rather than a filter over every story.
CREATE INDEX "articles_status_published_at_id_idx" ON "articles"("status", "published_at", "id");
CREATE INDEX "articles_status_updated_at_id_idx" ON "articles"("status", "updated_at", "id");
CREATE INDEX "articles_status_headline_sort_idx" ON "articles"("status", lower("headline" COLLATE "C"), "id");

-- Full-text search: accents fold (unaccent, a trusted extension), case folds, no stemming (stories
-- come in many languages), the same tokens as SQLite's unicode61 tokenizer with remove_diacritics.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION cms_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION cms_search ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;

-- Each article's searchable plain text (the body and captions as text, not HTML), written by the
-- application in the same transaction as the article; the weighted tsvector is derived from it.
CREATE TABLE "search_documents" (
    "article_id" TEXT NOT NULL PRIMARY KEY,
    "headline" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "captions" TEXT NOT NULL DEFAULT '',
    "document" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('cms_search'::regconfig, "headline"), 'A') ||
        setweight(to_tsvector('cms_search'::regconfig, "summary"), 'B') ||
        setweight(to_tsvector('cms_search'::regconfig, "captions"), 'C') ||
        setweight(to_tsvector('cms_search'::regconfig, "body"), 'D')
    ) STORED,
    CONSTRAINT "search_documents_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "search_documents_document_idx" ON "search_documents" USING GIN ("document");

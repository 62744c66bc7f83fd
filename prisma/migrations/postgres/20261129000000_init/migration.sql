-- Initial schema (Postgres): the same tables, columns and constraints as the SQLite migration.
CREATE TABLE "articles" (
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
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "published_at" TIMESTAMP(3),
    "first_published_at" TIMESTAMP(3),
    "publish_at" TIMESTAMP(3),
    "unpublish_at" TIMESTAMP(3),
    "embargoed_until" TIMESTAMP(3),
    "deleted_at" TIMESTAMP(3),
    CHECK ("status" IN ('draft', 'scheduled', 'published', 'archived'))
);
CREATE UNIQUE INDEX "articles_slug_key" ON "articles"("slug");
CREATE INDEX "articles_created_at_id_idx" ON "articles"("created_at", "id");
CREATE INDEX "articles_status_publish_at_idx" ON "articles"("status", "publish_at");
CREATE INDEX "articles_status_unpublish_at_idx" ON "articles"("status", "unpublish_at");
CREATE INDEX "articles_deleted_at_idx" ON "articles"("deleted_at");

CREATE TABLE "article_tags" (
    "article_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    PRIMARY KEY ("article_id", "position"),
    CONSTRAINT "article_tags_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "article_tags_tag_idx" ON "article_tags"("tag");

CREATE TABLE "captions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "article_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "credit" TEXT,
    "image_url" TEXT,
    "alt_text" TEXT,
    "location" TEXT,
    "taken_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "captions_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "captions_article_id_position_idx" ON "captions"("article_id", "position");

CREATE TABLE "related_links" (
    "article_id" TEXT NOT NULL,
    "related_article_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "rel" TEXT NOT NULL DEFAULT 'related',
    "created_at" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("article_id", "related_article_id"),
    CONSTRAINT "related_links_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "related_links_related_article_id_fkey" FOREIGN KEY ("related_article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK ("article_id" <> "related_article_id")
);
CREATE INDEX "related_links_related_article_id_idx" ON "related_links"("related_article_id");

CREATE TABLE "revisions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "article_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "changed_fields" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "actor" TEXT,
    CONSTRAINT "revisions_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "revisions_article_id_version_key" ON "revisions"("article_id", "version");

CREATE TABLE "corrections" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "article_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "corrections_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "corrections_article_id_created_at_idx" ON "corrections"("article_id", "created_at");

CREATE TABLE "retired_slugs" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "article_id" TEXT NOT NULL,
    "retired_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "retired_slugs_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "retired_slugs_article_id_idx" ON "retired_slugs"("article_id");

CREATE TABLE "pending_related" (
    "article_id" TEXT NOT NULL,
    "headline_key" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("article_id", "headline_key"),
    CONSTRAINT "pending_related_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "pending_related_headline_key_idx" ON "pending_related"("headline_key");

CREATE TABLE "idempotency_keys" (
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "headers" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    PRIMARY KEY ("scope", "key")
);
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    CHECK ("role" IN ('reader', 'editor', 'admin'))
);
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

CREATE TABLE "outbox_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "article_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "processed_at" TIMESTAMP(3)
);
CREATE INDEX "outbox_events_processed_at_id_idx" ON "outbox_events"("processed_at", "id");

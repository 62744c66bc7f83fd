-- Contributors (people the newsroom credits), the slugs they answered to before, and story bylines.
CREATE TABLE "contributors" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "short_bio" TEXT,
    "bio" TEXT,
    "image_url" TEXT,
    "same_as" TEXT NOT NULL DEFAULT '[]',
    "email" TEXT,
    "notes" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "contributors_slug_key" ON "contributors"("slug");
CREATE INDEX "contributors_name_key_id_idx" ON "contributors"("name_key", "id");
CREATE INDEX "contributors_active_name_key_id_idx" ON "contributors"("active", "name_key", "id");

CREATE TABLE "contributor_retired_slugs" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "contributor_id" TEXT NOT NULL,
    "retired_at" DATETIME NOT NULL,
    CONSTRAINT "contributor_retired_slugs_contributor_id_fkey" FOREIGN KEY ("contributor_id") REFERENCES "contributors" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "contributor_retired_slugs_contributor_id_idx" ON "contributor_retired_slugs"("contributor_id");

CREATE TABLE "article_authors" (
    "article_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "contributor_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    PRIMARY KEY ("article_id", "position"),
    CONSTRAINT "article_authors_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "article_authors_contributor_id_fkey" FOREIGN KEY ("contributor_id") REFERENCES "contributors" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("role" IN ('author', 'photographer', 'editor', 'contributor', 'translator', 'producer'))
);
CREATE UNIQUE INDEX "article_authors_article_id_contributor_id_role_key" ON "article_authors"("article_id", "contributor_id", "role");
CREATE INDEX "article_authors_contributor_id_article_id_idx" ON "article_authors"("contributor_id", "article_id");

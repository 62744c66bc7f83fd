-- Subjects (a typed taxonomy) and the subjects stories are filed under (Postgres: as the SQLite migration; codes compare byte by byte, as SQLite does).
CREATE TABLE "subjects" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheme" TEXT NOT NULL,
    "code" TEXT COLLATE "C" NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "broader_id" TEXT,
    "same_as" TEXT NOT NULL DEFAULT '[]',
    "uri" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "subjects_broader_id_fkey" FOREIGN KEY ("broader_id") REFERENCES "subjects" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("scheme" IN ('iptc-mediatopic', 'place', 'organisation', 'person', 'event', 'topic'))
);
CREATE UNIQUE INDEX "subjects_scheme_code_key" ON "subjects"("scheme", "code");
CREATE UNIQUE INDEX "subjects_scheme_slug_key" ON "subjects"("scheme", "slug");
CREATE INDEX "subjects_broader_id_idx" ON "subjects"("broader_id");

CREATE TABLE "article_subjects" (
    "article_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "subject_id" TEXT NOT NULL,
    "rel" TEXT,
    PRIMARY KEY ("article_id", "position"),
    CONSTRAINT "article_subjects_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "article_subjects_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "subjects" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "article_subjects_article_id_subject_id_key" ON "article_subjects"("article_id", "subject_id");
CREATE INDEX "article_subjects_subject_id_article_id_idx" ON "article_subjects"("subject_id", "article_id");

-- Seed: the 17 top-level IPTC Media Topics (IPTC NewsCodes, CC BY 4.0), with fixed ids.
INSERT INTO "subjects" ("id", "scheme", "code", "name", "slug", "uri", "created_at", "updated_at") VALUES
    ('01a24dcc-d800-7000-8000-000000000001', 'iptc-mediatopic', 'medtop:01000000', 'arts, culture, entertainment and media', 'arts-culture-entertainment-and-media', 'http://cv.iptc.org/newscodes/mediatopic/01000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000002', 'iptc-mediatopic', 'medtop:02000000', 'crime, law and justice', 'crime-law-and-justice', 'http://cv.iptc.org/newscodes/mediatopic/02000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000003', 'iptc-mediatopic', 'medtop:03000000', 'disaster, accident and emergency incident', 'disaster-accident-and-emergency-incident', 'http://cv.iptc.org/newscodes/mediatopic/03000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000004', 'iptc-mediatopic', 'medtop:04000000', 'economy, business and finance', 'economy-business-and-finance', 'http://cv.iptc.org/newscodes/mediatopic/04000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000005', 'iptc-mediatopic', 'medtop:05000000', 'education', 'education', 'http://cv.iptc.org/newscodes/mediatopic/05000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000006', 'iptc-mediatopic', 'medtop:06000000', 'environment', 'environment', 'http://cv.iptc.org/newscodes/mediatopic/06000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000007', 'iptc-mediatopic', 'medtop:07000000', 'health', 'health', 'http://cv.iptc.org/newscodes/mediatopic/07000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000008', 'iptc-mediatopic', 'medtop:08000000', 'human interest', 'human-interest', 'http://cv.iptc.org/newscodes/mediatopic/08000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000009', 'iptc-mediatopic', 'medtop:09000000', 'labour', 'labour', 'http://cv.iptc.org/newscodes/mediatopic/09000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000010', 'iptc-mediatopic', 'medtop:10000000', 'lifestyle and leisure', 'lifestyle-and-leisure', 'http://cv.iptc.org/newscodes/mediatopic/10000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000011', 'iptc-mediatopic', 'medtop:11000000', 'politics', 'politics', 'http://cv.iptc.org/newscodes/mediatopic/11000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000012', 'iptc-mediatopic', 'medtop:12000000', 'religion', 'religion', 'http://cv.iptc.org/newscodes/mediatopic/12000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000013', 'iptc-mediatopic', 'medtop:13000000', 'science and technology', 'science-and-technology', 'http://cv.iptc.org/newscodes/mediatopic/13000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000014', 'iptc-mediatopic', 'medtop:14000000', 'society', 'society', 'http://cv.iptc.org/newscodes/mediatopic/14000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000015', 'iptc-mediatopic', 'medtop:15000000', 'sport', 'sport', 'http://cv.iptc.org/newscodes/mediatopic/15000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000016', 'iptc-mediatopic', 'medtop:16000000', 'conflict, war and peace', 'conflict-war-and-peace', 'http://cv.iptc.org/newscodes/mediatopic/16000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000'),
    ('01a24dcc-d800-7000-8000-000000000017', 'iptc-mediatopic', 'medtop:17000000', 'weather', 'weather', 'http://cv.iptc.org/newscodes/mediatopic/17000000', '2026-12-07 00:00:00.000', '2026-12-07 00:00:00.000');

-- A caption's date when its source gives only the day ("March 14, 2014"): YYYY-MM-DD, instead of a
-- midnight-UTC instant in taken_at that claims a precision the source does not have. A caption has
-- one or the other. Existing rows are left as they are.
ALTER TABLE "captions" ADD COLUMN "taken_on" TEXT
    CHECK ("taken_on" IS NULL OR ("taken_on" GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND "taken_at" IS NULL));

-- A caption's date when its source gives only the day ("March 14, 2014"): YYYY-MM-DD, instead of a
-- midnight-UTC instant in taken_at that claims a precision the source does not have. A caption has
-- one or the other. Existing rows are left as they are.
ALTER TABLE "captions" ADD COLUMN "taken_on" TEXT,
    ADD CONSTRAINT "captions_taken_on_check"
        CHECK ("taken_on" IS NULL OR ("taken_on" ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AND "taken_at" IS NULL));

ALTER TABLE "users" ADD COLUMN "display_name_key" text;--> statement-breakpoint
-- Existing accounts: the oldest of each group of same names (ignoring case) takes the name's key;
-- a later look-alike keeps none until it is renamed, so the constraint holds on any existing data.
-- The server compares a new or changed name with every account's full key (lookalikeKey) itself.
UPDATE "users" SET "display_name_key" = "ranked"."key"
FROM (
	SELECT "id", lower("display_name") AS "key",
		row_number() OVER (PARTITION BY lower("display_name") ORDER BY "created_at", "id") AS "rank"
	FROM "users"
) AS "ranked"
WHERE "users"."id" = "ranked"."id" AND "ranked"."rank" = 1;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_display_name_key_unique" UNIQUE("display_name_key");

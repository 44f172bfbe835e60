CREATE TABLE "rollups" (
	"day" date NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"releasable_key" text NOT NULL,
	"releasable_to" jsonb NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "rollups_day_metric_key_releasable_key_pk" PRIMARY KEY("day","metric","key","releasable_key")
);

CREATE TABLE "activations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scenario" text NOT NULL,
	"exercise" boolean NOT NULL,
	"state" text NOT NULL,
	"declared_by_id" uuid NOT NULL,
	"declared_by" text NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"confirmed_by" text,
	"activated_at" timestamp with time zone,
	"stood_down_by" text,
	"stood_down_at" timestamp with time zone,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"nation" text NOT NULL,
	"type" text NOT NULL,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"response" jsonb,
	"last_change" jsonb,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"nations" jsonb NOT NULL,
	"instrument" text,
	"unit" text,
	"plan" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"output" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"exercise" boolean DEFAULT false NOT NULL,
	"releasable_to" jsonb DEFAULT '"cell"'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commitments_nation" ON "commitments" USING btree ("nation");--> statement-breakpoint
CREATE INDEX "milestones_programme" ON "milestones" USING btree ("programme_id");
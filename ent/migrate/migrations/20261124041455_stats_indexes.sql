-- Drop index "event_status_starts_at" from table: "events"
DROP INDEX "event_status_starts_at";
-- Create index "event_status_starts_at" to table: "events"
CREATE INDEX "event_status_starts_at" ON "events" ("status", "starts_at") INCLUDE ("region_id", "organiser_institution_id", "organiser_enterprise_id");
-- Create index "internship_open_region_id_industry" to table: "internships"
CREATE INDEX "internship_open_region_id_industry" ON "internships" ("region_id", "industry") INCLUDE ("positions") WHERE ((status)::text = 'OPEN'::text);
-- Create index "internship_published_at" to table: "internships"
CREATE INDEX "internship_published_at" ON "internships" ("published_at") INCLUDE ("region_id", "industry");
-- Create index "partnership_active_kind" to table: "partnerships"
CREATE INDEX "partnership_active_kind" ON "partnerships" ("kind") INCLUDE ("institution_id", "enterprise_id") WHERE ((status)::text = 'ACTIVE'::text);

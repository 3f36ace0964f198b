-- Create index "account_created_at_id" to table: "accounts"
CREATE INDEX "account_created_at_id" ON "accounts" ("created_at", "id");
-- Drop index "application_status" from table: "applications"
DROP INDEX "application_status";
-- Create index "application_created_at_id" to table: "applications"
CREATE INDEX "application_created_at_id" ON "applications" ("created_at", "id");
-- Create index "application_status_id" to table: "applications"
CREATE INDEX "application_status_id" ON "applications" ("status", "id");
-- Drop index "enterprise_industry" from table: "enterprises"
DROP INDEX "enterprise_industry";
-- Drop index "enterprise_name" from table: "enterprises"
DROP INDEX "enterprise_name";
-- Create index "enterprise_created_at_id" to table: "enterprises"
CREATE INDEX "enterprise_created_at_id" ON "enterprises" ("created_at", "id");
-- Create index "enterprise_industry_id" to table: "enterprises"
CREATE INDEX "enterprise_industry_id" ON "enterprises" ("industry", "id");
-- Create index "enterprise_name_id" to table: "enterprises"
CREATE INDEX "enterprise_name_id" ON "enterprises" ("name", "id");
-- Create index "eventregistration_created_at_id" to table: "event_registrations"
CREATE INDEX "eventregistration_created_at_id" ON "event_registrations" ("created_at", "id");
-- Drop index "event_starts_at" from table: "events"
DROP INDEX "event_starts_at";
-- Create index "event_created_at_id" to table: "events"
CREATE INDEX "event_created_at_id" ON "events" ("created_at", "id");
-- Create index "event_starts_at_id" to table: "events"
CREATE INDEX "event_starts_at_id" ON "events" ("starts_at", "id");
-- Create index "event_title_id" to table: "events"
CREATE INDEX "event_title_id" ON "events" ("title", "id");
-- Drop index "institution_kind" from table: "institutions"
DROP INDEX "institution_kind";
-- Drop index "institution_name" from table: "institutions"
DROP INDEX "institution_name";
-- Create index "institution_created_at_id" to table: "institutions"
CREATE INDEX "institution_created_at_id" ON "institutions" ("created_at", "id");
-- Create index "institution_kind_id" to table: "institutions"
CREATE INDEX "institution_kind_id" ON "institutions" ("kind", "id");
-- Create index "institution_name_id" to table: "institutions"
CREATE INDEX "institution_name_id" ON "institutions" ("name", "id");
-- Drop index "internship_industry" from table: "internships"
DROP INDEX "internship_industry";
-- Drop index "internship_listed_at" from table: "internships"
DROP INDEX "internship_listed_at";
-- Drop index "internship_title" from table: "internships"
DROP INDEX "internship_title";
-- Create index "internship_created_at_id" to table: "internships"
CREATE INDEX "internship_created_at_id" ON "internships" ("created_at", "id");
-- Create index "internship_industry_id" to table: "internships"
CREATE INDEX "internship_industry_id" ON "internships" ("industry", "id");
-- Create index "internship_listed_at_id" to table: "internships"
CREATE INDEX "internship_listed_at_id" ON "internships" ("listed_at", "id");
-- Create index "internship_title_id" to table: "internships"
CREATE INDEX "internship_title_id" ON "internships" ("title", "id");
-- Drop index "notice_created_at" from table: "notices"
DROP INDEX "notice_created_at";
-- Create index "notice_created_at_id" to table: "notices"
CREATE INDEX "notice_created_at_id" ON "notices" ("created_at", "id");
-- Drop index "partnership_kind" from table: "partnerships"
DROP INDEX "partnership_kind";
-- Drop index "partnership_name" from table: "partnerships"
DROP INDEX "partnership_name";
-- Drop index "partnership_status" from table: "partnerships"
DROP INDEX "partnership_status";
-- Create index "partnership_created_at_id" to table: "partnerships"
CREATE INDEX "partnership_created_at_id" ON "partnerships" ("created_at", "id");
-- Create index "partnership_kind_id" to table: "partnerships"
CREATE INDEX "partnership_kind_id" ON "partnerships" ("kind", "id");
-- Create index "partnership_name_id" to table: "partnerships"
CREATE INDEX "partnership_name_id" ON "partnerships" ("name", "id");
-- Create index "partnership_starts_on_id" to table: "partnerships"
CREATE INDEX "partnership_starts_on_id" ON "partnerships" ("starts_on", "id");
-- Create index "partnership_status_id" to table: "partnerships"
CREATE INDEX "partnership_status_id" ON "partnerships" ("status", "id");
-- Drop index "person_name" from table: "people"
DROP INDEX "person_name";
-- Create index "person_created_at_id" to table: "people"
CREATE INDEX "person_created_at_id" ON "people" ("created_at", "id");
-- Create index "person_name_id" to table: "people"
CREATE INDEX "person_name_id" ON "people" ("name", "id");
-- Drop index "program_code" from table: "programs"
DROP INDEX "program_code";
-- Drop index "program_name" from table: "programs"
DROP INDEX "program_name";
-- Create index "program_code_id" to table: "programs"
CREATE INDEX "program_code_id" ON "programs" ("code", "id");
-- Create index "program_created_at_id" to table: "programs"
CREATE INDEX "program_created_at_id" ON "programs" ("created_at", "id");
-- Create index "program_name_id" to table: "programs"
CREATE INDEX "program_name_id" ON "programs" ("name", "id");
-- Drop index "region_name" from table: "regions"
DROP INDEX "region_name";
-- Create index "region_created_at_id" to table: "regions"
CREATE INDEX "region_created_at_id" ON "regions" ("created_at", "id");
-- Create index "region_level_id" to table: "regions"
CREATE INDEX "region_level_id" ON "regions" ("level", "id");
-- Create index "region_name_id" to table: "regions"
CREATE INDEX "region_name_id" ON "regions" ("name", "id");

-- Drop index "application_student_id" from table: "applications"
DROP INDEX "application_student_id";
-- Create index "application_internship_id_created_at_id" to table: "applications"
CREATE INDEX "application_internship_id_created_at_id" ON "applications" ("internship_id", "created_at", "id");
-- Create index "application_internship_id_id" to table: "applications"
CREATE INDEX "application_internship_id_id" ON "applications" ("internship_id", "id");
-- Create index "application_internship_id_status_id" to table: "applications"
CREATE INDEX "application_internship_id_status_id" ON "applications" ("internship_id", "status", "id");
-- Create index "application_student_id_created_at_id" to table: "applications"
CREATE INDEX "application_student_id_created_at_id" ON "applications" ("student_id", "created_at", "id");
-- Create index "application_student_id_id" to table: "applications"
CREATE INDEX "application_student_id_id" ON "applications" ("student_id", "id");
-- Create index "application_student_id_status_id" to table: "applications"
CREATE INDEX "application_student_id_status_id" ON "applications" ("student_id", "status", "id");
-- Drop index "enterprise_region_id" from table: "enterprises"
DROP INDEX "enterprise_region_id";
-- Create index "enterprise_region_id_created_at_id" to table: "enterprises"
CREATE INDEX "enterprise_region_id_created_at_id" ON "enterprises" ("region_id", "created_at", "id");
-- Create index "enterprise_region_id_id" to table: "enterprises"
CREATE INDEX "enterprise_region_id_id" ON "enterprises" ("region_id", "id");
-- Create index "enterprise_region_id_industry_id" to table: "enterprises"
CREATE INDEX "enterprise_region_id_industry_id" ON "enterprises" ("region_id", "industry", "id");
-- Create index "enterprise_region_id_name_id" to table: "enterprises"
CREATE INDEX "enterprise_region_id_name_id" ON "enterprises" ("region_id", "name", "id");
-- Drop index "eventregistration_person_id" from table: "event_registrations"
DROP INDEX "eventregistration_person_id";
-- Create index "eventregistration_event_id_created_at_id" to table: "event_registrations"
CREATE INDEX "eventregistration_event_id_created_at_id" ON "event_registrations" ("event_id", "created_at", "id");
-- Create index "eventregistration_event_id_id" to table: "event_registrations"
CREATE INDEX "eventregistration_event_id_id" ON "event_registrations" ("event_id", "id");
-- Create index "eventregistration_person_id_created_at_id" to table: "event_registrations"
CREATE INDEX "eventregistration_person_id_created_at_id" ON "event_registrations" ("person_id", "created_at", "id");
-- Create index "eventregistration_person_id_id" to table: "event_registrations"
CREATE INDEX "eventregistration_person_id_id" ON "event_registrations" ("person_id", "id");
-- Drop index "event_organiser_enterprise_id" from table: "events"
DROP INDEX "event_organiser_enterprise_id";
-- Drop index "event_organiser_institution_id" from table: "events"
DROP INDEX "event_organiser_institution_id";
-- Drop index "event_region_id" from table: "events"
DROP INDEX "event_region_id";
-- Create index "event_organiser_enterprise_id_created_at_id" to table: "events"
CREATE INDEX "event_organiser_enterprise_id_created_at_id" ON "events" ("organiser_enterprise_id", "created_at", "id");
-- Create index "event_organiser_enterprise_id_id" to table: "events"
CREATE INDEX "event_organiser_enterprise_id_id" ON "events" ("organiser_enterprise_id", "id");
-- Create index "event_organiser_enterprise_id_starts_at_id" to table: "events"
CREATE INDEX "event_organiser_enterprise_id_starts_at_id" ON "events" ("organiser_enterprise_id", "starts_at", "id");
-- Create index "event_organiser_enterprise_id_title_id" to table: "events"
CREATE INDEX "event_organiser_enterprise_id_title_id" ON "events" ("organiser_enterprise_id", "title", "id");
-- Create index "event_organiser_institution_id_created_at_id" to table: "events"
CREATE INDEX "event_organiser_institution_id_created_at_id" ON "events" ("organiser_institution_id", "created_at", "id");
-- Create index "event_organiser_institution_id_id" to table: "events"
CREATE INDEX "event_organiser_institution_id_id" ON "events" ("organiser_institution_id", "id");
-- Create index "event_organiser_institution_id_starts_at_id" to table: "events"
CREATE INDEX "event_organiser_institution_id_starts_at_id" ON "events" ("organiser_institution_id", "starts_at", "id");
-- Create index "event_organiser_institution_id_title_id" to table: "events"
CREATE INDEX "event_organiser_institution_id_title_id" ON "events" ("organiser_institution_id", "title", "id");
-- Create index "event_region_id_created_at_id" to table: "events"
CREATE INDEX "event_region_id_created_at_id" ON "events" ("region_id", "created_at", "id");
-- Create index "event_region_id_id" to table: "events"
CREATE INDEX "event_region_id_id" ON "events" ("region_id", "id");
-- Create index "event_region_id_starts_at_id" to table: "events"
CREATE INDEX "event_region_id_starts_at_id" ON "events" ("region_id", "starts_at", "id");
-- Create index "event_region_id_title_id" to table: "events"
CREATE INDEX "event_region_id_title_id" ON "events" ("region_id", "title", "id");
-- Drop index "institution_region_id" from table: "institutions"
DROP INDEX "institution_region_id";
-- Create index "institution_region_id_created_at_id" to table: "institutions"
CREATE INDEX "institution_region_id_created_at_id" ON "institutions" ("region_id", "created_at", "id");
-- Create index "institution_region_id_id" to table: "institutions"
CREATE INDEX "institution_region_id_id" ON "institutions" ("region_id", "id");
-- Create index "institution_region_id_kind_id" to table: "institutions"
CREATE INDEX "institution_region_id_kind_id" ON "institutions" ("region_id", "kind", "id");
-- Create index "institution_region_id_name_id" to table: "institutions"
CREATE INDEX "institution_region_id_name_id" ON "institutions" ("region_id", "name", "id");
-- Create index "internship_programs_program_id_internship_id" to table: "internship_programs"
CREATE INDEX "internship_programs_program_id_internship_id" ON "internship_programs" ("program_id", "internship_id");
-- Drop index "internship_enterprise_id_listed_at" from table: "internships"
DROP INDEX "internship_enterprise_id_listed_at";
-- Drop index "internship_region_id" from table: "internships"
DROP INDEX "internship_region_id";
-- Create index "internship_enterprise_id_created_at_id" to table: "internships"
CREATE INDEX "internship_enterprise_id_created_at_id" ON "internships" ("enterprise_id", "created_at", "id");
-- Create index "internship_enterprise_id_industry_id" to table: "internships"
CREATE INDEX "internship_enterprise_id_industry_id" ON "internships" ("enterprise_id", "industry", "id");
-- Create index "internship_enterprise_id_listed_at_id" to table: "internships"
CREATE INDEX "internship_enterprise_id_listed_at_id" ON "internships" ("enterprise_id", "listed_at", "id");
-- Create index "internship_enterprise_id_title_id" to table: "internships"
CREATE INDEX "internship_enterprise_id_title_id" ON "internships" ("enterprise_id", "title", "id");
-- Create index "internship_region_id_created_at_id" to table: "internships"
CREATE INDEX "internship_region_id_created_at_id" ON "internships" ("region_id", "created_at", "id");
-- Create index "internship_region_id_id" to table: "internships"
CREATE INDEX "internship_region_id_id" ON "internships" ("region_id", "id");
-- Create index "internship_region_id_industry_id" to table: "internships"
CREATE INDEX "internship_region_id_industry_id" ON "internships" ("region_id", "industry", "id");
-- Create index "internship_region_id_listed_at_id" to table: "internships"
CREATE INDEX "internship_region_id_listed_at_id" ON "internships" ("region_id", "listed_at", "id");
-- Create index "internship_region_id_title_id" to table: "internships"
CREATE INDEX "internship_region_id_title_id" ON "internships" ("region_id", "title", "id");
-- Create index "notice_programs_program_id_notice_id" to table: "notice_programs"
CREATE INDEX "notice_programs_program_id_notice_id" ON "notice_programs" ("program_id", "notice_id");
-- Create index "partnership_programs_program_id_partnership_id" to table: "partnership_programs"
CREATE INDEX "partnership_programs_program_id_partnership_id" ON "partnership_programs" ("program_id", "partnership_id");
-- Drop index "partnership_enterprise_id" from table: "partnerships"
DROP INDEX "partnership_enterprise_id";
-- Drop index "partnership_institution_id" from table: "partnerships"
DROP INDEX "partnership_institution_id";
-- Create index "partnership_enterprise_id_created_at_id" to table: "partnerships"
CREATE INDEX "partnership_enterprise_id_created_at_id" ON "partnerships" ("enterprise_id", "created_at", "id");
-- Create index "partnership_enterprise_id_id" to table: "partnerships"
CREATE INDEX "partnership_enterprise_id_id" ON "partnerships" ("enterprise_id", "id");
-- Create index "partnership_enterprise_id_kind_id" to table: "partnerships"
CREATE INDEX "partnership_enterprise_id_kind_id" ON "partnerships" ("enterprise_id", "kind", "id");
-- Create index "partnership_enterprise_id_name_id" to table: "partnerships"
CREATE INDEX "partnership_enterprise_id_name_id" ON "partnerships" ("enterprise_id", "name", "id");
-- Create index "partnership_enterprise_id_starts_on_id" to table: "partnerships"
CREATE INDEX "partnership_enterprise_id_starts_on_id" ON "partnerships" ("enterprise_id", "starts_on", "id");
-- Create index "partnership_enterprise_id_status_id" to table: "partnerships"
CREATE INDEX "partnership_enterprise_id_status_id" ON "partnerships" ("enterprise_id", "status", "id");
-- Create index "partnership_institution_id_created_at_id" to table: "partnerships"
CREATE INDEX "partnership_institution_id_created_at_id" ON "partnerships" ("institution_id", "created_at", "id");
-- Create index "partnership_institution_id_id" to table: "partnerships"
CREATE INDEX "partnership_institution_id_id" ON "partnerships" ("institution_id", "id");
-- Create index "partnership_institution_id_kind_id" to table: "partnerships"
CREATE INDEX "partnership_institution_id_kind_id" ON "partnerships" ("institution_id", "kind", "id");
-- Create index "partnership_institution_id_name_id" to table: "partnerships"
CREATE INDEX "partnership_institution_id_name_id" ON "partnerships" ("institution_id", "name", "id");
-- Create index "partnership_institution_id_starts_on_id" to table: "partnerships"
CREATE INDEX "partnership_institution_id_starts_on_id" ON "partnerships" ("institution_id", "starts_on", "id");
-- Create index "partnership_institution_id_status_id" to table: "partnerships"
CREATE INDEX "partnership_institution_id_status_id" ON "partnerships" ("institution_id", "status", "id");
-- Drop index "person_enterprise_id" from table: "people"
DROP INDEX "person_enterprise_id";
-- Drop index "person_institution_id" from table: "people"
DROP INDEX "person_institution_id";
-- Drop index "person_program_id" from table: "people"
DROP INDEX "person_program_id";
-- Create index "person_enterprise_id_created_at_id" to table: "people"
CREATE INDEX "person_enterprise_id_created_at_id" ON "people" ("enterprise_id", "created_at", "id");
-- Create index "person_enterprise_id_id" to table: "people"
CREATE INDEX "person_enterprise_id_id" ON "people" ("enterprise_id", "id");
-- Create index "person_enterprise_id_name_id" to table: "people"
CREATE INDEX "person_enterprise_id_name_id" ON "people" ("enterprise_id", "name", "id");
-- Create index "person_institution_id_created_at_id" to table: "people"
CREATE INDEX "person_institution_id_created_at_id" ON "people" ("institution_id", "created_at", "id");
-- Create index "person_institution_id_id" to table: "people"
CREATE INDEX "person_institution_id_id" ON "people" ("institution_id", "id");
-- Create index "person_institution_id_name_id" to table: "people"
CREATE INDEX "person_institution_id_name_id" ON "people" ("institution_id", "name", "id");
-- Create index "person_program_id_created_at_id" to table: "people"
CREATE INDEX "person_program_id_created_at_id" ON "people" ("program_id", "created_at", "id");
-- Create index "person_program_id_id" to table: "people"
CREATE INDEX "person_program_id_id" ON "people" ("program_id", "id");
-- Create index "person_program_id_name_id" to table: "people"
CREATE INDEX "person_program_id_name_id" ON "people" ("program_id", "name", "id");
-- Create index "program_institution_id_created_at_id" to table: "programs"
CREATE INDEX "program_institution_id_created_at_id" ON "programs" ("institution_id", "created_at", "id");
-- Create index "program_institution_id_id" to table: "programs"
CREATE INDEX "program_institution_id_id" ON "programs" ("institution_id", "id");
-- Create index "program_institution_id_name_id" to table: "programs"
CREATE INDEX "program_institution_id_name_id" ON "programs" ("institution_id", "name", "id");
-- Create index "region_parent_id_code_id" to table: "regions"
CREATE INDEX "region_parent_id_code_id" ON "regions" ("parent_id", "code", "id");
-- Create index "region_parent_id_created_at_id" to table: "regions"
CREATE INDEX "region_parent_id_created_at_id" ON "regions" ("parent_id", "created_at", "id");
-- Create index "region_parent_id_id" to table: "regions"
CREATE INDEX "region_parent_id_id" ON "regions" ("parent_id", "id");
-- Create index "region_parent_id_level_id" to table: "regions"
CREATE INDEX "region_parent_id_level_id" ON "regions" ("parent_id", "level", "id");
-- Create index "region_parent_id_name_id" to table: "regions"
CREATE INDEX "region_parent_id_name_id" ON "regions" ("parent_id", "name", "id");

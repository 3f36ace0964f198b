-- Modify "programs" table
ALTER TABLE "programs" DROP COLUMN "notice_programs";
-- Create "notice_programs" table
CREATE TABLE "notice_programs" ("notice_id" bigint NOT NULL, "program_id" bigint NOT NULL, PRIMARY KEY ("notice_id", "program_id"), CONSTRAINT "notice_programs_notice_id" FOREIGN KEY ("notice_id") REFERENCES "notices" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "notice_programs_program_id" FOREIGN KEY ("program_id") REFERENCES "programs" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);

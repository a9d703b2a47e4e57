-- A project's time limit for a whole build (ick.project), in seconds; null: none.
ALTER TABLE project ADD COLUMN timeout_seconds integer;

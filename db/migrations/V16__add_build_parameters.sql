-- Trigger-time parameters (issue 9, ick.build): POST /projects/{p}/builds may give values for parameters the
-- project declares (e.g. git_ref=refs/tags/release/1.2.3); they override the project's values for that build.

ALTER TABLE build ADD COLUMN parameters text;   -- JSON object; null: the project's values only

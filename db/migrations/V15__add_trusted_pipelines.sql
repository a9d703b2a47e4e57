-- Trusted pipelines and trusted workers (issue 9, ick.project and ick.worker): a pipeline marked trusted runs
-- only ick's trusted built-ins, and its actions go only to workers whose token holds the scope `trusted`;
-- every other action goes only to the other workers.

ALTER TABLE pipeline ADD COLUMN trusted boolean NOT NULL DEFAULT false;
ALTER TABLE build_action ADD COLUMN trusted boolean NOT NULL DEFAULT false;  -- copied from its pipeline at expansion

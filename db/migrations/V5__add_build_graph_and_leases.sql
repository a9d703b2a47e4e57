-- The build graph as a DAG across workers (ick.build, ick.worker): pipeline order, worker labels, workspace
-- affinity, leases renewed by heartbeats, numbered attempts (fencing) and time limits.

ALTER TABLE pipeline ADD COLUMN needs text;                          -- JSON list of pipeline names; null: the one listed before
ALTER TABLE pipeline ADD COLUMN labels text NOT NULL DEFAULT '[]';   -- JSON list a worker must have
ALTER TABLE pipeline ADD COLUMN workspace varchar(20);               -- null or 'shared': the build's workspace; 'own'

ALTER TABLE build_action ADD COLUMN labels text NOT NULL DEFAULT '[]';  -- JSON list the worker must have
ALTER TABLE build_action ADD COLUMN affinity integer;     -- action_index whose worker must run this one (holds its files)
ALTER TABLE build_action ADD COLUMN attempt integer NOT NULL DEFAULT 0;  -- times given out; reports name theirs
ALTER TABLE build_action ADD COLUMN lease_until timestamp with time zone;  -- building: the worker is lost after this
ALTER TABLE build_action ADD COLUMN deadline timestamp with time zone;     -- building: timed out after this

ALTER TABLE build ADD COLUMN deadline timestamp with time zone;   -- building: the project's timeout ends it then

-- The lease and time-limit sweep looks at building actions only.
CREATE INDEX build_action_leased ON build_action (lease_until) WHERE state = 'building';

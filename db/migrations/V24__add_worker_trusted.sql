-- Whether the token a worker last registered with made it a trusted worker. It only informs: a build's log says
-- when trusted actions have no online trusted worker (ick.worker.UnmatchedLabels). Which actions a worker gets is
-- decided by the token of each call, never by this column. Rows of workers that have not registered since read
-- false until they do (a worker registers each time it starts).
ALTER TABLE worker ADD COLUMN trusted boolean NOT NULL DEFAULT false;

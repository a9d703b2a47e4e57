-- The SHA-256 of blob workspace/NAME as the last successful build of a project with workspace: reuse archived it
-- (from the archive action's result). The next build's populate gets it pinned, and starts from an empty
-- workspace rather than from a blob that another client wrote since (ick.project.Project).
ALTER TABLE project ADD COLUMN workspace_sha256 varchar(64);

-- A project's workspace policy (ick.project): 'reuse' makes each build start from the workspace the last
-- successful build stored as blob workspace/PROJECT; null or 'fresh': every build starts empty.

ALTER TABLE project
    ADD COLUMN workspace text;

-- The blobs an action must find exactly as an earlier action of its build stored them: a JSON object of blob
-- name to SHA-256 (hex), taken from that action's result. publish_debs (trusted) gets the upload of the
-- build's action: deb this way, so that no other client can swap the files it signs (ick.build.BuildAction).
ALTER TABLE build_action ADD COLUMN blob_pins text;

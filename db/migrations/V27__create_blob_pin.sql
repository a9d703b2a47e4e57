-- The SHA-256 a blob that builds hand on by name must have: a system tree (systree/PROJECT or an archive's
-- blob: NAME) or a workspace archived under an explicit blob: NAME. Set from the result of the successful archive
-- action that stored it (taken only from the worker holding that action), or by an admin's PUT of the name; an
-- admin's DELETE of the blob removes it. A populate of the name gets it pinned and refuses a blob that differs,
-- since any client that may write blobs can write the name (ick.blob.BlobPins).
CREATE TABLE blob_pin (
    name       varchar(255) PRIMARY KEY,
    sha256     varchar(64) NOT NULL,
    build_id   bigint REFERENCES build (id) ON DELETE SET NULL,   -- the build that stored it; null: an admin's PUT
    pinned_at  timestamp with time zone NOT NULL
);

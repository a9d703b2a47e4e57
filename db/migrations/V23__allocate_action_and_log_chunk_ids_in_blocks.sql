-- Hibernate takes the ids of build actions and log chunks 50 at a time ("pooled": each nextval is the top of
-- a block of 50 that no other caller gets), so that the actions of a new build, and the controller's log lines
-- of one transaction, go to the database in one batched insert instead of one insert, and one round trip, each.
-- An identity column's sequence is invisible to Hibernate's schema validation, so each column gets a plain
-- sequence of its own instead. Inserts that take the default (log_chunk's native insert of worker output) get
-- a whole block each and use its top id: ids stay unique, with gaps.
ALTER TABLE build_action ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE build_action_id_seq INCREMENT BY 50 OWNED BY build_action.id;
SELECT setval('build_action_id_seq', coalesce(max(id), 0) + 50, false) FROM build_action;
ALTER TABLE build_action ALTER COLUMN id SET DEFAULT nextval('build_action_id_seq');

ALTER TABLE log_chunk ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE log_chunk_id_seq INCREMENT BY 50 OWNED BY log_chunk.id;
SELECT setval('log_chunk_id_seq', coalesce(max(id), 0) + 50, false) FROM log_chunk;
ALTER TABLE log_chunk ALTER COLUMN id SET DEFAULT nextval('log_chunk_id_seq');

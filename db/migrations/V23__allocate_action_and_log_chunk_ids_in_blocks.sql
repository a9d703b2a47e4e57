-- Hibernate takes the ids of build actions and log chunks 50 at a time ("pooled": each nextval is the top of
-- a block of 50 that no other caller gets), so that the actions of a new build, and the controller's log lines
-- of one transaction, go to the database in one batched insert instead of one insert, and one round trip, each.
-- An identity column's sequence is invisible to Hibernate's schema validation, so each column gets a plain
-- sequence of its own instead, going on above every id handed out so far (also those of rows deleted since).
-- Inserts that take the default (log_chunk's native insert of worker output) get a whole block each and use
-- its top id: ids stay unique, with gaps.
DO $$
DECLARE
    t text;
    taken bigint;
BEGIN
    FOREACH t IN ARRAY ARRAY['build_action', 'log_chunk'] LOOP
        EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %I', t || '_id_seq') INTO taken;
        EXECUTE format('ALTER TABLE %I ALTER COLUMN id DROP IDENTITY', t);
        EXECUTE format('CREATE SEQUENCE %I INCREMENT BY 50 OWNED BY %I.id', t || '_id_seq', t);
        EXECUTE format('SELECT setval(%L, greatest(%s, (SELECT coalesce(max(id), 0) FROM %I)) + 50, false)',
                       t || '_id_seq', taken, t);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT nextval(%L)', t, t || '_id_seq');
    END LOOP;
END
$$;

-- Log chunks stored as bytes with the codec recorded: the controller compresses a chunk's UTF-8 with zstd
-- (level 1, ~0.3 ms per MiB of text) and keeps it when smaller. PostgreSQL's CPU per MiB of output goes with
-- the bytes it stores (each ~2 KB of a value is a TOAST row, an index entry and WAL): a 1 MiB text chunk cost it
-- ~8 ms, the ~200 bytes of zstd that a MiB of repetitive output becomes ~0.1 ms, a MiB of base64 noise (75%)
-- ~4 ms (docs/benchmarks.md). Rows written before this keep their text; a row has either text or data.
ALTER TABLE log_chunk ALTER COLUMN text DROP NOT NULL;
ALTER TABLE log_chunk ADD COLUMN codec varchar(10);      -- with data: none (data is the UTF-8 itself), zstd (a zstd frame of it)
ALTER TABLE log_chunk ADD COLUMN data bytea;
ALTER TABLE log_chunk ADD COLUMN utf8_bytes integer;     -- with data: the size of the text in UTF-8 (what data decompresses to)
-- already compressed, or not worth it: no pglz on top
ALTER TABLE log_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE log_chunk ADD CONSTRAINT log_chunk_text_or_data CHECK (
    (text IS NOT NULL AND data IS NULL AND codec IS NULL AND utf8_bytes IS NULL)
    OR (text IS NULL AND data IS NOT NULL AND codec IN ('none', 'zstd') AND utf8_bytes IS NOT NULL));

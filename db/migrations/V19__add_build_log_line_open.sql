-- Whether a build's log ends inside a line (output without a final newline), so that a controller line knows
-- to start a new one without reading the last log chunk back (which can be megabytes of output).
ALTER TABLE build ADD COLUMN log_line_open boolean NOT NULL DEFAULT false;
UPDATE build b SET log_line_open = true
 WHERE b.log_size > 0
   AND (SELECT right(c.text, 1) FROM log_chunk c WHERE c.build_id = b.id ORDER BY c.start_offset DESC LIMIT 1) <> E'\n';

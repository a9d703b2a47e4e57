-- Who is told when a project's build ends (ick.project, used by ick.notify).

ALTER TABLE project
    ADD COLUMN notify     text NOT NULL DEFAULT '[]',   -- JSON list of e-mail addresses, checked at make-it-so
    ADD COLUMN notify_on  text,                         -- JSON list of failure|success|fixed; null: the default
    ADD COLUMN webhook    text;                         -- http(s) URL that gets a JSON build summary; null: none

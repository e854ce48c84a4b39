-- Narrative texts copied from last year's report as a starting point, kept as copied so that giapp can warn
-- (rule C6) while a section still holds last year's words unchanged. A section leaves this table when the
-- clerk accepts the copied text as it is.
CREATE TABLE texts_carried (
    draft_id    INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    section_id  TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (draft_id, section_id)
) WITHOUT ROWID;

-- Drafts of annual reports: one row a draft, its cells, texts, units and notes in their own tables.
-- Values are TEXT in the canonical form of giapp.core.values.format_value ("12", "-3", "4068.208"),
-- so money stays an exact Decimal; a blank cell has no row at all, which keeps it apart from "0".

CREATE TABLE drafts (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL DEFAULT '',
    form_id       TEXT    NOT NULL,
    agency        TEXT    NOT NULL DEFAULT '',
    year          INTEGER NOT NULL DEFAULT 0,
    date          TEXT    NOT NULL DEFAULT '',
    carried_from  TEXT    NOT NULL DEFAULT '',
    has_totals    INTEGER NOT NULL DEFAULT 0,   -- 1 when the report carries totals as entered elsewhere
    created       TEXT    NOT NULL,
    updated       TEXT    NOT NULL,
    deleted_at    TEXT                          -- NULL unless the draft is in the bin
);

CREATE INDEX drafts_by_report ON drafts (agency, year, form_id);

-- role: 'input' (typed values), 'total' (totals as entered in a file filled elsewhere),
-- 'carried' (values carried over from last year's report)
CREATE TABLE cells (
    draft_id  INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    role      TEXT    NOT NULL CHECK (role IN ('input', 'total', 'carried')),
    key       TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (draft_id, role, key)
) WITHOUT ROWID;

CREATE TABLE texts (
    draft_id    INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    section_id  TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (draft_id, section_id)
) WITHOUT ROWID;

-- "table.col" -> the money unit chosen for that column
CREATE TABLE units (
    draft_id  INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    col_key   TEXT    NOT NULL,
    unit      TEXT    NOT NULL,
    PRIMARY KEY (draft_id, col_key)
) WITHOUT ROWID;

-- finding id -> the clerk's explanation of a warning
CREATE TABLE notes (
    draft_id    INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    finding_id  TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (draft_id, finding_id)
) WITHOUT ROWID;

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

-- The storyline store. Documented table by table in docs/store.md (a test keeps the two in step).
-- Article rows are written once and never changed; every span is (article_id, field, start_char,
-- end_char) into articles.text (field 'text') or articles.captions (field 'captions').

CREATE TABLE IF NOT EXISTS store_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT,
    url TEXT,
    source TEXT,
    author TEXT,
    published TEXT,
    published_precision TEXT NOT NULL,
    published_origin TEXT NOT NULL,
    dateline TEXT,
    text TEXT NOT NULL,
    captions TEXT NOT NULL DEFAULT '',
    origin TEXT,
    format TEXT NOT NULL,
    added_at TEXT NOT NULL,
    annotated_version TEXT
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);

-- Other ids of a stored article: the same content that arrived again under another id (from
-- another outlet, or the same one re-published), with what that copy said of itself. Written by
-- add, never by build: an alias is not derived. Looking an alias up finds the article.
CREATE TABLE IF NOT EXISTS article_aliases (
    alias TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    source TEXT,
    url TEXT,
    title TEXT,
    published TEXT,
    origin TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_aliases_article ON article_aliases(article_id);
CREATE INDEX IF NOT EXISTS article_aliases_url ON article_aliases(url);

CREATE TABLE IF NOT EXISTS rejections (
    path TEXT NOT NULL,
    line INTEGER NOT NULL DEFAULT 0,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (path, line, code)
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    PRIMARY KEY (article_id, field, idx)
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (article_id, field, start_char, end_char)
);

CREATE TABLE IF NOT EXISTS timexes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT,
    earliest TEXT,
    latest TEXT,
    mod TEXT,
    PRIMARY KEY (article_id, field, start_char)
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    cue_start INTEGER NOT NULL,
    cue_end INTEGER NOT NULL,
    cue TEXT NOT NULL,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker TEXT,
    canonical TEXT,
    direct INTEGER NOT NULL,
    PRIMARY KEY (article_id, field, start_char, cue_start)
);

CREATE TABLE IF NOT EXISTS events (
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    actor_start INTEGER,
    actor_end INTEGER,
    actor TEXT,
    actor_canonical TEXT,
    target_start INTEGER,
    target_end INTEGER,
    target TEXT,
    target_canonical TEXT,
    place_start INTEGER,
    place_end INTEGER,
    place TEXT,
    place_canonical TEXT,
    date TEXT,
    PRIMARY KEY (article_id, field, idx)
);

-- Everything below is derived from the articles and rebuilt as a whole, in one transaction.

-- The near-duplicate index: each article's MinHash band keys, in the order articles reached it.
CREATE TABLE IF NOT EXISTS dedupe_bands (
    band_key BLOB NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    PRIMARY KEY (band_key, article_id)
);

-- What the incremental build keeps between builds (the clusterer's centroids and statistics, the
-- entity linker's names and counts, the duplicate groups), as zlib-compressed JSON, with the
-- fingerprint of the settings it was made with.
CREATE TABLE IF NOT EXISTS story_state (
    name TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    data BLOB NOT NULL
);

-- A story merged into another keeps its id as an alias, so an old link still finds the story.
CREATE TABLE IF NOT EXISTS story_aliases (
    alias TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    merged_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS duplicates (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    duplicate_of TEXT NOT NULL REFERENCES articles(id),
    jaccard REAL NOT NULL,
    method TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT
);

CREATE TABLE IF NOT EXISTS entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (entity_id, alias)
);

CREATE TABLE IF NOT EXISTS mention_entities (
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (article_id, field, start_char, end_char)
);

CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_published TEXT,
    last_published TEXT,
    article_count INTEGER NOT NULL,
    created_at TEXT,
    changed_at TEXT
);
CREATE INDEX IF NOT EXISTS stories_changed_at ON stories(changed_at);

CREATE TABLE IF NOT EXISTS story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id),
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    position INTEGER NOT NULL,
    similarity REAL NOT NULL,
    shared_entities TEXT NOT NULL,
    shared_terms TEXT NOT NULL,
    duplicate_of TEXT,
    added_at TEXT
);

CREATE TABLE IF NOT EXISTS story_entities (
    story_id TEXT NOT NULL REFERENCES stories(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    mentions INTEGER NOT NULL,
    PRIMARY KEY (story_id, entity_id)
);

CREATE TABLE IF NOT EXISTS timeline_entries (
    story_id TEXT NOT NULL REFERENCES stories(id),
    idx INTEGER NOT NULL,
    date TEXT NOT NULL,
    earliest TEXT NOT NULL,
    latest TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (story_id, idx)
);

CREATE TABLE IF NOT EXISTS summary_sentences (
    story_id TEXT NOT NULL REFERENCES stories(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (story_id, idx)
);

CREATE TABLE IF NOT EXISTS developments (
    story_id TEXT NOT NULL REFERENCES stories(id),
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    changed INTEGER NOT NULL,
    PRIMARY KEY (story_id, idx)
);

CREATE TABLE IF NOT EXISTS development_claims (
    story_id TEXT NOT NULL REFERENCES stories(id),
    development_idx INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    value TEXT NOT NULL,
    sentence TEXT NOT NULL,
    published TEXT,
    source TEXT,
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    PRIMARY KEY (story_id, development_idx, idx)
);

CREATE TABLE IF NOT EXISTS citations (
    story_id TEXT NOT NULL REFERENCES stories(id),
    kind TEXT NOT NULL,
    idx INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    field TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    PRIMARY KEY (story_id, kind, idx, article_id, field, start_char)
);

-- A build's row: status running, then done, failed, interrupted (SIGINT or SIGTERM), or died
-- (its process gone without a word: marked by the next add or build, from host, pid and pid_start).
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    config TEXT NOT NULL,
    stats TEXT,
    host TEXT,
    pid INTEGER,
    pid_start TEXT
);

-- Full-text search (SQLite FTS5) for the web app, kept in step by Store.add_article and
-- Store.save_annotations. article_search reads its text from articles (rowid = articles.rowid);
-- sentence_search holds each sentence's text under the rowid of its sentences row.

CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE IF NOT EXISTS sentence_search USING fts5(
    text, tokenize='unicode61 remove_diacritics 2'
);

-- What `storyline watch` remembers between cycles and across restarts, so that nothing is fetched
-- or added twice: each source's validators and failures, each feed item seen, each file read.

CREATE TABLE IF NOT EXISTS watch_sources (
    source TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at REAL,
    last_error TEXT,
    checked_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS watch_items (
    source TEXT NOT NULL,
    item TEXT NOT NULL,
    article_id TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (source, item)
);

CREATE TABLE IF NOT EXISTS watch_files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    seen_at TEXT NOT NULL
);

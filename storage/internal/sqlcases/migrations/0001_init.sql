CREATE TABLE IF NOT EXISTS cases (
	id TEXT PRIMARY KEY,
	info TEXT NOT NULL DEFAULT '{}',
	status TEXT NOT NULL DEFAULT 'pending',
	result TEXT,
	updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
	case_id TEXT NOT NULL,
	name TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size BIGINT NOT NULL,
	kind TEXT NOT NULL DEFAULT '',
	pages INTEGER NOT NULL DEFAULT 0,
	split INTEGER NOT NULL DEFAULT 0,
	problem TEXT,
	PRIMARY KEY (case_id, name)
);
CREATE TABLE IF NOT EXISTS pages (
	case_id TEXT NOT NULL,
	file TEXT NOT NULL,
	page INTEGER NOT NULL,
	result TEXT NOT NULL,
	PRIMARY KEY (case_id, file, page)
);
CREATE INDEX IF NOT EXISTS cases_status ON cases (status, updated_at);

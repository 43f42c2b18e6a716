-- The clerk workbench: what the queue filters on (filled from each verdict),
-- who has a case, what the unit was asked to bring again; accounts,
-- sessions and the append-only audit trail.
ALTER TABLE cases ADD COLUMN case_type TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN decided INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN awaiting TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS cases_queue ON cases (decided, status, updated_at);
CREATE TABLE IF NOT EXISTS users (
	name TEXT PRIMARY KEY,
	role TEXT NOT NULL,
	password TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
	token_hash TEXT PRIMARY KEY,
	user_name TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
	id TEXT PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	case_id TEXT NOT NULL DEFAULT '',
	before_state TEXT NOT NULL DEFAULT '',
	after_state TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_case ON audit (case_id, at);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE INDEX IF NOT EXISTS audit_actor ON audit (action, actor, at);

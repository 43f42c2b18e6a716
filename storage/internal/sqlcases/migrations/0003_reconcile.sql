-- The nightly reconciliation and the daily report: when a case came in and
-- a page was read; dead and orphaned tasks kept beyond asynq's own limits;
-- each run's findings.
ALTER TABLE cases ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
UPDATE cases SET created_at = updated_at WHERE created_at = '';
ALTER TABLE pages ADD COLUMN read_at TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS cases_created ON cases (created_at);
CREATE TABLE IF NOT EXISTS dead_tasks (
	id TEXT PRIMARY KEY,
	case_id TEXT NOT NULL DEFAULT '',
	type TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	failed_at TEXT NOT NULL DEFAULT '',
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reconcile_runs (
	id TEXT PRIMARY KEY,
	day TEXT NOT NULL,
	started_at TEXT NOT NULL,
	finished_at TEXT NOT NULL,
	repair INTEGER NOT NULL DEFAULT 0,
	counts TEXT NOT NULL DEFAULT '{}',
	findings TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS reconcile_runs_day ON reconcile_runs (day, finished_at);

package sqlcases

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"dossier"
)

// CaseRecords lists every case with its times and its result's size, or,
// with since set, those created or changed since then.
func (s *Store) CaseRecords(ctx context.Context, since time.Time) ([]dossier.CaseRecord, error) {
	size := `COALESCE(LENGTH(CAST(result AS BLOB)), 0)`
	if s.pg {
		size = `COALESCE(OCTET_LENGTH(result), 0)`
	}
	q, args := `SELECT id, case_type, status, info, created_at, updated_at, `+size+`, reasons, assignee, decided FROM cases`, []any{}
	if !since.IsZero() {
		q += ` WHERE created_at >= ? OR updated_at >= ?`
		args = append(args, at(since), at(since))
	}
	rows, err := s.db.QueryContext(ctx, s.q(q+` ORDER BY id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.CaseRecord
	for rows.Next() {
		var c dossier.CaseRecord
		var info, created, updated, reasons string
		if err := rows.Scan(&c.ID, &c.Type, &c.Status, &info, &created, &updated, &c.ResultBytes, &reasons, &c.Assignee, &c.Decided); err != nil {
			return nil, err
		}
		var in dossier.Info
		json.Unmarshal([]byte(info), &in)
		c.ServicePoint = in.ServicePoint
		if c.Type == "" {
			c.Type = in.Type
		}
		c.Created, c.Updated = parseAt(created), parseAt(updated)
		for _, r := range strings.Fields(reasons) {
			c.Reasons = append(c.Reasons, dossier.ReasonCode(r))
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AllFiles lists every recorded file of every case.
func (s *Store) AllFiles(ctx context.Context) ([]dossier.File, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT case_id, name, sha256, size, kind, pages, split, problem FROM files ORDER BY case_id, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.File
	for rows.Next() {
		var f dossier.File
		var problem sql.NullString
		if err := rows.Scan(&f.Case, &f.Name, &f.SHA256, &f.Size, &f.Kind, &f.Pages, &f.Split, &problem); err != nil {
			return nil, err
		}
		if problem.Valid {
			f.Problem = &dossier.Reason{}
			json.Unmarshal([]byte(problem.String), f.Problem)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// AllPages lists every page read, without its reading, or those read since a time.
func (s *Store) AllPages(ctx context.Context, since time.Time) ([]dossier.PageRecord, error) {
	q, args := `SELECT case_id, file, page, read_at FROM pages`, []any{}
	if !since.IsZero() {
		q += ` WHERE read_at >= ?`
		args = append(args, at(since))
	}
	rows, err := s.db.QueryContext(ctx, s.q(q+` ORDER BY case_id, file, page`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.PageRecord
	for rows.Next() {
		var p dossier.PageRecord
		var read string
		if err := rows.Scan(&p.Case, &p.File, &p.Page, &read); err != nil {
			return nil, err
		}
		p.Read = parseAt(read)
		out = append(out, p)
	}
	return out, rows.Err()
}

// KeepDeadTask records a dead or orphaned task, or refreshes what is known of it.
func (s *Store) KeepDeadTask(ctx context.Context, d dossier.DeadTask) error {
	t := at(time.Now())
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO dead_tasks (id, case_id, type, payload, state, last_error, failed_at, first_seen, last_seen)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET state = excluded.state, last_error = excluded.last_error, failed_at = excluded.failed_at, last_seen = excluded.last_seen`),
		d.ID, d.Case, d.Type, d.Payload, d.State, d.LastError, at(d.FailedAt), t, t)
	return err
}

// SetDeadTaskState records what became of a kept task (requeued, gone).
func (s *Store) SetDeadTaskState(ctx context.Context, id, state string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE dead_tasks SET state = ?, last_seen = ? WHERE id = ?`), state, at(time.Now()), id)
	return err
}

// DeadTasks lists the kept tasks, newest failure first.
func (s *Store) DeadTasks(ctx context.Context) ([]dossier.DeadTask, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, case_id, type, payload, state, last_error, failed_at, first_seen, last_seen FROM dead_tasks ORDER BY failed_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.DeadTask
	for rows.Next() {
		var d dossier.DeadTask
		var failed, first, last string
		if err := rows.Scan(&d.ID, &d.Case, &d.Type, &d.Payload, &d.State, &d.LastError, &failed, &first, &last); err != nil {
			return nil, err
		}
		d.FailedAt, d.FirstSeen, d.LastSeen = parseAt(failed), parseAt(first), parseAt(last)
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveRun records a reconciliation run and its findings.
func (s *Store) SaveRun(ctx context.Context, r dossier.ReconcileRun) error {
	counts, _ := json.Marshal(r.Counts)
	findings, _ := json.Marshal(r.Findings)
	repair := 0
	if r.Repair {
		repair = 1
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO reconcile_runs (id, day, started_at, finished_at, repair, counts, findings) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		r.ID, r.Day, at(r.Started), at(r.Finished), repair, string(counts), string(findings))
	return err
}

// LastRun returns the latest reconciliation run (ok false when none ran).
func (s *Store) LastRun(ctx context.Context) (dossier.ReconcileRun, bool, error) {
	var r dossier.ReconcileRun
	var started, finished, counts, findings string
	var repair int
	err := s.db.QueryRowContext(ctx, `SELECT id, day, started_at, finished_at, repair, counts, findings FROM reconcile_runs ORDER BY finished_at DESC LIMIT 1`).
		Scan(&r.ID, &r.Day, &started, &finished, &repair, &counts, &findings)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	r.Started, r.Finished, r.Repair = parseAt(started), parseAt(finished), repair == 1
	json.Unmarshal([]byte(counts), &r.Counts)
	json.Unmarshal([]byte(findings), &r.Findings)
	return r, true, nil
}

// Package sqlite is the embedded default case store: cases, their files and
// their pages' readings in one SQLite file, through the pure-Go modernc driver.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"dossier"

	_ "modernc.org/sqlite" // the driver
)

// Store is a case store in one SQLite file.
type Store struct{ db *sql.DB }

const schema = `
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
	size INTEGER NOT NULL,
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
);`

// Open opens (creating) the store at path.
func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serialises anyway
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// PutCase records a case, or updates what it declared; its status stays.
func (s *Store) PutCase(ctx context.Context, c dossier.Case) error {
	info, _ := json.Marshal(c.Info)
	_, err := s.db.ExecContext(ctx, `INSERT INTO cases (id, info, status, updated_at) VALUES (?, ?, 'pending', ?)
		ON CONFLICT(id) DO UPDATE SET info = excluded.info`, c.ID, string(info), now())
	return err
}

// PutFile records a file. When the case already has a file of that name with
// other bytes, the old readings go and the case is pending again. It reports
// whether the file still needs splitting.
func (s *Store) PutFile(ctx context.Context, f dossier.File) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var sha string
	var split bool
	err = tx.QueryRowContext(ctx, `SELECT sha256, split FROM files WHERE case_id = ? AND name = ?`, f.Case, f.Name).Scan(&sha, &split)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (case_id, name, sha256, size) VALUES (?, ?, ?, ?)`, f.Case, f.Name, f.SHA256, f.Size); err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET status = 'pending', result = NULL, updated_at = ? WHERE id = ?`, now(), f.Case); err != nil {
			return false, err
		}
		return true, tx.Commit()
	case err != nil:
		return false, err
	case sha == f.SHA256:
		return !split, tx.Commit()
	}
	for _, q := range []string{
		`UPDATE files SET sha256 = ?, size = ?, kind = '', pages = 0, split = 0, problem = NULL WHERE case_id = ? AND name = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, f.SHA256, f.Size, f.Case, f.Name); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pages WHERE case_id = ? AND file = ?`, f.Case, f.Name); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET status = 'pending', result = NULL, updated_at = ? WHERE id = ?`, now(), f.Case); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// SetSplit records what the split stage found in a file.
func (s *Store) SetSplit(ctx context.Context, f dossier.File) error {
	var problem any
	if f.Problem != nil {
		b, _ := json.Marshal(f.Problem)
		problem = string(b)
	}
	_, err := s.db.ExecContext(ctx, `UPDATE files SET kind = ?, pages = ?, split = 1, problem = ? WHERE case_id = ? AND name = ? AND sha256 = ?`,
		f.Kind, f.Pages, problem, f.Case, f.Name, f.SHA256)
	if err == nil {
		_, err = s.db.ExecContext(ctx, `UPDATE cases SET status = 'processing', updated_at = ? WHERE id = ? AND status = 'pending'`, now(), f.Case)
	}
	return err
}

// PutPage stores a page's reading; storing it again replaces it.
func (s *Store) PutPage(ctx context.Context, p dossier.Page) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO pages (case_id, file, page, result) VALUES (?, ?, ?, ?)
		ON CONFLICT(case_id, file, page) DO UPDATE SET result = excluded.result`, p.Case, p.File, p.Page, string(p.Result))
	return err
}

// Files lists a case's files by name.
func (s *Store) Files(ctx context.Context, caseID string) ([]dossier.File, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, sha256, size, kind, pages, split, problem FROM files WHERE case_id = ? ORDER BY name`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.File
	for rows.Next() {
		f := dossier.File{Case: caseID}
		var problem sql.NullString
		if err := rows.Scan(&f.Name, &f.SHA256, &f.Size, &f.Kind, &f.Pages, &f.Split, &problem); err != nil {
			return nil, err
		}
		if problem.Valid {
			f.Problem = &dossier.Reason{}
			if err := json.Unmarshal([]byte(problem.String), f.Problem); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Pages lists a case's page readings by file and page.
func (s *Store) Pages(ctx context.Context, caseID string) ([]dossier.Page, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT file, page, result FROM pages WHERE case_id = ? ORDER BY file, page`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Page
	for rows.Next() {
		p := dossier.Page{Case: caseID}
		var r string
		if err := rows.Scan(&p.File, &p.Page, &r); err != nil {
			return nil, err
		}
		p.Result = []byte(r)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PagesRead lists which pages of a case are read, without their readings:
// the pipeline asks after every page, so this must stay cheap.
func (s *Store) PagesRead(ctx context.Context, caseID string) ([]dossier.PageRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT file, page FROM pages WHERE case_id = ? ORDER BY file, page`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.PageRef
	for rows.Next() {
		var r dossier.PageRef
		if err := rows.Scan(&r.File, &r.Page); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetResult stores a verdict.
func (s *Store) SetResult(ctx context.Context, caseID string, status dossier.Status, result []byte) error {
	_, err := s.db.ExecContext(ctx, `UPDATE cases SET status = ?, result = ?, updated_at = ? WHERE id = ?`, string(status), string(result), now(), caseID)
	return err
}

// Case reads a case and its result (nil before the verdict).
func (s *Store) Case(ctx context.Context, id string) (dossier.Case, []byte, error) {
	c := dossier.Case{ID: id}
	var info, updated string
	var result sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT info, status, result, updated_at FROM cases WHERE id = ?`, id).Scan(&info, &c.Status, &result, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil, fmt.Errorf("case %s: not found", id)
	}
	if err != nil {
		return c, nil, err
	}
	_ = json.Unmarshal([]byte(info), &c.Info)
	c.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	if result.Valid {
		return c, []byte(result.String), nil
	}
	return c, nil, nil
}

// Progress counts, over the given cases, pages read, pages known and cases with a verdict.
func (s *Store) Progress(ctx context.Context, ids []string) (done, total, final int, err error) {
	for _, id := range ids {
		var d, t, f int
		err = s.db.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM pages WHERE case_id = ?1),
			(SELECT COALESCE(SUM(pages), 0) FROM files WHERE case_id = ?1),
			(SELECT COUNT(*) FROM cases WHERE id = ?1 AND status IN ('ready', 'rejected', 'review'))`, id).Scan(&d, &t, &f)
		if err != nil {
			return
		}
		done, total, final = done+d, total+t, final+f
	}
	return
}

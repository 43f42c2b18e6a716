// Package sqlcases is the case store over database/sql that SQLite and
// PostgreSQL share: the same tables and migrations, the same statements
// (written with ? placeholders, rebound for the driver).
package sqlcases

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"dossier"
)

// ErrNotFound is returned for a case that is not in the store.
var ErrNotFound = dossier.ErrNoCase

// Store is a case store on one database.
type Store struct {
	db *sql.DB
	q  func(string) string // rebinds ? placeholders for the driver
	pg bool                // PostgreSQL: the few statements that differ
}

// New wraps an open, migrated database. Dollar numbers placeholders $1, $2
// (PostgreSQL); otherwise ? stays (SQLite).
func New(db *sql.DB, dollar bool) *Store {
	s := &Store{db: db, q: func(q string) string { return q }}
	if dollar {
		s.q, s.pg = rebindDollar, true
	}
	return s
}

// DB is the database underneath.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func rebindDollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func now() string { return at(time.Now()) }

// PutCase records a case, or updates what it declared; its status stays.
func (s *Store) PutCase(ctx context.Context, c dossier.Case) error {
	info, _ := json.Marshal(c.Info)
	t := now()
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO cases (id, info, status, updated_at, created_at) VALUES (?, ?, 'pending', ?, ?)
		ON CONFLICT(id) DO UPDATE SET info = excluded.info`), c.ID, string(info), t, t)
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
	err = tx.QueryRowContext(ctx, s.q(`SELECT sha256, split FROM files WHERE case_id = ? AND name = ?`), f.Case, f.Name).Scan(&sha, &split)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO files (case_id, name, sha256, size) VALUES (?, ?, ?, ?)`), f.Case, f.Name, f.SHA256, f.Size); err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE cases SET status = 'pending', result = NULL, updated_at = ? WHERE id = ?`), now(), f.Case); err != nil {
			return false, err
		}
		return true, tx.Commit()
	case err != nil:
		return false, err
	case sha == f.SHA256:
		return !split, tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE files SET sha256 = ?, size = ?, kind = '', pages = 0, split = 0, problem = NULL WHERE case_id = ? AND name = ?`), f.SHA256, f.Size, f.Case, f.Name); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM pages WHERE case_id = ? AND file = ?`), f.Case, f.Name); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE cases SET status = 'pending', result = NULL, updated_at = ? WHERE id = ?`), now(), f.Case); err != nil {
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
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE files SET kind = ?, pages = ?, split = 1, problem = ? WHERE case_id = ? AND name = ? AND sha256 = ?`),
		f.Kind, f.Pages, problem, f.Case, f.Name, f.SHA256)
	if err == nil {
		_, err = s.db.ExecContext(ctx, s.q(`UPDATE cases SET status = 'processing', updated_at = ? WHERE id = ? AND status = 'pending'`), now(), f.Case)
	}
	return err
}

// PutPage stores a page's reading; storing it again replaces it.
func (s *Store) PutPage(ctx context.Context, p dossier.Page) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO pages (case_id, file, page, result, read_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(case_id, file, page) DO UPDATE SET result = excluded.result, read_at = excluded.read_at`), p.Case, p.File, p.Page, string(p.Result), now())
	return err
}

// Files lists a case's files by name.
func (s *Store) Files(ctx context.Context, caseID string) ([]dossier.File, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT name, sha256, size, kind, pages, split, problem FROM files WHERE case_id = ? ORDER BY name`), caseID)
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
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT file, page, result FROM pages WHERE case_id = ? ORDER BY file, page`), caseID)
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
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT file, page FROM pages WHERE case_id = ? ORDER BY file, page`), caseID)
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

// Case reads a case and its result (nil before the verdict).
func (s *Store) Case(ctx context.Context, id string) (dossier.Case, []byte, error) {
	c := dossier.Case{ID: id}
	var info, updated string
	var result sql.NullString
	err := s.db.QueryRowContext(ctx, s.q(`SELECT info, status, result, updated_at FROM cases WHERE id = ?`), id).Scan(&info, &c.Status, &result, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil, fmt.Errorf("case %s: %w", id, ErrNotFound)
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
		err = s.db.QueryRowContext(ctx, s.q(`SELECT
			(SELECT COUNT(*) FROM pages WHERE case_id = ?),
			(SELECT COALESCE(SUM(pages), 0) FROM files WHERE case_id = ?),
			(SELECT COUNT(*) FROM cases WHERE id = ? AND status IN ('ready', 'rejected', 'review'))`), id, id, id).Scan(&d, &t, &f)
		if err != nil {
			return
		}
		done, total, final = done+d, total+t, final+f
	}
	return
}

// List returns the cases, newest change first; with status set, only those.
func (s *Store) List(ctx context.Context, status dossier.Status) ([]dossier.Case, error) {
	q, args := `SELECT id, info, status, updated_at FROM cases`, []any{}
	if status != "" {
		q += ` WHERE status = ?`
		args = append(args, string(status))
	}
	rows, err := s.db.QueryContext(ctx, s.q(q+` ORDER BY updated_at DESC, id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Case
	for rows.Next() {
		var c dossier.Case
		var info, updated string
		if err := rows.Scan(&c.ID, &info, &c.Status, &updated); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(info), &c.Info)
		c.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
		out = append(out, c)
	}
	return out, rows.Err()
}

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations counts the migrations the store has.
func Migrations() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	return len(names)
}

// Migrate applies, in order, the migrations (migrations/NNNN_name.sql, the
// same for SQLite and PostgreSQL) that the database has not seen, each in
// its own transaction, and records them in schema_migrations. lock, when
// not empty, runs first inside each transaction: PostgreSQL takes an
// advisory lock there, so that workers starting together apply each
// migration once.
func Migrate(ctx context.Context, db *sql.DB, dollar bool, lock string) (applied []string, err error) {
	q := func(s string) string { return s }
	if dollar {
		q = rebindDollar
	}
	begin := func() (*sql.Tx, error) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil || lock == "" {
			return tx, err
		}
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		return tx, nil
	}
	// The bookkeeping table, under the lock too: two CREATE TABLE IF NOT
	// EXISTS at once collide in PostgreSQL's catalogue.
	tx, err := begin()
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("migrations table: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, path := range names {
		name := strings.TrimPrefix(path, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return applied, fmt.Errorf("migration %s: the name must begin with its number (0001_init.sql)", name)
		}
		text, err := fs.ReadFile(migrations, path)
		if err != nil {
			return applied, err
		}
		tx, err := begin()
		if err != nil {
			return applied, err
		}
		var n int
		if err := tx.QueryRowContext(ctx, q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), v).Scan(&n); err != nil {
			tx.Rollback()
			return applied, err
		}
		if n > 0 {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, string(text)); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), v, name, now()); err != nil {
			tx.Rollback()
			return applied, err
		}
		if err := tx.Commit(); err != nil {
			return applied, fmt.Errorf("migration %s: %w", name, err)
		}
		applied = append(applied, name)
		if name == "0002_workbench.sql" {
			if err := backfill(ctx, db, q); err != nil {
				return applied, fmt.Errorf("migration %s: %w", name, err)
			}
		}
	}
	return applied, nil
}

// backfill fills the queue's columns of the verdicts stored before them.
func backfill(ctx context.Context, db *sql.DB, q func(string) string) error {
	rows, err := db.QueryContext(ctx, `SELECT id, result FROM cases WHERE result IS NOT NULL`)
	if err != nil {
		return err
	}
	type row struct{ id, result string }
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.result); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	for _, r := range all {
		typ, name, code, reasons := verdictColumns([]byte(r.result))
		if _, err := db.ExecContext(ctx, q(`UPDATE cases SET case_type = ?, unit_name = ?, unit_code = ?, reasons = ? WHERE id = ?`), typ, name, code, reasons, r.id); err != nil {
			return err
		}
	}
	return nil
}

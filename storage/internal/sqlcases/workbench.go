package sqlcases

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier"
)

// stamp is the store's time format: fixed width, so that text order is time order.
const stamp = "2006-01-02T15:04:05.000000Z"

func at(t time.Time) string { return t.UTC().Format(stamp) }

func parseAt(s string) time.Time { t, _ := time.Parse(time.RFC3339Nano, s); return t }

// verdictColumns are what the queue filters on, taken from a result.
func verdictColumns(result []byte) (typ, name, code, reasons string) {
	var r dossier.Result
	if json.Unmarshal(result, &r) != nil {
		return
	}
	code = r.Unit.USCC
	if code == "" {
		code = r.Unit.OrgCode
	}
	var codes []string
	for _, rs := range r.Reasons {
		if !slices.Contains(codes, string(rs.Code)) {
			codes = append(codes, string(rs.Code))
		}
	}
	if len(codes) > 0 {
		reasons = " " + strings.Join(codes, " ") + " "
	}
	return string(r.Type), r.Unit.Name, code, reasons
}

// SetResult stores the pipeline's verdict and records it in the audit
// trail. A new verdict opens the case again for the clerks.
func (s *Store) SetResult(ctx context.Context, caseID string, status dossier.Status, result []byte) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var before string
	if err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM cases WHERE id = ?`), caseID).Scan(&before); err != nil {
		return fmt.Errorf("case %s: %w", caseID, err)
	}
	typ, name, code, reasons := verdictColumns(result)
	t := time.Now()
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE cases SET status = ?, result = ?, updated_at = ?, case_type = ?, unit_name = ?, unit_code = ?,
		reasons = ?, decided = 0, awaiting = '' WHERE id = ?`), string(status), string(result), at(t), typ, name, code, reasons, caseID); err != nil {
		return err
	}
	if err := s.appendEvent(ctx, tx, dossier.Event{At: t, Actor: "pipeline", Action: "verdict", Case: caseID,
		Before: before, After: string(status), Detail: strings.TrimSpace(reasons)}); err != nil {
		return err
	}
	return tx.Commit()
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) appendEvent(ctx context.Context, db execer, e dossier.Event) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	id := at(e.At) + "-" + hex.EncodeToString(rnd[:])
	_, err := db.ExecContext(ctx, s.q(`INSERT INTO audit (id, at, actor, action, case_id, before_state, after_state, detail, addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		id, at(e.At), e.Actor, e.Action, e.Case, e.Before, e.After, e.Detail, e.Addr)
	return err
}

// Record appends an event to the audit trail.
func (s *Store) Record(ctx context.Context, e dossier.Event) error {
	return s.appendEvent(ctx, s.db, e)
}

// Events returns the audit trail's events, newest first.
func (s *Store) Events(ctx context.Context, f dossier.AuditFilter) ([]dossier.Event, error) {
	q, args := `SELECT id, at, actor, action, case_id, before_state, after_state, detail, addr FROM audit WHERE 1 = 1`, []any{}
	if f.Case != "" {
		q += ` AND case_id = ?`
		args = append(args, f.Case)
	}
	if !f.Since.IsZero() {
		q += ` AND at >= ?`
		args = append(args, at(f.Since))
	}
	if f.Action != "" {
		q += ` AND action = ?`
		args = append(args, f.Action)
	}
	q += ` ORDER BY at DESC, id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Event
	for rows.Next() {
		var e dossier.Event
		var t string
		if err := rows.Scan(&e.ID, &t, &e.Actor, &e.Action, &e.Case, &e.Before, &e.After, &e.Detail, &e.Addr); err != nil {
			return nil, err
		}
		e.At = parseAt(t)
		out = append(out, e)
	}
	return out, rows.Err()
}

// FailedLogins counts failed logins since a time for an account and from an address.
func (s *Store) FailedLogins(ctx context.Context, name, addr string, since time.Time) (byName, byAddr int, err error) {
	err = s.db.QueryRowContext(ctx, s.q(`SELECT
		(SELECT COUNT(*) FROM audit WHERE action = 'login_failed' AND actor = ? AND at >= ?),
		(SELECT COUNT(*) FROM audit WHERE action = 'login_failed' AND addr = ? AND at >= ?)`),
		name, at(since), addr, at(since)).Scan(&byName, &byAddr)
	return
}

// AddUser creates an account; hash is the password's encoded hash.
func (s *Store) AddUser(ctx context.Context, u dossier.User, hash string) error {
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO users (name, role, password, disabled, created_at) VALUES (?, ?, ?, 0, ?) ON CONFLICT(name) DO NOTHING`),
		u.Name, string(u.Role), hash, at(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %s: %w", u.Name, dossier.ErrExists)
	}
	return nil
}

// User reads an account and its password hash.
func (s *Store) User(ctx context.Context, name string) (dossier.User, string, error) {
	u := dossier.User{Name: name}
	var hash, created string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT role, password, disabled, created_at FROM users WHERE name = ?`), name).Scan(&u.Role, &hash, &u.Disabled, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", fmt.Errorf("user %s: %w", name, dossier.ErrNoUser)
	}
	u.CreatedAt = parseAt(created)
	return u, hash, err
}

// Users lists the accounts by name.
func (s *Store) Users(ctx context.Context) ([]dossier.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, role, disabled, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.User
	for rows.Next() {
		var u dossier.User
		var created string
		if err := rows.Scan(&u.Name, &u.Role, &u.Disabled, &created); err != nil {
			return nil, err
		}
		u.CreatedAt = parseAt(created)
		out = append(out, u)
	}
	return out, rows.Err()
}

// DisableUser disables an account and ends its sessions.
func (s *Store) DisableUser(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE users SET disabled = 1 WHERE name = ?`), name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %s: %w", name, dossier.ErrNoUser)
	}
	_, err = s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_name = ?`), name)
	return err
}

// NewSession records a session by its token's hash.
func (s *Store) NewSession(ctx context.Context, tokenHash, user string, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, user_name, expires_at) VALUES (?, ?, ?)`), tokenHash, user, at(expires))
	return err
}

// Session returns the enabled user of a session that has not expired.
func (s *Store) Session(ctx context.Context, tokenHash string) (dossier.User, error) {
	var u dossier.User
	err := s.db.QueryRowContext(ctx, s.q(`SELECT u.name, u.role FROM sessions s JOIN users u ON u.name = s.user_name
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`), tokenHash, at(time.Now())).Scan(&u.Name, &u.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return u, dossier.ErrNoUser
	}
	return u, err
}

// EndSession deletes a session, and every expired one.
func (s *Store) EndSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE token_hash = ? OR expires_at <= ?`), tokenHash, at(time.Now()))
	return err
}

// openCase is the queue's default: what still waits for a clerk.
const openCase = `(status = 'review' OR (status = 'rejected' AND decided = 0))`

// queueWhere is the condition, and its arguments, of the cases a queue filter shows.
func queueWhere(f dossier.QueueFilter) (string, []any, error) {
	where, args := []string{}, []any{}
	switch f.View {
	case "", "open":
		where = append(where, openCase)
	case "review":
		where = append(where, `status = 'review'`)
	case "rejected":
		where = append(where, `status = 'rejected'`)
	case "awaiting":
		where = append(where, `status = 'rejected' AND awaiting <> ''`)
	case "decided":
		where = append(where, `decided = 1`)
	case "all":
		where = append(where, `status IN ('ready', 'rejected', 'review')`)
	default:
		return "", nil, fmt.Errorf("queue: no view %q", f.View)
	}
	if f.Reason != "" {
		where = append(where, `reasons LIKE ?`)
		args = append(args, "% "+string(f.Reason)+" %")
	}
	if f.Type != "" {
		where = append(where, `case_type = ?`)
		args = append(args, string(f.Type))
	}
	switch f.Assignee {
	case "":
	case "-":
		where = append(where, `assignee = ''`)
	default:
		where = append(where, `assignee = ?`)
		args = append(args, f.Assignee)
	}
	day := 24 * time.Hour
	now := time.Now()
	switch f.Age {
	case "":
	case "1":
		where = append(where, `updated_at > ?`)
		args = append(args, at(now.Add(-day)))
	case "1-3":
		where = append(where, `updated_at <= ? AND updated_at > ?`)
		args = append(args, at(now.Add(-day)), at(now.Add(-3*day)))
	case "3":
		where = append(where, `updated_at <= ?`)
		args = append(args, at(now.Add(-3*day)))
	default:
		return "", nil, fmt.Errorf("queue: no age %q", f.Age)
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		where = append(where, `(LOWER(id) LIKE ? OR LOWER(unit_name) LIKE ? OR LOWER(unit_code) LIKE ?)`)
		like := "%" + strings.ToLower(q) + "%"
		args = append(args, like, like, like)
	}
	return strings.Join(where, " AND "), args, nil
}

// Queue returns a page of the clerks' queue, oldest first.
func (s *Store) Queue(ctx context.Context, f dossier.QueueFilter) (dossier.QueuePage, error) {
	var page dossier.QueuePage
	cond, args, err := queueWhere(f)
	if err != nil {
		return page, err
	}
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM cases WHERE `+cond), args...).Scan(&page.Total); err != nil {
		return page, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, s.q(fmt.Sprintf(`SELECT id, case_type, status, unit_name, unit_code, reasons, assignee, decided, awaiting, updated_at
		FROM cases WHERE %s ORDER BY updated_at, id LIMIT %d OFFSET %d`, cond, limit, max(f.Offset, 0))), args...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var it dossier.QueueItem
		var reasons, awaiting, updated string
		if err := rows.Scan(&it.ID, &it.Type, &it.Status, &it.UnitName, &it.UnitCode, &reasons, &it.Assignee, &it.Decided, &awaiting, &updated); err != nil {
			return page, err
		}
		for _, c := range strings.Fields(reasons) {
			it.Reasons = append(it.Reasons, dossier.ReasonCode(c))
		}
		for _, d := range strings.Fields(awaiting) {
			it.Awaiting = append(it.Awaiting, dossier.DocType(d))
		}
		it.Since = parseAt(updated)
		page.Items = append(page.Items, it)
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	page.Open = map[dossier.Status]int{}
	rows, err = s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM cases WHERE `+openCase+` GROUP BY status`)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var st dossier.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return page, err
		}
		page.Open[st] = n
	}
	return page, rows.Err()
}

// TakeNext gives user the oldest case nobody has among those the filter
// shows (the open ones by default), and returns its id ("" when none is
// left). Two clerks taking at once get two cases.
func (s *Store) TakeNext(ctx context.Context, user string, f dossier.QueueFilter) (string, error) {
	f.Assignee = "-"
	cond, args, err := queueWhere(f)
	if err != nil {
		return "", err
	}
	for range 10 {
		var id string
		err := s.db.QueryRowContext(ctx, s.q(`SELECT id FROM cases WHERE `+cond+` ORDER BY updated_at, id LIMIT 1`), args...).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		res, err := s.db.ExecContext(ctx, s.q(`UPDATE cases SET assignee = ? WHERE id = ? AND assignee = ''`), user, id)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return id, s.Record(ctx, dossier.Event{Actor: user, Action: "assign", Case: id, After: user})
		}
	}
	return "", fmt.Errorf("take next: every case was taken by someone else first; try again")
}

// Assign gives a case to user ("" to nobody).
func (s *Store) Assign(ctx context.Context, id, user, by string) error {
	var before string
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT assignee FROM cases WHERE id = ?`), id).Scan(&before); err != nil {
		return fmt.Errorf("case %s: %w", id, ErrNotFound)
	}
	if _, err := s.db.ExecContext(ctx, s.q(`UPDATE cases SET assignee = ? WHERE id = ?`), user, id); err != nil {
		return err
	}
	return s.Record(ctx, dossier.Event{Actor: by, Action: "assign", Case: id, Before: before, After: user})
}

// Version is what a clerk saw of a case: a decision made on it is applied
// only while the case is still as seen.
func (s *Store) Version(ctx context.Context, id string) (version, assignee string, err error) {
	err = s.db.QueryRowContext(ctx, s.q(`SELECT updated_at, assignee FROM cases WHERE id = ?`), id).Scan(&version, &assignee)
	if errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("case %s: %w", id, ErrNotFound)
	}
	return
}

// Decide applies a clerk's decision to a case last seen at version: the
// status, the result's decisions and awaiting documents, and the audit
// trail, in one transaction. It returns the new result.
func (s *Store) Decide(ctx context.Context, id, version string, d dossier.Decision, awaiting []dossier.DocType, addr string) ([]byte, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var status, updated string
	var result sql.NullString
	err = tx.QueryRowContext(ctx, s.q(`SELECT status, result, updated_at FROM cases WHERE id = ?`), id).Scan(&status, &result, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("case %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if updated != version {
		return nil, fmt.Errorf("case %s: %w", id, dossier.ErrStale)
	}
	var r dossier.Result
	if !result.Valid || json.Unmarshal([]byte(result.String), &r) != nil {
		return nil, fmt.Errorf("case %s has no verdict yet: %w", id, dossier.ErrNotAllowed)
	}
	d.From = dossier.Status(status)
	switch {
	case d.Action == dossier.Approve && d.From == dossier.Review:
		d.To = dossier.Ready
	case d.Action == dossier.Overturn && d.From == dossier.Rejected:
		d.To = dossier.Ready
	case (d.Action == dossier.Reject || d.Action == dossier.RequestReupload) && (d.From == dossier.Review || d.From == dossier.Rejected):
		d.To = dossier.Rejected
	default:
		return nil, fmt.Errorf("%s on a %s case: %w", d.Action, d.From, dossier.ErrNotAllowed)
	}
	r.Status = d.To
	switch d.Action {
	case dossier.Reject, dossier.RequestReupload:
		if len(d.Reasons) > 0 {
			r.Reasons = d.Reasons
		}
		r.Awaiting = awaiting
	default:
		r.Reasons, r.Awaiting = []dossier.Reason{}, nil
	}
	r.Decisions = append(r.Decisions, d)
	b, _ := json.MarshalIndent(r, "", "  ")
	var aw []string
	for _, a := range r.Awaiting {
		aw = append(aw, string(a))
	}
	_, _, _, reasons := verdictColumns(b)
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE cases SET status = ?, result = ?, updated_at = ?, reasons = ?, decided = 1, awaiting = ? WHERE id = ?`),
		string(d.To), string(b), at(d.At), reasons, strings.Join(aw, " "), id); err != nil {
		return nil, err
	}
	detail, _ := json.Marshal(struct {
		Note     string            `json:"note,omitempty"`
		Reasons  []dossier.Reason  `json:"reasons,omitempty"`
		Awaiting []dossier.DocType `json:"awaiting,omitempty"`
	}{d.Note, d.Reasons, awaiting})
	if err := s.appendEvent(ctx, tx, dossier.Event{At: d.At, Actor: d.By, Action: string(d.Action), Case: id,
		Before: string(d.From), After: string(d.To), Detail: string(detail), Addr: addr}); err != nil {
		return nil, err
	}
	return b, tx.Commit()
}

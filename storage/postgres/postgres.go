// Package postgres is the production case store: the same tables as the
// embedded SQLite store, on PostgreSQL through pgx, with versioned
// migrations embedded in the binary (dossier migrate; applied on start).
package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"dossier/storage/internal/sqlcases"
)

// Store is a case store on PostgreSQL.
type Store struct{ *sqlcases.Store }

// migrationLock is the advisory lock (held to the end of each migration's
// transaction) that lets many workers start at once.
const migrationLock = `SELECT pg_advisory_xact_lock(72657063)` // "dossier" migrations

// Open connects to the database at url (postgres://...), waiting up to
// 10 s for it, and applies the migrations it lacks.
func Open(ctx context.Context, url string) (*Store, error) {
	db, err := open(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := Migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{sqlcases.New(db, true)}, nil
}

func open(ctx context.Context, url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("DOSSIER_DB: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	// A database starting up, or restarting, refuses for a while: ask
	// again until the deadline, then say where and why.
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	for {
		err := db.PingContext(pctx)
		if err == nil {
			return db, nil
		}
		select {
		case <-pctx.Done():
			db.Close()
			return nil, fmt.Errorf("postgres %s:%d/%s: %w", cfg.Host, cfg.Port, cfg.Database, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// Migrate applies the embedded migrations the database lacks and names them.
func Migrate(ctx context.Context, db *sql.DB) ([]string, error) {
	applied, err := sqlcases.Migrate(ctx, db, true, migrationLock)
	if err != nil {
		return applied, fmt.Errorf("postgres: %w", err)
	}
	return applied, nil
}

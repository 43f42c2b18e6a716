// Package sqlite is the embedded default case store: cases, their files and
// their pages' readings in one SQLite file, through the pure-Go modernc driver.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	_ "modernc.org/sqlite" // the driver

	"dossier/storage/internal/sqlcases"
)

// Store is a case store in one SQLite file.
type Store struct{ *sqlcases.Store }

// Open opens (creating) the store at path and brings its tables up to date.
func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serialises anyway
	if _, err := sqlcases.Migrate(context.Background(), db, false, ""); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return &Store{sqlcases.New(db, false)}, nil
}

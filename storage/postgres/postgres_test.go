package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dossier/deploy/services"
	"dossier/storage/internal/sqlcases"
	"dossier/storage/storetest"
)

var dbs atomic.Int32

// freshDB makes an empty database on the server and returns its URL.
func freshDB(t testing.TB, pg *services.Postgres) string {
	t.Helper()
	admin, err := open(context.Background(), pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("dossier_test_%d", dbs.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	return strings.Replace(pg.URL, "/postgres?", "/"+name+"?", 1)
}

func TestWorkbench(t *testing.T) {
	pg := services.StartPostgres(t)
	storetest.Workbench(t, func(t *testing.T) storetest.WorkbenchStore {
		s, err := Open(context.Background(), freshDB(t, pg))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestConformance(t *testing.T) {
	pg := services.StartPostgres(t)
	storetest.Cases(t, func(t *testing.T) storetest.CaseStore {
		s, err := Open(context.Background(), freshDB(t, pg))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// Many workers start at once: each migration is applied once, and every
// one of them opens the store.
func TestMigrateConcurrently(t *testing.T) {
	pg := services.StartPostgres(t)
	url := freshDB(t, pg)
	errs := make(chan error, 6)
	for range 6 {
		go func() {
			s, err := Open(context.Background(), url)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s, _ := Open(context.Background(), url)
	defer s.Close()
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != sqlcases.Migrations() {
		t.Fatalf("schema_migrations holds %d rows (%v), want one a migration, %d", n, err, sqlcases.Migrations())
	}
}

// The database down: a clear error naming where, not a hang.
func TestDown(t *testing.T) {
	pg := services.StartPostgres(t)
	pg.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := Open(ctx, pg.URL)
	if err == nil || !strings.Contains(err.Error(), "postgres 127.0.0.1:") {
		t.Fatalf("open with the database down: %v", err)
	}
	pg.Start()
	s, err := Open(context.Background(), pg.URL)
	if err != nil {
		t.Fatalf("after the database is back: %v", err)
	}
	s.Close()
}

// 10,000 cases in the queue: each page of it stays fast.
func BenchmarkQueue(b *testing.B) {
	pg := services.StartPostgres(b)
	s, err := Open(context.Background(), freshDB(b, pg))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.BenchQueue(b, s, 10000)
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// No message prints a password from a service URL, whether the URL parses
// or not: every command's output and error is searched for the secret.
func TestNoSecretInMessages(t *testing.T) {
	const secret = "s3cr3tPW"
	batch := t.TempDir()
	os.MkdirAll(filepath.Join(batch, "C1"), 0o755)
	os.WriteFile(filepath.Join(batch, "C1", "a.pdf"), []byte("%PDF-1.4"), 0o644)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"redis_unparseable", map[string]string{"DOSSIER_REDIS": "redis://:" + secret + "/x@127.0.0.1:6379/0"}, []string{"upload", batch}},
		{"redis_bad_port", map[string]string{"DOSSIER_REDIS": "redis://:" + secret + "@127.0.0.1:port/0"}, []string{"upload", batch}},
		{"store_unparseable", map[string]string{"DOSSIER_REDIS": "redis://127.0.0.1:1/0", "DOSSIER_STORE": "s3://AK:" + secret + "/x@127.0.0.1:9/bucket"}, []string{"upload", batch}},
		{"store_unreachable", map[string]string{"DOSSIER_REDIS": "redis://127.0.0.1:1/0", "DOSSIER_STORE": "s3://AK:" + secret + "@127.0.0.1:9/bucket?secure=false"}, []string{"upload", batch}},
		{"db_unparseable", map[string]string{"DOSSIER_DB": "postgres://u:" + secret + "/x@127.0.0.1:5432/test"}, []string{"case", "list"}},
		{"db_bad_port", map[string]string{"DOSSIER_DB": "postgres://u:" + secret + "@127.0.0.1:port/test"}, []string{"case", "list"}},
		{"db_unreachable", map[string]string{"DOSSIER_DB": "postgres://u:" + secret + "@127.0.0.1:1/test?connect_timeout=1"}, []string{"migrate"}},
		{"worker_store_unparseable", map[string]string{"DOSSIER_REDIS": "redis://127.0.0.1:1/0", "DOSSIER_STORE": "s3://AK:" + secret + "/x@127.0.0.1:9/bucket"}, []string{"worker", "--listen", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DOSSIER_HOME", t.TempDir())
			for _, k := range []string{"DOSSIER_STORE", "DOSSIER_DB", "DOSSIER_REDIS"} {
				t.Setenv(k, tc.env[k])
			}
			// Short: the worker waits for its stores, an S3 store for its server.
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			var out bytes.Buffer
			err := run(ctx, tc.args, &out, &out)
			if err != nil {
				out.WriteString(err.Error())
			}
			t.Logf("%s", strings.TrimSpace(out.String()))
			if strings.Contains(out.String(), secret) {
				t.Errorf("the secret is printed:\n%s", out.String())
			}
			if err == nil {
				t.Errorf("no error")
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"redis://:pw/x@h:1/0":     "redis://<unparseable>",
		"s3://AK:pw@h:9/b":        "s3://AK:xxxxx@h:9/b",
		"postgres://u@h/db":       "postgres://u@h/db",
		"::::pw@":                 "?://<unparseable>",
		"redis://h:6379/0":        "redis://h:6379/0",
		"postgres://u:p%2Fw@h/db": "postgres://u:xxxxx@h/db",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// Package pipeline runs a case through its stages as asynq tasks: split (a
// file into page images), page (read one page) and decide (documents, checks,
// verdict). A stage is a plain method a test can call without Redis; the
// handlers only decode the task, call the stage and store what it returns.
// Work ids come from content (case, file sha256, page), so a retried or
// duplicated task never counts a page twice.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/hibiken/asynq"

	"dossier"
)

// Task types.
const (
	TypeSplit  = "dossier:split"
	TypePage   = "dossier:page"
	TypeDecide = "dossier:decide"
	// TypeSweep takes up files put straight into the store (a worker's
	// scheduler queues it every minute).
	TypeSweep = "dossier:sweep"
)

// Payload names the work of one task.
type Payload struct {
	Case   string `json:"case"`
	File   string `json:"file,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Page   int    `json:"page,omitempty"`
}

// Blobs is what the pipeline needs of an object store.
type Blobs interface {
	Put(ctx context.Context, key string, data []byte) error
	// PutReader stores size bytes from r, streamed, never read whole; sha
	// is their SHA-256 in hex when known (empty: not checked). A reader
	// that ends before size stores nothing.
	PutReader(ctx context.Context, key string, r io.Reader, size int64, sha string) error
	Get(ctx context.Context, key string) ([]byte, error)
}

// Cases is what the pipeline needs of a case store.
type Cases interface {
	PutCase(ctx context.Context, c dossier.Case) error
	PutFile(ctx context.Context, f dossier.File) (needsSplit bool, err error)
	SetSplit(ctx context.Context, f dossier.File) error
	PutPage(ctx context.Context, p dossier.Page) error
	Files(ctx context.Context, caseID string) ([]dossier.File, error)
	Pages(ctx context.Context, caseID string) ([]dossier.Page, error)
	PagesRead(ctx context.Context, caseID string) ([]dossier.PageRef, error)
	SetResult(ctx context.Context, caseID string, status dossier.Status, result []byte) error
	Case(ctx context.Context, id string) (dossier.Case, []byte, error)
	Progress(ctx context.Context, ids []string) (done, total, final int, err error)
}

// Queue is what the pipeline needs of asynq's client.
type Queue interface {
	EnqueueContext(ctx context.Context, task *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error)
}

func short(sha string) string { return sha[:min(16, len(sha))] }

// taskID names a task by its work: case, file name, content and page. Two
// files of one case with the same bytes (a sheet scanned twice) are two
// files, each with its own tasks; a second enqueue of the same work while
// the first is still queued is a no-op.
func taskID(typ string, p Payload) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d", p.Case, p.File, p.SHA256, p.Page)
	return typ + ":" + hex.EncodeToString(h.Sum(nil))[:32]
}

// enqueue puts a task with the id of its work (taskID).
func enqueue(ctx context.Context, q Queue, typ string, p Payload) error {
	b, _ := json.Marshal(p)
	id := taskID(typ, p)
	_, err := q.EnqueueContext(ctx, asynq.NewTask(typ, b), asynq.TaskID(id), asynq.MaxRetry(8))
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return nil
	}
	return err
}

func incomingKey(caseID, name string) string { return "incoming/" + caseID + "/" + name }

// PageKey names a page's image in the object store; its format is in its bytes.
func PageKey(caseID, sha string, page int) string {
	return fmt.Sprintf("pages/%s/%s/%d.img", caseID, short(sha), page)
}

// ResultKey names a case's result in the object store.
func ResultKey(caseID string) string { return "results/" + caseID + ".json" }

// formKey names the JSON of a born-digital form's values on a page, beside its image.
func formKey(caseID, sha string, page int) string {
	return fmt.Sprintf("pages/%s/%s/%d.form.json", caseID, short(sha), page)
}

// wordsKey names the JSON of a page's reading (words with boxes, seals), beside its image.
func wordsKey(caseID, sha string, page int) string {
	return fmt.Sprintf("pages/%s/%s/%d.json", caseID, short(sha), page)
}

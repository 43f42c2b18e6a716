package pipeline

import (
	"context"
	"slices"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"

	"dossier"
)

// Files another tool put straight into the store under incoming/ are taken
// up by the sweep, once; what was uploaded through dossier is left alone.
func TestSweep(t *testing.T) {
	ctx := context.Background()
	mr := miniredis.RunT(t)
	redis := asynq.RedisClientOpt{Addr: mr.Addr()}
	client := asynq.NewClient(redis)
	defer client.Close()
	p, blobs, cases := embedded(t, client)

	blobs.Put(ctx, "incoming/S1/申请表 第1份.pdf", []byte("%PDF-1.4 one"))
	blobs.Put(ctx, "incoming/S1/case.json", []byte(`{"type":"ca-replacement","unit_name":"福州市闽江科技有限公司"}`))
	blobs.Put(ctx, "incoming/S1/.hidden", []byte("x"))
	blobs.Put(ctx, "pages/S1/x/1.img", []byte("not incoming"))
	taken, err := p.Sweep(ctx)
	if err != nil || !slices.Equal(taken, []string{"S1"}) {
		t.Fatalf("sweep took %v, %v", taken, err)
	}
	c, _, err := cases.Case(ctx, "S1")
	if err != nil || c.Info.UnitName != "福州市闽江科技有限公司" {
		t.Fatalf("case S1: %+v %v", c, err)
	}
	files, _ := cases.Files(ctx, "S1")
	if len(files) != 1 || files[0].Name != "申请表 第1份.pdf" || files[0].Size != 12 {
		t.Fatalf("files: %+v", files)
	}
	info, err := asynq.NewInspector(redis).GetQueueInfo("default")
	if err != nil || info.Pending != 1 {
		t.Fatalf("queued %+v %v, want the split of one file", info, err)
	}
	// Again: nothing new, nothing taken, nothing queued twice.
	if taken, err := p.Sweep(ctx); err != nil || len(taken) != 0 {
		t.Fatalf("second sweep took %v, %v", taken, err)
	}
	// A second file arrives.
	blobs.Put(ctx, "incoming/S1/身份证.jpg", []byte("jpeg"))
	if taken, _ := p.Sweep(ctx); !slices.Equal(taken, []string{"S1"}) {
		t.Fatalf("a new file: took %v", taken)
	}
	if files, _ := cases.Files(ctx, "S1"); len(files) != 2 {
		t.Fatalf("files after the second: %+v", files)
	}
	if c, _, _ := cases.Case(ctx, "S1"); c.Status != dossier.Pending {
		t.Fatalf("status %s", c.Status)
	}
}

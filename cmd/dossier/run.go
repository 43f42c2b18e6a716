package main

import (
	"context"
	"io"
)

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error { return nil }

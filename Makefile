# dossier: make demo runs the main job on the embedded default; make test runs
# the tests. Both install what they need first.
SHELL := /bin/bash
GO ?= go
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBS := tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng libtesseract-dev libleptonica-dev fonts-noto-cjk poppler-utils pkg-config
# tesseract's OpenMP threads fight each other when several pages are read at once.
export OMP_THREAD_LIMIT := 1

DEMO ?= demo
DEMO_CASES ?= 20

.PHONY: deps build demo test bench bench-generate clean

deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

build: deps
	$(GO) build -o bin/dossier ./cmd/dossier

demo: build
	rm -rf $(DEMO)
	bin/dossier samples --out $(DEMO) --cases $(DEMO_CASES) --seed 1
	DOSSIER_HOME=$(DEMO)/home bin/dossier run $(DEMO)/batch --out $(DEMO)/out --as-of 2026-11-01 --ca-roots $(DEMO)/roots.pem
	bin/dossier score --truth $(DEMO)/truth --out $(DEMO)/out
	@echo "results: $(DEMO)/out/<case-id>.json and $(DEMO)/out/summary.json; truth: $(DEMO)/truth"

test: deps
	$(GO) vet ./...
	$(GO) test -race -timeout 40m ./...

bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

clean:
	rm -rf bin $(DEMO)

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
# bench-accuracy: ACC_SEEDS corpora of ACC_CASES cases each (about 8 minutes
# on 2 cores at the defaults), scored together.
ACC ?= /tmp/dossier-accuracy
ACC_SEEDS ?= 101 202 303
ACC_CASES ?= 70

.PHONY: deps build demo test bench bench-accuracy clean

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

# Reading and verdict accuracy against the samples' truth, and the seal
# finder on the real photos and scans of ../shared/testdata/realworld/images.
bench-accuracy: build
	rm -rf $(ACC); mkdir -p $(ACC)
	truths=""; outs=""; \
	for seed in $(ACC_SEEDS); do \
		bin/dossier samples --out $(ACC)/$$seed --cases $(ACC_CASES) --seed $$seed || exit 1; \
		DOSSIER_HOME=$(ACC)/$$seed/home bin/dossier run $(ACC)/$$seed/batch --out $(ACC)/$$seed/out \
			--as-of 2026-11-01 --ca-roots $(ACC)/$$seed/roots.pem 2>&1 | grep -v '^pages ' || exit 1; \
		truths="$$truths,$(ACC)/$$seed/truth"; outs="$$outs,$(ACC)/$$seed/out"; \
	done; \
	bin/dossier score --misses --truth $${truths#,} --out $${outs#,} > $(ACC)/misses.txt; \
	bin/dossier score --truth $${truths#,} --out $${outs#,}
	@echo "every reading that missed: $(ACC)/misses.txt"
	$(GO) test -count=1 -run TestFindSealsRealImages -v ./extract | grep -E 'seals found|images with'

clean:
	rm -rf bin $(DEMO)

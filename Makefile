# dossier: make demo runs the main job on the embedded default; make test runs
# the tests. Both install what they need first.
SHELL := /bin/bash
GO ?= go
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBS := tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng libtesseract-dev libleptonica-dev fonts-noto-cjk poppler-utils pkg-config
# tesseract's standard Chinese model, which reads unsure names again
# (deploy/install-model says why); dossier looks for it here unless
# DOSSIER_TESSDATA says.
MODEL_DIR := /usr/local/share/dossier/tessdata
# What the production tests start on their own ports (deploy/services).
SERVICE_DEBS := redis-server postgresql
# The browser the workbench's browser test drives (chromedp).
BROWSER_DEBS := chromium
# htmx, embedded in the workbench (web/static); make htmx fetches it again
# from the npm registry, and TestHtmxPinned checks its digest.
HTMX_VERSION := 2.0.11
# The MinIO server the production tests run against (deploy/services pins the same).
MINIO_VERSION := v0.0.0-20260212201848-7aac2a2c5b7c
GOBIN := $(shell $(GO) env GOPATH)/bin
# tesseract's OpenMP threads fight each other when several pages are read at once.
export OMP_THREAD_LIMIT := 1

DEMO ?= demo
DEMO_CASES ?= 20
# bench-accuracy: ACC_SEEDS corpora of ACC_CASES cases each (about 8 minutes
# on 2 cores at the defaults), scored together.
ACC ?= /tmp/dossier-accuracy
ACC_SEEDS ?= 1111 7171 8181
ACC_CASES ?= 70
FIELD ?= ../shared/testdata/fieldreport

.PHONY: deps deps-services apt build demo test bench bench-accuracy htmx clean

deps:
	@$(MAKE) --no-print-directory apt PKGS="$(DEBS)"
	@command -v npm >/dev/null || $(MAKE) --no-print-directory apt PKGS=npm
	@$(SUDO) deploy/install-model $(MODEL_DIR)

deps-services:
	@$(MAKE) --no-print-directory apt PKGS="$(SERVICE_DEBS) $(BROWSER_DEBS)"
	@test -x "$(GOBIN)/minio" || { echo "installing the MinIO server $(MINIO_VERSION) (several minutes, once)"; \
		$(GO) install github.com/minio/minio@$(MINIO_VERSION); }

apt:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
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

# extract's TestTuningPages (55 generated cases, a page of each read) runs
# without the race detector, which slowed it past 25 minutes on 2 cores:
# the code it drives runs under -race in the other tests (samples'
# Generate, extract's ReadPage).
test: deps deps-services
	$(GO) vet ./...
	$(GO) test -race -timeout 60m -skip '^TestTuningPages$$' ./...
	$(GO) test -timeout 40m -run '^TestTuningPages$$' ./extract

bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 10x ./...

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
	echo "== test seeds $(ACC_SEEDS)"; bin/dossier score --calibration --truth $${truths#,} --out $${outs#,}
	@echo "every reading that missed: $(ACC)/misses.txt"
	@if [ -d $(FIELD) ]; then \
		DOSSIER_HOME=$(ACC)/field/home bin/dossier run $(FIELD)/batch --out $(ACC)/field/out \
			--as-of $$(cat $(FIELD)/AS_OF) --ca-roots $(FIELD)/roots.pem 2>&1 | grep -v '^pages ' || exit 1; \
		echo "== field set $(FIELD)"; bin/dossier score --calibration --truth $(FIELD)/truth --out $(ACC)/field/out; \
	else echo "no field set at $(FIELD): not scored"; fi
	$(GO) test -count=1 -run TestFindSealsRealImages -v ./extract | grep -E 'seals found|images with'

htmx:
	@command -v npm >/dev/null || $(MAKE) --no-print-directory apt PKGS=npm
	tmp=$$(mktemp -d) && cd $$tmp && npm pack -q htmx.org@$(HTMX_VERSION) >/dev/null && tar xzf htmx.org-$(HTMX_VERSION).tgz && \
		cp package/dist/htmx.min.js $(CURDIR)/web/static/htmx.min.js && rm -rf $$tmp
	$(GO) test -run TestHtmxPinned ./web

clean:
	rm -rf bin $(DEMO)

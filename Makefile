# Cleaning Task Tracker — the two commands that matter:
#   make run    the whole stack in the foreground (Ctrl-C stops it)
#   make test   every test
# Everything installs itself on first use (scripts/install.sh, idempotent).

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: run up down status install frontend uploader test test-rust test-wasm lint bench screenshots clean-data

run: install frontend uploader
	CTT_PUBLISH=1 scripts/stack.sh run

up: install frontend uploader
	CTT_PUBLISH=1 scripts/stack.sh up

down:
	scripts/stack.sh down

status:
	scripts/stack.sh status

install:
	scripts/install.sh

frontend: install
	scripts/build-frontend.sh

uploader: install
	$(CARGO) build --release -p uploader

test: install frontend uploader lint test-rust test-wasm

# Each test binary starts its own isolated cluster + PostgREST on free ports,
# so they run side by side in TEST_LANES lanes (default 2;
# scripts/test-lanes.sh).
test-rust:
	scripts/test-lanes.sh

# The frontend's unit tests, in headless Chromium (wasm-bindgen-test-runner).
test-wasm:
	$(CARGO) test -p frontend --target wasm32-unknown-unknown

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --exclude frontend --all-targets -- -D warnings
	$(CARGO) clippy -p frontend --target wasm32-unknown-unknown --all-targets -- -D warnings

bench: install frontend uploader
	scripts/bench.sh

# docs/screenshots/*.png: the main screens at phone and desktop size, from a
# throwaway stack with the sample household (tests/src/bin/screenshots.rs).
screenshots: install frontend uploader
	$(CARGO) run -p tests --bin screenshots

clean-data: down
	rm -rf .data

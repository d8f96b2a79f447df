# Thin wrapper over CMake presets. `make run` and `make test` work on a fresh Debian 12.
.PHONY: all deps build web run test unit fuzz bench bench-view clean

BUILD ?= build
DATA ?= data
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@[ -f $(BUILD)/build.ninja ] || cmake --preset default
	cmake --build --preset default -j $(JOBS)
	scripts/build-web.sh

# The web UI alone (web/dist; `npm ci` only when web/node_modules is stale).
web: deps
	scripts/build-web.sh

# Starts Custos on its embedded default: SQLite catalog and recordings under $(DATA),
# one demo camera served by the built-in simulator.
run: build
	$(BUILD)/custos serve --data $(DATA) --listen $(LISTEN) --demo

test: build
	scripts/run-tests.sh

fuzz: deps
	@[ -f build-fuzz/build.ninja ] || cmake --preset fuzz
	cmake --build --preset fuzz --target fuzzers -j $(JOBS)
	scripts/run-fuzzers.sh 20

bench: build
	bench/run.sh
	bench/view.sh

# The View benchmarks only (export, live latency in Chromium, viewers; about 5 minutes).
bench-view: build
	bench/view.sh

clean:
	rm -rf $(BUILD) build-fuzz build-clang web/dist

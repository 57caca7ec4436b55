# GradPath — build entry point.
#   make run    the main job: gradient self-check, then every predefined experiment into reports/
#   make test   the whole test suite (debug build), then each fuzz target for FUZZ_SECONDS (30)
#   make fuzz   the fuzz targets for as long as asked: make fuzz FUZZ_SECONDS=3600
#   make format the tree formatted with .swift-format (make test checks it with make lint)
# Both first install any missing system package (apt-get; through sudo when not root).

SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := liblapacke-dev libopenblas-dev gnuplot-nox
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

FUZZ_SECONDS ?= 30

SWIFT_SOURCES := Sources Tests Package.swift Fuzz/Package.swift Fuzz/Sources

.PHONY: setup build release run test lint format fuzz bench clean

# Installs only what is missing; apt-get update runs only when something must be installed.
setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# matplotlib runs the generated plot scripts in the tests; from PyPI when python3 lacks it.
	@python3 -c "import matplotlib" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check matplotlib \
	  || echo "warning: could not install matplotlib; the tests will only compile the matplotlib scripts"

build: setup
	$(SWIFT) build

# Native code generation (AVX2 where the machine has it) for the main job and the benchmark; the
# default build (make build, make test, a dependency of another package) is portable. Results are
# bit-identical either way (README, Performance).
NATIVE := GRADPATH_NATIVE=1

release: setup
	$(NATIVE) $(SWIFT) build -c release

run: release
	$(NATIVE) $(SWIFT) run -c release gradpath check
	$(NATIVE) $(SWIFT) run -c release gradpath run --all

test: setup lint
	$(SWIFT) test
	scripts/fuzz.sh 30

# Formatting is checked with the toolchain's swift-format and the checked-in .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(SWIFT_SOURCES)

format:
	$(SWIFT) format --in-place --recursive --parallel $(SWIFT_SOURCES)

# libFuzzer on the safetensors reader, the experiment-spec parser and the CSV reader (Fuzz/).
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Side-by-side benchmark against numpy, then the T = 100,000 checkpointed LSTM (see README, Performance).
bench: release
	$(NATIVE) python3 benchmarks/compare.py --rounds 3 --long

clean:
	rm -rf .build .build-fuzz

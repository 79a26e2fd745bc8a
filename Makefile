# One command to set up and run the main job, one to run the tests (.ci/run runs `make test`).
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install demo test lint bench system-deps

install:
	$(PIP) install --quiet --disable-pip-version-check -e '.[dev]'

demo: install
	kg build examples --output graph.ttl
	kg stats graph.ttl
	kg validate graph.ttl

lint: install
	ruff check kg tests bench

# headless Chromium for the browser tests of `kg viz` (tests/test_viz.py)
system-deps:
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends chromium)

test: install system-deps
	ruff check kg tests bench
	$(PYTHON) -m pytest

bench: install
	$(PYTHON) bench/bench_build.py

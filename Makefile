# One command to set up and run the main job, one to run the tests (.ci/run runs `make test`).
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install demo test lint bench system-deps

install:
	$(PIP) install --quiet --disable-pip-version-check -e '.[dev,scale]'

demo: install
	kg build examples --output graph.ttl
	kg stats graph.ttl
	kg validate graph.ttl

lint: install
	ruff check kg tests bench notebooks
	ruff format --check kg tests bench notebooks

# system packages the tests use: headless Chromium (kg viz browser tests), Virtuoso (kg push)
system-deps:
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends chromium)
	command -v virtuoso-t >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends virtuoso-opensource)

test: install system-deps
	ruff check kg tests bench notebooks
	ruff format --check kg tests bench notebooks
	$(PYTHON) -m pytest

bench: install
	$(PYTHON) bench/bench_build.py

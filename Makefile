# One command to set up and run the main job, one to run the tests (.ci/run runs `make test`).
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install demo test lint bench

install:
	$(PIP) install --quiet --disable-pip-version-check -e '.[dev]'

demo: install
	kg build examples --output graph.ttl
	kg stats graph.ttl
	kg validate graph.ttl

lint: install
	ruff check kg tests bench

test: install
	ruff check kg tests bench
	$(PYTHON) -m pytest

bench: install
	$(PYTHON) bench/bench_build.py

# digimod — run `make help` for the targets. The README's two commands are `make reports` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
KERNEL := digimod
STAMP  := $(VENV)/.installed

.PHONY: help setup data data-force status reports test refresh-outputs lint bench lab clean clean-data

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(STAMP) ## create .venv, install pinned dependencies and the project, register the Jupyter kernel

$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (digimod)" >/dev/null
	touch $@

data: setup ## fetch raw files (publisher URLs, or DIGIMOD_MIRROR) and build data/processed
	$(BIN)/digimod data fetch
	$(BIN)/digimod data build

data-force: setup ## rebuild data/processed even if nothing changed
	$(BIN)/digimod data build --force

status: setup ## show sources, releases, checksums and the build state
	$(BIN)/digimod data status

reports: data ## build the data, execute every notebook into outputs/<run-id>/ and write its HTML pages
	$(BIN)/digimod collection

NBVAL := --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

test: data ## unit, parser, HTTP, integration and notebook tests, then the nbval regression suite
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest $(NBVAL) notebooks/*.ipynb

refresh-outputs: data ## after an intended change of results: store new outputs for nbval (then review the diff)
	$(BIN)/digimod refresh-outputs
	cd notebooks && ../$(BIN)/jupytext --sync [0-9]*.ipynb

lab: data ## open JupyterLab on the project kernel, notebooks in reading order
	cd notebooks && ../$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/00_data_overview.ipynb

lint: setup ## ruff on helpers and tests
	$(BIN)/ruff check src tests benchmarks notebooks

bench: data ## benchmarks (ratios): data build and load; collection vs plain Python; profiles vs papermill; reruns; the claim (b) specification curve
	$(BIN)/python benchmarks/bench_data.py
	$(BIN)/python benchmarks/bench_collection.py
	$(BIN)/python benchmarks/bench_profiles.py --n 50 --variants a,b,c,e
	$(BIN)/python benchmarks/bench_reuse.py --no-changed
	$(BIN)/python benchmarks/bench_reuse.py --n 20
	$(BIN)/python benchmarks/bench_speccurve.py

clean: ## remove the virtual environment and caches (keeps data and outputs)
	rm -rf $(VENV) .pytest_cache .ruff_cache src/*.egg-info

clean-data: ## remove fetched and processed data (keeps the metadata YAML files)
	rm -rf data/raw data/processed data/cache

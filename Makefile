# make book [YEAR=2021]  — set up what a build needs, build the year's book (HTML + PDF), print where it is
# make test              — set up the development tools too, lint (ruff, mypy), run every test
# make lab               — set up JupyterLab too, open it on notebooks/ (offline, 127.0.0.1; prints the address)
# make preview [YEAR=…]  — set up, build the year and serve it on 127.0.0.1; rebuild and reload the page on every save
# make strip             — remove outputs and execution counts from notebooks/ before committing
# make portfolio [PROJECTS=20 PORTFOLIO_YEARS=2 BROKEN=0] — a synthetic department built on Dask; prints where its landing page is
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
YEAR  ?= 2021
STAMP := $(VENV)/.installed
LAB   := $(VENV)/.installed-lab
DEV   := $(VENV)/.installed-dev

.PHONY: book test test-fast lint lab preview strip setup setup-lab setup-dev system system-dev bench clean portfolio

# Three pinned sets, each installed by the first command that needs it: requirements.txt (a build:
# `make book`), requirements-lab.txt (JupyterLab: `make lab`), requirements-dev.txt (linters, mypy,
# pytest, Playwright: `make test`). The later sets are installed together with the earlier ones, so pip
# checks that the pins agree.
setup: $(STAMP) system
setup-lab: $(LAB) system
setup-dev: $(DEV) system-dev

# pip shows each package as it goes; requirements.txt pins a setuptools recent enough that the
# editable install prints no "beta" warning.
$(STAMP): requirements.txt pyproject.toml
	@echo "== setting up $(VENV): the packages a build needs (requirements.txt)"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install --progress-bar on -r requirements.txt
	@echo "== installing selfeval (editable)"
	@$(PY) -m pip install -q --no-build-isolation --no-deps -e .
	@echo "== $(VENV) ready"
	@touch $@

$(LAB): $(STAMP) requirements-lab.txt
	@echo "== adding JupyterLab to $(VENV) (requirements-lab.txt)"
	@$(PY) -m pip install --progress-bar on -r requirements.txt -r requirements-lab.txt
	@touch $@

$(DEV): $(LAB) requirements-dev.txt
	@echo "== adding the development tools to $(VENV) (requirements-dev.txt)"
	@$(PY) -m pip install --progress-bar on -r requirements.txt -r requirements-lab.txt -r requirements-dev.txt
	@touch $@

system:
	@bash scripts/system-deps.sh book

system-dev:
	@bash scripts/system-deps.sh dev

book: setup
	@$(PY) -m selfeval build --year $(YEAR) $(ARGS)

lab: setup-lab
	@$(PY) -m selfeval lab $(ARGS)

preview: setup
	@$(PY) -m selfeval preview --year $(YEAR) $(ARGS)

strip: $(STAMP)
	@$(PY) -m selfeval strip $(ARGS)

# A department to try the multi-project build on: scripts/synth_portfolio.py writes PROJECTS synthetic
# projects × PORTFOLIO_YEARS (written again each time, the same bytes for the same numbers) into build/, outside
# data/; `selfeval build --all` builds every project-year on this machine's Dask cluster into portfolio/.
PROJECTS ?= 20
PORTFOLIO_YEARS ?= 2
BROKEN   ?= 0
PORTFOLIO_DATA := build/portfolio-data
portfolio: setup
	@rm -rf $(PORTFOLIO_DATA)
	@$(PY) scripts/synth_portfolio.py --projects $(PROJECTS) --years $(PORTFOLIO_YEARS) \
		--seed 1 --broken $(BROKEN) --out $(PORTFOLIO_DATA) | tail -n 1
	@$(PY) -m selfeval build --all --data $(PORTFOLIO_DATA) --out portfolio $(ARGS)

# Tests run on up to 4 cores (pytest-xdist), each test file on one worker (its module fixtures are
# built once); the books the session shares are built once for all workers (tests/book_fixtures.py).
TEST_WORKERS ?= $(shell n=$$(nproc); echo $$(( n < 4 ? n : 4 )))

test: setup-dev lint            # lint first (seconds), then every test
	@$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(ARGS)

# Builds, the benchmark and the tests compile the package once into .venv/pycache (this machine's
# environment may set PYTHONDONTWRITEBYTECODE, which recompiles every module of the package in
# every process and notebook kernel: ~0.2 s each).
book preview bench test test-fast: export PYTHONDONTWRITEBYTECODE :=
book preview bench test test-fast: export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache

test-fast: setup-dev         # the non-book tests on both cores, without nbval: about 20 s
	@$(PY) -m pytest -o addopts="" -q -p no:cacheprovider -p no:nbval -n 2 -m "not book and not browser" tests $(ARGS)

lint: setup-dev              # ruff (lint + format check) and mypy over src/
	@$(VENV)/bin/ruff check src tests bench scripts
	@$(VENV)/bin/ruff format --check src tests bench scripts
	@$(VENV)/bin/mypy

bench: setup-dev
	@$(PY) bench/run.py $(ARGS)

clean:
	rm -rf build public portfolio

# make book [YEAR=2021]  — set up, build the year's book (HTML + PDF), print where it is
# make test              — set up, lint (ruff, mypy), run every test
# make lab               — set up, open JupyterLab on notebooks/ (offline, 127.0.0.1; prints the address)
# make preview [YEAR=…]  — set up, build the year and serve it on 127.0.0.1; rebuild and reload the page on every save
# make strip             — remove outputs and execution counts from notebooks/ before committing
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
YEAR  ?= 2021
STAMP := $(VENV)/.installed

.PHONY: book test test-fast lint lab preview strip setup system bench clean

setup: $(STAMP) system

# pip shows each package as it goes (about 75 s on a fresh machine); requirements.txt pins a
# setuptools recent enough that the editable install prints no "beta" warning.
$(STAMP): requirements.txt pyproject.toml
	@echo "== setting up $(VENV): Python packages from requirements.txt (about 75 s the first time)"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install --progress-bar on -r requirements.txt
	@echo "== installing selfeval (editable)"
	@$(PY) -m pip install -q --no-build-isolation --no-deps -e .
	@echo "== $(VENV) ready"
	@touch $@

system:
	@bash scripts/system-deps.sh

book: setup
	@$(PY) -m selfeval build --year $(YEAR) $(ARGS)

lab: setup
	@$(PY) -m selfeval lab $(ARGS)

preview: setup
	@$(PY) -m selfeval preview --year $(YEAR) $(ARGS)

strip: $(STAMP)
	@$(PY) -m selfeval strip $(ARGS)

test: setup lint            # lint first (seconds), then every test
	@$(PY) -m pytest $(ARGS)

# Tests compile the package once into .venv/pycache (this machine's environment may set
# PYTHONDONTWRITEBYTECODE, which recompiles every module in every process and notebook kernel).
test test-fast: export PYTHONDONTWRITEBYTECODE :=
test test-fast: export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache

test-fast: setup             # the non-book tests on both cores, without nbval: about 20 s
	@$(PY) -m pytest -o addopts="" -q -p no:cacheprovider -p no:nbval -n 2 -m "not book and not browser" tests $(ARGS)

lint: setup                  # ruff (lint + format check) and mypy over src/
	@$(VENV)/bin/ruff check src tests bench scripts
	@$(VENV)/bin/ruff format --check src tests bench scripts
	@$(VENV)/bin/mypy

bench: setup
	@$(PY) bench/run.py $(ARGS)

clean:
	rm -rf build public

# make book [YEAR=2021]  — set up, build the year's book (HTML + PDF), print where it is
# make test              — set up, run every test
# make lab               — set up, open JupyterLab on notebooks/ (offline, 127.0.0.1; prints the address)
# make strip             — remove outputs and execution counts from notebooks/ before committing
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
YEAR  ?= 2021
STAMP := $(VENV)/.installed

.PHONY: book test lab strip setup system bench clean

setup: $(STAMP) system

$(STAMP): requirements.txt pyproject.toml
	@echo "== setting up $(VENV)"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -r requirements.txt
	@$(PY) -m pip install -q --no-build-isolation --no-deps -e .
	@touch $@

system:
	@bash scripts/system-deps.sh

book: setup
	@$(PY) -m selfeval build --year $(YEAR) $(ARGS)

lab: setup
	@$(PY) -m selfeval lab $(ARGS)

strip: $(STAMP)
	@$(PY) -m selfeval strip $(ARGS)

test: setup
	@$(PY) -m pytest $(ARGS)

bench: setup
	@$(PY) bench/run.py $(ARGS)

clean:
	rm -rf build public

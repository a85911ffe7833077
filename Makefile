# Whitepaper Search. On a fresh machine: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
SCALE ?= 1

.PHONY: run library dev test index bench lint types lock messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exact versions with hashes, compiled from pyproject.toml's ranges (`make lock`). The
# project itself is not installed: it runs from this folder.
$(VENV)/.installed: requirements/run.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/run.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/test.txt
	touch $@ $(VENV)/.installed

## run: install, build the index if it is missing or stale, serve with gunicorn + uvicorn
run: $(VENV)/.installed
	$(BIN)/python manage.py build_index --if-stale
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Whitepaper Search: http://$(HOST):$(PORT)/"
	$(BIN)/gunicorn -c python:search.serving_config --bind $(HOST):$(PORT) --workers $(WORKERS)

## library: serve a library — the white paper plus the two example laws (tests/fixtures/laws)
## and the documents as people have them (tests/fixtures/examples: a regulation as Markdown,
## Word and two PDFs, RFC 6455 as published), ingested into var/library/ as
## `python manage.py ingest FILE` would for any document (a .docx or .pdf gets its format
## in its slug: the same regulation comes in three formats)
LIBRARY := var/library
library: $(VENV)/.installed
	rm -rf $(LIBRARY) && mkdir -p $(LIBRARY) && cp -R corpus $(LIBRARY)/corpus
	for doc in tests/fixtures/laws/*-law-*.md tests/fixtures/examples/*-*.md \
			tests/fixtures/examples/*.txt; do \
		$(BIN)/python manage.py ingest "$$doc" --corpus $(LIBRARY)/corpus || exit 1; done
	for doc in tests/fixtures/examples/*.docx tests/fixtures/examples/*.pdf; do \
		slug=$$(basename "$$doc" | tr . -); \
		$(BIN)/python manage.py ingest "$$doc" --corpus $(LIBRARY)/corpus --slug "$$slug" \
			|| exit 1; done
	SEARCH_CORPUS_DIR=$(LIBRARY)/corpus SEARCH_INDEX_DIR=$(LIBRARY)/index \
		$(BIN)/python manage.py build_index
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Whitepaper Search, a library of eight documents: http://$(HOST):$(PORT)/"
	SEARCH_CORPUS_DIR=$(LIBRARY)/corpus SEARCH_INDEX_DIR=$(LIBRARY)/index \
		$(BIN)/gunicorn -c python:search.serving_config --bind $(HOST):$(PORT) --workers $(WORKERS)

## dev: Django's autoreloading server with DEBUG on
dev: $(VENV)/.installed
	$(BIN)/python manage.py build_index --if-stale
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## index: rebuild the search index from corpus/
index: $(VENV)/.installed
	$(BIN)/python manage.py build_index

## test: lint, type-check, then every test with coverage (browser tests need chromium)
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

types: $(VENV)/.installed-test
	$(BIN)/mypy

## lock: recompile requirements/*.txt from pyproject.toml's ranges (newest that fit)
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements/run.txt pyproject.toml
	$(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --extra test -o requirements/test.txt \
		pyproject.toml

## bench: speed and relevance side by side with baselines (SCALE=100 for 100 reports);
## it renders pages, so it collects the static files they link first (a fresh clone works)
bench: $(VENV)/.installed-test
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python -m bench --scale $(SCALE)

## messages: refresh the Chinese catalogue from the code, then compile it (needs gettext)
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l zh_Hans -e html,py,txt,xml -i '.venv/*' \
		-i 'var/*' -i 'tests/*' -i 'bench/*' -i 'search/management/*'
	cd search && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache

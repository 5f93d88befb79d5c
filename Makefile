# The two commands a newcomer needs: `make demo` and `make test`.
# Everything installs into .venv from the lock file (uv.lock); nothing global is touched.
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed-$(shell cat uv.lock pyproject.toml | cksum | cut -d' ' -f1)
UV_VERSION := 0.13.9
PG_URL    ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install demo test test-sqlite test-postgres faults fuzz lint clean bench messages

install: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	@test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	@rm -f $(VENV)/.installed-* && touch $@

# make demo PORT=8100: another port (a port already taken stops it with a message).
demo: install
	UNDERSIGNED_ENV=demo $(BIN)/undersigned demo $(if $(PORT),--port $(PORT))

# The whole suite on SQLite, then again on PostgreSQL when a server answers
# (set UNDERSIGNED_REQUIRE_ALL=1 to turn "not available" into a failure, as CI does).
test: install test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest

test-postgres: install
	@if $(BIN)/python scripts/db-available "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q; \
	elif [ -n "$$UNDERSIGNED_REQUIRE_ALL" ]; then \
		echo "PostgreSQL at $(PG_URL) is not reachable and UNDERSIGNED_REQUIRE_ALL is set" >&2; exit 1; \
	else \
		echo "SKIPPED: the suite on PostgreSQL (no server answers at $(PG_URL); set PG_URL to point at one)"; \
	fi

# Property-based requests against every page, form and endpoint (fuzz/): no 5xx, no
# traceback, on SQLite and then on PostgreSQL when a server answers. FUZZ_EXAMPLES=N
# examples per URL and kind of request (default 4).
fuzz: install
	$(BIN)/pytest fuzz -q -p no:randomly
	@if $(BIN)/python scripts/db-available "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest fuzz -q -p no:randomly; \
	elif [ -n "$$UNDERSIGNED_REQUIRE_ALL" ]; then \
		echo "PostgreSQL at $(PG_URL) is not reachable and UNDERSIGNED_REQUIRE_ALL is set" >&2; exit 1; \
	else \
		echo "SKIPPED: fuzzing on PostgreSQL (no server answers at $(PG_URL))"; \
	fi

# The fault-injection test (tests/system/test_faults.py, docs/operations.md): a site on a
# private PostgreSQL cluster under a steady stream of signatures while a worker is killed,
# the mail server goes down, an app process is killed and PostgreSQL restarts; prints the
# fault table. A few minutes; needs PostgreSQL's programs (initdb, pg_ctl).
faults: install
	UNDERSIGNED_FAULTS=1 $(BIN)/pytest tests/system/test_faults.py -p no:randomly -s -q

# The benchmark harness (docs/benchmarks.md): starts its own server, workers and
# database in a temporary directory. BENCH_ARGS="--db postgres", "--quick", ...
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The translation catalogues (docs/i18n.md): gather the marked strings into
# locale/{de,ru,uk}/LC_MESSAGES/django.po, then (after translating) compile them.
messages: install
	cd src/undersigned && ../../$(BIN)/django-admin makemessages -l de -l ru -l uk \
		--settings=undersigned.test_settings \
		-i "*/tests/*" -i "*/migrations/*" -i "locale/*" --no-location --no-obsolete
	cd src/undersigned && ../../$(BIN)/django-admin compilemessages --settings=undersigned.test_settings

clean:
	rm -rf $(VENV) var/test-* .pytest_cache .mypy_cache .ruff_cache

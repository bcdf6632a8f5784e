# Two commands for a newcomer: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean bytecode

# Tests run on every core (pytest-xdist): each worker has its own template database, port
# and browser. `make test PYTEST_WORKERS=` runs them in one process.
PYTEST_WORKERS ?= -n auto --dist worksteal

# The dev extra brings the test tools and lti1p3platform, which the development LMS (devlms/)
# needs: `make run` and the tests mount it; a production install (`pip install .`) does not.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# The tests' real LRS (Ralph) pins its own FastAPI stack: it gets its own virtualenv.
RALPH_VENV := .venv-ralph
RALPH_STAMP := $(RALPH_VENV)/.installed

$(RALPH_STAMP):
	$(PYTHON) -m venv $(RALPH_VENV)
	@echo '*' > $(RALPH_VENV)/.gitignore
	$(RALPH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RALPH_VENV)/bin/python -m pip install --quiet 'ralph-malph[cli,lrs]==5.1.0' requests
	@touch $(RALPH_STAMP)

# The independent verifier of the Open Badges (Digital Bazaar's VC libraries, Node.js):
# installed exactly as package-lock.json pins it. tests/badge_support.py does the same when
# it is missing.
VC_VERIFIER := tests/vc_verifier
VC_STAMP := $(VC_VERIFIER)/node_modules/.package-lock.json

$(VC_STAMP): $(VC_VERIFIER)/package.json $(VC_VERIFIER)/package-lock.json
	@if command -v npm >/dev/null; then cd $(VC_VERIFIER) && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the badge verifier tests will be skipped"; fi

run: $(STAMP) bytecode
	$(BIN)/lti-tool db upgrade
	$(BIN)/lti-tool seed
	RUN_WORKER_IN_PROCESS=1 LOG_JSON=0 $(BIN)/lti-tool serve

# The project's own bytecode, written once: with PYTHONDONTWRITEBYTECODE set (as on CI
# machines) every process the tests start would compile lti_tool from source again.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 lti_tool scorm_export devlms tests benchmarks

test: $(STAMP) $(RALPH_STAMP) $(VC_STAMP) bytecode
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lti-tool content check content_packages/werkbegeleiding
	$(BIN)/python -m pytest -q -m "not moodle" $(PYTEST_WORKERS)
	@# Again on PostgreSQL: every test that touches the database (the rest would repeat the
	@# SQLite pass exactly; tests/conftest.py, --database-tests-only). The end-to-end test
	@# against a real Moodle 4.5 (../shared/moodle/install.sh) runs in that pass, on a core
	@# of its own: when PHP with pgsql is here or can be installed, and always with
	@# MOODLE_E2E_REQUIRED=1 (CI), where "cannot run" is a failure.
	@if why=$$($(BIN)/python -m tests.moodle_support) || [ -n "$$MOODLE_E2E_REQUIRED" ]; then moodle=1; \
	else moodle=; echo "SKIPPED the Moodle end-to-end test: $$why"; fi; \
	if [ -z "$$TEST_DATABASE_URL" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "== again on PostgreSQL$${moodle:+, and end to end against a real Moodle 4.5} =="; \
	  TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test $(BIN)/python -m pytest -q \
	    -m "not browser and not moodle$${moodle:+ or moodle}" --database-tests-only $(PYTEST_WORKERS); \
	else \
	  if [ -n "$$TEST_DATABASE_URL" ]; then echo "(PostgreSQL run included above)"; \
	  else echo "PostgreSQL not reachable on 127.0.0.1:5432: skipped the PostgreSQL run"; fi; \
	  if [ -n "$$moodle" ]; then echo "== end to end against a real Moodle 4.5 =="; \
	    $(BIN)/python -m pytest -q -m moodle; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Every benchmark, each beside its anchor (benchmarks/README.md). `make bench QUICK=1`: short runs.
bench: $(STAMP) $(RALPH_STAMP)
	$(BIN)/python benchmarks/launch.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/pages.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/outbox.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/startup.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/export.py $(if $(QUICK),--runs 1)
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/first_render.py $(if $(QUICK),--runs 1)

clean:
	rm -rf $(VENV) $(RALPH_VENV) .pytest_cache .ruff_cache .mypy_cache .cache

# Two commands for a newcomer: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

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

run: $(STAMP)
	$(BIN)/lti-tool db upgrade
	$(BIN)/lti-tool seed
	RUN_WORKER_IN_PROCESS=1 LOG_JSON=0 $(BIN)/lti-tool serve

test: $(STAMP) $(RALPH_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lti-tool content check content_packages/werkbegeleiding
	$(BIN)/python -m pytest -q
	@if [ -n "$$TEST_DATABASE_URL" ]; then echo "(PostgreSQL run included above)"; \
	elif pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "== again on PostgreSQL =="; \
	  TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test $(BIN)/python -m pytest -q -m "not browser"; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: skipped the PostgreSQL run"; fi

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) $(RALPH_STAMP)
	$(BIN)/python benchmarks/launch.py
	$(BIN)/python benchmarks/outbox.py
	$(BIN)/python benchmarks/export.py
	$(BIN)/python benchmarks/page_weight.py

clean:
	rm -rf $(VENV) $(RALPH_VENV) .pytest_cache .ruff_cache .cache

# The two set-up commands: `make demo` and `make test`. Each creates .venv on its own.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install system-packages bench-throughput clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/storyline demo

# the browser and PostgreSQL tests need Debian's chromium and postgresql: installed here when
# missing, or a failure that says how; a skipped real-browser test is not a passed one
system-packages:
	tools/system-packages.sh

test: $(BIN)/.installed system-packages
	STORYLINE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest

bench-throughput: $(BIN)/.installed
	$(BIN)/python benchmarks/throughput.py ../shared/data/t17

clean:
	rm -rf $(VENV) storyline-demo storyline-report.html

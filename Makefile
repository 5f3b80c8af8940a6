# Quick start: `make run` opens the app, `make test` runs the whole suite headless.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format demo bench dist dist-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/python main.py

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Style (ruff) and the import contracts of pyproject.toml (import-linter; also run by make test).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Times what a user waits for on a generated large region; BENCH_ARGS="--help" lists options.
bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/benchmarks/run.py $(BENCH_ARGS)

$(VENV)/.installed-dist: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,dist]"
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

# The application built with PyInstaller into dist/procompite/ (window: procompite, command line:
# procompite-cli), runnable without Python, and its archive dist/procompite-VERSION-linux.tar.gz.
dist: $(VENV)/.installed-dist
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/procompite.spec
	ln -sf procompite dist/procompite/procompite-cli
	find dist/procompite/_internal -name "*.so*" -type f -not -path "*.libs/*" \
		-exec strip --strip-unneeded {} +
	$(BIN)/python packaging/licences.py dist/procompite
	tar -C dist -czf dist/procompite-$$($(BIN)/python -c "import procompite; print(procompite.__version__)")-linux.tar.gz procompite
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --onedir --distpath build/bare \
		--workpath build/pyinstaller-bare --specpath build packaging/bare_window.py
	$(BIN)/python packaging/sizes.py dist/procompite build/bare/bare_window

# Runs the built program (not the sources) from a temporary copy outside the repository.
dist-test: $(VENV)/.installed-dist
	$(BIN)/python packaging/dist_test.py

demo: $(VENV)/.installed-run
	$(BIN)/python -m procompite demo --db demo.db --force

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .import_linter_cache

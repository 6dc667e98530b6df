# Xeber: `make run` serves the demo newsroom, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000
# One process with threads keeps its pages in memory; the versions that invalidate them
# are in var/cache, seen by every process of the machine (commands too). Several machines
# need REDIS_URL (deploy/).
WORKERS ?= 1
THREADS ?= 4
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/xeber
export XEBER_VAR_DIR ?= $(CURDIR)/var

# Local, plain-HTTP serving: cookies without the Secure flag, media served by the app,
# newsletters' mails written as files under var/mail (no mail server needed), two-factor
# sign-in not required of the demo's editors (production requires it);
# the secret key is generated once into var/secret_key (read by the settings).
# Production sets all of these through the environment (README).
RUN_ENV = HTTPS=false SERVE_MEDIA=true TWO_FACTOR_REQUIRED=false EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend

.PHONY: run dev prepare test test-deps debian-deps lint install bench clean vendor

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

install: $(BIN)/.installed var/secret_key

var/secret_key:
	mkdir -p -m 711 var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

prepare: install
	$(RUN_ENV) $(BIN)/xeber migrate --noinput -v0
	$(RUN_ENV) $(BIN)/xeber collectstatic --noinput -v0
	$(RUN_ENV) $(BIN)/xeber vapid_keys --if-missing
	$(RUN_ENV) $(BIN)/xeber demo

# The web server, the task worker (Telegram posts and other deliveries) and the scheduler
# (rates, deliveries left by a dead worker), together: Procfile.
run: prepare
	@echo "Xeber: http://127.0.0.1:$(PORT)/  back office: http://127.0.0.1:$(PORT)/admin/"
	$(RUN_ENV) PATH="$(CURDIR)/$(BIN):$$PATH" XEBER_PORT=$(PORT) WORKERS=$(WORKERS) \
		THREADS=$(THREADS) $(BIN)/honcho start -f Procfile

dev: prepare
	$(RUN_ENV) DEBUG=true $(BIN)/xeber runserver 127.0.0.1:$(PORT)

$(BIN)/.test-installed: $(BIN)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

test-deps: $(BIN)/.test-installed debian-deps node_modules/.installed

# Debian packages the tests use: chromium (browser tests), pg_dump (backup round trip),
# java (the Nu HTML checker), npm (to install the next target).
debian-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the tests:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# npm packages the tests use (package.json, pinned by package-lock.json): the Nu HTML
# checker (vnu-jar) and axe-core. Without install scripts: vnu-jar's would download a Java
# of its own, and Debian's is installed above.
node_modules/.installed: package.json package-lock.json | debian-deps
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The galleries' lightbox, PhotoSwipe (MIT), pinned in package.json, is committed under
# xeber/static/xeber/vendor/photoswipe/ so that `make run` needs no Node or npm and readers
# never fetch it from a CDN. After changing its version: `make vendor`, then commit the
# copy (tests/test_gallery_assets.py checks it is the pinned package's).
PHOTOSWIPE_FILES := dist/photoswipe.css dist/photoswipe.esm.min.js \
	dist/photoswipe-lightbox.esm.min.js LICENSE
vendor: node_modules/.installed
	cp $(addprefix node_modules/photoswipe/,$(PHOTOSWIPE_FILES)) xeber/static/xeber/vendor/photoswipe/

lint: test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite runs on SQLite, then on PostgreSQL when it is reachable. Under CI
# (CI=true) an unreachable PostgreSQL is a failure, not a skip.
test: lint
	$(BIN)/pytest
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== the same suite on PostgreSQL ($(PG_TEST_URL))"; \
		DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL): CI requires it"; exit 1; \
	else \
		echo "NOTE: PostgreSQL is not reachable at $(PG_TEST_URL); ran the suite on SQLite only."; \
	fi

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) var test-artifacts node_modules

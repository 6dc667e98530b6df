#!/usr/bin/env bash
# HTTP throughput of Xeber under wrk, side by side with a static ceiling and the Wagtail
# anchor, in one run, RUNS times (medians reported):
#   (1) nginx serving a saved copy of our article page (the physical limit here)
#   (2) Wagtail's article, built and run by ../shared/anchors/wagtail (setup.sh, run.sh)
#   (3) the article through nginx's microcache in front of the app (deploy/nginx-xeber.conf)
#   (4) the article from the app alone, a page-cache hit (Redis)
#   (5) the article from the app alone, page cache off
#   (6) the front page, cached and uncached; (7) a search
# then p99 latency of (4) and (5) at half their throughput (hey, at a fixed rate) and the
# SQL queries per request of each app target; bench/http_summary.py prints the table.
# The app runs under the same gunicorn command as the Wagtail anchor (2 sync workers),
# against PostgreSQL holding ARTICLES generated articles and Redis on loopback.
# Usage (as root, from the checkout): [ARTICLES=100000] [RUNS=3] [DURATION=15s] bash bench/http.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WAGTAIL_KIT="${WAGTAIL_KIT:-$ROOT/../shared/anchors/wagtail}"
BASE=/tmp/xeber-http
ARTICLES="${ARTICLES:-100000}"
RUNS="${RUNS:-3}"
DURATION="${DURATION:-15s}"
export PATH="$PATH:/usr/sbin:/sbin"
PY="$ROOT/.venv/bin/python"
for tool in wrk nginx hey; do
    command -v "$tool" >/dev/null || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx hey >/dev/null
        break; }
done
[ -f /tmp/wagtail-anchor/site/db.sqlite3 ] || N=10000 bash "$WAGTAIL_KIT/setup.sh" >/dev/null

rm -rf "$BASE" && mkdir -p "$BASE/static" "$BASE/nginx/tmp" "$BASE/var/static"
psql -qh 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS xeber_http" -c "CREATE DATABASE xeber_http"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/xeber_http REDIS_URL=redis://127.0.0.1:6379/14
export SECRET_KEY=bench-http-only HTTPS=false ALLOWED_HOSTS=127.0.0.1 XEBER_VAR_DIR="$BASE/var"
export LOG_LEVEL=WARNING
redis-cli -n 14 flushdb >/dev/null
"$ROOT/.venv/bin/xeber" migrate -v0
"$ROOT/.venv/bin/xeber" collectstatic --noinput -v0
"$ROOT/.venv/bin/xeber" generate --articles "$ARTICLES"
"$PY" - <<'PYTHON'
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "xeber.settings"
django.setup()
from django.utils import timezone
from xeber.news.demo import demo_rates
from xeber.news.models import Article
from xeber.search.indexing import index_articles
demo_rates(timezone.localdate())
index_articles(list(Article.objects.order_by("-published_at")[:5000]))  # enough to search
PYTHON
ARTICLE="$("$PY" -c "
import os, django; os.environ['DJANGO_SETTINGS_MODULE']='xeber.settings'; django.setup()
from xeber.news.models import Article
print(Article.objects.order_by('pk')[Article.objects.count() // 2].get_absolute_url())")"
SEARCH="/ru/search/?q=%D0%BC%D1%83%D0%B7%D0%B5%D0%B9"

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done;
            [ -s "$BASE/nginx/nginx.pid" ] && kill -QUIT "$(cat "$BASE/nginx/nginx.pid")" || true; }
trap cleanup EXIT
start_app() {  # port, page cache seconds
    (cd "$ROOT" && PAGE_CACHE_SECONDS="$2" "$ROOT/.venv/bin/gunicorn" xeber.wsgi:application \
        --workers 2 --worker-class sync --bind "127.0.0.1:$1" --no-control-socket \
        --error-logfile "$BASE/gunicorn-$1.log") &
    PIDS+=($!)
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$1/healthz" && return; sleep 0.2; done
}
start_app 8201 60   # page cache on
start_app 8202 0    # page cache off
curl -sf -o "$BASE/static/article.html" "http://127.0.0.1:8201$ARTICLE"
cat > "$BASE/nginx/nginx.conf" <<NGINX
user www-data;
worker_processes auto;
pid $BASE/nginx/nginx.pid;
error_log $BASE/nginx/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off; sendfile on; keepalive_requests 100000;
    client_body_temp_path $BASE/nginx/tmp/client; proxy_temp_path $BASE/nginx/tmp/proxy;
    fastcgi_temp_path $BASE/nginx/tmp/fastcgi; uwsgi_temp_path $BASE/nginx/tmp/uwsgi;
    scgi_temp_path $BASE/nginx/tmp/scgi;
    proxy_cache_path $BASE/nginx/cache keys_zone=xeber:10m;
    upstream app { server 127.0.0.1:8201; keepalive 32; }
    server { listen 127.0.0.1:8203; root $BASE/static; location / { try_files \$uri =404; } }
    server {
        listen 127.0.0.1:8204;
        location / {
            proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";
            proxy_set_header Host 127.0.0.1;
            proxy_cache xeber; proxy_cache_valid 200 1s; proxy_cache_lock on;
            proxy_cache_use_stale updating; proxy_cache_background_update on;
        }
    }
}
NGINX
nginx -c "$BASE/nginx/nginx.conf"
sleep 0.5

declare -A URLS=(
    [1]="http://127.0.0.1:8203/article.html"
    [3]="http://127.0.0.1:8204$ARTICLE"
    [4]="http://127.0.0.1:8201$ARTICLE"
    [5]="http://127.0.0.1:8202$ARTICLE"
    [6a]="http://127.0.0.1:8201/ru/"
    [6b]="http://127.0.0.1:8202/ru/"
    [7]="http://127.0.0.1:8202$SEARCH"
)
echo "wrk -t2 -c32 -d$DURATION --latency, $ARTICLES articles in PostgreSQL, $RUNS runs, $(date -u +%FT%TZ)"
for run in $(seq "$RUNS"); do
    mkdir -p "$BASE/run$run"
    echo "== run $run: Wagtail anchor ($WAGTAIL_KIT/run.sh)"
    DURATION="$DURATION" bash "$WAGTAIL_KIT/run.sh" > "$BASE/run$run/wagtail.log" 2>&1
    cp /tmp/wagtail-anchor/results/summary.json "$BASE/run$run/wagtail.json"
    for key in 1 3 4 5 6a 6b 7; do
        wrk -t2 -c32 -d3s "${URLS[$key]}" >/dev/null
        wrk -t2 -c32 "-d$DURATION" --latency "${URLS[$key]}" > "$BASE/run$run/$key.txt"
        echo "   ($key) $(awk '/Requests\/sec/ {print $2}' "$BASE/run$run/$key.txt") req/s"
        sleep 2
    done
done

# p99 at half the measured maximum: hey sends at a fixed rate (8 workers, each rate/8).
for key in 4 5; do
    rate="$("$PY" "$ROOT/bench/http_summary.py" "$BASE" --median-rps "$key")"
    per_worker=$(( (rate / 2 + 7) / 8 ))
    echo "== ($key) at half throughput: $((per_worker * 8)) req/s for $DURATION"
    hey -z "$DURATION" -c 8 -q "$per_worker" "${URLS[$key]}" > "$BASE/half-$key.txt"
done

# SQL queries per request of each app target, counted in-process on the same database.
"$PY" - "$ARTICLE" "$SEARCH" > "$BASE/queries.json" <<'PYTHON'
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "xeber.settings"
os.environ["ALLOWED_HOSTS"] = "testserver"
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
article, search = sys.argv[1:]
def queries(path, cache_seconds):
    with override_settings(PAGE_CACHE_SECONDS=cache_seconds):
        client = Client()
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)
print(json.dumps({"4": queries(article, 60), "5": queries(article, 0), "6a": queries("/ru/", 60),
                  "6b": queries("/ru/", 0), "7": queries(search, 0)}))
PYTHON
"$PY" "$ROOT/bench/http_summary.py" "$BASE" | tee "$BASE/summary.md"

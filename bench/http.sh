#!/usr/bin/env bash
# HTTP throughput of Xeber under wrk, side by side with a static ceiling, in one run.
#   (1) nginx serving a saved copy of our article page (the physical limit here)
#   (3) the article through nginx's microcache in front of the app (deploy/nginx-xeber.conf)
#   (4) the article from the app alone, a page-cache hit (Redis)
#   (5) the article from the app alone, page cache off
#   (6) the front page, cached and uncached; (7) a search
# The app runs under the same gunicorn command as the Wagtail anchor (2 sync workers),
# against PostgreSQL holding ARTICLES generated articles and Redis on loopback.
# Usage (as root, from the checkout): [ARTICLES=100000] [DURATION=15s] bash bench/http.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE=/tmp/xeber-http
ARTICLES="${ARTICLES:-100000}"
DURATION="${DURATION:-15s}"
export PATH="$PATH:/usr/sbin:/sbin"
PY="$ROOT/.venv/bin/python"
command -v wrk >/dev/null && command -v nginx >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null; }

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

measure() {  # label, url
    wrk -t2 -c32 -d3s "$2" >/dev/null
    local out; out="$(wrk -t2 -c32 "-d$DURATION" --latency "$2")"
    local rps p50 p99 errors
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    errors="$(grep -c 'Non-2xx\|Socket errors' <<<"$out" || true)"
    printf '%-44s %10s req/s  p50 %8s  p99 %8s  problems %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
    sleep 2
}
echo "wrk -t2 -c32 -d$DURATION --latency, $ARTICLES articles in PostgreSQL, $(date -u +%FT%TZ)"
measure "(1) nginx static copy of the article" "http://127.0.0.1:8203/article.html"
measure "(3) article via nginx microcache -> app" "http://127.0.0.1:8204$ARTICLE"
measure "(4) article, app alone, page-cache hit" "http://127.0.0.1:8201$ARTICLE"
measure "(5) article, app alone, page cache off" "http://127.0.0.1:8202$ARTICLE"
measure "(6a) front page, app, page-cache hit" "http://127.0.0.1:8201/ru/"
measure "(6b) front page, app, page cache off" "http://127.0.0.1:8202/ru/"
measure "(7) search, app" "http://127.0.0.1:8202/ru/search/?q=%D0%BC%D1%83%D0%B7%D0%B5%D0%B9"

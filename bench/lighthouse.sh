#!/usr/bin/env bash
# Lighthouse (mobile, its default emulation and throttling) on the rich story of
# bench/rich.py (three embeds and a gallery), and on the front page for information:
# prints the four category scores of each page and every audit that did not pass.
# The app runs as in production: gunicorn behind deploy/nginx-xeber.conf's server (gzip,
# long-lived static files, media from disk), served on plain HTTP at 127.0.0.1 since no
# certificate exists here (Lighthouse counts 127.0.0.1 as a secure origin). The database
# is a fresh SQLite one holding ARTICLES generated articles and the two stories.
# Usage (as root, from the checkout, after `make test-deps`):
#   [ARTICLES=300] [PAGES="rich front"] bash bench/lighthouse.sh
# Reports stay in /tmp/xeber-lighthouse/<page>.report.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE=/tmp/xeber-lighthouse
ARTICLES="${ARTICLES:-300}"
PAGES="${PAGES:-rich front}"
APP_PORT=8211
WEB_PORT=8210
PY="$ROOT/.venv/bin/python"
export PATH="$PATH:/usr/sbin:/sbin"
command -v nginx >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
# Lighthouse, pinned here rather than in package.json: the test suite does not need it.
LIGHTHOUSE_VERSION=12.8.2  # 13.x needs Node 22.19; Debian's is 20
TOOLS=/tmp/xeber-lighthouse-tools  # kept between runs
LIGHTHOUSE="$TOOLS/node_modules/.bin/lighthouse"
[ -x "$LIGHTHOUSE" ] || npm install --prefix "$TOOLS" --no-save --ignore-scripts --no-audit \
    --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"

rm -rf "$BASE" && mkdir -p "$BASE/var" "$BASE/nginx/tmp"
export SECRET_KEY=bench-lighthouse-only HTTPS=false ALLOWED_HOSTS=127.0.0.1 XEBER_VAR_DIR="$BASE/var"
export LOG_LEVEL=WARNING
unset DATABASE_URL REDIS_URL
URLS="$("$PY" "$ROOT/bench/rich.py" --articles "$ARTICLES" --build-into "$BASE/var" | tail -1)"
"$ROOT/.venv/bin/xeber" collectstatic --noinput -v0

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done;
            [ -s "$BASE/nginx/nginx.pid" ] && kill -QUIT "$(cat "$BASE/nginx/nginx.pid")" || true; }
trap cleanup EXIT
(cd "$ROOT" && "$ROOT/.venv/bin/gunicorn" xeber.wsgi:application --workers 2 \
    --bind "127.0.0.1:$APP_PORT" --no-control-socket --error-logfile "$BASE/gunicorn.log") &
PIDS+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/healthz" && break; sleep 0.2; done

# deploy/nginx-xeber.conf's site, on loopback: no TLS (no certificate here), no redirect to
# it, our folders and ports; everything else as deployed.
SITE="$(perl -0pe '
    s/server \{\n\s*listen 80;.*?\n\}\n//s;
    s/listen 443 ssl http2;/listen 127.0.0.1:'"$WEB_PORT"';/;
    s/^\s*ssl_certificate.*\n//mg;
    s/server_name news\.example\.az;/server_name 127.0.0.1;/g;
    s#/srv/xeber/var#'"$BASE"'/var#g;
    s#/var/cache/nginx/xeber#'"$BASE"'/nginx/cache#;
    s/127\.0\.0\.1:8000/127.0.0.1:'"$APP_PORT"'/;
' "$ROOT/deploy/nginx-xeber.conf")"
cat > "$BASE/nginx/nginx.conf" <<NGINX
user www-data;
worker_processes 1;
pid $BASE/nginx/nginx.pid;
error_log $BASE/nginx/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log off; sendfile on;
    client_body_temp_path $BASE/nginx/tmp/client; proxy_temp_path $BASE/nginx/tmp/proxy;
    fastcgi_temp_path $BASE/nginx/tmp/fastcgi; uwsgi_temp_path $BASE/nginx/tmp/uwsgi;
    scgi_temp_path $BASE/nginx/tmp/scgi;
$SITE
}
NGINX
nginx -t -q -c "$BASE/nginx/nginx.conf"
nginx -c "$BASE/nginx/nginx.conf"
sleep 0.5

declare -A TARGETS=(
    [rich]="$("$PY" -c 'import json, sys; print(json.loads(sys.argv[1])["rich"])' "$URLS")"
    [plain]="$("$PY" -c 'import json, sys; print(json.loads(sys.argv[1])["plain"])' "$URLS")"
    [front]="/ru/"
)
echo "Lighthouse $("$LIGHTHOUSE" --version), mobile, $(date -u +%FT%TZ)"
for page in $PAGES; do
    url="http://127.0.0.1:$WEB_PORT${TARGETS[$page]}"
    curl -sf -o /dev/null "$url"  # the app's page cache and nginx's microcache as readers find them
    CHROME_PATH=/usr/bin/chromium "$LIGHTHOUSE" "$url" \
        --form-factor=mobile --output=json --output-path="$BASE/$page.report.json" --quiet \
        --chrome-flags="--headless=new --no-sandbox --disable-background-networking"
    "$PY" - "$page" "$url" "$BASE/$page.report.json" <<'PYTHON'
import json, sys
page, url, path = sys.argv[1:]
report = json.load(open(path))
scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
print(f"\n{page}: {url}")
print("  " + "  ".join(f"{key} {score}" for key, score in scores.items()))
for key, category in report["categories"].items():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"} and audit["score"] is not None and audit["score"] < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            print(f"  {key}: {audit['id']} {audit['score']}{value}: {audit['title']}")
metrics = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")
print("  " + ", ".join(f"{m} {report['audits'][m]['displayValue']}" for m in metrics))
PYTHON
done

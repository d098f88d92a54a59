#!/usr/bin/env bash
# Page timings at scale: the demo program at PARTNERS partners and CLICKS
# clicks, then every vendor and partner page timed with wrk (4 concurrent
# connections for DURATION seconds after a warm-up), the server pinned to
# one core and wrk to the other. Prints p50/p99 per page.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)

PARTNERS=${PARTNERS:-100000}
CLICKS=${CLICKS:-10000000}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-4}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
DB_NAME=${DB_NAME:-pd_pages}
DB_URL=${DB_URL:-postgres://postgres@127.0.0.1:5432/$DB_NAME}
PORT=${PORT:-18083}
# A regular expression: only the pages whose path matches it are timed.
ONLY=${ONLY:-}
# shellcheck source=../common.sh
source ../common.sh

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

say "building"
(cd "$ROOT" && cargo build --release -q)
BIN="$ROOT/target/release/partnerdesk"

if [ "${KEEP_DB:-}" != "1" ]; then
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
  say "seeding $PARTNERS partners and $CLICKS clicks"
  SEED_START=$(date +%s)
  DATABASE_URL=$DB_URL DATA_DIR=$WORK "$BIN" demo --partners "$PARTNERS" --clicks "$CLICKS" >"$WORK/demo.txt"
  say "seeded in $(( $(date +%s) - SEED_START )) s"
  psql -q -h 127.0.0.1 -U postgres -d "$DB_NAME" -c "VACUUM ANALYZE" >/dev/null
fi

DATABASE_URL=$DB_URL BIND=127.0.0.1:$PORT DATA_DIR=$WORK RUST_LOG=warn taskset -c "$SERVER_CPU" "$BIN" >"$WORK/server.log" 2>&1 &
PIDS+=($!)
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 200); do curl -s -o /dev/null "$BASE/healthz" && break; sleep 0.1; done

# A signed-in session's cookie, through the real log-in form.
cookie_for() { # email
  local jar="$WORK/jar-$1"
  local token
  token=$(curl -s -c "$jar" "$BASE/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$token" --data-urlencode "email=$1" --data-urlencode "password=demo-password" "$BASE/login"
  awk '$6 ~ /partnerdesk_session/ { print $6 "=" $7 }' "$jar"
}
VENDOR_COOKIE=$(cookie_for owner@northwind.example)
PARTNER_COOKIE=$(cookie_for partner1@partners.northwind.example)

sql() { psql -tA -h 127.0.0.1 -U postgres -d "$DB_NAME" -c "$1"; }
SLUG=$(sql "SELECT slug FROM vendors WHERE name = 'Northwind Traders'")
ME="(SELECT p.id FROM partnerships p JOIN users u ON u.id = p.user_id WHERE u.email = 'partner1@partners.northwind.example')"
GROUP=$(sql "SELECT group_id FROM partnerships WHERE id = $ME")
PARTNER=$(sql "SELECT $ME")
CUSTOMER=$(sql "SELECT max(id) FROM customers WHERE partnership_id = $ME")
LEAD=$(sql "SELECT min(id) FROM pipeline_entries WHERE pipeline = 'leads'")

VENDOR_PAGES=(
  "/vendor/$SLUG/overview?period=30" "/vendor/$SLUG/overview?period=90" "/vendor/$SLUG"
  "/vendor/$SLUG/groups/$GROUP" "/vendor/$SLUG/groups/$GROUP/offers" "/vendor/$SLUG/groups/$GROUP/settings"
  "/vendor/$SLUG/partners" "/vendor/$SLUG/partners?q=partner12" "/vendor/$SLUG/partners?q=pa" "/vendor/$SLUG/partners?sort=name&page=200"
  "/vendor/$SLUG/partners/$PARTNER" "/vendor/$SLUG/customers" "/vendor/$SLUG/customers?q=customer12" "/vendor/$SLUG/customers?q=cu" "/vendor/$SLUG/customers/$CUSTOMER"
  "/vendor/$SLUG/commissions" "/vendor/$SLUG/commissions?status=pending" "/vendor/$SLUG/payouts" "/vendor/$SLUG/payouts/demo?page=300"
  "/vendor/$SLUG/leads" "/vendor/$SLUG/leads/$LEAD" "/vendor/$SLUG/deals" "/vendor/$SLUG/invites"
  "/vendor/$SLUG/applications" "/vendor/$SLUG/settings" "/vendor/$SLUG/banners" "/vendor/$SLUG/email-templates"
)
PARTNER_PAGES=(
  "/partner" "/partner/$SLUG" "/partner/$SLUG?period=90" "/partner/$SLUG/links" "/partner/$SLUG/stats?period=30" "/partner/$SLUG/stats?period=all"
  "/partner/$SLUG/earnings" "/partner/$SLUG/payouts" "/partner/$SLUG/commission-structure" "/partner/$SLUG/secondary-links"
)

# wrk output → "req_per_s p50_ms p99_ms non_2xx"
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }'
}

time_page() { # cookie path
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Cookie: $1" "$BASE$2" >/dev/null
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $1" "$BASE$2" | parse_wrk
}

printf '%-58s %8s %8s %8s %6s\n' page req/s p50_ms p99_ms errors
for page in "${VENDOR_PAGES[@]}"; do
  [[ -n $ONLY && ! $page =~ $ONLY ]] && continue
  read -r rps p50 p99 bad < <(time_page "$VENDOR_COOKIE" "$page")
  printf '%-58s %8s %8s %8s %6s\n' "${page/$SLUG/{vendor\}}" "$rps" "$p50" "$p99" "$bad"
done
for page in "${PARTNER_PAGES[@]}"; do
  [[ -n $ONLY && ! $page =~ $ONLY ]] && continue
  read -r rps p50 p99 bad < <(time_page "$PARTNER_COOKIE" "$page")
  printf '%-58s %8s %8s %8s %6s\n' "${page/$SLUG/{vendor\}}" "$rps" "$p50" "$p99" "$bad"
done

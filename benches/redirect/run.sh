#!/usr/bin/env bash
# The redirect benchmark: Partnerdesk's /go against nginx answering the same
# 302, each pinned in turn to the same core, wrk on the other core, in one
# run. Prints req/s and the ratio to nginx, p50/p99, server CPU per
# redirect, and the accounting check (302s answered == clicks persisted).
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-"64 256"}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
DB_SERVER=${DB_SERVER:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${DB_NAME:-pd_bench}
NGINX_PORT=${NGINX_PORT:-18081}
PD_PORT=${PD_PORT:-18082}
# shellcheck source=../common.sh
source ../common.sh

install_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v taskset >/dev/null || missing+=(util-linux)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

wait_for() { # url
  for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  say "nothing answered at $1"; exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk output → "requests req_per_s p50_ms p99_ms not_3xx socket_errors"
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { requests = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { sock = $0 }
    END { printf "%d %.0f %.2f %.2f %d %s\n", requests, rps, p50, p99, bad + 0, (sock == "" ? "none" : "yes") }'
}

# name port pid connections → "requests rps p50 p99 not_3xx socket cpu_us"
measure() {
  local port=$2 pid=$3 connections=$4 before after out
  before=$(cpu_ticks "$pid")
  out=$(PATHS_FILE="$WORK/paths.txt" taskset -c "$LOAD_CPU" wrk -t1 -c"$connections" -d"${DURATION}s" --latency \
    -s "$HERE/paths.lua" "http://127.0.0.1:$port")
  after=$(cpu_ticks "$pid")
  local parsed; parsed=$(printf '%s\n' "$out" | parse_wrk)
  local requests=${parsed%% *}
  local cpu_us; cpu_us=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  echo "$parsed $cpu_us"
}

install_tools
say "building Partnerdesk (release)"
(cd "$ROOT" && cargo build --release -q)
BIN="$ROOT/target/release/partnerdesk"

say "seeding $DB_NAME: 1,000 groups x 3 links, 10,000 partners, 2,500 ads"
psql -q "$DB_SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
DATABASE_URL="$DB_SERVER/$DB_NAME" "$BIN" migrate >/dev/null
psql -q -v ON_ERROR_STOP=1 "$DB_SERVER/$DB_NAME" -f seed.sql >/dev/null
psql -qAt -v ON_ERROR_STOP=1 "$DB_SERVER/$DB_NAME" -f paths.sql > "$WORK/paths.txt"
[ "$(sort -u "$WORK/paths.txt" | wc -l)" -eq 10000 ] || { say "expected 10,000 distinct paths"; exit 1; }

mkdir -p "$WORK/nginx"
sed -e "s|NGINX_DIR|$WORK/nginx|g" -e "s|NGINX_PORT|$NGINX_PORT|g" nginx.conf > "$WORK/nginx/nginx.conf"
taskset -c "$SERVER_CPU" nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!; PIDS+=("$NGINX_PID")
DATABASE_URL="$DB_SERVER/$DB_NAME" BIND="127.0.0.1:$PD_PORT" DATA_DIR="$WORK/pd" RUST_LOG=warn \
  taskset -c "$SERVER_CPU" "$BIN" &
PD_PID=$!; PIDS+=("$PD_PID")
wait_for "http://127.0.0.1:$NGINX_PORT/"
wait_for "http://127.0.0.1:$PD_PORT/healthz"
# nginx's master forks its worker: measure the worker's CPU.
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -n 1)

say "warming up (every path once into the caches)"
ANSWERED=0
# When a run ends wrk closes its connections with requests in flight: the
# server answered (and counted) those, wrk did not count the answers.
IN_FLIGHT=64
warm=$(measure partnerdesk "$PD_PORT" "$PD_PID" 64)
ANSWERED=$((ANSWERED + ${warm%% *}))

printf '\n%-7s %-5s %-5s %12s %12s %8s %9s %9s %9s\n' round conns server "req/s" "x nginx" "p50 ms" "p99 ms" "CPU us" "non-302"
for round in $(seq 1 "$ROUNDS"); do
  for connections in $CONNECTIONS; do
    read -r _ n_rps n_p50 n_p99 n_bad _ n_cpu <<<"$(measure nginx "$NGINX_PORT" "$NGINX_WORKER" "$connections")"
    read -r p_requests p_rps p_p50 p_p99 p_bad p_sock p_cpu <<<"$(measure partnerdesk "$PD_PORT" "$PD_PID" "$connections")"
    ANSWERED=$((ANSWERED + p_requests - p_bad))
    IN_FLIGHT=$((IN_FLIGHT + connections))
    ratio=$(awk -v p="$p_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", (n > 0 ? p / n : 0) }')
    printf '%-7s %-5s %-5s %12s %12s %8s %9s %9s %9s\n' "$round" "$connections" nginx "$n_rps" "" "$n_p50" "$n_p99" "$n_cpu" "$n_bad"
    printf '%-7s %-5s %-5s %12s %12s %8s %9s %9s %9s\n' "$round" "$connections" pd "$p_rps" "$ratio" "$p_p50" "$p_p99" "$p_cpu" "$p_bad"
    [ "$p_sock" = none ] || say "  (wrk reported socket errors against Partnerdesk)"
  done
done

# Redirect-to-commit p99 from the writer's histogram: the upper bound of
# the first bucket holding 99% of the commits.
METRICS=$(curl -s "http://127.0.0.1:$PD_PORT/metrics")
metric() { printf '%s\n' "$METRICS" | awk -v name="$1" '$1 == name { print $2 }'; }
COMMIT_P99=$(printf '%s\n' "$METRICS" | awk -v total="$(metric clicks_commit_lag_seconds_count)" '
  /^clicks_commit_lag_seconds_bucket/ && !done {
    match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
    if ($2 >= 0.99 * total) { printf "%.0f ms", le * 1000; done = 1 } }')
printf '\nredirect-to-commit p99 over all runs: <= %s\n' "$COMMIT_P99"

say "memory: 90,000 more partners, every one of the 100,000 visited"
psql -q -v ON_ERROR_STOP=1 "$DB_SERVER/$DB_NAME" -f seed_more.sql >/dev/null
psql -qAt -v ON_ERROR_STOP=1 "$DB_SERVER/$DB_NAME" -f paths.sql > "$WORK/paths.txt"
fill=$(DURATION=20 measure partnerdesk "$PD_PORT" "$PD_PID" 64)
ANSWERED=$((ANSWERED + ${fill%% *})); IN_FLIGHT=$((IN_FLIGHT + 64))
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PD_PID/status")
METRICS=$(curl -s "http://127.0.0.1:$PD_PORT/metrics")
say "stopping Partnerdesk (SIGTERM drains the click queue)"
kill -TERM "$PD_PID"; wait "$PD_PID" || true
PERSISTED=$(psql -qAt "$DB_SERVER/$DB_NAME" -c "SELECT count(*) FROM clicks")
ROLLED=$(psql -qAt "$DB_SERVER/$DB_NAME" -c "SELECT coalesce(sum(clicks), 0) FROM click_rollups")

printf 'Partnerdesk RSS with the cache full: %d MB; cache entries: %s\n' $((RSS_KB / 1024)) "$(metric tracking_cache_entries)"
ACCEPTED=$(metric clicks_accepted_total)
DROPPED=$(printf '%s\n' "$METRICS" | awk '/^clicks_dropped_total/ { s += $2 } END { print s + 0 }')
printf 'accounting: 302s counted by wrk %d (plus up to %d cut off in flight), clicks accepted %s, dropped %s, persisted after drain %d, in rollups %d\n' \
  "$ANSWERED" "$IN_FLIGHT" "$ACCEPTED" "$DROPPED" "$PERSISTED" "$ROLLED"
if [ "$DROPPED" -eq 0 ] && [ "$ACCEPTED" -eq "$PERSISTED" ] && [ "$PERSISTED" -eq "$ROLLED" ] \
  && [ "$ACCEPTED" -ge "$ANSWERED" ] && [ "$ACCEPTED" -le $((ANSWERED + IN_FLIGHT)) ]; then
  echo "accounting check: OK (every click answered was persisted and rolled up; none dropped)"
else
  echo "accounting check: MISMATCH"
  exit 1
fi

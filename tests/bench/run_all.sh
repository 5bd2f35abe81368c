#!/usr/bin/env bash
# Runs the benchmark scenarios of tests/bench/README.md and prints one JSON line per scenario
# (after the lines of the runs it compares). Loopback only; every run is bounded in count and
# time. The server under test (Träffpunkt, the Node `ws` peer, nginx) is pinned to core
# $SERVER_CORE and the client (traffpunkt-loadgen, wrk) to core $CLIENT_CORE.
#
#   tests/bench/run_all.sh                      # all scenarios (make bench)
#   BENCH_SCENARIOS="fanout idle" tests/bench/run_all.sh
#
# Run from the repository root after building traffpunkt and traffpunkt-loadgen in $BUILD_DIR.
set -euo pipefail

BUILD_DIR=${BUILD_DIR:-build}
SCENARIOS=${BENCH_SCENARIOS:-"fanout peers idle writes calendar"}
SERVER_CORE=${SERVER_CORE:-0}
CLIENT_CORE=${CLIENT_CORE:-1}
SERVER=$BUILD_DIR/server/traffpunkt
LOADGEN=$BUILD_DIR/clients/loadgen/traffpunkt-loadgen
WORK=$BUILD_DIR/bench
PEERS=tests/bench/peers

# Scenario sizes (README.md gives the reasons).
FANOUT_CONNECTIONS=${FANOUT_CONNECTIONS:-10000}
FANOUT_RATE=${FANOUT_RATE:-1000}
FANOUT_SECONDS=${FANOUT_SECONDS:-8}
IDLE_STEPS=${IDLE_STEPS:-10000,20000}
WRITES_VOTERS=${WRITES_VOTERS:-500}
WRITES_SECONDS=${WRITES_SECONDS:-5}
CALENDAR_MEETINGS=${CALENDAR_MEETINGS:-200}
WRK_SECONDS=${WRK_SECONDS:-5}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-50}

for f in "$SERVER" "$LOADGEN"; do
    [ -x "$f" ] || { echo "run_all.sh: $f is missing; build it first" >&2; exit 1; }
done
# Every scenario runs the same binaries, even if the build directory is rebuilt meanwhile.
mkdir -p "$BUILD_DIR/bench/bin"
cp "$SERVER" "$LOADGEN" "$BUILD_DIR/bench/bin/"
SERVER=$BUILD_DIR/bench/bin/traffpunkt
LOADGEN=$BUILD_DIR/bench/bin/traffpunkt-loadgen

# Every connection is a file descriptor in the server and in the load generator. The hard
# limit is what this shell may raise the soft one to; without privileges it cannot go higher.
ulimit -n "$(ulimit -Hn)"
FD_LIMIT=$(ulimit -n)

mkdir -p "$WORK"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

log() { echo "run_all.sh: $*" >&2; }

# wait_ready FILE PID: waits (at most 30 s) for FILE to hold "HOST:PORT\n"; prints the port.
wait_ready() {
    local file=$1 pid=$2
    for _ in $(seq 300); do
        if [ -s "$file" ] && [ "$(tail -c1 "$file" | od -An -c | tr -d ' ')" = '\n' ]; then
            sed -E 's/.*:([0-9]+)$/\1/' "$file"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { log "server $pid exited before it was ready"; return 1; }
        sleep 0.1
    done
    log "server $pid not ready within 30 s"
    return 1
}

# start_traffpunkt NAME [VAR=VALUE...]: a fresh server with its own data directory; sets
# SERVER_PID, PORT, DATA and TOKEN (a coordinator token).
# TRAFFPUNKT_THREADS=1: the server has one core; a second thread would only contend for it.
# TRAFFPUNKT_LOG_LEVEL=warn: no line per connection in the measurement.
# TRAFFPUNKT_AUDIENCE_JOIN_*: the load generator joins up to 20,000 devices from 127.0.0.1-8,
# far more per address than the default audience.join limit lets one address join.
# TRAFFPUNKT_CONNECTIONS_MAX_PER_ADDRESS=1000000: the load generator is one machine on purpose
# (8 source addresses for 10,000 or 20,000 devices); the default (a sixteenth of the connection
# limit) exists to stop exactly that. The server still caps it at its connection limit.
start_traffpunkt() {
    local name=$1
    shift
    DATA=$WORK/$name
    rm -rf "$DATA"
    mkdir -p "$DATA"
    env TRAFFPUNKT_THREADS=1 TRAFFPUNKT_LOG_LEVEL=warn TRAFFPUNKT_CONNECTIONS_MAX_PER_ADDRESS=1000000 \
        TRAFFPUNKT_AUDIENCE_JOIN_BURST=1000000 TRAFFPUNKT_AUDIENCE_JOIN_PER_MINUTE=60000000 "$@" \
        taskset -c "$SERVER_CORE" "$SERVER" --listen 127.0.0.1:0 --data-dir "$DATA" \
        --ready-file "$DATA/ready" --log-format text >"$DATA/server.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    PORT=$(wait_ready "$DATA/ready" "$SERVER_PID")
    TOKEN=$("$SERVER" --data-dir "$DATA" token create --role coordinator --name bench)
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

# The load generator on its own core; its report re-printed by Python (plain decimals instead
# of Boost.JSON's 1.5E1 notation, the same JSON otherwise).
loadgen() {
    local out status=0
    out=$(TRAFFPUNKT_TOKEN=${TOKEN:-} taskset -c "$CLIENT_CORE" "$LOADGEN" "$@") || status=$?
    # Status 3: the run hit its --timeout; the report (with "timed_out": true) still counts.
    if [ -z "$out" ]; then
        log "traffpunkt-loadgen failed with status $status"
        return 1
    fi
    python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])))' "$out"
}

# JSON helpers: python3 is a dependency of the project already.
json_field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }

fanout_args=(--scenario fanout --connections "$FANOUT_CONNECTIONS" --voters "$FANOUT_CONNECTIONS"
    --rate "$FANOUT_RATE" --duration "$FANOUT_SECONDS" --drain 1 --timeout 150)

# --- 1. live-poll fan-out ------------------------------------------------------------------
FANOUT_JSON=""
run_fanout() {
    log "fanout: $FANOUT_CONNECTIONS devices, $FANOUT_RATE votes/s for $FANOUT_SECONDS s"
    start_traffpunkt fanout
    FANOUT_JSON=$(loadgen "${fanout_args[@]}" --server "127.0.0.1:$PORT" --server-pid "$SERVER_PID")
    stop_server
    echo "$FANOUT_JSON"
}

# --- 2. peer comparison: the same load against the Node.js `ws` reference ------------------
run_peers() {
    [ -n "$FANOUT_JSON" ] || run_fanout >/dev/null
    [ -d "$PEERS/node_modules/ws" ] || { log "run 'npm ci --prefix $PEERS' first"; return 1; }
    log "peers: the same fan-out against the Node.js ws reference"
    local data=$WORK/node-ws
    rm -rf "$data"
    mkdir -p "$data"
    taskset -c "$SERVER_CORE" node "$PEERS/ws_server.js" --listen 127.0.0.1:0 --code bench \
        --ready-file "$data/ready" >"$data/server.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    PORT=$(wait_ready "$data/ready" "$SERVER_PID")
    local node_json
    node_json=$(TOKEN="" loadgen "${fanout_args[@]}" --server "127.0.0.1:$PORT" \
        --server-pid "$SERVER_PID" --meeting-id 1 --poll-id 1 --join-code bench --label node-ws)
    stop_server
    echo "$node_json"
    python3 - "$FANOUT_JSON" "$node_json" <<'PY'
import json, sys
t, n = json.loads(sys.argv[1]), json.loads(sys.argv[2])
def pick(r):
    return {k: r.get(k) for k in ("messages_received", "server_cpu_s", "messages_per_server_cpu_s",
                                  "votes_acked", "server_rss_peak_kib")} | {
        "vote_ack_p99_ms": r["vote_ack_ms"]["p99"], "tally_delivery_p99_ms": r["tally_delivery_ms"]["p99"]}
tm, nm = t.get("messages_per_server_cpu_s") or 0, n.get("messages_per_server_cpu_s") or 0
print(json.dumps({"scenario": "peer-comparison", "traffpunkt": pick(t), "node_ws": pick(n),
                  "messages_per_cpu_s_ratio": round(tm / nm, 2) if nm else None,
                  "target_ratio": 2.5}))
PY
}

# --- 3. idle memory ------------------------------------------------------------------------
run_idle() {
    # Each connection costs one descriptor in the server and one here: stay below the limit.
    local steps=$IDLE_STEPS last max=$((FD_LIMIT - 500))
    last=${steps##*,}
    if [ "$last" -gt "$max" ]; then
        log "idle: ulimit -Hn is $FD_LIMIT, so the last step is $max connections, not $last"
        steps=${steps%,*},$max
    fi
    log "idle: steps $steps"
    start_traffpunkt idle
    loadgen --scenario idle --steps "$steps" --settle 3 --timeout 200 \
        --server "127.0.0.1:$PORT" --server-pid "$SERVER_PID"
    stop_server
}

# --- 4. durable writes: group commit against one commit per write ---------------------------
# Each voter has one vote in flight; the per-connection rate limit (20/s) is raised so that
# the database, not the limiter, decides the rate.
run_writes() {
    local gc one
    for mode in true false; do
        log "writes: $WRITES_VOTERS voters, synchronous=FULL, group_commit=$mode"
        start_traffpunkt "writes-$mode" TRAFFPUNKT_STORE_SYNCHRONOUS=FULL \
            TRAFFPUNKT_STORE_GROUP_COMMIT=$mode TRAFFPUNKT_WEBSOCKET_RATE_PER_S=100000 \
            TRAFFPUNKT_WEBSOCKET_RATE_BURST=100000
        local out
        out=$(loadgen --scenario writes --connections "$WRITES_VOTERS" --voters "$WRITES_VOTERS" \
            --duration "$WRITES_SECONDS" --drain 1 --timeout 60 --label "group_commit=$mode" \
            --server "127.0.0.1:$PORT" --server-pid "$SERVER_PID")
        stop_server
        echo "$out"
        if [ "$mode" = true ]; then gc=$out; else one=$out; fi
    done
    python3 - "$gc" "$one" <<'PY'
import json, sys
g, o = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({"scenario": "durable-writes", "synchronous": "FULL",
                  "voters": g["voters"], "group_commit_per_s": g["acked_per_s"],
                  "one_commit_per_write_per_s": o["acked_per_s"],
                  "ratio": round(g["acked_per_s"] / o["acked_per_s"], 1) if o["acked_per_s"] else None,
                  "group_commit_ack_p99_ms": g["vote_ack_ms"]["p99"],
                  "one_commit_ack_p99_ms": o["vote_ack_ms"]["p99"], "target_ratio": 20}))
PY
}

# --- 5. calendar feed against nginx serving the same bytes ---------------------------------
wrk_rps() {  # URL [HEADER]: requests per second of one wrk run (also checks for errors)
    local out
    out=$(taskset -c "$CLIENT_CORE" wrk -t1 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" ${2:+-H "$2"} "$1")
    if grep -q "Non-2xx or 3xx" <<<"$out"; then
        log "wrk saw errors for $1: $(grep 'Non-2xx' <<<"$out")"
        echo 0
        return
    fi
    awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

run_calendar() {
    command -v wrk >/dev/null && command -v nginx >/dev/null ||
        { log "calendar: wrk and nginx are needed (make bench installs them)"; return 1; }
    log "calendar: $CALENDAR_MEETINGS meetings, wrk -c$WRK_CONNECTIONS for ${WRK_SECONDS}s per run"
    # The setup makes 400 requests on one connection: the request limit (20/s) is raised for
    # it; it does not apply to HTTP, so the measurement is the same either way.
    start_traffpunkt calendar TRAFFPUNKT_WEBSOCKET_RATE_PER_S=100000 \
        TRAFFPUNKT_WEBSOCKET_RATE_BURST=100000
    local setup network path
    setup=$(loadgen --scenario calendar-setup --meetings "$CALENDAR_MEETINGS" --timeout 120 \
        --server "127.0.0.1:$PORT")
    network=$(json_field "$setup" 'd["network_id"]')
    path=/calendar/network/$network.ics
    local feed=$WORK/calendar/www$path
    mkdir -p "$(dirname "$feed")"
    local tp_url=http://127.0.0.1:$PORT$path
    curl -sf -o "$feed" "$tp_url"
    local tp_etag
    tp_etag=$(curl -sfI "$tp_url" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')

    # nginx: one worker (one core, like the others), no access log, the same headers' kind.
    local conf=$WORK/calendar/nginx.conf nginx_port
    nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat >"$conf" <<NGINX
daemon off;
master_process off;
worker_processes 1;
pid $PWD/$WORK/calendar/nginx.pid;
error_log $PWD/$WORK/calendar/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $PWD/$WORK/calendar/tmp;
    proxy_temp_path $PWD/$WORK/calendar/tmp;
    fastcgi_temp_path $PWD/$WORK/calendar/tmp;
    uwsgi_temp_path $PWD/$WORK/calendar/tmp;
    scgi_temp_path $PWD/$WORK/calendar/tmp;
    default_type "text/calendar; charset=utf-8";
    server {
        listen 127.0.0.1:$nginx_port;
        root $PWD/$WORK/calendar/www;
        add_header Cache-Control no-cache;
    }
}
NGINX
    mkdir -p "$WORK/calendar/tmp"
    taskset -c "$SERVER_CORE" nginx -c "$PWD/$conf" -e "$PWD/$WORK/calendar/nginx-error.log" &
    local nginx_pid=$!
    PIDS+=("$nginx_pid")
    local nginx_url=http://127.0.0.1:$nginx_port$path
    for _ in $(seq 50); do curl -sf -o /dev/null "$nginx_url" && break; sleep 0.1; done
    cmp -s "$feed" <(curl -sf "$nginx_url") || { log "nginx does not serve the same bytes"; return 1; }
    local nginx_etag
    nginx_etag=$(curl -sfI "$nginx_url" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $tp_etag" "$tp_url")" = 304 ] ||
        { log "Träffpunkt does not answer 304"; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $nginx_etag" "$nginx_url")" = 304 ] ||
        { log "nginx does not answer 304"; return 1; }

    local tp200 ng200 tp304 ng304
    tp200=$(wrk_rps "$tp_url")
    ng200=$(wrk_rps "$nginx_url")
    tp304=$(wrk_rps "$tp_url" "If-None-Match: $tp_etag")
    ng304=$(wrk_rps "$nginx_url" "If-None-Match: $nginx_etag")
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    stop_server
    python3 - "$tp200" "$ng200" "$tp304" "$ng304" "$(wc -c <"$feed")" "$CALENDAR_MEETINGS" <<'PY'
import json, sys
tp200, ng200, tp304, ng304 = map(float, sys.argv[1:5])
r = lambda a, b: round(a / b, 2) if b else None
print(json.dumps({"scenario": "calendar-feed", "meetings": int(sys.argv[6]),
                  "feed_bytes": int(sys.argv[5]),
                  "traffpunkt_200_rps": tp200, "nginx_200_rps": ng200, "ratio_200": r(tp200, ng200),
                  "traffpunkt_304_rps": tp304, "nginx_304_rps": ng304, "ratio_304": r(tp304, ng304),
                  "target_ratio": 0.5}))
PY
}

for scenario in $SCENARIOS; do
    case $scenario in
        fanout) run_fanout ;;
        peers) run_peers ;;
        idle) run_idle ;;
        writes) run_writes ;;
        calendar) run_calendar ;;
        *) log "unknown scenario $scenario"; exit 2 ;;
    esac
done

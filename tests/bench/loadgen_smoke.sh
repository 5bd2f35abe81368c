#!/usr/bin/env bash
# CTest smoke test of traffpunkt-loadgen (not a benchmark: nothing here checks timing). Starts a
# server on a free port, drives 20 devices for 2 s and checks that the report is JSON with
# nonzero counts, so the tool keeps working as the protocol grows.
#   loadgen_smoke.sh SERVER LOADGEN WORKDIR
set -euo pipefail
server=$1 loadgen=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
"$server" --listen 127.0.0.1:0 --data-dir "$work" --ready-file "$work/ready" \
    --log-format text >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    [ -s "$work/ready" ] && break
    sleep 0.1
done
port=$(sed -E 's/.*:([0-9]+)$/\1/' "$work/ready")
export TRAFFPUNKT_TOKEN
TRAFFPUNKT_TOKEN=$("$server" --data-dir "$work" token create --role coordinator --name smoke)
report=$("$loadgen" --scenario fanout --server "127.0.0.1:$port" --server-pid "$pid" \
    --connections 20 --voters 20 --rate 20 --duration 2 --drain 0.5 --sources 2 --timeout 8)
echo "$report"
python3 - "$report" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
checks = {
    "all 20 devices connected": r["connections"] == 20,
    "votes were acknowledged": r["votes_acked"] > 0,
    "no vote errors": not r["vote_errors"],
    "tallies arrived": r["tallies_received"] > 0,
    "ack latencies recorded": r["vote_ack_ms"]["count"] > 0,
    "tally latencies recorded": r["tally_delivery_ms"]["count"] > 0,
    "server CPU read from /proc": "server_cpu_s" in r,
    "finished in time": not r["timed_out"],
}
failed = [name for name, ok in checks.items() if not ok]
if failed:
    sys.exit("loadgen smoke test failed: " + ", ".join(failed))
PY

#!/usr/bin/python3
"""Checks config/grafana-dashboard.json: it parses, its panels are well formed, every query is
valid PromQL (promtool checks them as recording rules), and every metric it or the alert rules
name is one the server exposes (a string literal in server/'s sources), so a renamed metric
cannot leave an empty graph behind."""

import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

# Grafana's variables, replaced by values PromQL accepts so promtool can parse the queries.
GRAFANA_VARIABLES = {
    "$__rate_interval": "5m",
    "$__interval": "1m",
    "$__range": "1h",
    "$instance": ".*",
}
METRIC = re.compile(r"\b((?:traffpunkt|process)_[a-z0-9_]+)")
HISTOGRAM_SUFFIXES = ("_bucket", "_count", "_sum")


def panels_of(dashboard):
    for panel in dashboard["panels"]:
        yield panel
        yield from panel.get("panels", [])  # collapsed rows keep their panels inside


def check_structure(dashboard, problems):
    for key in ("title", "uid", "schemaVersion", "panels", "templating"):
        if key not in dashboard:
            problems.append(f"dashboard has no {key!r}")
    ids = [p.get("id") for p in panels_of(dashboard)]
    if len(ids) != len(set(ids)) or None in ids:
        problems.append(f"panel ids must be present and unique: {ids}")
    queries = []
    for panel in panels_of(dashboard):
        name = f"panel {panel.get('id')} ({panel.get('title')!r})"
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in ("x", "y", "w", "h")):
            problems.append(f"{name}: gridPos needs integer x, y, w, h")
        elif grid["x"] + grid["w"] > 24:
            problems.append(f"{name}: wider than Grafana's 24 columns")
        if panel.get("type") == "row":
            continue
        if not panel.get("title"):
            problems.append(f"{name}: no title")
        targets = panel.get("targets", [])
        if not targets:
            problems.append(f"{name}: no queries")
        ref_ids = [t.get("refId") for t in targets]
        if len(ref_ids) != len(set(ref_ids)):
            problems.append(f"{name}: refIds repeat: {ref_ids}")
        for target in targets:
            if not target.get("expr"):
                problems.append(f"{name}: query {target.get('refId')} has no expr")
            else:
                queries.append((panel["id"], target["refId"], target["expr"]))
    return queries


def promql_of(expr, problems, where):
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    if "$" in expr:
        problems.append(f"{where}: unknown Grafana variable in {expr!r}")
    return expr


def check_promql(queries, promtool, problems):
    rules = [
        {"record": f"dashboard:panel_{panel}_{ref}", "expr": promql_of(expr, problems,
                                                                       f"panel {panel} {ref}")}
        for panel, ref, expr in queries
    ]
    # JSON is YAML, so the rules file needs no YAML writer.
    with tempfile.NamedTemporaryFile("w", suffix=".yml") as f:
        json.dump({"groups": [{"name": "dashboard", "rules": rules}]}, f)
        f.flush()
        result = subprocess.run([promtool, "check", "rules", f.name], capture_output=True,
                                text=True, timeout=30)
    if result.returncode != 0:
        problems.append("promtool rejects a query:\n" + result.stdout + result.stderr)
    return len(rules)


def exposed_metrics(server_sources):
    names = set()
    for path in pathlib.Path(server_sources).rglob("*.cpp"):
        names.update(re.findall(r'"((?:traffpunkt|process)_[a-z0-9_]+)"', path.read_text()))
    return names


def check_names(texts, exposed, problems):
    for label, text in texts:
        for name in sorted(set(METRIC.findall(text))):
            base = name
            for suffix in HISTOGRAM_SUFFIXES:
                if name.endswith(suffix) and name[: -len(suffix)] in exposed:
                    base = name[: -len(suffix)]
            if base not in exposed:
                problems.append(f"{label} uses {name}, which the server does not expose")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dashboard")
    parser.add_argument("--alerts", required=True, help="config/prometheus-alerts.yml")
    parser.add_argument("--server-sources", required=True, help="the server/ folder")
    parser.add_argument("--promtool", default="promtool")
    args = parser.parse_args()

    problems = []
    text = pathlib.Path(args.dashboard).read_text()
    try:
        dashboard = json.loads(text)
    except json.JSONDecodeError as e:
        print(f"FAIL: {args.dashboard} is not JSON: {e}")
        return 1
    queries = check_structure(dashboard, problems)
    checked = check_promql(queries, args.promtool, problems)
    exposed = exposed_metrics(args.server_sources)
    alerts = pathlib.Path(args.alerts).read_text()
    check_names([("the dashboard", " ".join(q[2] for q in queries)),
                 ("the alert rules", alerts)], exposed, problems)

    for p in problems:
        print("FAIL:", p)
    if problems:
        return 1
    print(f"ok: {len(list(panels_of(dashboard)))} panels, {checked} queries valid PromQL, "
          f"every metric named is exposed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The query phases of bench/run.py: every competency question and every
REST lookup timed on the loaded store, each in a child process
(bench/timing.py) on a read-only handle, so that a query running for
minutes can be stopped; and the sample values a user would look up."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from figures import Figures, Row
from partygraph.graph import queries
from partygraph.graph.sparql_query import declared
from timing import pct

TIMING = Path(__file__).resolve().parent / "timing.py"


def samples(facts_path: Path) -> dict[str, list[str]]:
    """What a user would look up: the most frequent and a median-frequency
    person, area, merged unit and document of the extracted facts."""
    counts: dict[str, Counter] = {k: Counter() for k in ("person", "area", "unit", "document")}
    with facts_path.open(encoding="utf-8") as f:
        for line in f:
            facts = json.loads(line)
            for h in facts.get("holds_post") or []:
                counts["person"][h["person"]] += 1
                if h.get("area"):
                    counts["area"][h["area"]] += 1
            for m in facts.get("merged_from") or []:
                counts["unit"][m["unit"]] += 1
            for d in facts.get("directives") or []:
                counts["document"][d["id"]] += 1
    out = {}
    for k, c in counts.items():
        ranked = [name for name, _ in c.most_common()]
        out[k] = [ranked[0], ranked[len(ranked) // 2]] if ranked else []
    return out


def _bind_vars(name: str) -> list[str]:
    """Variables a competency question declares it can be bound ('# @param ?unit iri ...')."""
    return [p.name for p in declared(queries.query_text(name))]


def _child(job: dict, timeout: float) -> dict | None:
    """bench/timing.py on one job; None when it is stopped after `timeout` s."""
    import subprocess

    try:
        done = subprocess.run([sys.executable, str(TIMING)], input=json.dumps(job),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"timing failed for {str(job)[:200]}: {done.stderr[-800:]}", file=sys.stderr)
        return {"times": [], "rows": 0, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def competency_phase(store_dir: Path, repeat: int, fig: Figures,
                     timeout: float) -> list[tuple[str, str, dict]]:
    """Every competency question as written, and bound to a sample value when
    its title says it can be; returns the (label, sparql, bindings) run.
    Each is timed in a child process on a read-only handle of the store."""
    runs = []
    for name in queries.query_names():
        text = queries.query_text(name)
        runs.append((name, text, {}))
        for var in _bind_vars(name):
            sample = _child({"store": str(store_dir), "query": text, "sample_var": var}, timeout)
            value = (sample or {}).get("sample")
            if value:
                runs.append((f"{name} ?{var}=1", text, {var: value}))
    for label, text, bindings in runs:
        print(f"  {label}", file=sys.stderr)
        job = {"store": str(store_dir), "query": text, "repeat": repeat, "budget": timeout / 2,
               "bindings": bindings}
        answer = _child(job, timeout)
        if answer is None:
            fig.competency.append(Row(label, timeout * 1000, timeout * 1000, 0, note=f"stopped after {timeout:.0f} s"))
        elif not answer["times"]:
            fig.competency.append(Row(label, 0, 0, 0, note=f"failed: {answer.get('error')}"))
        else:
            t = answer["times"]
            fig.competency.append(Row(label, pct(t, .5), pct(t, .95), len(t), rows=answer["rows"]))
    return runs



def lookup_cases(picks: dict[str, list[str]]) -> list[tuple[str, str, dict]]:
    """(label, graph.lookups function = REST route, arguments) of each REST lookup timed."""
    cases: list[tuple[str, str, dict]] = []
    for fn, arg, kind in (("officials", "name", "person"), ("posts", "area", "area"),
                          ("units", "name", "unit"), ("documents", "id", "document")):
        for which, value in zip(("top", "median"), picks.get(kind) or []):
            cases.append((f"{fn}({arg}={which}: {value[:22]})", fn, {arg: value}))
        cases.append((f"{fn}() first page", fn, {"limit": 20}))
    return cases


def lookup_phase(store_dir: Path, picks: dict[str, list[str]], repeat: int, fig: Figures,
                 timeout: float) -> None:
    """Each REST lookup in-process (in a child process, on a read-only
    handle), and the raw pyoxigraph queries it sends, recorded and re-run."""
    for label, fn, kwargs in lookup_cases(picks):
        print(f"  {label}", file=sys.stderr)
        answer = _child({"store": str(store_dir), "lookup": fn, "kwargs": kwargs, "repeat": repeat,
                         "budget": timeout / 3}, timeout)
        if answer is None:
            fig.lookups.append(Row(label, timeout * 1000, timeout * 1000, 0, note=f"stopped after {timeout:.0f} s"))
        elif not answer["times"]:
            fig.lookups.append(Row(label, 0, 0, 0, note=f"failed: {answer.get('error')}"))
        else:
            t, r = answer["times"], answer["raw_times"]
            fig.lookups.append(Row(label, pct(t, .5), pct(t, .95), len(t), other=pct(r, .5),
                                   rows=answer["rows"], note=f"raw p95 {pct(r, .95):.1f}"))


"""Property-based tests of the HTTP API from its own OpenAPI schema
(schemathesis): for every operation the schema lists, generated requests --
valid ones and deliberately invalid ones -- never get a 5xx, and the store
is unchanged. Examples are bounded so the run stays short; run with `-s`
to see the tally per operation."""
from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode


EXAMPLES = 30   # per operation and generation mode


@pytest.fixture(scope="module")
def api_app(seed_store_path, store_copy):
    from partygraph.api.server import create_app

    return create_app(str(store_copy(seed_store_path)), query_timeout=5, query_workers=1)


def test_no_operation_answers_5xx(api_app, seed_store_path):
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {op.label for op in operations}
    assert {"GET /sparql", "POST /sparql", "GET /api/officials", "GET /api/posts",
            "GET /api/units", "GET /api/documents"} <= labels
    before = api_app.state.store.quad_count()
    tally: dict[str, Counter] = {}
    failures: list[str] = []

    for op in operations:
        statuses = tally.setdefault(op.label, Counter())
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=op.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                response = case.call()
                statuses[response.status_code] += 1
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} query={case.query} "
                                    f"-> {response.status_code} {response.text[:200]}")

            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE   # no parameter to make invalid

    print("\nschemathesis:", {label: dict(sorted(c.items())) for label, c in sorted(tally.items())},
          "requests:", sum(sum(c.values()) for c in tally.values()))
    assert not failures, "\n".join(failures[:10])
    assert all(sum(c.values()) > 0 for c in tally.values())
    # The endpoint declares its `query` input, so it gets generated queries too.
    assert sum(tally["GET /sparql"].values()) > EXAMPLES
    assert api_app.state.store.quad_count() == before

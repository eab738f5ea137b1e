"""schemathesis against the service's own OpenAPI description: no input makes it fail."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from kiosk.clock import SystemClock
from sync.access import enroll, issue_admin_token, issue_code
from sync.api import create_app
from sync.database import open_central

TOKENS: dict[str, str] = {}


@pytest.fixture
def api_schema(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("schema")
    engine = open_central(f"sqlite:///{folder / 'central.sqlite3'}")
    now = SystemClock().now()
    with engine.begin() as conn:
        TOKENS["admin"] = issue_admin_token(conn, now)
        TOKENS["kiosk"] = enroll(conn, issue_code(conn, "oslo-hq", now), "kiosk-1", now).token
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(engine))
    engine.dispose()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, derandomize=True, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case):  # type: ignore[no-untyped-def]
    role = "admin" if case.path.startswith("/v1/admin") else "kiosk"
    response = case.call(headers={"Authorization": f"Bearer {TOKENS[role]}"})
    assert response.status_code < 500, (case.method, case.path, response.text)
    case.validate_response(response)

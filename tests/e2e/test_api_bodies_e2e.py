"""Malformed request bodies through the local stack's gateway: 400/413/415/422 in our error shape."""

import pytest
import requests


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        pytest.param({"content-type": "multipart/form-data"}, b"x", 415, id="multipart-without-boundary"),
        pytest.param({"content-type": "application/x-www-form-urlencoded"}, b"a=b", 415, id="form"),
        pytest.param({}, b"\xff\xfe{}", 400, id="not-utf8-without-content-type"),
        pytest.param({"content-type": "application/json"}, b"[" * 100_000 + b"]" * 100_000, 422, id="deep"),
        pytest.param({"content-type": "application/json"}, b"[" * 600_000 + b"]" * 600_000, 413, id="huge"),
    ],
)
def test_malformed_bodies_answer_in_our_shape_on_both_apis(local_stack, headers, body, status):
    admin = {"Authorization": f"Bearer {local_stack.admin_token('bodies', 'owner')}"}
    for path, auth in (("/public/salons/bodies/appointments", {}), ("/admin/salons/bodies/resources", admin)):
        answer = requests.post(f"{local_stack.url}{path}", data=body, headers={**headers, **auth}, timeout=60)
        assert answer.status_code == status, (path, answer.text)
        assert set(answer.json()) == {"error"} and answer.json()["error"]["field"] in ("body", "content-type")

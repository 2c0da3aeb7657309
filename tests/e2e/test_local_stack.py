"""The local stack itself: the gateway and its JWT authorizer, persistence across restarts, and the pollers.

The booking stack (`local_stack`) shows what the API's clients see. A test-only stack
(fixtures/probe/template.yaml) puts one probe function behind every kind of event source; the probe
records each event in a bucket, so the tests can check the exact shapes Lambda would deliver (validated
with Powertools' own models of those events) and the retry rules of partial batch failures.
"""

import base64
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayProxyEventV2Model,
    DynamoDBStreamModel,
    EventBridgeModel,
    SqsModel,
)

from infra.local.pollers import matches_pattern, rate_seconds, scheduled_event
from infra.local.resources import Endpoints, TemplateError, World
from tests.e2e.conftest import ROOT, RunningStack

pytestmark = pytest.mark.e2e

PROBE_TEMPLATE = Path(__file__).parent / "fixtures" / "probe" / "template.yaml"
PROBE_STACK = "parlour-probe"
WAIT_SECONDS = 30


def wait_for(condition: Callable[[], Any], what: str, seconds: float = WAIT_SECONDS) -> Any:
    """Poll until condition() is truthy (it is returned); fail naming what never happened."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"within {seconds} s: {what}")
        time.sleep(0.2)


# ===== the booking stack over HTTP ==================================================================
def test_public_route_reaches_its_handler_without_a_token(local_stack):
    # When a client asks the public API for a salon that does not exist
    answer = requests.get(f"{local_stack.url}/public/salons/no-such-salon", timeout=30)

    # Then the public handler answers (its own error shape), not the authorizer
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    assert answer.headers["apigw-requestid"]


def test_admin_route_without_a_token_is_401_before_the_handler_in_our_error_shape(local_stack):
    answer = requests.get(f"{local_stack.url}/admin/salons/demo", timeout=30)

    # The authorizer stand-in refuses (AWS's own answer is {"message": "Unauthorized"}: both are declared)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"
    assert answer.json()["error"]["message"]
    assert answer.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda stack: stack.admin_token("demo", "owner", iss="https://issuer.example.com/x"), id="issuer"
        ),
        pytest.param(
            lambda stack: stack.admin_token("demo", "owner", exp=int(time.time()) - 60), id="expired"
        ),
        pytest.param(lambda stack: stack.admin_token("demo", "owner", aud="another-client"), id="audience"),
        pytest.param(
            lambda stack: stack.admin_token("demo", "owner", nbf=int(time.time()) + 3600), id="not-yet"
        ),
        pytest.param(lambda stack: stack.admin_token("demo", "owner")[:-6] + "AAAAAA", id="signature"),
    ],
)
def test_admin_route_refuses_a_token_the_jwt_authorizer_would_refuse(local_stack, forge):
    # Given a token that is wrong in exactly one way
    token = forge(local_stack)

    # When it is presented to an admin route
    answer = requests.get(
        f"{local_stack.url}/admin/salons/demo", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )

    # Then the gateway refuses it, in our error shape
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"


def test_admin_route_passes_a_valid_token_and_its_claims_to_the_handler(local_stack):
    # Given an owner of salon "lonely" (which has no profile yet)
    token = local_stack.admin_token("lonely", "owner")

    # When the owner reads another salon, then their own
    headers = {"Authorization": f"Bearer {token}"}
    other = requests.get(f"{local_stack.url}/admin/salons/demo", headers=headers, timeout=30)
    own = requests.get(f"{local_stack.url}/admin/salons/lonely", headers=headers, timeout=30)

    # Then the handler saw the claims: another salon is forbidden, their own is simply not there yet
    assert other.status_code == 403
    assert own.status_code == 404


def test_token_command_prints_a_token_the_running_stack_accepts(local_stack):
    # Given the token command, run as `make token` runs it, on the stack's data dir
    printed = subprocess.run(
        [
            *(sys.executable, "-m", "infra.local.token"),
            *("--salon", "cli", "--role", "manager", "--data-dir", str(local_stack.data_dir)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()

    # When the printed token calls the admin API
    answer = requests.get(
        f"{local_stack.url}/admin/salons/cli", headers={"Authorization": f"Bearer {printed}"}, timeout=30
    )

    # Then the authorizer lets it through to the handler (the salon has no profile yet)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_cors_preflight_answers_as_the_template_configures(local_stack):
    answer = requests.options(
        f"{local_stack.url}/admin/salons/demo",
        headers={"Origin": "https://console.example.com", "Access-Control-Request-Method": "PUT"},
        timeout=30,
    )

    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "PUT" in answer.headers["access-control-allow-methods"].split(",")
    assert "idempotency-key" in answer.headers["access-control-allow-headers"].split(",")


def test_web_files_are_served_after_the_api_routes(local_stack):
    page = requests.get(f"{local_stack.url}/", timeout=30)
    missing = requests.get(f"{local_stack.url}/no/such/page.html", timeout=30)
    escape = requests.get(f"{local_stack.url}/..%2f..%2fpyproject.toml", timeout=30)

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/public/" in page.text
    assert missing.status_code == 404
    assert escape.status_code == 404


def test_booking_entry_links_serve_the_booking_app(local_stack):
    # Given the booking app's page, and an entry link for one service of one salon
    app = requests.get(f"{local_stack.url}/book/index.html", timeout=30)
    # When the entry link, the salon's link and a file of the app are asked for
    entry = requests.get(f"{local_stack.url}/book/demo/womens-haircut?staff=anna", timeout=30)
    salon = requests.get(f"{local_stack.url}/book/demo/", timeout=30)
    asset = requests.get(f"{local_stack.url}/book/no-such-file.js", timeout=30)
    # Then both links answer with the app (which reads salon and service from the path); files stay files
    assert entry.status_code == salon.status_code == 200
    assert entry.text == salon.text == app.text
    assert asset.status_code == 404


def test_data_survives_a_restart_exactly(local_stack):
    # Given an item with every DynamoDB type in the booking table, and a salon created through the admin API
    dynamodb = local_stack.client("dynamodb")
    table = local_stack.resource("Table")
    key = {"pk": {"S": f"KEEP#{uuid.uuid4().hex}"}, "sk": {"S": "ITEM"}}
    item = {
        **key,
        "number": {"N": "12.50"},
        "binary": {"B": b"\x00\x01\xff"},
        "strings": {"SS": ["a", "b"]},
        "numbers": {"NS": ["1", "2"]},
        "binaries": {"BS": [b"\x01", b"\x02"]},
        "map": {"M": {"nested": {"L": [{"S": "x"}, {"BOOL": True}, {"NULL": True}]}}},
    }
    dynamodb.put_item(TableName=table, Item=item)
    salon_id = f"kept-{uuid.uuid4().hex[:8]}"
    headers = {"Authorization": f"Bearer {local_stack.admin_token(salon_id, 'owner')}"}
    created = requests.put(
        f"{local_stack.url}/admin/salons/{salon_id}",
        json={"id": salon_id, "name": "Kept Across Restarts", "version": 0},
        headers=headers,
        timeout=30,
    )
    assert created.ok, created.text

    # When the stack is stopped with Ctrl-C and started again on the same data dir
    exit_code = local_stack.restart()

    # Then it stopped cleanly, the item is back exactly, and the API serves the salon with the same token
    assert exit_code == 0
    restored = local_stack.client("dynamodb").get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
    assert restored == item
    answer = requests.get(f"{local_stack.url}/admin/salons/{salon_id}", headers=headers, timeout=30)
    assert answer.status_code == 200
    assert answer.json()["name"] == "Kept Across Restarts"


# ===== the probe stack: event shapes and retries ====================================================
@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    stack = RunningStack(
        tmp_path_factory.mktemp("probe-stack"),
        "--template",
        str(PROBE_TEMPLATE),
        "--no-seed",
        "--ttl-interval",
        "0.5",
    )
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


def deliveries(stack: RunningStack, kind: str) -> list[dict[str, Any]]:
    """Every event of one kind (stream, sqs, http, rule, direct) the probe has received, oldest first."""
    s3 = stack.client("s3")
    bucket = stack.resource("ProbeBucket", PROBE_STACK)
    keys = sorted(
        entry["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{kind}/")
        for entry in page.get("Contents", [])
    )
    return [json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())["event"] for key in keys]


def stream_records(stack: RunningStack, item_id: str) -> list[dict[str, Any]]:
    return [
        record
        for event in deliveries(stack, "stream")
        for record in event["Records"]
        if record["dynamodb"]["Keys"]["pk"]["S"] == item_id
    ]


def sqs_records(stack: RunningStack, marker: str) -> list[dict[str, Any]]:
    return [
        record
        for event in deliveries(stack, "sqs")
        for record in event["Records"]
        if json.loads(record["body"]).get("marker") == marker
    ]


def test_http_event_is_api_gateway_payload_v2(probe):
    # When a request with repeated query keys, cookies, mixed-case headers and a binary body arrives
    answer = requests.post(
        f"{probe.url}/probe/first/deep/path?tag=a&tag=b&space=x%20y&empty=",
        headers={
            "X-Custom-Header": "Value",
            "Cookie": "session=abc; theme=dark",
            "Content-Type": "image/png",
        },
        data=bytes([0, 159, 255]),
        timeout=30,
    )

    # Then the handler got the exact v2.0 event...
    assert answer.status_code == 200
    event = answer.json()
    APIGatewayProxyEventV2Model.model_validate(event)
    assert event["version"] == "2.0"
    assert event["routeKey"] == "ANY /probe/{name}/{proxy+}"
    assert event["requestContext"]["routeKey"] == event["routeKey"]
    assert event["requestContext"]["stage"] == "$default"
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["rawPath"] == event["requestContext"]["http"]["path"] == "/probe/first/deep/path"
    assert event["rawQueryString"] == "tag=a&tag=b&space=x%20y&empty="
    assert event["queryStringParameters"] == {"tag": "a,b", "space": "x y", "empty": ""}
    assert event["pathParameters"] == {"name": "first", "proxy": "deep/path"}
    assert event["cookies"] == ["session=abc", "theme=dark"]
    assert event["headers"]["x-custom-header"] == "Value"
    assert "cookie" not in event["headers"]
    assert all(name == name.lower() for name in event["headers"])
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == bytes([0, 159, 255])
    assert "authorizer" not in event["requestContext"]
    # ...and its answer became HTTP: headers, one Set-Cookie per cookie
    assert answer.headers["x-probe"] == "yes"
    assert answer.raw.headers.getlist("set-cookie") == ["flavour=vanilla; Path=/", "size=large"]


def test_http_answer_in_base64_is_sent_as_bytes(probe):
    answer = requests.get(f"{probe.url}/probe/any/binary", timeout=30)

    assert answer.status_code == 200
    assert answer.content == bytes([0, 1, 255])


def test_most_specific_route_wins_over_a_greedy_one(probe):
    exact = requests.get(f"{probe.url}/probe/exact/route", timeout=30).json()
    greedy = requests.post(f"{probe.url}/probe/exact/route", timeout=30).json()

    assert exact["routeKey"] == "GET /probe/exact/route"
    assert "pathParameters" not in exact
    assert greedy["routeKey"] == "ANY /probe/{name}/{proxy+}"


def test_cors_headers_are_the_configured_ones_not_the_handlers(probe):
    allowed = requests.get(
        f"{probe.url}/probe/a/b", headers={"Origin": "https://app.example.com"}, timeout=30
    )
    other = requests.get(f"{probe.url}/probe/a/b", headers={"Origin": "https://evil.example.com"}, timeout=30)

    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert allowed.headers["access-control-expose-headers"] == "x-probe"
    assert "access-control-allow-origin" not in other.headers


def test_authorized_route_gets_the_claims_as_api_gateway_passes_them(probe):
    # Given a token for the probe stack's own authorizer (issuer and audience from its template)
    token = probe.admin_token("demo", "specialist", staff_id="anna")

    # When it calls a route guarded by the default authorizer, with and without the Bearer prefix
    with_prefix = requests.get(
        f"{probe.url}/guarded/x", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    bare = requests.get(f"{probe.url}/guarded/x", headers={"Authorization": token}, timeout=30)
    anonymous = requests.get(f"{probe.url}/guarded/x", timeout=30)

    # Then the handler sees the claims as strings, like API Gateway hands them over
    assert with_prefix.status_code == bare.status_code == 200
    assert anonymous.status_code == 401
    event = with_prefix.json()
    APIGatewayProxyEventV2Model.model_validate(event)
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    assert claims["custom:salon_id"] == "demo"
    assert claims["custom:role"] == "specialist"
    assert claims["custom:staff_id"] == "anna"
    assert claims["token_use"] == "id"
    assert claims["iss"] == probe.description["issuer"]
    assert all(isinstance(value, str) for value in claims.values())
    assert claims["exp"].isdigit()


def test_route_with_authorization_scopes_refuses_an_id_token(probe):
    token = probe.admin_token("demo", "owner")

    answer = requests.get(f"{probe.url}/scoped", headers={"Authorization": f"Bearer {token}"}, timeout=30)

    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "forbidden"


def test_stream_records_have_lambdas_shape_and_failures_retry_from_the_first_failed_record(probe):
    # Given three items written in one request: one before, one that always fails, one after
    run = uuid.uuid4().hex
    before, failing, after = f"{run}-before", f"{run}-failing", f"{run}-after"
    probe.client("dynamodb").batch_write_item(
        RequestItems={
            probe.resource("ProbeTable", PROBE_STACK): [
                {"PutRequest": {"Item": {"pk": {"S": before}, "blob": {"B": b"\x00\xff"}}}},
                {"PutRequest": {"Item": {"pk": {"S": failing}, "fail": {"S": "always"}}}},
                {"PutRequest": {"Item": {"pk": {"S": after}, "n": {"N": "7"}}}},
            ]
        }
    )

    # When the stream poller delivers them to the probe, which reports the failing one
    # (MaximumRetryAttempts is 2: one delivery and two retries, then the batch is given up)
    wait_for(lambda: len(stream_records(probe, failing)) >= 3, "three deliveries of the failing record")
    later = f"{run}-later"
    probe.client("dynamodb").put_item(
        TableName=probe.resource("ProbeTable", PROBE_STACK), Item={"pk": {"S": later}}
    )
    wait_for(lambda: stream_records(probe, later), "the record written after the failure")

    # Then every batch is Lambda's DynamoDB stream event...
    for event in deliveries(probe, "stream"):
        DynamoDBStreamModel.model_validate(event)
    record = stream_records(probe, before)[0]
    assert record["eventSource"] == "aws:dynamodb"
    assert record["eventVersion"] == "1.1"
    assert record["awsRegion"] == "eu-central-1"
    assert record["eventName"] == "INSERT"
    assert ":table/parlour-probe-ProbeTable/stream/" in record["eventSourceARN"]
    assert record["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert record["dynamodb"]["NewImage"]["blob"] == {"B": base64.b64encode(b"\x00\xff").decode()}
    assert isinstance(record["dynamodb"]["ApproximateCreationDateTime"], int)
    # ...the record before the failure was checkpointed (delivered once), the failing one and the one after it
    # were retried together, and the stream went on after the failing batch was given up
    assert len(stream_records(probe, before)) == 1
    assert len(stream_records(probe, failing)) == 3
    assert len(stream_records(probe, after)) == 3
    assert len(stream_records(probe, later)) == 1


def test_the_stream_goes_on_after_a_cancelled_transaction(probe):
    # Given a transaction that DynamoDB cancels (its condition fails): moto restores a copy of the table
    run = uuid.uuid4().hex
    table = probe.resource("ProbeTable", PROBE_STACK)
    dynamodb = probe.client("dynamodb")
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": table,
                        "Item": {"pk": {"S": f"{run}-cancelled"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                }
            ]
        )
    # When an item is written afterwards
    dynamodb.put_item(TableName=table, Item={"pk": {"S": f"{run}-after"}})
    # Then its record still reaches the function, and the cancelled one never does
    wait_for(lambda: stream_records(probe, f"{run}-after"), "the record written after the cancellation")
    assert stream_records(probe, f"{run}-cancelled") == []


def test_ttl_expiry_removes_the_item_and_the_stream_says_dynamodb_did_it(probe):
    # Given an item whose TTL attribute is in the past, and one that expires next year
    run = uuid.uuid4().hex
    table = probe.resource("ProbeTable", PROBE_STACK)
    dynamodb = probe.client("dynamodb")
    expired, alive = f"{run}-expired", f"{run}-alive"
    dynamodb.put_item(
        TableName=table, Item={"pk": {"S": expired}, "expires_at": {"N": str(int(time.time()) - 5)}}
    )
    dynamodb.put_item(
        TableName=table, Item={"pk": {"S": alive}, "expires_at": {"N": str(int(time.time()) + 365 * 86400)}}
    )

    # When the TTL sweeper runs
    removals = wait_for(
        lambda: [r for r in stream_records(probe, expired) if r["eventName"] == "REMOVE"], "the TTL removal"
    )

    # Then the expired item is gone, with the TTL service's identity on its REMOVE record; the other stays
    assert removals[0]["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    assert "Item" not in dynamodb.get_item(TableName=table, Key={"pk": {"S": expired}})
    assert "Item" in dynamodb.get_item(TableName=table, Key={"pk": {"S": alive}})


def test_sqs_records_have_lambdas_shape_and_failed_messages_are_redelivered(probe):
    # Given three messages: one fine, one failing until its third receive, one failing for good
    run = uuid.uuid4().hex
    sqs = probe.client("sqs")
    queue = probe.resource("ProbeQueue", PROBE_STACK)
    sqs.send_message(
        QueueUrl=queue,
        MessageBody=json.dumps({"marker": f"{run}-fine"}),
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "probe"}},
    )
    sqs.send_message(
        QueueUrl=queue, MessageBody=json.dumps({"marker": f"{run}-late", "fail_until_receive": 3})
    )
    sqs.send_message(
        QueueUrl=queue, MessageBody=json.dumps({"marker": f"{run}-doomed", "fail_until_receive": 99})
    )

    # When the queue poller delivers them (visibility timeout 1 s, maxReceiveCount 3, then the dead letters)
    dead_letters = probe.resource("ProbeDeadLetters", PROBE_STACK)

    def doomed_in_dead_letters() -> list[dict[str, Any]]:
        messages = sqs.receive_message(QueueUrl=dead_letters, MaxNumberOfMessages=10, VisibilityTimeout=0)
        return [m for m in messages.get("Messages", []) if json.loads(m["Body"])["marker"] == f"{run}-doomed"]

    wait_for(lambda: len(sqs_records(probe, f"{run}-late")) >= 3, "three deliveries of the late message")
    wait_for(doomed_in_dead_letters, "the doomed message in the dead-letter queue")

    # Then each batch is Lambda's SQS event, the fine message came once, the late one three times
    for event in deliveries(probe, "sqs"):
        SqsModel.model_validate(event)
    fine = sqs_records(probe, f"{run}-fine")
    assert len(fine) == 1
    assert fine[0]["messageAttributes"]["kind"]["stringValue"] == "probe"
    assert fine[0]["messageAttributes"]["kind"]["dataType"] == "String"
    assert fine[0]["eventSource"] == "aws:sqs"
    assert fine[0]["eventSourceARN"].endswith(":parlour-probe-ProbeQueue")
    late = sqs_records(probe, f"{run}-late")
    assert [record["attributes"]["ApproximateReceiveCount"] for record in late] == ["1", "2", "3"]
    assert len(sqs_records(probe, f"{run}-doomed")) == 3


def test_eventbridge_rule_delivers_matching_events_to_the_function(probe):
    # Given an event the rule matches (source "probe") and one it does not
    run = uuid.uuid4().hex
    bus = probe.resource("ProbeBus", PROBE_STACK)
    probe.client("events").put_events(
        Entries=[
            {
                "EventBusName": bus,
                "Source": "probe",
                "DetailType": "Probed",
                "Detail": json.dumps({"run": run}),
            },
            {
                "EventBusName": bus,
                "Source": "other",
                "DetailType": "Ignored",
                "Detail": json.dumps({"run": run}),
            },
        ]
    )

    # When the rule's deliveries arrive
    received = wait_for(
        lambda: [e for e in deliveries(probe, "rule") if e["detail"].get("run") == run], "the rule's event"
    )

    # Then the function got the matching event as EventBridge sends it, and only that one
    time.sleep(1)  # give a wrongly delivered second event the time to show up
    received = [e for e in deliveries(probe, "rule") if e["detail"].get("run") == run]
    assert len(received) == 1
    EventBridgeModel.model_validate(received[0])
    assert received[0]["source"] == "probe"
    assert received[0]["detail-type"] == "Probed"


def test_state_machine_runs_a_lambda_task_in_process_and_an_sqs_integration(probe):
    # Given the probe state machine: Lambda task (the probe), then sqs:sendMessage with its answer
    run = uuid.uuid4().hex
    stepfunctions = probe.client("stepfunctions")

    # When an execution starts
    execution = stepfunctions.start_execution(
        stateMachineArn=probe.resource("ProbeStateMachine", PROBE_STACK), input=json.dumps({"id": run})
    )["executionArn"]

    # Then it succeeds, the probe ran with the input, and the queue got the probe's answer
    status = wait_for(
        lambda: (s := stepfunctions.describe_execution(executionArn=execution)["status"]) != "RUNNING" and s,
        "the execution to finish",
    )
    assert status == "SUCCEEDED"
    assert {"id": run} in deliveries(probe, "direct")
    sent = wait_for(
        lambda: [
            r
            for e in deliveries(probe, "sqs")
            for r in e["Records"]
            if json.loads(r["body"]).get("from_state_machine") == run
        ],
        "the state machine's message through the queue",
    )
    assert len(sent) == 1


def test_after_a_restart_the_stream_starts_at_latest_and_restored_items_are_not_redelivered(probe):
    # Given an item the stream delivered before a restart
    run = uuid.uuid4().hex
    table = probe.resource("ProbeTable", PROBE_STACK)
    probe.client("dynamodb").put_item(TableName=table, Item={"pk": {"S": f"{run}-old"}})
    wait_for(lambda: stream_records(probe, f"{run}-old"), "the first delivery")

    # When the stack restarts (restoring the item into a fresh table) and a new item is written
    assert probe.restart() == 0
    probe.client("dynamodb").put_item(TableName=table, Item={"pk": {"S": f"{run}-new"}})
    wait_for(lambda: stream_records(probe, f"{run}-new"), "the new item's delivery")

    # Then the restored item was not delivered again (the probe's bucket, not persisted, only holds what
    # was delivered since the restart), and it is still in the table
    assert stream_records(probe, f"{run}-old") == []
    assert "Item" in probe.client("dynamodb").get_item(TableName=table, Key={"pk": {"S": f"{run}-old"}})


# ===== pure pieces of the pollers ===================================================================
def test_scheduled_event_has_eventbridges_shape():
    event = scheduled_event("arn:aws:events:eu-central-1:123456789012:rule/nightly")

    EventBridgeModel.model_validate(event)
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["resources"] == ["arn:aws:events:eu-central-1:123456789012:rule/nightly"]


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [("rate(1 minute)", 60), ("rate(5 minutes)", 300), ("rate(2 hours)", 7200), ("rate(1 day)", 86400)],
)
def test_rate_expressions(expression, seconds):
    assert rate_seconds(expression) == seconds


def test_cron_expressions_are_refused_loudly():
    with pytest.raises(ValueError, match="only rate"):
        rate_seconds("cron(0 8 * * ? *)")


@pytest.mark.parametrize(
    ("pattern", "event", "matches"),
    [
        ({"source": ["probe"]}, {"source": "probe"}, True),
        ({"source": ["probe"]}, {"source": "other"}, False),
        (
            {"dynamodb": {"NewImage": {"kind": {"S": ["APPT"]}}}},
            {"dynamodb": {"NewImage": {"kind": {"S": "APPT"}}}},
            True,
        ),
        ({"body": {"kind": [{"prefix": "appt."}]}}, {"body": {"kind": "appt.created"}}, True),
        ({"body": {"kind": [{"anything-but": ["noise"]}]}}, {"body": {"kind": "noise"}}, False),
        ({"body": {"gone": [{"exists": False}]}}, {"body": {}}, True),
        ({"body": {"n": [{"numeric": [">", 5, "<=", 10]}]}}, {"body": {"n": 10}}, True),
        ({"body": {"n": [{"numeric": [">", 5]}]}}, {"body": {"n": 5}}, False),
    ],
)
def test_filter_patterns(pattern, event, matches):
    assert matches_pattern(pattern, event) is matches


INTRINSICS_TEMPLATE = """
Parameters:
  Stage: {Type: String, Default: dev}
  Secret: {Type: String, NoEcho: true}
  Unused: {Type: String}
Conditions:
  IsDev: !Equals [!Ref Stage, dev]
  Never: !Equals [a, b]
Mappings:
  Sizes: {dev: {memory: "256"}}
Resources:
  Queue: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: !Sub "${AWS::StackName}-bus"}}
  OnlyInProd: {Type: AWS::SQS::Queue, Condition: Never}
Outputs:
  BusArn:
    Value: !GetAtt Bus.Arn
    Export: {Name: shared-bus-arn}
Values:
  url: !Ref Queue
  name: !GetAtt Queue.QueueName
  sub_list: !Sub ["${Prefix}-${AWS::Region}-${Queue.QueueName}", {Prefix: p}]
  literal: !Sub "${!NotAVariable}"
  joined: !Join ["/", [a, !Ref Stage, !Select [1, !Split [",", "x,y,z"]]]]
  chosen: !If [IsDev, small, large]
  memory: !FindInMap [Sizes, !Ref Stage, memory]
  imported: !ImportValue shared-bus-arn
  secret: !Ref Secret
"""


def test_template_intrinsics_resolve_to_local_values(tmp_path):
    # Given a template using the intrinsic functions the runner resolves
    template = tmp_path / "intrinsics" / "template.yaml"
    template.parent.mkdir()
    template.write_text(INTRINSICS_TEMPLATE)
    endpoints = Endpoints(moto_url="http://127.0.0.1:5555", api_url="http://127.0.0.1:8000")

    # When the runner loads it twice on one data dir (as on two starts)
    first = World.load([template], endpoints, tmp_path / "data")
    second = World.load([template], endpoints, tmp_path / "data")
    stack = first.stacks[0]
    values = stack.resolve(stack.template["Values"])

    # Then every value is the local one, and the generated secret is kept between starts
    assert stack.name == "parlour-intrinsics"
    assert values["url"] == "http://127.0.0.1:5555/123456789012/parlour-intrinsics-Queue.fifo"
    assert values["name"] == "parlour-intrinsics-Queue.fifo"
    assert values["sub_list"] == "p-eu-central-1-parlour-intrinsics-Queue.fifo"
    assert values["literal"] == "${NotAVariable}"
    assert values["joined"] == "a/dev/y"
    assert values["chosen"] == "small"
    assert values["memory"] == "256"
    assert values["imported"] == "arn:aws:events:eu-central-1:123456789012:event-bus/parlour-intrinsics-bus"
    assert len(values["secret"]) >= 32
    assert second.stacks[0].resolve(second.stacks[0].template["Values"])["secret"] == values["secret"]
    assert "OnlyInProd" not in stack.resources()
    # ...and a parameter without any local value fails only when something uses it
    with pytest.raises(TemplateError, match="Unused"):
        stack.resolve({"Ref": "Unused"})

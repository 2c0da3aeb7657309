"""The local stack's moto does not grow with every request (issue 9: 30-50 MB per booking, 24 GB once).

These run moto's server in this process, as the local stack does, so the sweep's effect on moto's own
objects can be counted. Each test is a reproducer: without the sweep, the counted objects stay.
"""

import copy
import gc
import json
import os
import time
import uuid
from collections.abc import Iterator

import pytest
from moto.core.config import default_user_config
from moto.dynamodb.models.table import Table

from infra.local.housekeeping import MotoHousekeeping
from infra.local.moto_server import MotoServer, client_factory
from infra.local.resources import REGION


@pytest.fixture
def moto() -> Iterator[MotoServer]:
    """moto's server as the local stack runs it, for one test (its config is process-wide: put back)."""
    previous_config = copy.deepcopy(default_user_config)
    previous_port = os.environ.get("MOTO_PORT")
    server = MotoServer()
    server.start()
    yield server
    server.stop()
    default_user_config.clear()
    default_user_config.update(previous_config)
    if previous_port is None:
        os.environ.pop("MOTO_PORT", None)
    else:
        os.environ["MOTO_PORT"] = previous_port


def streamed_table(moto: MotoServer) -> tuple[str, str]:
    name = f"housekeeping-{uuid.uuid4().hex[:8]}"
    answer = client_factory(moto.url, REGION)("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return name, answer["TableDescription"]["LatestStreamArn"]


def tables_alive(name: str) -> int:
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, Table) and thing.name == name)


def test_after_a_sweep_no_copy_of_a_table_outlives_its_transactions(moto):
    # Given a table and twenty transactions on it (moto deep-copies the table for each, to roll back)
    name, _ = streamed_table(moto)
    dynamodb = client_factory(moto.url, REGION)("dynamodb")
    housekeeping = MotoHousekeeping(moto.app.exclusive, dict)
    housekeeping.sweep()
    for number in range(20):
        dynamodb.transact_write_items(
            TransactItems=[{"Put": {"TableName": name, "Item": {"pk": {"S": f"item-{number}"}}}}]
        )

    # When the housekeeping sweeps
    housekeeping.sweep()

    # Then only the live table is left in memory (moto's instance tracker kept all 21)
    assert tables_alive(name) == 1


def test_stream_records_every_poller_has_read_are_dropped_and_new_ones_still_read(moto):
    # Given ten records on a table's stream, all read by its poller
    name, stream_arn = streamed_table(moto)
    clients = client_factory(moto.url, REGION)
    dynamodb, streams = clients("dynamodb"), clients("dynamodbstreams")
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
    first = int(shard["SequenceNumberRange"]["StartingSequenceNumber"])
    for number in range(10):
        dynamodb.put_item(TableName=name, Item={"pk": {"S": f"item-{number}"}})

    # When the housekeeping sweeps, told that the poller's next record is the eleventh
    swept = MotoHousekeeping(moto.app.exclusive, lambda: {name: first + 10}).sweep()
    dynamodb.put_item(TableName=name, Item={"pk": {"S": "after"}})

    # Then the read records are gone, the stream starts at the eleventh, which is the next write
    assert swept["stream records"] >= 10
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
    assert int(shard["SequenceNumberRange"]["StartingSequenceNumber"]) == first + 10
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn,
        ShardId=shard["ShardId"],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        SequenceNumber=str(first + 10),
    )["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    assert [record["dynamodb"]["Keys"]["pk"]["S"] for record in records] == ["after"]


def test_a_finished_execution_is_compacted_yet_described_and_its_name_stays_taken(moto):
    # Given a state machine whose executions end at once, and one that failed
    stepfunctions = client_factory(moto.url, REGION)("stepfunctions")
    machine = stepfunctions.create_state_machine(
        name=f"housekeeping-{uuid.uuid4().hex[:8]}",
        definition=json.dumps(
            {
                "StartAt": "Route",
                "States": {
                    "Route": {
                        "Type": "Choice",
                        "Choices": [{"Variable": "$.fail", "BooleanEquals": True, "Next": "Fail"}],
                        "Default": "Done",
                    },
                    "Fail": {"Type": "Fail", "Error": "Asked", "Cause": "the input asked to fail"},
                    "Done": {"Type": "Pass", "Result": {"done": True}, "End": True},
                },
            }
        ),
        roleArn="arn:aws:iam::123456789012:role/housekeeping",
    )["stateMachineArn"]
    succeeded = stepfunctions.start_execution(
        stateMachineArn=machine, name="fine", input=json.dumps({"fail": False})
    )["executionArn"]
    failed = stepfunctions.start_execution(
        stateMachineArn=machine, name="broken", input=json.dumps({"fail": True})
    )["executionArn"]
    deadline = time.monotonic() + 30
    while {stepfunctions.describe_execution(executionArn=arn)["status"] for arn in (succeeded, failed)} & {
        "RUNNING"
    }:
        assert time.monotonic() < deadline, "the executions did not end"
        time.sleep(0.1)

    # When the housekeeping sweeps
    swept = MotoHousekeeping(moto.app.exclusive, dict).sweep()

    # Then both were compacted, yet they are described as before; a failure keeps its history;
    # and the name of a finished one is still refused
    assert swept["executions compacted"] >= 2
    described = stepfunctions.describe_execution(executionArn=succeeded)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"done": True}
    assert stepfunctions.describe_execution(executionArn=failed)["error"] == "Asked"
    history = stepfunctions.get_execution_history(executionArn=failed)["events"]
    assert history[-1]["type"] == "ExecutionFailed"
    with pytest.raises(stepfunctions.exceptions.ExecutionAlreadyExists):
        stepfunctions.start_execution(stateMachineArn=machine, name="fine", input=json.dumps({"again": 1}))

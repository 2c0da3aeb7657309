"""The local stack's journal: what an acknowledged request becomes, and what a replay makes of the lines."""

import json

import pytest

from infra.local.journal import Journal, Recovered, entry_for, is_mutating, read_entries

QUEUE_URL = "http://127.0.0.1:5000/123456789012/parlour-NotificationQueue"
MACHINE = "arn:aws:states:eu-central-1:123456789012:stateMachine:parlour-Lifecycle"


@pytest.mark.parametrize(
    ("target", "mutating"),
    [
        ("DynamoDB_20120810.TransactWriteItems", True),
        ("DynamoDB_20120810.UpdateItem", True),
        ("DynamoDB_20120810.Query", False),
        ("DynamoDB_20120810.CreateTable", False),  # the templates create resources on every start
        ("AmazonSQS.SendMessageBatch", True),
        ("AmazonSQS.ReceiveMessage", False),
        ("AWSStepFunctions.StartExecution", True),
        ("AWSStepFunctions.DescribeExecution", False),
        ("", False),
    ],
)
def test_only_data_changing_requests_are_journaled(target, mutating):
    assert is_mutating(target) is mutating


def test_a_torn_last_line_is_skipped_but_a_damaged_middle_line_is_an_error(tmp_path):
    # Given a journal with two entries, then a line cut short by the kill
    journal = Journal(tmp_path, 1)
    journal.append({"target": "DynamoDB_20120810.PutItem", "request": {"n": 1}})
    journal.append({"target": "DynamoDB_20120810.PutItem", "request": {"n": 2}})
    journal.close()
    path = journal.path(1)
    path.write_bytes(path.read_bytes() + b'{"target": "Dyn')

    # When it is read, the complete entries come back in order
    assert [entry["request"]["n"] for entry in read_entries(tmp_path, 1)] == [1, 2]

    # But damage before the end is not silently skipped
    path.write_bytes(b'{"broken\n' + path.read_bytes())
    with pytest.raises(json.JSONDecodeError):
        list(read_entries(tmp_path, 1))


def test_rotation_starts_a_generation_and_older_ones_can_be_removed(tmp_path):
    journal = Journal(tmp_path, 1)
    journal.append({"target": "DynamoDB_20120810.PutItem", "request": {"n": 1}})
    assert journal.rotate() == 2
    journal.append({"target": "DynamoDB_20120810.PutItem", "request": {"n": 2}})

    assert [entry["request"]["n"] for entry in read_entries(tmp_path, 2)] == [2]
    journal.remove_before(2)
    assert [entry["request"]["n"] for entry in read_entries(tmp_path, 1)] == [2]


def test_a_message_sent_in_a_batch_then_deleted_is_not_sent_again_and_the_other_is():
    # Given a batch of two sends moto acknowledged, then the delete of the first message
    batch = entry_for(
        "AmazonSQS.SendMessageBatch",
        {
            "QueueUrl": QUEUE_URL,
            "Entries": [{"Id": "a", "MessageBody": "first"}, {"Id": "b", "MessageBody": "second"}],
        },
        {"Successful": [{"Id": "a", "MessageId": "m-1"}, {"Id": "b", "MessageId": "m-2"}]},
        None,
    )
    deleted = entry_for("AmazonSQS.DeleteMessage", {"QueueUrl": QUEUE_URL, "ReceiptHandle": "h"}, {}, ["m-1"])

    # When the entries are replayed
    recovered = Recovered()
    for message_id, request in batch["messages"]:
        recovered.message_sent(batch["sqs_sent"], message_id, request)
    recovered.messages_deleted(deleted["sqs_deleted"], deleted["ids"])

    # Then only the second message is sent again, as a SendMessage of the same body to the same queue
    assert list(recovered.messages.values()) == [{"QueueUrl": QUEUE_URL, "MessageBody": "second"}]


def test_an_execution_started_without_a_name_is_replayed_under_the_name_moto_gave_it():
    entry = entry_for(
        "AWSStepFunctions.StartExecution",
        {"stateMachineArn": MACHINE, "input": "{}"},
        {"executionArn": MACHINE.replace(":stateMachine:", ":execution:") + ":generated-name"},
        None,
    )

    recovered = Recovered()
    recovered.execution_started(entry["request"])
    recovered.execution_started(entry["request"])  # a second, idempotent start of the same one

    assert list(recovered.executions.values()) == [
        {"stateMachineArn": MACHINE, "input": "{}", "name": "generated-name"}
    ]

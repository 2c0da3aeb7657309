"""Appointment lifecycle: a committed change of an appointment starts the lifecycle state machine.

A change that calls for no message starts nothing. The execution's name comes from the appointment and
its version, so a record delivered twice starts one execution (parlour.lifecycle.starts).
"""

from collections.abc import Callable

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.lifecycle.starts import APPOINTMENT_TYPE, start_for_change

ITEM_TYPES = (APPOINTMENT_TYPE,)


def new_batch(context: LambdaContext) -> Callable[[DynamoDBRecord], None]:
    def handle(record: DynamoDBRecord) -> None:
        stream = record.dynamodb
        assert stream is not None, "a DynamoDB stream record carries its images"
        start_for_change(stream.old_image, stream.new_image)

    return handle

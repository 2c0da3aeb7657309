"""Automation settings: when a salon changes its quiet hours, its deferred messages are decided again."""

from collections.abc import Callable

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.lifecycle.rechecks import recheck_for_change
from parlour.store.automation import AUTOMATION_TYPE

ITEM_TYPES = (AUTOMATION_TYPE,)


def new_batch(context: LambdaContext) -> Callable[[DynamoDBRecord], None]:
    def handle(record: DynamoDBRecord) -> None:
        stream = record.dynamodb
        assert stream is not None, "a DynamoDB stream record carries its images"
        recheck_for_change(stream.old_image, stream.new_image)

    return handle

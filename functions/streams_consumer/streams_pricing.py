"""Price lists: a change of a service, location, offer or tax rule rebuilds the lists it affects.

Each record's work runs once (a redelivered record does nothing); within a batch each salon is read
once and each list rebuilt at most once (parlour.pricing.lists.Rebuilder).
"""

from collections.abc import Callable
from datetime import UTC, datetime

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.observability import logger, metrics
from parlour.pricing import lists
from parlour.store import pricing as store

ITEM_TYPES = lists.SOURCE_ITEM_TYPES


def new_batch(context: LambdaContext) -> Callable[[DynamoDBRecord], None]:
    store.register_lambda_context(context)
    rebuilder = lists.Rebuilder(now=datetime.now(UTC))

    def handle(record: DynamoDBRecord) -> None:
        stream = record.dynamodb
        assert stream is not None, "a DynamoDB stream record carries its images"

        def rebuild() -> dict:
            rebuilt = rebuilder.on_item_change(stream.old_image, stream.new_image)
            changed = [list_.as_json() for list_ in rebuilt if list_.outcome is not lists.Outcome.unchanged]
            if changed:
                logger.info("price lists rebuilt", extra={"event_id": record.event_id, "lists": changed})
                metrics.add_metric(name="PriceListsChanged", unit=MetricUnit.Count, value=len(changed))
            return {"lists": [list_.as_json() for list_ in rebuilt]}

        # A redelivered record gets the first run's result: no reads, no writes.
        store.once_per_stream_record("pricing", str(record.event_id), rebuild)

    return handle

"""DynamoDB Streams consumer: every record goes to the concerns that read its item's `type`.

A concern is one sibling module with ITEM_TYPES (the item types it reads) and new_batch(context), which
returns its record handler for one invocation (so a concern may share reads across a batch). To add one,
write the module and list it in CONCERNS. Records of other types are skipped. A record fails alone:
Powertools' BatchProcessor reports it in batchItemFailures and the others of the batch stand.
"""

from collections.abc import Callable

import streams_automation
import streams_lifecycle
import streams_pricing
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.observability import logger, metrics, tracer

CONCERNS = (streams_pricing, streams_lifecycle, streams_automation)

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def item_type(record: DynamoDBRecord) -> str | None:
    """The `type` of the item a record is about (its new image, or its old one when it was removed)."""
    stream = record.dynamodb
    image = (stream.raw_event.get("NewImage") or stream.raw_event.get("OldImage") or {}) if stream else {}
    return image.get("type", {}).get("S")


def _routes(context: LambdaContext) -> dict[str, list[Callable[[DynamoDBRecord], None]]]:
    routes: dict[str, list[Callable[[DynamoDBRecord], None]]] = {}
    for concern in CONCERNS:
        handle = concern.new_batch(context)
        for kind in concern.ITEM_TYPES:
            routes.setdefault(kind, []).append(handle)
    return routes


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    routes = _routes(context)

    def record_handler(record: DynamoDBRecord) -> None:
        for handle in routes.get(item_type(record) or "", ()):
            handle(record)

    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )

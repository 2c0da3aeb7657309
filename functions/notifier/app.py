"""Notifier: the lifecycle's jobs from SQS, each sent at most once (Twilio SMS, SES email or the outbox).

A job that fails (a send in flight elsewhere, a provider that did not take it, any error) is reported in
batchItemFailures and comes back after the queue's visibility timeout; after five receives it goes to the
dead-letter queue, whose alarm tells the operator. A message that is not a job fails the same way.
"""

from datetime import UTC, datetime

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.lifecycle.jobs import parse_job
from parlour.lifecycle.worker import Delivery, configured_delivery, handle_job
from parlour.observability import logger, metrics, tracer
from parlour.settings import get_settings

# A batch that failed entirely is answered like a partial one (every message back on the queue), not raised.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
# Built on first use and kept for the life of the execution environment (per settings read).
_delivery: dict[int, Delivery] = {}


def _configured() -> Delivery:
    key = id(get_settings())
    if key not in _delivery:
        _delivery.clear()
        _delivery[key] = configured_delivery()
    return _delivery[key]


def record_handler(record: SQSRecord) -> str:
    job = parse_job(record.body)
    outcome = handle_job(job, _configured(), now=datetime.now(UTC))
    logger.info(
        "lifecycle job handled",
        extra={
            "message_id": record.message_id,
            "job": job.job,
            "outcome": outcome.status,
            "why": outcome.reason,
        },
    )
    metrics.add_metric(name=f"LifecycleJob_{outcome.status}", unit=MetricUnit.Count, value=1)
    return outcome.status


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )

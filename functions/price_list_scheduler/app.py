"""On a schedule: rebuild the price lists whose next change (a promotion starting or ending) has come."""

from datetime import UTC, datetime

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.observability import logger, metrics, tracer
from parlour.pricing import lists


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    rebuilt = [list_.as_json() for list_ in lists.rebuild_due(datetime.now(UTC))]
    if rebuilt:
        logger.info("due price lists rebuilt", extra={"lists": rebuilt})
    metrics.add_metric(name="PriceListsDue", unit=MetricUnit.Count, value=len(rebuilt))
    return {"rebuilt": rebuilt}

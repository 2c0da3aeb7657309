"""Every minute: holds past their expiry become `expired` and free their time."""

from datetime import UTC, datetime

from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.booking.holds import expire_due_holds
from parlour.observability import MetricUnit, logger, metrics, tracer


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    result = expire_due_holds(datetime.now(UTC))
    metrics.add_metric(name="HoldsExpired", unit=MetricUnit.Count, value=len(result.expired))
    return {"expired": len(result.expired), "skipped": len(result.skipped)}

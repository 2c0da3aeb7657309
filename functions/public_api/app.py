"""Public API: the salon catalog, availability, booking and the client's self-service by manage link."""

from aws_lambda_powertools.utilities.typing import LambdaContext
from public_booking_routes import router as booking_router
from public_catalog_routes import router as catalog_router
from public_pricing_routes import router as pricing_router

from parlour.api.http import make_resolver
from parlour.observability import logger, metrics, tracer
from parlour.store import idempotency

app = make_resolver(
    title="Parlour public API",
    description="Catalog, availability and bookings for clients of beauty salons.",
    base_path="/public",
)
app.include_router(catalog_router)
app.include_router(booking_router)
app.include_router(pricing_router)


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    idempotency.register_lambda_context(context)
    return app.resolve(event, context)

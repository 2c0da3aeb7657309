"""Admin API for a salon's staff: catalog and schedules, the bookings desk. Needs a staff JWT."""

from admin_catalog_routes import router as catalog_router
from admin_desk_routes import router as desk_router
from admin_outbox_routes import router as outbox_router
from admin_pricing_routes import router as pricing_router
from aws_lambda_powertools.utilities.typing import LambdaContext

from parlour.api.http import make_resolver
from parlour.observability import logger, metrics, tracer

app = make_resolver(
    title="Parlour admin API",
    description="Catalog, staff schedules and the bookings desk for salon staff (Cognito JWT).",
    base_path="/admin",
    signed_in=True,
)
app.include_router(catalog_router)
app.include_router(desk_router)
app.include_router(outbox_router)
app.include_router(pricing_router)


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)

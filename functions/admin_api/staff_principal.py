"""The signed-in staff member of the current admin request."""

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from parlour.access import Principal
from parlour.api.http import principal_from_claims


def current_principal(router: APIGatewayHttpRouter) -> Principal:
    return principal_from_claims(router.current_event.request_context.authorizer.jwt_claim)

"""The one place that builds Logger, Tracer and Metrics (service name and namespace come from Globals)."""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()

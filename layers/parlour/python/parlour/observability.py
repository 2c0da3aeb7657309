"""The one place that builds Logger, Tracer and Metrics (service name and namespace come from Globals)."""

import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger()
tracer = Tracer()
metrics = Metrics()

# Handlers flush metrics on every call and most reads publish none: that is normal, not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")

__all__ = ["MetricUnit", "logger", "metrics", "tracer"]

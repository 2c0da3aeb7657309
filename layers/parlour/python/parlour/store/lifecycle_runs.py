"""The lifecycle's AWS plumbing: starting state machine executions and queueing notifier jobs.

Both are idempotent where AWS lets them be: an execution name is unique per state machine, so starting
the same name again starts nothing (ExecutionAlreadyExists, or the running one when the input is equal).
"""

import json
from functools import lru_cache
from typing import Any

import boto3

from parlour.settings import get_settings

# SQS delays a message at most 15 minutes: a later job is delayed again when it comes back early.
MAX_QUEUE_DELAY_SECONDS = 900


@lru_cache(maxsize=1)
def _stepfunctions() -> Any:
    return boto3.client("stepfunctions", region_name=get_settings().aws_region)


@lru_cache(maxsize=1)
def _sqs() -> Any:
    return boto3.client("sqs", region_name=get_settings().aws_region)


def reset_cache() -> None:
    """Forget the cached clients (tests switch endpoints between cases)."""
    _stepfunctions.cache_clear()
    _sqs.cache_clear()


def start_lifecycle(name: str, execution_input: dict[str, Any]) -> bool:
    """Start the lifecycle machine under `name`; False when an execution of that name already exists."""
    stepfunctions = _stepfunctions()
    arn = get_settings().lifecycle_state_machine_arn
    if not arn:
        raise RuntimeError("LIFECYCLE_STATE_MACHINE_ARN is not set")
    try:
        stepfunctions.start_execution(stateMachineArn=arn, name=name, input=json.dumps(execution_input))
    except stepfunctions.exceptions.ExecutionAlreadyExists:
        return False
    return True


def send_job(body: str, *, delay_seconds: int = 0) -> None:
    """Put a job (JSON) on the notifier's queue, delayed by up to 15 minutes."""
    url = get_settings().notification_queue_url
    if not url:
        raise RuntimeError("NOTIFICATION_QUEUE_URL is not set")
    _sqs().send_message(
        QueueUrl=url, MessageBody=body, DelaySeconds=max(0, min(delay_seconds, MAX_QUEUE_DELAY_SECONDS))
    )

"""The harness proof: the local stack's moto applies each conditional write atomically, as DynamoDB does.

moto's server alone let two of twenty racing `attribute_not_exists` puts win (DESIGN.md); the runner
serializes every request. If this test fails, no race test against the local stack proves anything.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.e2e

THREADS = 20
TRIALS = 200
# Extra clauses lengthen moto's window between reading the current item and storing the new one, which
# makes the race observable: without the runner's lock, about 3 trials in 100 had two or more winners
# (with the bare condition, none in 200 on a loaded machine).
CONDITION = " AND ".join(
    ["attribute_not_exists(pk)", *(f"attribute_not_exists(absent_{n})" for n in range(30))]
)


def test_exactly_one_of_twenty_racing_conditional_puts_wins_in_every_trial(local_stack):
    # Given the stack's booking table and twenty threads, each with its own client and connections
    table = local_stack.resource("Table")
    clients = [local_stack.client("dynamodb") for _ in range(THREADS)]
    run = uuid.uuid4().hex
    barrier = threading.Barrier(THREADS, timeout=60)

    def contend(contender: int, trial: int) -> bool:
        barrier.wait()  # all twenty requests leave together
        client = clients[contender]
        try:
            client.put_item(
                TableName=table,
                Item={
                    "pk": {"S": f"RACE#{run}#{trial}"},
                    "sk": {"S": "SLOT"},
                    "winner": {"N": str(contender)},
                },
                ConditionExpression=CONDITION,
            )
        except client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    winners: list[list[int]] = []
    with ThreadPoolExecutor(THREADS) as pool:
        for trial in range(TRIALS):
            # When twenty threads put the same new key at once, each only if it does not exist yet
            outcomes = list(pool.map(contend, range(THREADS), [trial] * THREADS))
            winners.append([contender for contender, won in enumerate(outcomes) if won])

    # Then every trial has exactly one winner...
    assert [len(trial_winners) for trial_winners in winners] == [1] * TRIALS
    # ...and the stored item is the winner's, never overwritten by a loser
    for trial in range(0, TRIALS, 20):
        item = clients[0].get_item(
            TableName=table, Key={"pk": {"S": f"RACE#{run}#{trial}"}, "sk": {"S": "SLOT"}}
        )
        assert int(item["Item"]["winner"]["N"]) == winners[trial][0]

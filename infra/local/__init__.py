"""The local stack runner (`make run`): development tooling, never deployed, kept out of the layer."""

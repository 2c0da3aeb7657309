"""The HTTP adapter shared by the API functions: resolver set-up, auth claims and the one error mapping."""

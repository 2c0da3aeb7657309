"""Demo data for the local stack: one salon with two locations in different time zones."""

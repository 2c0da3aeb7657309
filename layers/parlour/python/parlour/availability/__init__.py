"""Availability: day ledgers of busy time and the pure engine that finds free slots."""

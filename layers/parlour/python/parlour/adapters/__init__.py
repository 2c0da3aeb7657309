"""Adapters to the outside: Twilio SMS, SES email, the local outbox and the notification delivery ledger.

Each adapter implements a protocol of parlour.notifications.delivery; Twilio is imported only by its module.
"""

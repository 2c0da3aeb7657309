"""Client and salon notifications: models, texts in five languages, consent, quiet hours, sending once.

Pure rules live here; the providers (Twilio, SES, the local outbox) and the delivery ledger are in
parlour.adapters. `delivery.deliver` is the one entry point the notifier calls.
"""

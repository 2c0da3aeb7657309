"""The appointment lifecycle: what a client and the salon hear about an appointment, and when.

- `automation`: a salon's settings (reminder offsets, no-show grace, follow-up delay, quiet hours, the
  pause switch, where salon alerts go).
- `timing`: the instants the booking service writes into the appointment (remind_at, no_show_check_at).
- `starts`: which stream record starts a lifecycle execution, and its idempotent name.
- `jobs`: what the state machine puts on the notifier's queue.
- `messages`: a job and the stored appointment turned into a Notification (or found to have lapsed).
- `worker`: the notifier's work on one job: send it once, defer it, or mark a no-show and tell the salon.
- `console`: the salon's view (outbox) and its automation settings, for the admin API.
- `rechecks`: deferred messages decided again when the salon changes its quiet hours.
- `preview`: what the booking answer tells the client they will hear, and when.

The state machine itself is statemachines/appointment_lifecycle.asl.json: it waits for the stored instants,
re-reads the appointment after every wait and sends jobs; it never decides what a message says.
"""

"""Which channel a notification takes: the client's preferred one, else the other one they agreed to."""

from parlour.notifications.models import MARKETING_KINDS, Channel, NotificationKind, Recipient


def _consented(recipient: Recipient, channel: Channel) -> bool:
    return recipient.consent.sms if channel is Channel.sms else recipient.consent.email


def choose_channel(recipient: Recipient, kind: NotificationKind) -> Channel | None:
    """None when no channel may be used: nothing is sent without consent and an address."""
    if kind in MARKETING_KINDS and not recipient.consent.marketing:
        return None
    other = Channel.email if recipient.preferred_channel is Channel.sms else Channel.sms
    for channel in (recipient.preferred_channel, other):
        if recipient.address(channel) and _consented(recipient, channel):
            return channel
    return None

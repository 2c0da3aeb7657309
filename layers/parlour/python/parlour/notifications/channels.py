"""Which channel a notification takes: the client's preferred one, else the other one they agreed to."""

from parlour.notifications.models import (
    MARKETING_KINDS,
    Channel,
    DeliveryStatus,
    NotificationKind,
    Recipient,
)


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


def why_no_channel(recipient: Recipient, kind: NotificationKind) -> tuple[DeliveryStatus, str]:
    """Why choose_channel found none: skipped_no_contact or skipped_no_consent, and a reason for the salon."""
    if kind in MARKETING_KINDS and not recipient.consent.marketing:
        return DeliveryStatus.skipped_no_consent, "the client did not agree to marketing messages"
    given = [channel for channel in Channel if recipient.address(channel)]
    if not given:
        return DeliveryStatus.skipped_no_contact, "no phone number or email address to send to"
    refused = " and ".join(
        f"gave {'a phone number' if channel is Channel.sms else 'an email address'} "
        f"but did not agree to {channel.value if channel is Channel.email else 'SMS'}"
        for channel in given
    )
    return DeliveryStatus.skipped_no_consent, f"the client {refused}"

"""Message texts for every kind in English, Polish, German, Spanish and French, and how they are rendered.

Texts are plain `str.format` templates over a fixed set of fields (see FIELDS). Values are inserted,
never re-parsed, so a salon called "{salon}" cannot break a message. Optional facts (specialist, address,
price, the link) are added as labelled lines by the renderer, so every text stays one simple sentence.
"""

from dataclasses import dataclass, field
from datetime import datetime

from babel import Locale

from parlour.notifications import locales
from parlour.notifications.models import (
    Channel,
    MessageData,
    Notification,
    NotificationKind,
    RenderedMessage,
    SalonMessaging,
)
from parlour.notifications.sms_length import segments

K = NotificationKind

# Every placeholder a text may use.
FIELDS = frozenset({"salon", "service", "when", "client", "expires"})

# An SMS longer than this many segments is shortened (long salon and service names first).
MAX_SMS_SEGMENTS = 3
# Name lengths an SMS starts with, and the tighter ones it falls back to when over budget.
_SMS_NAME_LIMITS = ((40, 50), (20, 24))


@dataclass(frozen=True)
class KindTexts:
    sms: str
    subject: str
    lead: str  # the email's first paragraph
    link_label: str


@dataclass(frozen=True)
class LanguageTexts:
    greeting_named: str  # uses {name}
    greeting: str
    when: str
    service: str
    staff: str
    location: str
    price: str
    sign_off: str  # uses {salon}
    kinds: dict[NotificationKind, KindTexts] = field(default_factory=dict)
    separator: str = ": "  # between a label and its value (French sets a space before the colon)


TEXTS: dict[str, LanguageTexts] = {
    "en": LanguageTexts(
        greeting_named="Hello {name},",
        greeting="Hello,",
        when="When",
        service="Service",
        staff="With",
        location="Where",
        price="Price",
        sign_off="See you soon,\n{salon}",
        kinds={
            K.confirmation: KindTexts(
                sms="{salon}: your {service} on {when} is confirmed.",
                subject="Booking confirmed: {service}, {when}",
                lead="Your appointment at {salon} is confirmed.",
                link_label="Change or cancel",
            ),
            K.reminder: KindTexts(
                sms="{salon}: reminder of your {service} on {when}.",
                subject="Reminder: {service}, {when}",
                lead="This is a reminder of your appointment at {salon}.",
                link_label="Change or cancel",
            ),
            K.cancellation: KindTexts(
                sms="{salon}: your {service} on {when} has been cancelled.",
                subject="Cancelled: {service}, {when}",
                lead="Your appointment at {salon} has been cancelled.",
                link_label="Book again",
            ),
            K.no_show_salon_alert: KindTexts(
                sms="No-show: {client}, {service} on {when}.",
                subject="No-show: {client}, {when}",
                lead="{client} did not arrive for this appointment.",
                link_label="Open the appointment",
            ),
            K.follow_up: KindTexts(
                sms="{salon}: thank you for your visit! We hope to see you again soon.",
                subject="Thank you for visiting {salon}",
                lead="Thank you for your visit. We hope to see you again soon.",
                link_label="Book your next visit",
            ),
            K.waitlist_offer: KindTexts(
                sms="{salon}: a slot for {service} on {when} is free. It is held for you until {expires}.",
                subject="A slot is free: {service}, {when}",
                lead="Good news: a slot you were waiting for is free. It is held for you until {expires}.",
                link_label="Book it",
            ),
        },
    ),
    "pl": LanguageTexts(
        greeting_named="Dzień dobry, {name},",
        greeting="Dzień dobry,",
        when="Termin",
        service="Usługa",
        staff="Specjalista",
        location="Miejsce",
        price="Cena",
        sign_off="Do zobaczenia,\n{salon}",
        kinds={
            K.confirmation: KindTexts(
                sms="{salon}: potwierdzamy wizytę: {service}, {when}.",
                subject="Potwierdzenie wizyty: {service}, {when}",
                lead="Potwierdzamy Twoją wizytę.",
                link_label="Zmień lub odwołaj",
            ),
            K.reminder: KindTexts(
                sms="{salon}: przypominamy o wizycie: {service}, {when}.",
                subject="Przypomnienie: {service}, {when}",
                lead="Przypominamy o Twojej wizycie.",
                link_label="Zmień lub odwołaj",
            ),
            K.cancellation: KindTexts(
                sms="{salon}: wizyta {service}, {when}, została odwołana.",
                subject="Wizyta odwołana: {service}, {when}",
                lead="Twoja wizyta została odwołana.",
                link_label="Umów się ponownie",
            ),
            K.no_show_salon_alert: KindTexts(
                sms="Nieobecność: {client}, {service}, {when}.",
                subject="Nieobecność: {client}, {when}",
                lead="Klient nie pojawił się na wizycie: {client}.",
                link_label="Otwórz wizytę",
            ),
            K.follow_up: KindTexts(
                sms="{salon}: dziękujemy za wizytę! Do zobaczenia.",
                subject="Dziękujemy za wizytę: {salon}",
                lead="Dziękujemy za wizytę. Mamy nadzieję, że wkrótce znów się zobaczymy.",
                link_label="Umów kolejną wizytę",
            ),
            K.waitlist_offer: KindTexts(
                sms="{salon}: zwolnił się termin: {service}, {when}. Czeka na Ciebie do {expires}.",
                subject="Wolny termin: {service}, {when}",
                lead="Dobra wiadomość: zwolnił się termin, na który czekasz. Czeka na Ciebie do {expires}.",
                link_label="Zarezerwuj",
            ),
        },
    ),
    "de": LanguageTexts(
        greeting_named="Hallo {name},",
        greeting="Hallo,",
        when="Wann",
        service="Leistung",
        staff="Bei",
        location="Wo",
        price="Preis",
        sign_off="Bis bald,\n{salon}",
        kinds={
            K.confirmation: KindTexts(
                sms="{salon}: Ihr Termin {service} am {when} ist bestätigt.",
                subject="Termin bestätigt: {service}, {when}",
                lead="Ihr Termin bei {salon} ist bestätigt.",
                link_label="Ändern oder absagen",
            ),
            K.reminder: KindTexts(
                sms="{salon}: Erinnerung an Ihren Termin {service} am {when}.",
                subject="Erinnerung: {service}, {when}",
                lead="Wir erinnern Sie an Ihren Termin bei {salon}.",
                link_label="Ändern oder absagen",
            ),
            K.cancellation: KindTexts(
                sms="{salon}: Ihr Termin {service} am {when} wurde storniert.",
                subject="Termin storniert: {service}, {when}",
                lead="Ihr Termin bei {salon} wurde storniert.",
                link_label="Neu buchen",
            ),
            K.no_show_salon_alert: KindTexts(
                sms="Nicht erschienen: {client}, {service} am {when}.",
                subject="Nicht erschienen: {client}, {when}",
                lead="{client} ist zu diesem Termin nicht erschienen.",
                link_label="Termin öffnen",
            ),
            K.follow_up: KindTexts(
                sms="{salon}: Danke für Ihren Besuch! Wir freuen uns auf ein Wiedersehen.",
                subject="Danke für Ihren Besuch bei {salon}",
                lead="Danke für Ihren Besuch. Wir freuen uns, Sie bald wiederzusehen.",
                link_label="Nächsten Termin buchen",
            ),
            K.waitlist_offer: KindTexts(
                sms="{salon}: Ein Termin für {service} am {when} ist frei. Für Sie reserviert bis {expires}.",
                subject="Termin frei: {service}, {when}",
                lead="Gute Nachricht: Ein Termin, auf den Sie warten, ist frei. "
                "Er ist bis {expires} für Sie reserviert.",
                link_label="Jetzt buchen",
            ),
        },
    ),
    "es": LanguageTexts(
        greeting_named="Hola, {name}:",
        greeting="Hola:",
        when="Cuándo",
        service="Servicio",
        staff="Con",
        location="Dónde",
        price="Precio",
        sign_off="¡Hasta pronto!\n{salon}",
        kinds={
            K.confirmation: KindTexts(
                sms="{salon}: tu cita de {service} el {when} está confirmada.",
                subject="Cita confirmada: {service}, {when}",
                lead="Tu cita en {salon} está confirmada.",
                link_label="Cambiar o cancelar",
            ),
            K.reminder: KindTexts(
                sms="{salon}: te recordamos tu cita de {service} el {when}.",
                subject="Recordatorio: {service}, {when}",
                lead="Te recordamos tu cita en {salon}.",
                link_label="Cambiar o cancelar",
            ),
            K.cancellation: KindTexts(
                sms="{salon}: tu cita de {service} el {when} ha sido cancelada.",
                subject="Cita cancelada: {service}, {when}",
                lead="Tu cita en {salon} ha sido cancelada.",
                link_label="Reservar de nuevo",
            ),
            K.no_show_salon_alert: KindTexts(
                sms="No presentado: {client}, {service} el {when}.",
                subject="No presentado: {client}, {when}",
                lead="{client} no acudió a esta cita.",
                link_label="Abrir la cita",
            ),
            K.follow_up: KindTexts(
                sms="{salon}: ¡gracias por tu visita! Esperamos verte pronto.",
                subject="Gracias por visitar {salon}",
                lead="Gracias por tu visita. Esperamos verte pronto.",
                link_label="Reserva tu próxima cita",
            ),
            K.waitlist_offer: KindTexts(
                sms="{salon}: hay un hueco libre para {service} el {when}. Te lo guardamos hasta {expires}.",
                subject="Hueco libre: {service}, {when}",
                lead="Buenas noticias: se ha liberado la cita que esperabas. "
                "Te la guardamos hasta {expires}.",
                link_label="Reservar",
            ),
        },
    ),
    "fr": LanguageTexts(
        greeting_named="Bonjour {name},",
        greeting="Bonjour,",
        when="Quand",
        service="Prestation",
        staff="Avec",
        location="Où",
        price="Prix",
        sign_off="À bientôt,\n{salon}",
        separator=" : ",
        kinds={
            K.confirmation: KindTexts(
                sms="{salon} : votre rendez-vous {service} le {when} est confirmé.",
                subject="Rendez-vous confirmé : {service}, {when}",
                lead="Votre rendez-vous chez {salon} est confirmé.",
                link_label="Modifier ou annuler",
            ),
            K.reminder: KindTexts(
                sms="{salon} : rappel de votre rendez-vous {service} le {when}.",
                subject="Rappel : {service}, {when}",
                lead="Nous vous rappelons votre rendez-vous chez {salon}.",
                link_label="Modifier ou annuler",
            ),
            K.cancellation: KindTexts(
                sms="{salon} : votre rendez-vous {service} le {when} a été annulé.",
                subject="Rendez-vous annulé : {service}, {when}",
                lead="Votre rendez-vous chez {salon} a été annulé.",
                link_label="Réserver à nouveau",
            ),
            K.no_show_salon_alert: KindTexts(
                sms="Absence : {client}, {service} le {when}.",
                subject="Absence : {client}, {when}",
                lead="{client} ne s'est pas présenté(e) à ce rendez-vous.",
                link_label="Ouvrir le rendez-vous",
            ),
            K.follow_up: KindTexts(
                sms="{salon} : merci de votre visite ! À bientôt.",
                subject="Merci de votre visite chez {salon}",
                lead="Merci de votre visite. Nous espérons vous revoir bientôt.",
                link_label="Réserver votre prochain rendez-vous",
            ),
            K.waitlist_offer: KindTexts(
                sms="{salon} : un créneau pour {service} le {when} s'est libéré. "
                "Réservé pour vous jusqu'à {expires}.",
                subject="Créneau libre : {service}, {when}",
                lead="Bonne nouvelle : un créneau que vous attendiez s'est libéré. "
                "Il vous est réservé jusqu'à {expires}.",
                link_label="Réserver",
            ),
        },
    ),
}

LANGUAGES = frozenset(TEXTS)
# The salon alert is written by the platform to the salon, so it is not signed in the salon's name.
_PLATFORM_SIGN_OFF = "Parlour"


def _shorten(text: str, limit: int) -> str:
    """Cut a long name at a word boundary; '...' rather than '…', which is not in the SMS alphabet."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 3]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.-:") + "..."


def _expiry(notification: Notification, locale: Locale) -> str:
    """Only the time when the offer ends on the day it was made; else the date too."""
    expires = notification.data.offer_expires_at
    if expires is None:
        return ""
    zone = notification.data.time_zone
    same_day = (
        locales.local_datetime(expires, zone).date()
        == locales.local_datetime(notification.created_at, zone).date()
    )
    if same_day:
        return locales.short_time(expires, zone, locale)
    return locales.short_date_time(expires, zone, locale)


def _fields(
    data: MessageData, when: str, expires: str, salon_limit: int, service_limit: int
) -> dict[str, str]:
    return {
        "salon": _shorten(data.salon_name, salon_limit),
        "service": _shorten(data.service_name, service_limit),
        "when": when,
        "client": _shorten(data.client_name, salon_limit),
        "expires": expires,
    }


def _when(starts_at: datetime | None, zone: str, locale: Locale, *, long: bool) -> str:
    if starts_at is None:
        return ""
    if long:
        return locales.long_date_time(starts_at, zone, locale)
    return locales.short_date_time(starts_at, zone, locale)


def render_sms(notification: Notification, language: LanguageTexts, locale: Locale) -> str:
    data = notification.data
    texts = language.kinds[notification.kind]
    when = _when(data.starts_at, data.time_zone, locale, long=False)
    expires = _expiry(notification, locale)
    body = ""
    for salon_limit, service_limit in _SMS_NAME_LIMITS:
        body = texts.sms.format(**_fields(data, when, expires, salon_limit, service_limit))
        if data.link:
            body = f"{body} {texts.link_label}{language.separator}{data.link}"
        if segments(body) <= MAX_SMS_SEGMENTS:
            break
    # Still over budget (a very long link): send it anyway; a longer SMS beats a missing one.
    return body


def render_email(notification: Notification, language: LanguageTexts, locale: Locale) -> tuple[str, str]:
    data = notification.data
    texts = language.kinds[notification.kind]
    zone = data.time_zone
    long_names = (120, 120)
    subject_fields = _fields(data, _when(data.starts_at, zone, locale, long=False), "", *long_names)
    body_fields = _fields(
        data, _when(data.starts_at, zone, locale, long=True), _expiry(notification, locale), *long_names
    )
    subject = texts.subject.format(**subject_fields)

    name = notification.recipient.name
    lines = [
        language.greeting_named.format(name=name) if name else language.greeting,
        "",
        texts.lead.format(**body_fields),
    ]
    details = [
        (language.when, body_fields["when"]),
        (language.service, data.service_name),
        (language.staff, data.staff_name),
        (language.location, ", ".join(part for part in (data.location_name, data.location_address) if part)),
        (language.price, locales.price(data.price, locale) if data.price else ""),
    ]
    shown = [f"{label}{language.separator}{value}" for label, value in details if value]
    if shown:
        lines += ["", *shown]
    if data.link:
        lines += ["", f"{texts.link_label}{language.separator}{data.link}"]
    sign_off = (
        _PLATFORM_SIGN_OFF
        if notification.kind is NotificationKind.no_show_salon_alert
        else language.sign_off.format(salon=data.salon_name)
    )
    lines += ["", sign_off]
    return subject, "\n".join(lines) + "\n"


def render_for_console(notification: Notification, salon: SalonMessaging) -> RenderedMessage:
    """The email text of a notification that has no address to go to: shown in the salon's outbox only."""
    resolved = locales.resolve_locale(notification.recipient.locale, salon.default_locale, LANGUAGES)
    subject, body = render_email(notification, TEXTS[resolved.template_key], resolved.locale)
    return RenderedMessage(channel=Channel.email, to="", subject=subject, body=body, locale=resolved.tag)


def render(notification: Notification, channel: Channel, salon: SalonMessaging) -> RenderedMessage:
    """The message in the recipient's language, with times in the location's zone."""
    resolved = locales.resolve_locale(notification.recipient.locale, salon.default_locale, LANGUAGES)
    language = TEXTS[resolved.template_key]
    to = notification.recipient.address(channel)
    if to is None:
        raise ValueError(f"the recipient has no {channel.value} address")
    if channel is Channel.sms:
        return RenderedMessage(
            channel=channel,
            to=to,
            body=render_sms(notification, language, resolved.locale),
            locale=resolved.tag,
        )
    subject, body = render_email(notification, language, resolved.locale)
    return RenderedMessage(channel=channel, to=to, subject=subject, body=body, locale=resolved.tag)

// Texts of the web clients in five languages, the language choice, and locale-aware formatting.
// The language is the one the visitor picked (kept in localStorage), else the browser's first supported
// one, else English. Dates and times are always shown in the location's time zone, not the device's.

export const LANGUAGES = {
  en: "English",
  pl: "Polski",
  de: "Deutsch",
  es: "Español",
  fr: "Français",
};
const STORAGE_KEY = "parlour.language";

export const TEXTS = {
  en: {
    language: "Language",
    loading: "Loading…",
    error: "Something went wrong. Please try again.",
    retry: "Try again",
    offline: "You are offline. Connect to the internet to see free times and book.",
    salonMissing: "We could not find this salon.",
    skipToContent: "Skip to content",
    minutes: "{n} min",
    "site.tagline": "Book your next visit online in under a minute.",
    "site.bookNow": "Book a visit",
    "site.services": "Services",
    "site.specialists": "Specialists",
    "site.locations": "Locations",
    "site.book": "Book",
    "site.bookService": "Book {service}",
    "site.bookWith": "Book with {name}",
    "site.skills": "Skills",
    "site.worksAt": "Works at",
    "site.openingHours": "Opening hours",
    "site.closed": "Closed",
    "site.closedOn": "Closed on",
    "site.at": "At {location}",
    "site.description": "{salon}: {categories}. See prices and free times, and book online.",
    "book.title": "Book a visit",
    "book.stepOf": "Step {n} of {total}",
    "book.step1": "Service",
    "book.step2": "Time",
    "book.step3": "Details",
    "book.step4": "Confirm",
    "book.chooseService": "Choose a service",
    "book.chooseOption": "Choose an option",
    "book.otherServices": "Show all services",
    "book.location": "Location",
    "book.continue": "Continue",
    "book.back": "Back",
    "book.chooseServiceError": "Choose a service to continue.",
    "book.chooseLocationError": "Choose a location to continue.",
    "book.chooseTime": "Choose a time",
    "book.specialist": "Specialist",
    "book.anySpecialist": "Any specialist",
    "book.days": "Days",
    "book.timesOn": "Free times on {day}",
    "book.noSlots": "No free times in these days. Try later dates or another specialist.",
    "book.earlier": "Earlier dates",
    "book.later": "Later dates",
    "book.chooseTimeError": "Choose a time to continue.",
    "book.yourDetails": "Your details",
    "book.name": "Full name",
    "book.phone": "Mobile phone",
    "book.phoneHint": "With the country code, e.g. +48 501 234 567.",
    "book.email": "Email",
    "book.contactHint": "Give a phone number or an email address so we can confirm your booking.",
    "book.note": "Note for the salon (optional)",
    "book.reminders": "Reminders and news",
    "book.remindSms": "Send me reminders by SMS",
    "book.remindEmail": "Send me reminders by email",
    "book.marketing": "Send me offers and news",
    "book.errName": "Enter your name.",
    "book.errContact": "Enter a phone number or an email address.",
    "book.errPhone": "Enter the phone number with its country code, e.g. +48501234567.",
    "book.errEmail": "Enter a valid email address.",
    "book.checkAndConfirm": "Check and confirm",
    "book.service": "Service",
    "book.when": "When",
    "book.with": "With",
    "book.where": "Where",
    "book.price": "Price",
    "book.contact": "Contact",
    "book.confirm": "Confirm booking",
    "book.booking": "Booking…",
    "book.cancelPolicy": "You can cancel free of charge until {hours} hours before your visit.",
    "book.slotTaken": "Sorry, someone has just booked that time. These times are still free:",
    "book.slotTakenNone": "Sorry, someone has just booked that time. Please choose another time.",
    "book.pickAlternative": "Choose this time",
    "book.booked": "You are booked!",
    "book.bookedText": "We have saved your booking. Use this link to view, move or cancel it:",
    "book.priceChanged": "The price changed since you saw it, from {old} to {new}. Your booking is at {new}.",
    "book.manage": "Manage your booking",
    "book.bookAnother": "Book another visit",
    "book.status": "Status",
    "status.held": "Awaiting confirmation",
    "status.confirmed": "Confirmed",
    "status.checked_in": "Checked in",
    "status.completed": "Completed",
    "status.cancelled": "Cancelled",
    "status.no_show": "Missed",
    "status.expired": "Expired",
    "manage.title": "Your booking",
    "manage.badLink": "This link does not work. Open the link from your confirmation.",
    "manage.cancel": "Cancel booking",
    "manage.cancelQuestion": "Do you want to cancel this booking?",
    "manage.cancelLate": "It is less than {hours} hours before your visit: the salon counts this as a late cancellation.",
    "manage.reason": "Reason (optional)",
    "manage.keep": "Keep my booking",
    "manage.cancelYes": "Yes, cancel it",
    "manage.cancelled": "Your booking is cancelled.",
    "manage.reschedule": "Change the time",
    "manage.moveHere": "Move to this time",
    "manage.rescheduled": "Your booking has been moved.",
    "manage.closeReschedule": "Keep the current time",
  },
  pl: {
    language: "Język",
    loading: "Wczytywanie…",
    error: "Coś poszło nie tak. Spróbuj ponownie.",
    retry: "Spróbuj ponownie",
    offline: "Jesteś offline. Połącz się z internetem, aby zobaczyć wolne terminy i zarezerwować.",
    salonMissing: "Nie znaleźliśmy tego salonu.",
    skipToContent: "Przejdź do treści",
    minutes: "{n} min",
    "site.tagline": "Zarezerwuj kolejną wizytę online w niecałą minutę.",
    "site.bookNow": "Zarezerwuj wizytę",
    "site.services": "Usługi",
    "site.specialists": "Specjaliści",
    "site.locations": "Lokalizacje",
    "site.book": "Zarezerwuj",
    "site.bookService": "Zarezerwuj: {service}",
    "site.bookWith": "Zarezerwuj u: {name}",
    "site.skills": "Umiejętności",
    "site.worksAt": "Pracuje w",
    "site.openingHours": "Godziny otwarcia",
    "site.closed": "Zamknięte",
    "site.closedOn": "Zamknięte w dniach",
    "site.at": "W: {location}",
    "site.description": "{salon}: {categories}. Sprawdź ceny i wolne terminy, zarezerwuj online.",
    "book.title": "Rezerwacja wizyty",
    "book.stepOf": "Krok {n} z {total}",
    "book.step1": "Usługa",
    "book.step2": "Termin",
    "book.step3": "Dane",
    "book.step4": "Potwierdzenie",
    "book.chooseService": "Wybierz usługę",
    "book.chooseOption": "Wybierz wariant",
    "book.otherServices": "Pokaż wszystkie usługi",
    "book.location": "Lokalizacja",
    "book.continue": "Dalej",
    "book.back": "Wstecz",
    "book.chooseServiceError": "Wybierz usługę, aby przejść dalej.",
    "book.chooseLocationError": "Wybierz lokalizację, aby przejść dalej.",
    "book.chooseTime": "Wybierz termin",
    "book.specialist": "Specjalista",
    "book.anySpecialist": "Dowolny specjalista",
    "book.days": "Dni",
    "book.timesOn": "Wolne godziny: {day}",
    "book.noSlots": "Brak wolnych terminów w tych dniach. Sprawdź późniejsze daty lub innego specjalistę.",
    "book.earlier": "Wcześniejsze dni",
    "book.later": "Późniejsze dni",
    "book.chooseTimeError": "Wybierz godzinę, aby przejść dalej.",
    "book.yourDetails": "Twoje dane",
    "book.name": "Imię i nazwisko",
    "book.phone": "Telefon komórkowy",
    "book.phoneHint": "Z numerem kierunkowym kraju, np. +48 501 234 567.",
    "book.email": "E-mail",
    "book.contactHint": "Podaj numer telefonu lub adres e-mail, abyśmy mogli potwierdzić rezerwację.",
    "book.note": "Uwagi dla salonu (opcjonalnie)",
    "book.reminders": "Przypomnienia i nowości",
    "book.remindSms": "Wysyłaj mi przypomnienia SMS-em",
    "book.remindEmail": "Wysyłaj mi przypomnienia e-mailem",
    "book.marketing": "Wysyłaj mi oferty i nowości",
    "book.errName": "Podaj imię i nazwisko.",
    "book.errContact": "Podaj numer telefonu lub adres e-mail.",
    "book.errPhone": "Podaj numer telefonu z kierunkowym kraju, np. +48501234567.",
    "book.errEmail": "Podaj poprawny adres e-mail.",
    "book.checkAndConfirm": "Sprawdź i potwierdź",
    "book.service": "Usługa",
    "book.when": "Kiedy",
    "book.with": "Specjalista",
    "book.where": "Gdzie",
    "book.price": "Cena",
    "book.contact": "Kontakt",
    "book.confirm": "Potwierdzam rezerwację",
    "book.booking": "Rezerwuję…",
    "book.cancelPolicy": "Możesz bezpłatnie odwołać wizytę do {hours} godzin przed jej rozpoczęciem.",
    "book.slotTaken": "Przepraszamy, ktoś właśnie zarezerwował ten termin. Te terminy są nadal wolne:",
    "book.slotTakenNone": "Przepraszamy, ktoś właśnie zarezerwował ten termin. Wybierz inny.",
    "book.pickAlternative": "Wybierz ten termin",
    "book.booked": "Rezerwacja przyjęta!",
    "book.bookedText": "Zapisaliśmy Twoją rezerwację. Pod tym linkiem możesz ją sprawdzić, przenieść lub odwołać:",
    "book.priceChanged": "Cena zmieniła się od chwili, gdy ją widziałeś: z {old} na {new}. Rezerwacja jest w cenie {new}.",
    "book.manage": "Zarządzaj rezerwacją",
    "book.bookAnother": "Zarezerwuj kolejną wizytę",
    "book.status": "Status",
    "status.held": "Oczekuje na potwierdzenie",
    "status.confirmed": "Potwierdzona",
    "status.checked_in": "Na miejscu",
    "status.completed": "Zakończona",
    "status.cancelled": "Odwołana",
    "status.no_show": "Nieobecność",
    "status.expired": "Wygasła",
    "manage.title": "Twoja rezerwacja",
    "manage.badLink": "Ten link nie działa. Otwórz link z potwierdzenia rezerwacji.",
    "manage.cancel": "Odwołaj wizytę",
    "manage.cancelQuestion": "Czy na pewno chcesz odwołać tę wizytę?",
    "manage.cancelLate": "Do wizyty zostało mniej niż {hours} godzin: salon uzna to za późne odwołanie.",
    "manage.reason": "Powód (opcjonalnie)",
    "manage.keep": "Zostawiam wizytę",
    "manage.cancelYes": "Tak, odwołaj",
    "manage.cancelled": "Twoja wizyta została odwołana.",
    "manage.reschedule": "Zmień termin",
    "manage.moveHere": "Przenieś na ten termin",
    "manage.rescheduled": "Twoja wizyta została przeniesiona.",
    "manage.closeReschedule": "Zostaw obecny termin",
  },
  de: {
    language: "Sprache",
    loading: "Wird geladen…",
    error: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    retry: "Erneut versuchen",
    offline: "Sie sind offline. Verbinden Sie sich mit dem Internet, um freie Termine zu sehen und zu buchen.",
    salonMissing: "Wir konnten diesen Salon nicht finden.",
    skipToContent: "Zum Inhalt springen",
    minutes: "{n} Min.",
    "site.tagline": "Buchen Sie Ihren nächsten Besuch online in weniger als einer Minute.",
    "site.bookNow": "Termin buchen",
    "site.services": "Leistungen",
    "site.specialists": "Unser Team",
    "site.locations": "Standorte",
    "site.book": "Buchen",
    "site.bookService": "{service} buchen",
    "site.bookWith": "Bei {name} buchen",
    "site.skills": "Fachgebiete",
    "site.worksAt": "Arbeitet in",
    "site.openingHours": "Öffnungszeiten",
    "site.closed": "Geschlossen",
    "site.closedOn": "Geschlossen am",
    "site.at": "In {location}",
    "site.description": "{salon}: {categories}. Preise und freie Termine ansehen und online buchen.",
    "book.title": "Termin buchen",
    "book.stepOf": "Schritt {n} von {total}",
    "book.step1": "Leistung",
    "book.step2": "Termin",
    "book.step3": "Angaben",
    "book.step4": "Bestätigen",
    "book.chooseService": "Leistung wählen",
    "book.chooseOption": "Variante wählen",
    "book.otherServices": "Alle Leistungen anzeigen",
    "book.location": "Standort",
    "book.continue": "Weiter",
    "book.back": "Zurück",
    "book.chooseServiceError": "Wählen Sie eine Leistung, um fortzufahren.",
    "book.chooseLocationError": "Wählen Sie einen Standort, um fortzufahren.",
    "book.chooseTime": "Termin wählen",
    "book.specialist": "Mitarbeiter:in",
    "book.anySpecialist": "Beliebige Mitarbeiter:in",
    "book.days": "Tage",
    "book.timesOn": "Freie Zeiten am {day}",
    "book.noSlots": "An diesen Tagen ist nichts frei. Versuchen Sie spätere Tage oder eine andere Mitarbeiter:in.",
    "book.earlier": "Frühere Tage",
    "book.later": "Spätere Tage",
    "book.chooseTimeError": "Wählen Sie eine Uhrzeit, um fortzufahren.",
    "book.yourDetails": "Ihre Angaben",
    "book.name": "Vor- und Nachname",
    "book.phone": "Mobiltelefon",
    "book.phoneHint": "Mit Ländervorwahl, z. B. +49 151 2345678.",
    "book.email": "E-Mail",
    "book.contactHint": "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse an, damit wir Ihre Buchung bestätigen können.",
    "book.note": "Hinweis für den Salon (optional)",
    "book.reminders": "Erinnerungen und Neuigkeiten",
    "book.remindSms": "Erinnerungen per SMS senden",
    "book.remindEmail": "Erinnerungen per E-Mail senden",
    "book.marketing": "Angebote und Neuigkeiten senden",
    "book.errName": "Geben Sie Ihren Namen ein.",
    "book.errContact": "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein.",
    "book.errPhone": "Geben Sie die Telefonnummer mit Ländervorwahl ein, z. B. +491512345678.",
    "book.errEmail": "Geben Sie eine gültige E-Mail-Adresse ein.",
    "book.checkAndConfirm": "Prüfen und bestätigen",
    "book.service": "Leistung",
    "book.when": "Wann",
    "book.with": "Bei",
    "book.where": "Wo",
    "book.price": "Preis",
    "book.contact": "Kontakt",
    "book.confirm": "Verbindlich buchen",
    "book.booking": "Wird gebucht…",
    "book.cancelPolicy": "Sie können bis {hours} Stunden vor Ihrem Termin kostenlos stornieren.",
    "book.slotTaken": "Leider wurde dieser Termin gerade gebucht. Diese Zeiten sind noch frei:",
    "book.slotTakenNone": "Leider wurde dieser Termin gerade gebucht. Bitte wählen Sie eine andere Zeit.",
    "book.pickAlternative": "Diese Zeit wählen",
    "book.booked": "Ihr Termin ist gebucht!",
    "book.bookedText": "Wir haben Ihre Buchung gespeichert. Über diesen Link können Sie sie ansehen, verschieben oder stornieren:",
    "book.priceChanged": "Der Preis hat sich geändert, seit Sie ihn gesehen haben: von {old} auf {new}. Ihre Buchung gilt zu {new}.",
    "book.manage": "Buchung verwalten",
    "book.bookAnother": "Weiteren Termin buchen",
    "book.status": "Status",
    "status.held": "Wartet auf Bestätigung",
    "status.confirmed": "Bestätigt",
    "status.checked_in": "Eingecheckt",
    "status.completed": "Abgeschlossen",
    "status.cancelled": "Storniert",
    "status.no_show": "Nicht erschienen",
    "status.expired": "Abgelaufen",
    "manage.title": "Ihre Buchung",
    "manage.badLink": "Dieser Link funktioniert nicht. Öffnen Sie den Link aus Ihrer Bestätigung.",
    "manage.cancel": "Termin stornieren",
    "manage.cancelQuestion": "Möchten Sie diesen Termin wirklich stornieren?",
    "manage.cancelLate": "Es sind weniger als {hours} Stunden bis zu Ihrem Termin: Der Salon wertet dies als späte Stornierung.",
    "manage.reason": "Grund (optional)",
    "manage.keep": "Termin behalten",
    "manage.cancelYes": "Ja, stornieren",
    "manage.cancelled": "Ihr Termin ist storniert.",
    "manage.reschedule": "Termin verschieben",
    "manage.moveHere": "Auf diese Zeit verschieben",
    "manage.rescheduled": "Ihr Termin wurde verschoben.",
    "manage.closeReschedule": "Aktuellen Termin behalten",
  },
  es: {
    language: "Idioma",
    loading: "Cargando…",
    error: "Algo ha fallado. Inténtalo de nuevo.",
    retry: "Reintentar",
    offline: "No tienes conexión. Conéctate a internet para ver las horas libres y reservar.",
    salonMissing: "No hemos encontrado este salón.",
    skipToContent: "Saltar al contenido",
    minutes: "{n} min",
    "site.tagline": "Reserva tu próxima visita online en menos de un minuto.",
    "site.bookNow": "Reservar cita",
    "site.services": "Servicios",
    "site.specialists": "Especialistas",
    "site.locations": "Centros",
    "site.book": "Reservar",
    "site.bookService": "Reservar {service}",
    "site.bookWith": "Reservar con {name}",
    "site.skills": "Especialidades",
    "site.worksAt": "Trabaja en",
    "site.openingHours": "Horario",
    "site.closed": "Cerrado",
    "site.closedOn": "Cerrado los días",
    "site.at": "En {location}",
    "site.description": "{salon}: {categories}. Consulta precios y horas libres y reserva online.",
    "book.title": "Reservar cita",
    "book.stepOf": "Paso {n} de {total}",
    "book.step1": "Servicio",
    "book.step2": "Hora",
    "book.step3": "Datos",
    "book.step4": "Confirmar",
    "book.chooseService": "Elige un servicio",
    "book.chooseOption": "Elige una opción",
    "book.otherServices": "Ver todos los servicios",
    "book.location": "Centro",
    "book.continue": "Continuar",
    "book.back": "Atrás",
    "book.chooseServiceError": "Elige un servicio para continuar.",
    "book.chooseLocationError": "Elige un centro para continuar.",
    "book.chooseTime": "Elige una hora",
    "book.specialist": "Especialista",
    "book.anySpecialist": "Cualquier especialista",
    "book.days": "Días",
    "book.timesOn": "Horas libres el {day}",
    "book.noSlots": "No hay horas libres en estos días. Prueba fechas posteriores u otro especialista.",
    "book.earlier": "Fechas anteriores",
    "book.later": "Fechas posteriores",
    "book.chooseTimeError": "Elige una hora para continuar.",
    "book.yourDetails": "Tus datos",
    "book.name": "Nombre y apellidos",
    "book.phone": "Teléfono móvil",
    "book.phoneHint": "Con el prefijo del país, p. ej. +34 612 345 678.",
    "book.email": "Correo electrónico",
    "book.contactHint": "Indica un teléfono o un correo electrónico para que podamos confirmar tu reserva.",
    "book.note": "Nota para el salón (opcional)",
    "book.reminders": "Recordatorios y novedades",
    "book.remindSms": "Enviadme recordatorios por SMS",
    "book.remindEmail": "Enviadme recordatorios por correo",
    "book.marketing": "Enviadme ofertas y novedades",
    "book.errName": "Escribe tu nombre.",
    "book.errContact": "Escribe un teléfono o un correo electrónico.",
    "book.errPhone": "Escribe el teléfono con el prefijo del país, p. ej. +34612345678.",
    "book.errEmail": "Escribe un correo electrónico válido.",
    "book.checkAndConfirm": "Revisa y confirma",
    "book.service": "Servicio",
    "book.when": "Cuándo",
    "book.with": "Con",
    "book.where": "Dónde",
    "book.price": "Precio",
    "book.contact": "Contacto",
    "book.confirm": "Confirmar reserva",
    "book.booking": "Reservando…",
    "book.cancelPolicy": "Puedes cancelar gratis hasta {hours} horas antes de tu cita.",
    "book.slotTaken": "Lo sentimos, alguien acaba de reservar esa hora. Estas horas siguen libres:",
    "book.slotTakenNone": "Lo sentimos, alguien acaba de reservar esa hora. Elige otra, por favor.",
    "book.pickAlternative": "Elegir esta hora",
    "book.booked": "¡Reserva hecha!",
    "book.bookedText": "Hemos guardado tu reserva. Con este enlace puedes verla, cambiarla o cancelarla:",
    "book.priceChanged": "El precio ha cambiado desde que lo viste: de {old} a {new}. Tu reserva queda a {new}.",
    "book.manage": "Gestionar mi reserva",
    "book.bookAnother": "Reservar otra cita",
    "book.status": "Estado",
    "status.held": "Pendiente de confirmación",
    "status.confirmed": "Confirmada",
    "status.checked_in": "En el salón",
    "status.completed": "Completada",
    "status.cancelled": "Cancelada",
    "status.no_show": "No presentado",
    "status.expired": "Caducada",
    "manage.title": "Tu reserva",
    "manage.badLink": "Este enlace no funciona. Abre el enlace de tu confirmación.",
    "manage.cancel": "Cancelar reserva",
    "manage.cancelQuestion": "¿Quieres cancelar esta reserva?",
    "manage.cancelLate": "Faltan menos de {hours} horas para tu cita: el salón lo considera una cancelación tardía.",
    "manage.reason": "Motivo (opcional)",
    "manage.keep": "Mantener mi reserva",
    "manage.cancelYes": "Sí, cancelar",
    "manage.cancelled": "Tu reserva está cancelada.",
    "manage.reschedule": "Cambiar la hora",
    "manage.moveHere": "Cambiar a esta hora",
    "manage.rescheduled": "Tu reserva se ha cambiado.",
    "manage.closeReschedule": "Mantener la hora actual",
  },
  fr: {
    language: "Langue",
    loading: "Chargement…",
    error: "Une erreur s’est produite. Veuillez réessayer.",
    retry: "Réessayer",
    offline: "Vous êtes hors ligne. Connectez-vous à internet pour voir les créneaux libres et réserver.",
    salonMissing: "Nous n’avons pas trouvé ce salon.",
    skipToContent: "Aller au contenu",
    minutes: "{n} min",
    "site.tagline": "Réservez votre prochaine visite en ligne en moins d’une minute.",
    "site.bookNow": "Prendre rendez-vous",
    "site.services": "Prestations",
    "site.specialists": "L’équipe",
    "site.locations": "Adresses",
    "site.book": "Réserver",
    "site.bookService": "Réserver : {service}",
    "site.bookWith": "Réserver avec {name}",
    "site.skills": "Spécialités",
    "site.worksAt": "Travaille à",
    "site.openingHours": "Horaires d’ouverture",
    "site.closed": "Fermé",
    "site.closedOn": "Fermé le",
    "site.at": "À {location}",
    "site.description": "{salon} : {categories}. Consultez les prix et les créneaux libres, réservez en ligne.",
    "book.title": "Prendre rendez-vous",
    "book.stepOf": "Étape {n} sur {total}",
    "book.step1": "Prestation",
    "book.step2": "Créneau",
    "book.step3": "Coordonnées",
    "book.step4": "Confirmation",
    "book.chooseService": "Choisissez une prestation",
    "book.chooseOption": "Choisissez une option",
    "book.otherServices": "Voir toutes les prestations",
    "book.location": "Adresse",
    "book.continue": "Continuer",
    "book.back": "Retour",
    "book.chooseServiceError": "Choisissez une prestation pour continuer.",
    "book.chooseLocationError": "Choisissez une adresse pour continuer.",
    "book.chooseTime": "Choisissez un créneau",
    "book.specialist": "Spécialiste",
    "book.anySpecialist": "Peu importe",
    "book.days": "Jours",
    "book.timesOn": "Créneaux libres le {day}",
    "book.noSlots": "Aucun créneau libre ces jours-ci. Essayez des dates plus tardives ou un autre spécialiste.",
    "book.earlier": "Dates précédentes",
    "book.later": "Dates suivantes",
    "book.chooseTimeError": "Choisissez un horaire pour continuer.",
    "book.yourDetails": "Vos coordonnées",
    "book.name": "Nom et prénom",
    "book.phone": "Téléphone mobile",
    "book.phoneHint": "Avec l’indicatif du pays, par ex. +33 6 12 34 56 78.",
    "book.email": "E-mail",
    "book.contactHint": "Indiquez un téléphone ou une adresse e-mail pour que nous puissions confirmer votre réservation.",
    "book.note": "Message pour le salon (facultatif)",
    "book.reminders": "Rappels et nouveautés",
    "book.remindSms": "M’envoyer des rappels par SMS",
    "book.remindEmail": "M’envoyer des rappels par e-mail",
    "book.marketing": "M’envoyer des offres et des nouveautés",
    "book.errName": "Indiquez votre nom.",
    "book.errContact": "Indiquez un téléphone ou une adresse e-mail.",
    "book.errPhone": "Indiquez le téléphone avec l’indicatif du pays, par ex. +33612345678.",
    "book.errEmail": "Indiquez une adresse e-mail valide.",
    "book.checkAndConfirm": "Vérifiez et confirmez",
    "book.service": "Prestation",
    "book.when": "Quand",
    "book.with": "Avec",
    "book.where": "Où",
    "book.price": "Prix",
    "book.contact": "Contact",
    "book.confirm": "Confirmer la réservation",
    "book.booking": "Réservation…",
    "book.cancelPolicy": "Annulation gratuite jusqu’à {hours} heures avant votre rendez-vous.",
    "book.slotTaken": "Désolé, ce créneau vient d’être réservé. Ces créneaux sont encore libres :",
    "book.slotTakenNone": "Désolé, ce créneau vient d’être réservé. Veuillez en choisir un autre.",
    "book.pickAlternative": "Choisir ce créneau",
    "book.booked": "C’est réservé !",
    "book.bookedText": "Votre réservation est enregistrée. Ce lien vous permet de la consulter, la déplacer ou l’annuler :",
    "book.priceChanged": "Le prix a changé depuis que vous l’avez vu : de {old} à {new}. Votre réservation est à {new}.",
    "book.manage": "Gérer ma réservation",
    "book.bookAnother": "Réserver une autre visite",
    "book.status": "Statut",
    "status.held": "En attente de confirmation",
    "status.confirmed": "Confirmée",
    "status.checked_in": "Arrivé",
    "status.completed": "Terminée",
    "status.cancelled": "Annulée",
    "status.no_show": "Absence",
    "status.expired": "Expirée",
    "manage.title": "Votre réservation",
    "manage.badLink": "Ce lien ne fonctionne pas. Ouvrez le lien de votre confirmation.",
    "manage.cancel": "Annuler le rendez-vous",
    "manage.cancelQuestion": "Voulez-vous vraiment annuler ce rendez-vous ?",
    "manage.cancelLate": "Il reste moins de {hours} heures avant votre rendez-vous : le salon le compte comme une annulation tardive.",
    "manage.reason": "Motif (facultatif)",
    "manage.keep": "Garder mon rendez-vous",
    "manage.cancelYes": "Oui, annuler",
    "manage.cancelled": "Votre rendez-vous est annulé.",
    "manage.reschedule": "Changer d’horaire",
    "manage.moveHere": "Déplacer à ce créneau",
    "manage.rescheduled": "Votre rendez-vous a été déplacé.",
    "manage.closeReschedule": "Garder l’horaire actuel",
  },
};

let current = "en";

function supported(tag) {
  const base = String(tag || "").toLowerCase().split("-")[0];
  return base in LANGUAGES ? base : null;
}

function initialLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private mode); the browser's languages still apply.
  }
  return supported(stored) || (navigator.languages || [navigator.language]).map(supported).find(Boolean) || "en";
}

export function language() {
  return current;
}

export function t(key, params = {}) {
  const text = TEXTS[current][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Sets the page language: <html lang>, every [data-i18n] text, then tells the page to render again. */
export function setLanguage(wanted, { remember = true } = {}) {
  current = supported(wanted) || "en";
  document.documentElement.lang = current;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // Not kept across visits, but this page still switches.
    }
  }
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll("[data-i18n-aria-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
  }
  for (const select of document.querySelectorAll("select[data-language-switch]")) {
    select.value = current;
  }
  document.dispatchEvent(new CustomEvent("parlour:language", { detail: { language: current } }));
}

/** Fills every <select data-language-switch> with the languages and switches on change. */
export function initLanguage() {
  for (const select of document.querySelectorAll("select[data-language-switch]")) {
    select.replaceChildren(
      ...Object.entries(LANGUAGES).map(([code, name]) => {
        const option = document.createElement("option");
        option.value = code;
        option.lang = code;
        option.textContent = name;
        return option;
      }),
    );
    select.addEventListener("change", () => setLanguage(select.value));
  }
  setLanguage(initialLanguage(), { remember: false });
}

// ----- formatting in the current language ----------------------------------------------------------

function fractionDigits(currency) {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
}

/** Money is integer minor units; the division happens only here, for display. */
export function formatMoney(money) {
  const digits = fractionDigits(money.currency);
  return new Intl.NumberFormat(current, { style: "currency", currency: money.currency }).format(
    money.amount / 10 ** digits,
  );
}

export function formatTime(instant, timeZone, { withZone = false } = {}) {
  const zoneName = withZone ? { timeZoneName: "short" } : {};
  return new Intl.DateTimeFormat(current, { timeZone, hour: "numeric", minute: "2-digit", ...zoneName }).format(
    new Date(instant),
  );
}

export function formatDateTime(instant, timeZone) {
  return new Intl.DateTimeFormat(current, {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(instant));
}

/** A local day "YYYY-MM-DD" (no time zone: it already is the location's day). */
export function formatDay(localDay, style = "long") {
  const [year, month, day] = localDay.split("-").map(Number);
  const options =
    style === "short"
      ? { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }
      : { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" };
  return new Intl.DateTimeFormat(current, options).format(new Date(Date.UTC(year, month - 1, day, 12)));
}

const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export function weekdayName(key) {
  // 2024-01-01 was a Monday.
  const index = WEEKDAY_KEYS.indexOf(key);
  return new Intl.DateTimeFormat(current, { timeZone: "UTC", weekday: "long" }).format(
    new Date(Date.UTC(2024, 0, 1 + index, 12)),
  );
}

/** A wall time "HH:MM[:SS]" as the language writes it. */
export function formatWallTime(wallTime) {
  const [hours, minutes] = wallTime.split(":").map(Number);
  return new Intl.DateTimeFormat(current, { timeZone: "UTC", hour: "numeric", minute: "2-digit" }).format(
    new Date(Date.UTC(2024, 0, 1, hours, minutes)),
  );
}

export function formatList(items) {
  return new Intl.ListFormat(current, { style: "long", type: "conjunction" }).format(items);
}

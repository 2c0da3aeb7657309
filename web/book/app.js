// The booking flow in four steps: service and option -> time (optional specialist) -> details -> confirm,
// then the confirmation with the manage link. Entry links preselect the service, option, specialist or
// location (see shared/links.js).
import { ApiError, Offline, book, getSalon, getServices, getStaff } from "../shared/api.js";
import { h, replaceChildren } from "../shared/dom.js";
import { formatDateTime, formatMoney, initLanguage, language, t } from "../shared/i18n.js";
import { bookingLink, entryParameters } from "../shared/links.js";
import { loadAllPrices, priceOf, priceSeen } from "../shared/prices.js";
import { registerServiceWorker } from "./register-sw.js";
import { TimePicker } from "./timepicker.js";

const STEPS = ["book.step1", "book.step2", "book.step3", "book.step4"];
const entry = entryParameters();
const view = document.getElementById("view");
const progress = document.getElementById("progress");
const announcer = document.getElementById("announcer");

const state = {
  step: 0, // 1..4, 5 = booked
  salon: null,
  services: [],
  staff: [],
  prices: new Map(),
  showAll: !entry.service,
  serviceId: entry.service,
  variantId: entry.variant,
  locationId: entry.location,
  staffFilter: entry.staff || "",
  slot: null,
  details: { name: "", phone: "", email: "", note: "", sms: true, emailReminders: true, marketing: false },
  fieldErrors: {},
  idempotencyKey: null,
  alternatives: null,
  problem: null, // a message shown on the current step
  submitting: false,
  confirmation: null,
};
let picker = null;

// ----- loading ---------------------------------------------------------------------------------------

async function start() {
  try {
    const [salon, catalog, staff] = await Promise.all([
      getSalon(entry.salon),
      getServices(entry.salon),
      getStaff(entry.salon),
    ]);
    state.salon = salon;
    state.services = catalog.services;
    state.staff = staff;
    state.prices = await loadAllPrices(
      salon.id,
      salon.locations.map((item) => item.id),
      catalog.services,
    );
  } catch (error) {
    showLoadProblem(error);
    return;
  }
  document.getElementById("brand").textContent = state.salon.name;
  document.getElementById("brand").href = `/site/?salon=${encodeURIComponent(state.salon.id)}`;
  const chosen = service();
  if (chosen && !state.variantId && chosen.variants.length === 1) state.variantId = chosen.variants[0].id;
  if (entry.service && !chosen) state.showAll = true;
  history.replaceState({ step: 1 }, "");
  show(1, { focus: false });
}

function showLoadProblem(error) {
  const message =
    error instanceof Offline ? t("offline") : error instanceof ApiError && error.status === 404 ? t("salonMissing") : t("error");
  replaceChildren(
    view,
    h(
      "div",
      { class: "notice error", role: "alert" },
      h("p", {}, message),
      h("button", { type: "button", class: "button secondary", onclick: () => location.reload() }, t("retry")),
    ),
  );
}

// ----- what is chosen ----------------------------------------------------------------------------------

function service() {
  return state.services.find((item) => item.id === state.serviceId) || null;
}

function variant() {
  return service()?.variants.find((item) => item.id === state.variantId) || null;
}

function place() {
  const chosen = service();
  if (!chosen) return null;
  const id = state.locationId && chosen.location_ids.includes(state.locationId) ? state.locationId : null;
  const locationId = id || (chosen.location_ids.length === 1 ? chosen.location_ids[0] : null);
  return state.salon.locations.find((item) => item.id === locationId) || null;
}

function staffName(id) {
  return state.staff.find((member) => member.id === id)?.name || id;
}

function price(serviceId, variantId, locationId) {
  return priceOf(state.prices, locationId, serviceId, variantId);
}

function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// ----- navigation ----------------------------------------------------------------------------------

function show(step, { focus = true, push = false } = {}) {
  if (picker && step !== 2) {
    picker.stop();
    picker = null;
  }
  if (push && step !== state.step) history.pushState({ step }, "");
  state.step = step;
  document.title = `${t("book.title")} · ${state.salon.name}`;
  renderProgress();
  const render = [null, renderService, renderTime, renderDetails, renderConfirm, renderBooked][step];
  replaceChildren(view, render());
  const heading = view.querySelector("h2");
  if (step <= 4) announcer.textContent = `${t("book.stepOf", { n: step, total: 4 })}: ${t(STEPS[step - 1])}`;
  if (focus && heading) heading.focus();
}

function next(step) {
  state.problem = null;
  show(step, { push: true });
}

window.addEventListener("popstate", (event) => {
  if (!state.salon) return;
  if (state.confirmation) {
    history.replaceState({ step: 5 }, "");
    show(5);
    return;
  }
  const wanted = event.state?.step || 1;
  // Never land on a step whose choices are missing (e.g. after a slot was lost).
  const reachable = !variant() || !place() ? 1 : !state.slot ? Math.min(wanted, 2) : wanted;
  show(Math.min(wanted, reachable));
});

function renderProgress() {
  progress.hidden = state.step > 4;
  if (state.step > 4) return;
  replaceChildren(
    progress,
    h(
      "ol",
      {},
      STEPS.map((key, index) =>
        h(
          "li",
          {
            class: index + 1 < state.step ? "done" : null,
            "aria-current": index + 1 === state.step ? "step" : null,
          },
          t(key),
        ),
      ),
    ),
    h("p", { class: "step-count" }, t("book.stepOf", { n: state.step, total: 4 })),
  );
}

function heading(key) {
  return h("h2", { tabindex: "-1" }, t(key));
}

function problem() {
  return state.problem ? h("p", { class: "notice error", role: "alert" }, state.problem) : null;
}

function actions(...buttons) {
  return h("div", { class: "actions" }, buttons);
}

function backButton() {
  return h("button", { type: "button", class: "button secondary", onclick: () => history.back() }, t("book.back"));
}

// ----- step 1: service and option ----------------------------------------------------------------------

function renderService() {
  const chosen = state.showAll ? null : service();
  const form = h("form", {
    novalidate: true,
    onsubmit: (event) => {
      event.preventDefault();
      if (!variant()) {
        state.problem = t("book.chooseServiceError");
        show(1);
        view.querySelector('input[name="variant"]')?.focus();
        return;
      }
      if (!place()) {
        state.problem = t("book.chooseLocationError");
        show(1);
        view.querySelector('input[name="location"]')?.focus();
        return;
      }
      next(2);
    },
  });
  const content = chosen ? [h("h3", {}, chosen.name), h("p", { class: "context" }, chosen.description), variantChoices(chosen)] : allServices();
  replaceChildren(
    form,
    heading(chosen ? "book.chooseOption" : "book.chooseService"),
    problem(),
    content,
    locationChoice(),
    chosen
      ? h(
          "button",
          {
            type: "button",
            class: "link-button",
            onclick: () => {
              state.showAll = true;
              show(1);
            },
          },
          t("book.otherServices"),
        )
      : null,
    actions(h("button", { type: "submit", class: "button" }, t("book.continue"))),
  );
  return form;
}

function visibleServices() {
  const staffMember = state.staff.find((member) => member.id === state.staffFilter);
  return state.services.filter(
    (item) =>
      (!entry.location || item.location_ids.includes(entry.location)) &&
      (!staffMember || item.location_ids.some((id) => staffMember.location_ids.includes(id))),
  );
}

function allServices() {
  const services = visibleServices();
  const categories = [...new Set(services.map((item) => item.category))];
  return categories.map((category) =>
    h(
      "section",
      {},
      h("h3", {}, category),
      services
        .filter((item) => item.category === category)
        .map((item) =>
          h("fieldset", {}, h("legend", {}, item.name), variantChoices(item)),
        ),
    ),
  );
}

function variantChoices(item) {
  const onlyLocation = item.location_ids.length === 1 ? item.location_ids[0] : state.locationId;
  return h(
    "div",
    { class: "choices" },
    item.variants.map((option) => {
      const amount = onlyLocation ? price(item.id, option.id, onlyLocation) : null;
      return h(
        "label",
        { class: "choice" },
        h("input", {
          type: "radio",
          name: "variant",
          value: `${item.id}/${option.id}`,
          checked: state.serviceId === item.id && state.variantId === option.id,
          onchange: () => {
            if (state.serviceId !== item.id) state.locationId = entry.location;
            state.serviceId = item.id;
            state.variantId = option.id;
            state.slot = null;
            state.problem = null;
            const locationBlock = view.querySelector("#location-choice");
            const fresh = locationChoice();
            if (locationBlock) locationBlock.replaceWith(fresh || h("div", { id: "location-choice" }));
            else if (fresh) view.querySelector(".actions").before(fresh);
          },
        }),
        h(
          "span",
          { class: "what" },
          h("span", {}, option.name),
          h("span", { class: "meta" }, t("minutes", { n: option.duration_minutes })),
        ),
        amount ? h("span", { class: "price" }, formatMoney(amount)) : null,
      );
    }),
  );
}

function locationChoice() {
  const chosen = service();
  if (!chosen) return null;
  const places = state.salon.locations.filter((item) => chosen.location_ids.includes(item.id));
  if (places.length === 1) {
    return h("p", { id: "location-choice", class: "context" }, `${places[0].name}, ${places[0].address}`);
  }
  return h(
    "fieldset",
    { id: "location-choice" },
    h("legend", {}, t("book.location")),
    h(
      "div",
      { class: "choices" },
      places.map((item) =>
        h(
          "label",
          { class: "choice" },
          h("input", {
            type: "radio",
            name: "location",
            value: item.id,
            checked: state.locationId === item.id,
            onchange: () => {
              state.locationId = item.id;
              state.slot = null;
            },
          }),
          h("span", { class: "what" }, h("span", {}, item.name), h("span", { class: "meta" }, item.address)),
        ),
      ),
    ),
  );
}

// ----- step 2: time ----------------------------------------------------------------------------------

function renderTime() {
  const chosen = service();
  const option = variant();
  const where = place();
  picker?.stop();
  picker = new TimePicker({
    salonId: state.salon.id,
    serviceId: chosen.id,
    variantId: option.id,
    locationId: where.id,
    timeZone: where.time_zone,
    staff: state.staff,
    staffFilter: state.staffFilter,
    maxAdvanceDays: state.salon.policy.max_advance_days,
    selected: state.slot,
    onSelect: (slot, staffFilter) => {
      if (slot?.start !== state.slot?.start || staffFilter !== state.staffFilter) state.idempotencyKey = null;
      state.slot = slot;
      state.staffFilter = staffFilter;
      state.problem = null;
    },
  }).start();
  return h(
    "form",
    {
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        if (!state.slot) {
          state.problem = t("book.chooseTimeError");
          const alert = view.querySelector(".step-problem");
          replaceChildren(alert, problem());
          view.querySelector('input[name="slot"]')?.focus();
          return;
        }
        next(3);
      },
    },
    heading("book.chooseTime"),
    h("p", { class: "context" }, `${chosen.name} · ${option.name} · ${t("minutes", { n: option.duration_minutes })} · ${where.name}`),
    h("div", { class: "step-problem" }, problem()),
    picker.element,
    actions(backButton(), h("button", { type: "submit", class: "button" }, t("book.continue"))),
  );
}

// ----- step 3: details ---------------------------------------------------------------------------------

const PHONE = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "+48 501-234 567" or "0048501234567" -> "+48501234567": the API wants E.164. */
function normalizedPhone(text) {
  const compact = text.replace(/[\s().-]/g, "");
  return compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
}

function validateDetails() {
  const errors = {};
  const { name, phone, email } = state.details;
  if (!name.trim()) errors.name = t("book.errName");
  if (!phone.trim() && !email.trim()) errors.phone = t("book.errContact");
  if (phone.trim() && !PHONE.test(normalizedPhone(phone))) errors.phone = t("book.errPhone");
  if (email.trim() && !EMAIL.test(email.trim())) errors.email = t("book.errEmail");
  return errors;
}

function textField(id, key, { type = "text", autocomplete, hint, multiline = false, inputmode } = {}) {
  const error = state.fieldErrors[id];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || null;
  const attributes = {
    id,
    name: id,
    type: multiline ? null : type,
    autocomplete,
    inputmode,
    "aria-invalid": error ? "true" : null,
    "aria-describedby": describedBy,
    oninput: (event) => {
      state.details[id] = event.target.value;
    },
  };
  const input = multiline ? h("textarea", attributes) : h("input", attributes);
  input.value = state.details[id];
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, t(key)),
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    input,
    error ? h("p", { class: "field-error", id: `${id}-error` }, error) : null,
  );
}

function checkbox(id, key) {
  return h(
    "label",
    { class: "check" },
    h("input", {
      type: "checkbox",
      id,
      checked: state.details[id],
      onchange: (event) => {
        state.details[id] = event.target.checked;
      },
    }),
    h("span", {}, t(key)),
  );
}

function renderDetails() {
  return h(
    "form",
    {
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        state.fieldErrors = validateDetails();
        const invalid = Object.keys(state.fieldErrors);
        if (invalid.length) {
          show(3, { focus: false });
          document.getElementById(invalid[0])?.focus();
          return;
        }
        next(4);
      },
    },
    heading("book.yourDetails"),
    problem(),
    textField("name", "book.name", { autocomplete: "name" }),
    h("p", { class: "hint" }, t("book.contactHint")),
    textField("phone", "book.phone", { type: "tel", autocomplete: "tel", hint: t("book.phoneHint"), inputmode: "tel" }),
    textField("email", "book.email", { type: "email", autocomplete: "email" }),
    textField("note", "book.note", { multiline: true }),
    h(
      "fieldset",
      {},
      h("legend", {}, t("book.reminders")),
      checkbox("sms", "book.remindSms"),
      checkbox("emailReminders", "book.remindEmail"),
      checkbox("marketing", "book.marketing"),
    ),
    actions(backButton(), h("button", { type: "submit", class: "button" }, t("book.continue"))),
  );
}

// ----- step 4: confirm ---------------------------------------------------------------------------------

function summary({ slot, staffId, amount, status }) {
  const chosen = service();
  const option = variant();
  const where = place();
  const contact = [state.details.phone.trim() && normalizedPhone(state.details.phone), state.details.email.trim()]
    .filter(Boolean)
    .join(", ");
  const rows = [
    ["book.service", `${chosen.name} · ${option.name} (${t("minutes", { n: option.duration_minutes })})`],
    ["book.when", formatDateTime(slot.start, where.time_zone)],
    ["book.with", staffName(staffId)],
    ["book.where", `${where.name}, ${where.address}`],
    amount ? ["book.price", formatMoney(amount)] : null,
    ["book.contact", `${state.details.name.trim()} · ${contact}`],
    status ? ["book.status", t(`status.${status}`)] : null,
  ].filter(Boolean);
  return h("dl", { class: "summary card" }, rows.flatMap(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)]));
}

function bookingRequest() {
  const where = place();
  const client = {
    name: state.details.name.trim(),
    locale: language(),
    consent: { sms: state.details.sms, email: state.details.emailReminders, marketing: state.details.marketing },
  };
  if (state.details.phone.trim()) client.phone = normalizedPhone(state.details.phone);
  if (state.details.email.trim()) client.email = state.details.email.trim();
  const request = {
    service_id: state.serviceId,
    variant_id: state.variantId,
    location_id: where.id,
    start: state.slot.start,
    client,
    note: state.details.note.trim(),
  };
  if (state.staffFilter) request.staff_id = state.staffFilter;
  const seen = priceSeen(state.prices, where.id, state.serviceId, state.variantId);
  if (seen) request.price_seen = seen;
  return request;
}

async function submitBooking(button) {
  if (state.submitting) return;
  state.submitting = true;
  state.idempotencyKey ||= newIdempotencyKey();
  button.disabled = true;
  button.textContent = t("book.booking");
  try {
    state.confirmation = await book(state.salon.id, bookingRequest(), state.idempotencyKey);
    state.submitting = false;
    history.replaceState({ step: 5 }, "");
    show(5);
    return;
  } catch (error) {
    state.submitting = false;
    handleBookingError(error);
  }
}

function handleBookingError(error) {
  state.alternatives = null;
  state.problem = null;
  if (error instanceof ApiError && error.code === "slot_taken") {
    state.alternatives = error.alternatives;
    state.slot = null;
  } else if (error instanceof ApiError && error.status === 422 && error.field?.startsWith("client")) {
    const field = { "client.phone": "phone", "client.email": "email", "client.name": "name", client: "phone" }[error.field] || "phone";
    state.fieldErrors = { [field]: error.message };
    show(3);
    document.getElementById(field)?.focus();
    return;
  } else if (error instanceof Offline) {
    state.problem = t("offline");
  } else {
    state.problem = error instanceof ApiError && error.status < 500 ? error.message : t("error");
  }
  show(4);
}

function renderConfirm() {
  if (state.alternatives) return renderAlternatives();
  const where = place();
  const button = h(
    "button",
    { type: "submit", class: "button", "aria-disabled": state.submitting ? "true" : null },
    t(state.submitting ? "book.booking" : "book.confirm"),
  );
  return h(
    "form",
    {
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        submitBooking(button);
      },
    },
    heading("book.checkAndConfirm"),
    problem(),
    summary({
      slot: state.slot,
      staffId: state.staffFilter || state.slot.assigned_staff_id,
      amount: price(state.serviceId, state.variantId, where.id),
    }),
    h("p", { class: "hint" }, t("book.cancelPolicy", { hours: state.salon.policy.cancel_window_hours })),
    actions(backButton(), button),
  );
}

function renderAlternatives() {
  const where = place();
  const alternatives = state.alternatives;
  return h(
    "div",
    {},
    heading("book.checkAndConfirm"),
    h("p", { class: "notice error", role: "alert" }, alternatives.length ? t("book.slotTaken") : t("book.slotTakenNone")),
    h(
      "ul",
      { class: "choices alternatives", role: "list" },
      alternatives.map((slot) =>
        h(
          "li",
          { class: "choice" },
          h(
            "span",
            { class: "what" },
            h("span", {}, formatDateTime(slot.start, where.time_zone)),
            h("span", { class: "meta" }, staffName(state.staffFilter || slot.assigned_staff_id)),
          ),
          h(
            "button",
            {
              type: "button",
              class: "button small",
              "data-start": slot.start,
              onclick: () => {
                state.slot = slot;
                state.alternatives = null;
                state.idempotencyKey = null;
                show(4);
              },
            },
            t("book.pickAlternative"),
          ),
        ),
      ),
    ),
    actions(
      h(
        "button",
        {
          type: "button",
          class: "button secondary",
          onclick: () => {
            state.alternatives = null;
            next(2);
          },
        },
        t("book.chooseTime"),
      ),
    ),
  );
}

// ----- booked ----------------------------------------------------------------------------------------

const NOT_SENT_TEXTS = {
  no_contact: "book.messageNoContact",
  no_consent: "book.messageNoConsent",
  too_late: "book.messageTooLate",
};

// What the client will hear, as the booking answer says (channel and when); null for an answer without it.
function confirmationMessageText(message, timeZone) {
  if (!message) return null;
  const channel = message.channel === "email" ? "Email" : "Sms";
  switch (message.when) {
    case "now":
      return t(`book.messageNow${channel}`);
    case "after_quiet_hours":
      return t("book.messageAfterQuietHours", { when: formatDateTime(message.send_at, timeZone) });
    case "when_salon_resumes":
      return t(`book.messagePaused${channel}`);
    case "not_sent":
      return t(NOT_SENT_TEXTS[message.why_not] ?? "book.messageNoConsent");
    default:
      return null;
  }
}

function renderBooked() {
  const { appointment, manage_url: manageUrl, price_change: change } = state.confirmation;
  const messageText = confirmationMessageText(state.confirmation.confirmation_message, appointment.time_zone);
  return h(
    "div",
    { class: "done" },
    h("h2", { tabindex: "-1" }, t("book.booked")),
    change?.old
      ? h(
          "p",
          { class: "notice", role: "status" },
          t("book.priceChanged", { old: formatMoney(change.old), new: formatMoney(change.new) }),
        )
      : null,
    summary({
      slot: appointment,
      staffId: appointment.staff_id,
      amount: appointment.price,
      status: appointment.status,
    }),
    messageText ? h("p", { id: "confirmation-message" }, messageText) : null,
    h("p", {}, t("book.bookedText")),
    h(
      "div",
      { class: "stack" },
      h("a", { class: "button", href: manageUrl, id: "manage-link" }, t("book.manage")),
      h("a", { class: "button secondary", href: bookingLink(state.salon.id) }, t("book.bookAnother")),
    ),
  );
}

document.addEventListener("parlour:language", () => {
  if (state.step) show(state.step, { focus: false });
});
initLanguage();
registerServiceWorker();
start();

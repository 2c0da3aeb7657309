// The manage page, opened from the confirmation's link /book/manage.html#<salon>/<appointment>/<token>:
// view the booking, cancel it, or move it to another free time. The token stays in the fragment
// (browsers never send it to servers) and travels to the API only in the Authorization header.
import {
  ApiError,
  Offline,
  cancelAppointment,
  getSalon,
  getService,
  getStaff,
  rescheduleAppointment,
  viewAppointment,
} from "../shared/api.js";
import { h, replaceChildren } from "../shared/dom.js";
import { formatDateTime, formatMoney, initLanguage, t } from "../shared/i18n.js";
import { bookingLink } from "../shared/links.js";
import { registerServiceWorker } from "./register-sw.js";
import { TimePicker } from "./timepicker.js";

const [salonId, appointmentId, token] = decodeURIComponent(location.hash.slice(1)).split("/");
const view = document.getElementById("view");
const announcer = document.getElementById("announcer");
const ACTIVE = new Set(["held", "confirmed"]);

const state = {
  appointment: null,
  salon: null,
  service: null,
  staff: [],
  mode: "view", // view | cancel | reschedule
  message: null, // { kind: "ok" | "error", text }
  newSlot: null,
  alternatives: null,
  busy: false,
};
let picker = null;

async function start() {
  if (!salonId || !appointmentId || !token) {
    showProblem(t("manage.badLink"));
    return;
  }
  try {
    const appointment = await viewAppointment(salonId, appointmentId, token);
    const [salon, service, staff] = await Promise.all([
      getSalon(salonId),
      getService(salonId, appointment.service_id).catch(() => null),
      getStaff(salonId).catch(() => []),
    ]);
    Object.assign(state, { appointment, salon, service, staff });
  } catch (error) {
    const badLink = error instanceof ApiError && [401, 403, 404].includes(error.status);
    showProblem(badLink ? t("manage.badLink") : error instanceof Offline ? t("offline") : t("error"));
    return;
  }
  document.getElementById("brand").textContent = state.salon.name;
  document.getElementById("brand").href = `/site/?salon=${encodeURIComponent(salonId)}`;
  render();
}

function showProblem(text) {
  replaceChildren(view, h("p", { class: "notice error", role: "alert" }, text));
}

function place() {
  return state.salon.locations.find((item) => item.id === state.appointment.location_id);
}

function staffName(id) {
  return state.staff.find((member) => member.id === id)?.name || id;
}

function details() {
  const appointment = state.appointment;
  const variant = state.service?.variants.find((item) => item.id === appointment.variant_id);
  const what = state.service ? `${state.service.name} · ${variant?.name || appointment.variant_id}` : appointment.service_id;
  const rows = [
    ["book.status", t(`status.${appointment.status}`)],
    ["book.service", what],
    ["book.when", formatDateTime(appointment.start, appointment.time_zone)],
    ["book.with", staffName(appointment.staff_id)],
    ["book.where", `${place().name}, ${place().address}`],
    ["book.price", formatMoney(appointment.price)],
  ];
  return h(
    "dl",
    { class: "summary card", id: "appointment", tabindex: "-1" },
    rows.flatMap(([key, value]) => [h("dt", {}, t(key)), h("dd", { "data-field": key }, value)]),
  );
}

function render({ focus } = {}) {
  if (picker && state.mode !== "reschedule") {
    picker.stop();
    picker = null;
  }
  const message = state.message
    ? // Successes are spoken by the page's live region (#announcer); errors by role=alert.
      h("p", { class: `notice ${state.message.kind}`, tabindex: "-1", role: state.message.kind === "error" ? "alert" : null }, state.message.text)
    : null;
  document.title = `${t("manage.title")} · ${state.salon.name}`;
  const body = { view: renderActions, cancel: renderCancel, reschedule: renderReschedule }[state.mode]();
  replaceChildren(view, message, details(), body);
  if (focus) view.querySelector(focus)?.focus();
}

function renderActions() {
  if (!ACTIVE.has(state.appointment.status)) {
    return h("div", { class: "stack" }, h("a", { class: "button", href: bookingLink(salonId) }, t("book.bookAnother")));
  }
  return h(
    "div",
    { class: "stack" },
    h("button", { type: "button", class: "button", onclick: () => switchMode("reschedule") }, t("manage.reschedule")),
    h("button", { type: "button", class: "button secondary", onclick: () => switchMode("cancel") }, t("manage.cancel")),
  );
}

function switchMode(mode) {
  state.mode = mode;
  state.message = null;
  state.newSlot = null;
  state.alternatives = null;
  render({ focus: mode === "view" ? ".stack .button" : "h2" });
}

function renderCancel() {
  const reason = h("textarea", { id: "reason", name: "reason" });
  const late = state.appointment.cancel_is_late_now;
  return h(
    "form",
    {
      class: "card stack",
      onsubmit: async (event) => {
        event.preventDefault();
        await act(() => cancelAppointment(salonId, appointmentId, token, reason.value.trim()), "manage.cancelled");
      },
    },
    h("h2", { tabindex: "-1" }, t("manage.cancelQuestion")),
    late
      ? h("p", { class: "notice error" }, t("manage.cancelLate", { hours: state.salon.policy.cancel_window_hours }))
      : null,
    h("div", { class: "field" }, h("label", { for: "reason" }, t("manage.reason")), reason),
    h("button", { type: "submit", class: "button danger" }, t("manage.cancelYes")),
    h("button", { type: "button", class: "button secondary", onclick: () => switchMode("view") }, t("manage.keep")),
  );
}

function renderReschedule() {
  const appointment = state.appointment;
  if (!picker) {
    picker = new TimePicker({
      salonId,
      serviceId: appointment.service_id,
      variantId: appointment.variant_id,
      locationId: appointment.location_id,
      timeZone: appointment.time_zone,
      staff: state.staff,
      staffFilter: appointment.staff_id,
      maxAdvanceDays: state.salon.policy.max_advance_days,
      ignoreStart: appointment.start,
      onSelect: (slot) => {
        state.newSlot = slot;
      },
    }).start();
  } else {
    picker.render();
  }
  return h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        if (!state.newSlot) {
          state.message = { kind: "error", text: t("book.chooseTimeError") };
          render({ focus: 'input[name="slot"]' });
          return;
        }
        await act(
          () => rescheduleAppointment(salonId, appointmentId, token, state.newSlot.start, picker.staffFilter || null),
          "manage.rescheduled",
        );
      },
    },
    h("h2", { tabindex: "-1" }, t("manage.reschedule")),
    picker.element,
    h("button", { type: "submit", class: "button" }, t("manage.moveHere")),
    h("button", { type: "button", class: "button secondary", onclick: () => switchMode("view") }, t("manage.closeReschedule")),
  );
}

async function act(call, doneKey) {
  if (state.busy) return;
  state.busy = true;
  try {
    state.appointment = await call();
    state.mode = "view";
    state.message = { kind: "ok", text: t(doneKey) };
    announcer.textContent = t(doneKey);
    render({ focus: "#appointment" });
  } catch (error) {
    if (error instanceof ApiError && error.code === "slot_taken") {
      // Someone took the time meanwhile: show what is free now.
      state.message = { kind: "error", text: t("book.slotTakenNone") };
      state.newSlot = null;
      picker?.load();
    } else if (error instanceof Offline) {
      state.message = { kind: "error", text: t("offline") };
    } else {
      state.message = { kind: "error", text: error instanceof ApiError && error.status < 500 ? error.message : t("error") };
    }
    render({ focus: ".notice" });
  } finally {
    state.busy = false;
  }
}

window.addEventListener("hashchange", () => location.reload());
document.addEventListener("parlour:language", () => {
  if (state.appointment) render();
});
initLanguage();
registerServiceWorker();
start();

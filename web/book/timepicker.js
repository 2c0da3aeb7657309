// Free times of one variant at one location, live from the availability API, with an optional
// specialist filter. Used by the booking flow (step 2) and by the manage page (reschedule).
import { Offline, getAvailability } from "../shared/api.js";
import { DAYS_PER_PAGE } from "../shared/config.js";
import { h, replaceChildren } from "../shared/dom.js";
import { formatDay, formatTime, t } from "../shared/i18n.js";

const REFRESH_SECONDS = 30;

/** Today's date "YYYY-MM-DD" in a time zone (en-CA writes dates as YYYY-MM-DD). */
export function todayIn(timeZone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );
}

export function addDays(day, days) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

export class TimePicker {
  /**
   * options: salonId, serviceId, variantId, locationId, timeZone, staff (public staff list),
   * staffFilter ("" for anyone), maxAdvanceDays, selected (a slot or null), onSelect(slot, staffFilter),
   * ignoreStart (a start to leave out: the appointment being moved).
   */
  constructor(options) {
    this.options = options;
    this.staffFilter = options.staffFilter || "";
    this.selected = options.selected || null;
    this.firstDay = todayIn(options.timeZone);
    this.offset = 0;
    this.slots = [];
    this.loaded = false;
    this.failed = false;
    this.day = this.selected ? this.selected.local_day : null;
    this.element = h("div", { class: "timepicker" });
    this.timer = null;
  }

  get windowStart() {
    return addDays(this.firstDay, this.offset * DAYS_PER_PAGE);
  }

  get windowEnd() {
    return addDays(this.windowStart, DAYS_PER_PAGE - 1);
  }

  start() {
    this.load();
    this.timer = setInterval(() => {
      if (document.visibilityState === "visible") this.load({ quiet: true });
    }, REFRESH_SECONDS * 1000);
    return this;
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }

  async load({ quiet = false } = {}) {
    const { salonId, serviceId, variantId, locationId } = this.options;
    if (!quiet) {
      this.loaded = false;
      this.render();
    }
    const asked = this.windowStart;
    try {
      const answer = await getAvailability(salonId, {
        serviceId,
        variantId,
        locationId,
        from: asked,
        to: this.windowEnd,
      });
      if (asked !== this.windowStart) return; // the visitor moved on to other dates meanwhile
      const slots = answer.slots.filter((slot) => slot.start !== this.options.ignoreStart);
      if (quiet && !this.failed && JSON.stringify(slots) === JSON.stringify(this.slots)) return;
      this.slots = slots;
      this.failed = false;
    } catch (error) {
      if (quiet) return; // a missed refresh is not worth an error: the next one may work
      this.failed = true;
      this.error = error;
    }
    this.loaded = true;
    if (this.selected && !this.visibleSlots().some((slot) => slot.start === this.selected.start)) {
      // Taken by someone else since it was chosen.
      this.select(null);
    }
    this.renderKeepingFocus();
  }

  /** Renders again; whoever had the focus in the picker (a day, a time, the filter) keeps it. */
  renderKeepingFocus() {
    const focused = this.element.contains(document.activeElement) ? document.activeElement : null;
    const selector = focused?.dataset.start
      ? `input[data-start="${focused.dataset.start}"]`
      : focused?.dataset.day
        ? `button[data-day="${focused.dataset.day}"]`
        : focused?.id
          ? `#${focused.id}`
          : null;
    this.render();
    if (selector) this.element.querySelector(selector)?.focus();
  }

  visibleSlots() {
    return this.staffFilter ? this.slots.filter((slot) => slot.staff_ids.includes(this.staffFilter)) : this.slots;
  }

  select(slot) {
    this.selected = slot;
    this.options.onSelect?.(slot, this.staffFilter);
  }

  staffName(id) {
    return this.options.staff.find((member) => member.id === id)?.name || id;
  }

  render() {
    const slots = this.visibleSlots();
    const days = Array.from({ length: DAYS_PER_PAGE }, (_, index) => addDays(this.windowStart, index));
    const countByDay = new Map(days.map((day) => [day, 0]));
    for (const slot of slots) countByDay.set(slot.local_day, (countByDay.get(slot.local_day) || 0) + 1);
    if (!this.day || !countByDay.get(this.day)) this.day = days.find((day) => countByDay.get(day)) || null;
    const lastDay = addDays(this.firstDay, this.options.maxAdvanceDays ?? 90);

    replaceChildren(
      this.element,
      this.renderStaffFilter(),
      h(
        "div",
        { class: "day-nav" },
        h(
          "button",
          {
            type: "button",
            class: "button secondary small",
            disabled: this.offset === 0,
            onclick: () => this.move(-1),
          },
          t("book.earlier"),
        ),
        h("button", {
          type: "button",
          class: "button secondary small",
          disabled: this.windowEnd >= lastDay,
          onclick: () => this.move(1),
        }, t("book.later")),
      ),
      h(
        "div",
        { class: "days", role: "group", "aria-label": t("book.days") },
        days.map((day) =>
          h(
            "button",
            {
              type: "button",
              class: "day",
              "aria-pressed": String(day === this.day),
              disabled: !countByDay.get(day),
              "data-day": day,
              onclick: () => {
                this.day = day;
                this.render();
                this.element.querySelector('input[name="slot"]')?.focus();
              },
            },
            formatDay(day, "short"),
          ),
        ),
      ),
      this.renderSlots(slots),
    );
    this.revealChosenDay();
  }

  /** Scrolls the row of days (not the page) so the chosen day is in view. */
  revealChosenDay() {
    const row = this.element.querySelector(".days");
    const chosen = row?.querySelector('[aria-pressed="true"]');
    if (!chosen) return;
    requestAnimationFrame(() => {
      const left = chosen.offsetLeft - row.offsetLeft;
      if (left < row.scrollLeft || left + chosen.offsetWidth > row.scrollLeft + row.clientWidth) {
        row.scrollLeft = Math.max(0, left - 8);
      }
    });
  }

  renderStaffFilter() {
    const atLocation = this.options.staff.filter((member) => member.location_ids.includes(this.options.locationId));
    const free = new Set(this.slots.flatMap((slot) => slot.staff_ids));
    const choices = atLocation.filter((member) => free.has(member.id) || member.id === this.staffFilter);
    const select = h(
      "select",
      {
        id: "staff-filter",
        onchange: (event) => {
          this.staffFilter = event.target.value;
          if (this.selected && this.staffFilter && !this.selected.staff_ids.includes(this.staffFilter)) {
            this.select(null);
          } else {
            this.select(this.selected);
          }
          this.render();
          this.element.querySelector("#staff-filter")?.focus();
        },
      },
      h("option", { value: "" }, t("book.anySpecialist")),
      choices.map((member) => h("option", { value: member.id }, member.name)),
    );
    select.value = this.staffFilter;
    return h("div", { class: "field" }, h("label", { for: "staff-filter" }, t("book.specialist")), select);
  }

  renderSlots(slots) {
    if (!this.loaded) return h("p", { class: "notice", role: "status" }, t("loading"));
    if (this.failed) {
      return h(
        "div",
        { class: "notice error", role: "alert" },
        h("p", {}, this.error instanceof Offline ? t("offline") : t("error")),
        h("button", { type: "button", class: "button secondary", onclick: () => this.load() }, t("retry")),
      );
    }
    const today = slots.filter((slot) => slot.local_day === this.day);
    if (!today.length) return h("p", { class: "notice", role: "status" }, t("book.noSlots"));
    // The night clocks go back, a wall time comes twice (two instants): name the zone to tell them apart.
    const times = today.map((slot) => formatTime(slot.start, this.options.timeZone));
    const repeated = new Set(times.filter((time, index) => times.indexOf(time) !== index));
    return h(
      "fieldset",
      { class: "slots" },
      h("legend", {}, t("book.timesOn", { day: formatDay(this.day) })),
      h(
        "div",
        { class: "slot-grid" },
        today.map((slot, index) =>
          h(
            "label",
            { class: "slot" },
            h("input", {
              type: "radio",
              name: "slot",
              value: slot.start,
              "data-start": slot.start,
              checked: this.selected?.start === slot.start,
              onchange: () => this.select(slot),
            }),
            h("span", {}, formatTime(slot.start, this.options.timeZone, { withZone: repeated.has(times[index]) })),
          ),
        ),
      ),
    );
  }

  move(pages) {
    this.offset = Math.max(0, this.offset + pages);
    this.day = null;
    this.load();
  }
}

// The marketing site: one salon's services by category with prices, its specialists and locations,
// each with an entry link into the booking PWA.
import { getSalon, getServices, getStaff } from "../shared/api.js";
import { h, replaceChildren, setMeta } from "../shared/dom.js";
import {
  formatList,
  formatMoney,
  formatDay,
  formatWallTime,
  initLanguage,
  language,
  t,
  weekdayName,
} from "../shared/i18n.js";
import { bookingLink, entryParameters, skillLabel } from "../shared/links.js";
import { loadAllPrices, priceOf } from "../shared/prices.js";

const { salon: salonId } = entryParameters();
const status = document.getElementById("status");
let data = null;

async function load() {
  try {
    const [salon, catalog, staff] = await Promise.all([getSalon(salonId), getServices(salonId), getStaff(salonId)]);
    const locationIds = salon.locations.map((place) => place.id);
    const prices = await loadAllPrices(salonId, locationIds, catalog.services);
    data = { salon, catalog, staff, prices };
    status.hidden = true;
    render();
  } catch (error) {
    status.classList.add("error");
    status.textContent = error.status === 404 ? t("salonMissing") : t("error");
  }
}

function render() {
  if (!data) return;
  const { salon, catalog, staff } = data;
  const locations = new Map(salon.locations.map((location) => [location.id, location]));
  renderMeta(salon, catalog);
  document.getElementById("salon-name").textContent = salon.name;
  document.getElementById("brand").textContent = salon.name;
  document.getElementById("book-now").href = bookingLink(salon.id);
  renderServices(catalog, locations);
  renderStaff(staff, locations);
  renderLocations(salon.locations);
}

function renderMeta(salon, catalog) {
  const title = `${salon.name} — ${t("site.bookNow")}`;
  const description = t("site.description", { salon: salon.name, categories: formatList(catalog.categories) });
  document.title = title;
  setMeta('meta[name="description"]', "content", description);
  setMeta('meta[property="og:title"]', "content", title);
  setMeta('meta[property="og:description"]', "content", description);
  setMeta('meta[property="og:locale"]', "content", language());
  setMeta('link[rel="canonical"]', "href", `${location.origin}/site/?salon=${encodeURIComponent(salon.id)}`);
  // Structured data for search engines: the salon, its places and what it offers.
  let script = document.getElementById("structured-data");
  if (!script) {
    script = h("script", { type: "application/ld+json", id: "structured-data" });
    document.head.append(script);
  }
  script.textContent = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "BeautySalon",
    name: salon.name,
    url: `${location.origin}/site/?salon=${encodeURIComponent(salon.id)}`,
    department: salon.locations.map((place) => ({
      "@type": "BeautySalon",
      name: place.name,
      address: place.address,
      currenciesAccepted: place.currency,
    })),
    makesOffer: catalog.services.map((service) => ({
      "@type": "Offer",
      itemOffered: { "@type": "Service", name: service.name, description: service.description },
    })),
  });
}

function renderServices(catalog, locations) {
  const list = document.getElementById("service-list");
  replaceChildren(
    list,
    catalog.categories.map((category) =>
      h(
        "div",
        { class: "category" },
        h("h3", {}, category),
        h(
          "ul",
          { class: "grid" },
          catalog.services
            .filter((service) => service.category === category)
            .map((service) => serviceCard(service, locations)),
        ),
      ),
    ),
  );
}

function serviceCard(service, locations) {
  const where = service.location_ids.map((id) => locations.get(id)?.name || id);
  const onlyLocation = service.location_ids.length === 1 ? service.location_ids[0] : null;
  return h(
    "li",
    { class: "card service" },
    h("h4", {}, service.name),
    h("p", {}, service.description),
    h("p", {}, t("site.at", { location: formatList(where) })),
    h(
      "ul",
      { class: "variants" },
      service.variants.map((variant) => {
        const price = onlyLocation ? priceOf(data.prices, onlyLocation, service.id, variant.id) : null;
        return h(
          "li",
          {},
          h("span", {}, `${variant.name} · ${t("minutes", { n: variant.duration_minutes })}`),
          price ? h("span", { class: "price" }, formatMoney(price)) : null,
        );
      }),
    ),
    h(
      "a",
      {
        class: "button",
        href: bookingLink(salonId, { service: service.id }),
        "aria-label": t("site.bookService", { service: service.name }),
      },
      t("site.book"),
    ),
  );
}

function renderStaff(staff, locations) {
  replaceChildren(
    document.getElementById("staff-list"),
    staff.map((member) =>
      h(
        "li",
        { class: "card person" },
        h("h3", {}, member.name),
        h("p", { class: "visually-hidden" }, t("site.skills")),
        h("ul", { class: "tags", "aria-label": t("site.skills") }, member.skills.map((skill) => h("li", {}, skillLabel(skill)))),
        h("p", {}, `${t("site.worksAt")}: ${formatList(member.location_ids.map((id) => locations.get(id)?.name || id))}`),
        h(
          "a",
          { class: "button secondary", href: bookingLink(salonId, { staff: member.id }) },
          t("site.bookWith", { name: member.name }),
        ),
      ),
    ),
  );
}

function renderLocations(places) {
  replaceChildren(
    document.getElementById("location-list"),
    places.map((place) =>
      h(
        "article",
        { class: "card place" },
        h("h3", {}, place.name),
        h("p", {}, place.address),
        h("h4", {}, t("site.openingHours")),
        h(
          "dl",
          { class: "hours" },
          Object.entries(place.opening_hours).flatMap(([day, ranges]) => [
            h("dt", {}, weekdayName(day)),
            h(
              "dd",
              {},
              ranges.length
                ? ranges.map((range) => `${formatWallTime(range.start)}–${formatWallTime(range.end)}`).join(", ")
                : t("site.closed"),
            ),
          ]),
        ),
        place.closed_dates.length
          ? h("p", {}, `${t("site.closedOn")}: ${formatList(place.closed_dates.map((day) => formatDay(day, "short")))}`)
          : null,
        h("a", { class: "button secondary", href: bookingLink(salonId, { location: place.id }) }, t("site.bookNow")),
      ),
    ),
  );
}

document.addEventListener("parlour:language", render);
initLanguage();
load();

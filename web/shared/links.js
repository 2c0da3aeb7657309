// Stable entry links into the booking flow, one per service: /book/<salon>/<service>, optionally with
// ?variant=, ?staff= or ?location=, e.g. /book/demo/womens-haircut?staff=anna. The static hosting serves
// /book/index.html for such paths (a CloudFront function in infra/static-site.yaml; the local stack's
// gateway does the same). The older query form /book/?salon=demo&service=... keeps working.
import { DEFAULT_SALON } from "./config.js";

const PARAMETERS = ["salon", "service", "variant", "staff", "location"];

export function bookingLink(salonId, { service, variant, staff, location } = {}) {
  const path = `/book/${encodeURIComponent(salonId)}/${service ? `${encodeURIComponent(service)}` : ""}`;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ variant, staff, location })) {
    if (value) query.set(name, value);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** The entry parameters of the current URL: salon and service from the path, the rest from the query. */
export function entryParameters(search = window.location.search, pathname = window.location.pathname) {
  const query = new URLSearchParams(search);
  const found = Object.fromEntries(PARAMETERS.map((name) => [name, query.get(name) || null]));
  const segments = pathname.split("/").filter(Boolean);
  if (segments[0] === "book" && segments.length > 1 && !segments[1].includes(".")) {
    found.salon = decodeURIComponent(segments[1]);
    if (segments[2]) found.service = decodeURIComponent(segments[2]);
  }
  found.salon = found.salon || DEFAULT_SALON;
  return found;
}

/** "hair-colour" -> "Hair colour": skills are slugs in the catalog. */
export function skillLabel(skill) {
  const words = skill.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

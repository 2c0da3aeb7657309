// Stable entry links into the booking flow: one per service, optionally with a variant, specialist or
// location, e.g. /book/?salon=demo&service=womens-haircut&staff=anna. Query parameters (not path
// segments) so that plain static hosting (S3, the local stack) serves them without rewrite rules.
import { DEFAULT_SALON } from "./config.js";

const PARAMETERS = ["salon", "service", "variant", "staff", "location"];

export function bookingLink(salonId, { service, variant, staff, location } = {}) {
  const query = new URLSearchParams({ salon: salonId });
  for (const [name, value] of Object.entries({ service, variant, staff, location })) {
    if (value) query.set(name, value);
  }
  return `/book/?${query}`;
}

/** The entry parameters of the current page's URL; the salon falls back to the configured one. */
export function entryParameters(search = window.location.search) {
  const query = new URLSearchParams(search);
  const found = Object.fromEntries(PARAMETERS.map((name) => [name, query.get(name) || null]));
  found.salon = found.salon || DEFAULT_SALON;
  return found;
}

/** "hair-colour" -> "Hair colour": skills are slugs in the catalog. */
export function skillLabel(skill) {
  const words = skill.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

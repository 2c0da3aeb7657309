// Prices a client sees. Every price comes from the salon's materialized price list for the location
// (one GetItem on the server); nothing is priced in the browser. This is the ONE place that knows
// where prices come from.
import { ApiError, getPriceList } from "./api.js";

const key = (serviceId, variantId) => `${serviceId}/${variantId}`;

class Prices {
  constructor(totals = new Map(), version = null) {
    this.totals = totals; // "service/variant" -> Money
    this.version = version; // the price list's version, when the prices came from one
  }

  get(serviceId, variantId) {
    return this.totals.get(key(serviceId, variantId)) || null;
  }
}

/**
 * The prices at one location: the general price list's totals. Without a readable list (none built
 * yet), a variant's `base_price` in the public catalog stands in if the catalog has one; otherwise no
 * price is shown rather than a guessed one.
 */
export async function loadPrices(salonId, locationId, services = []) {
  try {
    const list = await getPriceList(salonId, locationId);
    const totals = new Map(list.entries.map((entry) => [key(entry.service_id, entry.variant_id), entry.price.total]));
    return new Prices(totals, list.version ?? null);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  const totals = new Map();
  for (const service of services) {
    for (const variant of service.variants) {
      if (variant.base_price) totals.set(key(service.id, variant.id), variant.base_price);
    }
  }
  return new Prices(totals);
}

/** Loads every location's prices at once: Map location id -> Prices (empty ones where loading failed). */
export async function loadAllPrices(salonId, locationIds, services) {
  const loaded = await Promise.all(
    locationIds.map(async (id) => [id, await loadPrices(salonId, id, services).catch(() => new Prices())]),
  );
  return new Map(loaded);
}

export function priceOf(pricesByLocation, locationId, serviceId, variantId) {
  return pricesByLocation.get(locationId)?.get(serviceId, variantId) || null;
}

/**
 * What the booking tells the API the client saw, so its answer says if the price moved meanwhile;
 * null when no price-list price was shown.
 */
export function priceSeen(pricesByLocation, locationId, serviceId, variantId) {
  const prices = pricesByLocation.get(locationId);
  const total = prices?.get(serviceId, variantId);
  if (!total || prices.version === null) return null;
  return { total, price_list_version: prices.version };
}

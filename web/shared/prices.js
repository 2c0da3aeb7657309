// Prices a client sees. Every price comes from the salon's materialized price list for the location
// (one GetItem on the server); nothing is priced in the browser. This is the ONE place that knows
// where prices come from.
import { ApiError, getPriceList } from "./api.js";

const key = (serviceId, variantId) => `${serviceId}/${variantId}`;

/**
 * Map "service/variant" -> Money for one location, or an empty map when no price list can be read
 * (then the pages show no price rather than a guessed one). Until the price-list route exists, a
 * variant's `base_price` in the public catalog (if the catalog has one) stands in for it.
 */
export async function loadPrices(salonId, locationId, services = []) {
  const prices = new Map();
  try {
    const list = await getPriceList(salonId, locationId);
    for (const entry of list.entries || list.price_list?.entries || []) {
      prices.set(key(entry.service_id, entry.variant_id), entry.price?.total ?? entry.price);
    }
    return prices;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  for (const service of services) {
    for (const variant of service.variants) {
      if (variant.base_price) prices.set(key(service.id, variant.id), variant.base_price);
    }
  }
  return prices;
}

/** One price lookup for a variant at a location, from maps loadPrices made (keyed by location id). */
export function priceOf(pricesByLocation, locationId, serviceId, variantId) {
  return pricesByLocation.get(locationId)?.get(key(serviceId, variantId)) || null;
}

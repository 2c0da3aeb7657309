// The public API as the web clients use it. Every error answer has the shape
// {"error": {"code", "message", "field"?, "fields"?, "next_step"?, "alternatives"?}}.
import { API_BASE } from "./config.js";

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "error";
    this.field = error.field || null;
    this.fields = error.fields || [];
    this.alternatives = error.alternatives || [];
  }
}

/** A failed fetch (no network): the pages show their offline message for it. */
export class Offline extends Error {}

async function call(method, path, { body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
      cache: "no-store",
    });
  } catch (error) {
    throw new Offline(String(error));
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, answer.error || {});
  return answer;
}

const salonPath = (salonId) => `/public/salons/${encodeURIComponent(salonId)}`;

export const getSalon = (salonId) => call("GET", salonPath(salonId));
export const getServices = (salonId) => call("GET", `${salonPath(salonId)}/services`);
export const getService = (salonId, serviceId) =>
  call("GET", `${salonPath(salonId)}/services/${encodeURIComponent(serviceId)}`);
export const getStaff = (salonId) => call("GET", `${salonPath(salonId)}/staff`);
export const getPriceList = (salonId, locationId) =>
  call("GET", `${salonPath(salonId)}/locations/${encodeURIComponent(locationId)}/prices`);

export function getAvailability(salonId, { serviceId, variantId, locationId, from, to }) {
  const query = new URLSearchParams({ service_id: serviceId, variant_id: variantId, from, to });
  if (locationId) query.set("location_id", locationId);
  return call("GET", `${salonPath(salonId)}/availability?${query}`);
}

/** The Idempotency-Key makes a retried request (a lost answer, a double tap) book only once. */
export const book = (salonId, request, idempotencyKey) =>
  call("POST", `${salonPath(salonId)}/appointments`, {
    body: request,
    headers: { "idempotency-key": idempotencyKey },
  });

// The manage token goes in the Authorization header, never in a URL the server sees.
const manage = (token) => ({ authorization: `Bearer ${token}` });
const appointmentPath = (salonId, id) => `${salonPath(salonId)}/appointments/${encodeURIComponent(id)}`;

export const viewAppointment = (salonId, id, token) =>
  call("GET", appointmentPath(salonId, id), { headers: manage(token) });
export const cancelAppointment = (salonId, id, token, reason) =>
  call("POST", `${appointmentPath(salonId, id)}/cancel`, { body: { reason }, headers: manage(token) });
export const rescheduleAppointment = (salonId, id, token, start, staffId) =>
  call("POST", `${appointmentPath(salonId, id)}/reschedule`, {
    body: staffId ? { start, staff_id: staffId } : { start },
    headers: manage(token),
  });

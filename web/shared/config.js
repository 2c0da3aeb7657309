// Where the web clients find the public API and which salon a bare URL shows.
// "" means the same origin: the local stack serves web/ and the APIs on one port, and in AWS the
// static-site stack's CloudFront routes /public/* to the API (infra/static-site.yaml).
export const API_BASE = "";
export const DEFAULT_SALON = "demo";
// The booking window the PWA shows at a time, in days (the API allows up to 31).
export const DAYS_PER_PAGE = 14;

// The booking PWA's service worker: an offline shell. Pages and assets are fetched network-first (so a
// deploy is live on the next load, no build step or hashed names needed) and kept in a cache for when
// the network is gone. API answers are never cached: free times must be live.
const CACHE = "parlour-book-v1";
const SHELL = [
  "/book/",
  "/book/manage.html",
  "/book/app.js",
  "/book/manage.js",
  "/book/timepicker.js",
  "/book/register-sw.js",
  "/book/book.css",
  "/book/manifest.webmanifest",
  "/book/icons/icon.svg",
  "/book/icons/icon-192.png",
  "/book/icons/icon-512.png",
  "/shared/style.css",
  "/shared/api.js",
  "/shared/config.js",
  "/shared/dom.js",
  "/shared/i18n.js",
  "/shared/links.js",
  "/shared/prices.js",
];
const SHELL_PATHS = new Set([...SHELL, "/book/index.html"]);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const isPage = request.mode === "navigate" && url.pathname.startsWith("/book/");
  if (!isPage && !SHELL_PATHS.has(url.pathname)) return; // the API and anything else: straight to the network
  event.respondWith(networkFirst(request, isPage));
});

async function networkFirst(request, isPage) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !isPage) cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Pages are cached without their query (entry links carry salon and service in it).
    const cached = await cache.match(request, { ignoreSearch: isPage });
    if (cached) return cached;
    if (isPage) {
      const shell = await cache.match("/book/");
      if (shell) return shell;
    }
    throw error;
  }
}

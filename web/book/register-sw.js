// Registers the offline shell (sw.js, scope /book/). A browser without service workers books all the same.
export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/book/sw.js", { scope: "/book/" }).catch((error) => {
    console.warn("service worker not registered:", error);
  });
}

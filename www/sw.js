// The service worker of the served page: caches the page's own files on the first
// visit and answers from that cache, so the page opens with the network gone. The
// build writes the files' version below; a changed worker is a new version: it caches
// the new files, takes over, and the page tells the user to reload.
const VERSION = "__VERSION__";
const FILES = ["./", "index.html", "app.js", "page.css"];
// The exports' module is fetched only on the first export, so it is cached then, not on
// install: a visit that never exports never downloads it.
const ON_FIRST_USE = "office-worker.js";
const CACHE = `isms-audit-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("isms-audit-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The cached copy first (the files of one version never change); anything else, such
// as a file of another app on the same origin, goes to the network as usual.
self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request).then((response) => {
        if (response.ok && new URL(event.request.url).pathname.endsWith(`/${ON_FIRST_USE}`)) cache.put(event.request, response.clone());
        return response;
      })),
    ),
  );
});

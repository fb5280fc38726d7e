// Offline use of the served page: a service worker (www/sw.js, built into www/dist with
// the version of the files it caches) keeps the page's files after the first visit.
// Only the element whose page names it (`service-worker="sw.js"` in index.html) asks
// for one: the single file needs none, and an embedding portal decides for itself.

/** Registers the worker; `onUpdate` runs when a newer version took over this page. */
export function registerServiceWorker(script: string, onUpdate: () => void) {
  const workers = navigator.serviceWorker;
  // file:// and some private modes have none; the page works without it.
  if (!workers || !/^https?:$/.test(location.protocol)) return;
  // The first worker of a fresh visit also "takes over"; only a change of worker while
  // one was already in charge is a new version.
  const hadController = Boolean(workers.controller);
  workers.addEventListener("controllerchange", () => {
    if (hadController) onUpdate();
  });
  workers.register(script).catch((e: unknown) => console.warn("isms-audit: no offline copy:", e));
}

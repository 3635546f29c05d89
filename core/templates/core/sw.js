/* The service worker of AI Personal Chef: the app shell offline, nothing personal ever kept.
 * Pages, photos and API answers always go to the network; only the shell's files (styles,
 * scripts, icons, the offline page) are stored, and a page that cannot be fetched is answered
 * with the offline page. */
"use strict";
var SETTINGS = {{ settings_js }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(SETTINGS.cache)
      .then(function (cache) {
        return cache.addAll(SETTINGS.shell);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name !== SETTINGS.cache;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // Always the network; the stored offline page only when there is no network at all.
    event.respondWith(
      fetch(request).catch(function () {
        return caches.match(SETTINGS.offline);
      })
    );
    return;
  }
  if (SETTINGS.shell.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request);
      })
    );
  }
  // Anything else (photos, API, status fragments) is left to the network and never stored.
});

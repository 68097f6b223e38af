// The courier's day offline: the pages of /courier and their assets are kept in the phone's cache each time they
// load, and served from it when the network is gone, so the day opens, and reloads, in a basement. Steps are not
// the service worker's: the page queues them itself (staff.js) and sends each once when the network returns.
"use strict";
var CACHE = "postal-day-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function kept(request) {
  var url = new URL(request.url);
  return request.method === "GET" && url.origin === self.location.origin &&
    (url.pathname.indexOf("/courier") === 0 || url.pathname.indexOf("/static/") === 0);
}

function fromCache(request) {
  return caches.match(request).then(function (hit) {
    if (!hit) return Response.error();
    var headers = new Headers(hit.headers);
    headers.set("X-Postal-Offline", "cached");  // the page, and the tests, can tell
    return hit.blob().then(function (body) { return new Response(body, { status: hit.status, headers: headers }); });
  });
}

self.addEventListener("fetch", function (event) {
  if (!kept(event.request)) return;
  event.respondWith(fetch(event.request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(event.request, copy); });
    }
    return response;
  }).catch(function () { return fromCache(event.request); }));
});

// The day page names its stop pages when it opens: each is fetched now, while there is network.
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.cache) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) return cache.put(url, response);
      }).catch(function () {});
    }));
  }));
});

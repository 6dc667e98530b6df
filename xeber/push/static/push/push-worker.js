// Xeber's service worker: shows the pushes an editor sends and opens their story.
// Served from /push-worker.js so that its scope is the whole site.
"use strict";

self.addEventListener("push", (event) => {
  let alert = {};
  try {
    alert = event.data ? event.data.json() : {};
  } catch (error) {
    alert = { body: event.data.text() };
  }
  const options = { body: alert.body || "", tag: alert.tag, lang: alert.lang, data: { url: alert.url } };
  if (alert.icon) options.icon = new URL(alert.icon, self.location.origin).href;
  event.waitUntil(self.registration.showNotification(alert.title || self.location.host, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = event.notification.data && event.notification.data.url;
  if (!path) return;
  const target = new URL(path, self.location.origin);
  if (target.origin !== self.location.origin) return; // only our own pages
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === target.href);
      return open ? open.focus() : self.clients.openWindow(target.href);
    }),
  );
});

// A read is counted once the story has been visible for a few seconds: one beacon, with
// where the reader came from as a category (no address is sent). No cookie, nothing kept.
"use strict";

(function () {
  const script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  const NEEDED_MS = 5000;
  let visibleSince = document.visibilityState === "visible" ? Date.now() : null;
  let seen = 0;
  let timer = null;
  let sent = false;

  const source = () => {
    if (!document.referrer) return "direct";
    let host;
    try {
      host = new URL(document.referrer).hostname.replace(/^www\./, "");
    } catch (error) {
      return "other";
    }
    if (host === location.hostname.replace(/^www\./, "")) return "internal";
    if (/(^|\.)(t\.me|telegram\.org|telegram\.me)$/.test(host)) return "telegram";
    if (/(^|\.)(google|bing|yandex|duckduckgo|yahoo|baidu|ecosia|qwant)\.[a-z.]+$/.test(host)) return "search";
    if (/(^|\.)(facebook|instagram|twitter|x|t\.co|linkedin|vk|ok|tiktok|youtube|whatsapp|threads|reddit)\.[a-z.]+$|^t\.co$|^x\.com$/.test(host)) return "social";
    return "other";
  };

  const send = () => {
    if (sent) return;
    sent = true;
    const body = new URLSearchParams(script.dataset.read);
    body.set("s", source());
    navigator.sendBeacon(script.dataset.beacon, body);
  };

  const schedule = () => {
    clearTimeout(timer);
    if (visibleSince === null || sent) return;
    timer = setTimeout(send, Math.max(0, NEEDED_MS - seen));
  };

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      visibleSince = Date.now();
    } else if (visibleSince !== null) {
      seen += Date.now() - visibleSince;
      visibleSince = null;
    }
    schedule();
  });
  schedule();
})();

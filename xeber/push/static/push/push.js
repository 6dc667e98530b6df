// The bell in the header: a reader turns alerts on for the edition (or some of its
// sections) or off. Nothing is asked of the browser's push service before a click.
"use strict";

(function () {
  const box = document.querySelector(".push-bell");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  const bell = box.querySelector(".bell");
  const panel = box.querySelector(".push-panel");
  const status = box.querySelector(".push-status");
  const off = box.querySelector(".push-off");
  const say = (name) => { status.textContent = box.dataset[name]; };
  box.hidden = false;

  const applicationServerKey = () => {
    const base64 = box.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(raw, (letter) => letter.charCodeAt(0));
  };
  const current = async () => {
    const registration = await navigator.serviceWorker.getRegistration("/");
    return registration ? registration.pushManager.getSubscription() : null;
  };
  const send = (url, body) => fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

  bell.addEventListener("click", async () => {
    const opening = panel.hidden;
    panel.hidden = !opening;
    bell.setAttribute("aria-expanded", String(opening));
    if (opening) off.hidden = !(await current());
  });

  panel.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if ((await Notification.requestPermission()) !== "granted") return say("denied");
      const registration = await navigator.serviceWorker.register(box.dataset.worker, { scope: "/" });
      await navigator.serviceWorker.ready;
      const subscription = (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey() }));
      const sections = Array.from(panel.querySelectorAll("input[name=section]:checked"), (input) => input.value);
      const answer = await send(box.dataset.subscribe, { edition: box.dataset.edition, sections, subscription: subscription.toJSON() });
      if (!answer.ok) return say("failed");
      off.hidden = false;
      say("on");
    } catch (error) {
      say("failed");
    }
  });

  off.addEventListener("click", async () => {
    const subscription = await current();
    if (subscription) {
      await send(box.dataset.unsubscribe, { endpoint: subscription.endpoint, edition: box.dataset.edition });
    }
    off.hidden = true;
    say("off");
  });
})();

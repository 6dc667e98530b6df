// The article form while someone writes: keeps their text every few seconds in their
// working copy (never the article), and says who else has the story open (presence,
// with a soft lock that can be taken over). Texts come from the page's data-* (translated).
(function () {
  "use strict";
  // The rich-text editor and the admin's autocomplete boxes are drawn by scripts of their
  // own, without an accessible name: they take their field's label once drawn.
  function nameDrawnFields() {
    document.querySelectorAll(".ProseMirror[contenteditable=true]:not([aria-label])").forEach((editor) => {
      const row = editor.closest(".form-row");
      const label = (row && row.querySelector("label")) || document.querySelector("label[for=id_body]");
      if (label) editor.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
    });
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const drawn = select.nextElementSibling;
      if (!label || !drawn) return;
      const name = label.textContent.trim().replace(/:$/, "");
      drawn.querySelectorAll(".select2-selection, .select2-search__field, [role=textbox]").forEach((part) => {
        part.setAttribute("aria-label", name);
      });
    });
  }
  // The editor's toolbar buttons show an icon font's ligature ("format_bold") as their
  // text: where the editor names a button (aria-label), the ligature is hidden from
  // assistive technology, so the name is the button's words alone.
  function hideLigatures() {
    document.querySelectorAll(".prose-menubar__button[aria-label]").forEach((button) => {
      const text = button.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE || !text.textContent.trim()) return;
      const icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = text.textContent;
      button.replaceChild(icon, text);
    });
  }
  new MutationObserver(hideLigatures).observe(document.documentElement, { childList: true, subtree: true });
  new MutationObserver(nameDrawnFields).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", nameDrawnFields);

  const box = document.querySelector(".writing[data-autosave-url]");
  const form = document.getElementById("article_form");
  if (!box || !form) return;
  const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const fields = ["title", "lead", "body"];
  const status = box.querySelector(".writing-status");
  const presenceLine = box.querySelector(".writing-presence");
  const AUTOSAVE_MS = 3000;

  function values() {
    const data = new FormData();
    fields.forEach((name) => {
      const element = form.elements[name];
      if (element) data.append(name, element.value);
    });
    const base = form.elements.base_version;
    data.append("base_version", base ? base.value : "");
    return data;
  }

  function fingerprint(data) {
    return fields.map((name) => data.get(name) || "").join("\u0000");
  }

  // Writing aids: words and reading time, the headline's length against what search
  // results and Google News show, a focus mode, and the story as written now (kept first,
  // saved or not) at a phone's width.
  const counter = box.querySelector(".writing-count");
  const WORDS_PER_MINUTE = 180;
  function count() {
    const editable = document.querySelector(".ProseMirror[contenteditable=true]");
    const text = editable ? editable.innerText : (form.elements.body ? form.elements.body.value : "");
    const words = (text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) || []).length;
    const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
    counter.textContent = `${box.dataset.words}: ${words} · ${minutes} ${box.dataset.minutes}`;
  }
  document.addEventListener("input", count);
  window.addEventListener("load", count);

  const title = form.elements.title;
  if (title) {
    const hint = document.createElement("p");
    hint.className = "writing-title-length";
    hint.setAttribute("aria-live", "polite");
    title.insertAdjacentElement("afterend", hint);
    const measure = () => {
      const length = [...title.value].length;
      const note = length > 110 ? box.dataset.newsCut : length > 70 ? box.dataset.searchCut : "";
      hint.textContent = `${length}` + (note ? ` · ${note}` : "");
      hint.dataset.state = length > 110 ? "over" : length > 70 ? "long" : "";
    };
    title.addEventListener("input", measure);
    measure();
  }

  const focusToggle = box.querySelector(".writing-focus-toggle");
  focusToggle.addEventListener("click", () => {
    const on = document.body.classList.toggle("writing-focus");
    focusToggle.setAttribute("aria-pressed", on ? "true" : "false");
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.body.classList.contains("writing-focus")) focusToggle.click();
  });
  const phone = box.querySelector(".writing-phone");
  if (phone) {
    phone.addEventListener("click", async () => {
      // Opened at once (a window opened after an await is a blocked pop-up), then pointed
      // at the preview once the text on screen is kept.
      const preview = window.open("", "xeber-phone-preview", "width=390,height=844");
      kept = null;  // keep it even if unchanged since the last round: the preview reads it
      await autosave();
      if (preview) preview.location.href = box.dataset.phoneUrl;
    });
  }

  let kept = fingerprint(values());
  let submitting = false;
  form.addEventListener("submit", () => { submitting = true; });

  function post(url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    });
  }

  async function autosave() {
    if (submitting) return;
    const data = values();
    const now = fingerprint(data);
    if (now === kept) return;
    try {
      const answer = await post(box.dataset.autosaveUrl, data);
      if (!answer.ok) return;
      const result = await answer.json();
      kept = now;
      const time = new Date(result.saved_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      status.textContent = box.dataset.saved + " " + time + (result.newer_saved ? " · " + box.dataset.newer : "");
    } catch (error) {
      // Offline for a moment: the next round tries again with what is there then.
    }
  }
  setInterval(autosave, AUTOSAVE_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") autosave();
  });

  const presenceUrl = box.dataset.presenceUrl;
  if (!presenceUrl) return;

  function since(person) {
    return new Date(person.since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function show(presence) {
    presenceLine.textContent = "";
    presenceLine.dataset.state = presence.holding ? "holding" : "other";
    if (presence.taken_over && presence.holder) {
      presenceLine.dataset.state = "taken";
      presenceLine.textContent = presence.holder.name + " " + box.dataset.taken;
      return;
    }
    if (!presence.holding && presence.holder) {
      presenceLine.textContent = presence.holder.name + " " + box.dataset.editing + " " + since(presence.holder);
      const take = document.createElement("button");
      take.type = "button";
      take.className = "button";
      take.textContent = box.dataset.take;
      take.addEventListener("click", () => beat(true));
      presenceLine.appendChild(take);
      return;
    }
    presenceLine.textContent = presence.others
      .map((person) => person.name + " " + box.dataset.open + " " + since(person))
      .join(" · ");
  }

  async function beat(takeOver) {
    const data = new FormData();
    if (takeOver) data.append("take", "1");
    try {
      const answer = await post(presenceUrl, data);
      if (answer.ok) show(await answer.json());
    } catch (error) {
      // The next beat tells.
    }
  }
  beat(false);
  setInterval(() => beat(false), 10000);
  window.addEventListener("pagehide", () => {
    const data = new FormData();
    data.append("leave", "1");
    data.append("csrfmiddlewaretoken", token);
    navigator.sendBeacon(presenceUrl, data);
  });
})();

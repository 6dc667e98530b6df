// A live page's new entries without a reload (xeber/live). Every few seconds the page asks
// the entries endpoint what changed after its cursor: the answer is 304 or the changed
// entries, rendered by the server as the page renders them. New entries wait behind an
// "N new entries" button, so that nothing moves under the reader's eyes; edits and
// deletions apply to the page at once. Without this script the page is complete: a reload
// shows everything.
"use strict";

(() => {
  const section = document.querySelector("section.live[data-endpoint]");
  if (!section || !window.fetch) {
    return;
  }
  const list = section.querySelector(".live-entries");
  const head = section.querySelector(".live-head");
  const button = section.querySelector(".live-new-button");
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const pending = new Map(); // entry id -> the change, until the reader shows them
  // Only entries at least this new belong on this page (older ones are on earlier pages).
  const oldest = BigInt(section.dataset.oldest || "0");
  let cursor = section.dataset.cursor;
  let pollMs = Number(section.dataset.poll || "5") * 1000;
  let asked = ""; // the address last answered in full, and its ETag
  let etag = "";
  let timer = 0;
  let failures = 0;
  let shownHead = null; // the top of the live part as last received

  function label(count) {
    const category = plural.select(count);
    const key = "new" + category[0].toUpperCase() + category.slice(1);
    return (section.dataset[key] || section.dataset.newOther).replace("{n}", String(count));
  }

  function element(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function shownEntry(id) {
    return list.querySelector(`.live-entry[data-entry="${id}"]`);
  }

  function apply(change) {
    const shown = shownEntry(change.id);
    if (change.deleted) {
      pending.delete(change.id);
      if (shown) {
        shown.remove();
      }
      return;
    }
    if (shown) {
      if (Number(shown.dataset.version) < change.version) {
        const edited = element(change.html);
        shown.replaceWith(edited);
        announce([edited]);
      }
      return;
    }
    const waiting = pending.get(change.id);
    if (waiting ? waiting.version < change.version : BigInt(change.posted) >= oldest) {
      pending.set(change.id, change);
    }
  }

  function showBar() {
    button.hidden = pending.size === 0;
    button.textContent = pending.size ? label(pending.size) : "";
  }

  // Each new entry goes where its time puts it: almost always at the top.
  function insert(change) {
    const entry = element(change.html);
    const posted = BigInt(change.posted);
    const later = [...list.querySelectorAll(".live-entry")].find(
      (other) => BigInt(other.dataset.posted) < posted,
    );
    list.querySelector(".empty")?.remove();
    list.insertBefore(entry, later || null);
    entry.classList.add("is-new");
    return entry;
  }

  button.addEventListener("click", () => {
    const newestFirst = (a, b) => (BigInt(b.posted) > BigInt(a.posted) ? 1 : -1);
    const changes = [...pending.values()].sort(newestFirst);
    pending.clear();
    const inserted = changes.map(insert);
    showBar();
    if (inserted.length) {
      inserted[0].focus({ preventScroll: true });
      inserted[0].scrollIntoView({ block: "start", behavior: "smooth" });
    }
    announce(inserted);
  });

  // Other scripts of the page (embeds.js) take up what arrived.
  function announce(elements) {
    document.dispatchEvent(new CustomEvent("xeber:content", { detail: { elements } }));
  }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, delay);
  }

  async function ask() {
    if (document.hidden) {
      return; // asked again when the reader comes back (visibilitychange)
    }
    const askedAt = performance.now();
    // The next question comes a poll after this one, not after its answer: a slow answer
    // does not delay the entries after it; but at least a second after it, so that a
    // server slow to answer is not asked again at once by every open page.
    const again = () => later(Math.max(1000, pollMs - (performance.now() - askedAt)));
    const address = `${section.dataset.endpoint}?after=${encodeURIComponent(cursor)}`;
    const headers = { Accept: "application/json" };
    if (address === asked && etag) {
      headers["If-None-Match"] = etag;
    }
    let answer;
    try {
      const response = await fetch(address, { headers, cache: "no-store", credentials: "omit" });
      if (response.status === 304) {
        failures = 0;
        return again();
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      asked = address;
      etag = response.headers.get("ETag") || "";
      answer = await response.json();
    } catch {
      failures += 1; // the network or the server: ask less often for a while
      return later(Math.min(pollMs * 2 ** failures, 60000));
    }
    failures = 0;
    answer.entries.forEach(apply);
    if (typeof answer.head === "string" && answer.head !== shownHead) {
      head.innerHTML = shownHead = answer.head; // the state, key events and pinned entry
    }
    showBar();
    cursor = answer.cursor;
    pollMs = (answer.poll || pollMs / 1000) * 1000;
    if (answer.live === false) {
      return; // the coverage has ended: nothing more will come
    }
    return answer.more ? later(0) : again();
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) {
      later(0);
    }
  });
  later(pollMs);
})();

// Click-to-load embeds (xeber/embeds/markup.py). An embed arrives as Xeber's own picture,
// title and button: nothing is asked of the provider until the reader presses it. Then,
// and only then, the provider's player replaces the button, in a sandboxed iframe whose
// address the page gave (always one of the provider's players: CSP frame-src names only
// them). Without scripts the button is a plain link to the post or video.
"use strict";

function play(link) {
  const frame = document.createElement("iframe");
  frame.src = link.dataset.player;
  frame.title = link.dataset.title || link.textContent.trim();
  frame.className = "embed-frame";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.setAttribute(
    "sandbox",
    "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation",
  );
  link.replaceWith(frame);
  frame.focus();
}

// Embeds on the page, and in what arrives later (a live page's new entries: live.js).
bind(document);
document.addEventListener("xeber:content", (event) => event.detail.elements.forEach(bind));

function bind(root) {
  for (const link of root.querySelectorAll("a.embed-load[data-player]")) {
    facade(link);
  }
}

function facade(link) {
  link.setAttribute("role", "button");
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; // a new tab or window: the reader asked for the provider's own page
    }
    event.preventDefault();
    play(link);
  });
  link.addEventListener("keydown", (event) => {
    if (event.key === " ") {  // a button answers the space bar too
      event.preventDefault();
      play(link);
    }
  });
}

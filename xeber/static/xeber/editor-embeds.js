// Embeds in the body's editor (xeber/embeds): a link alone in a paragraph becomes an embed
// when the article is saved. This TipTap extension adds an Embed button, which asks for a
// link, has the server check it and puts it in a paragraph of its own, and a panel under
// the editor showing what each lone link will become: provider, title, picture. The server
// answers from what it knows or asks the provider itself (the editor's browser never does);
// its address and this extension's words come from the form (xeber/editorial/forms.py).
import { Extension, updateAttrsDialog } from "django-prose-editor/editor";

// As xeber/embeds/services.py reads a paragraph: one address and nothing else.
const ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/\S+|(?:javascript|data|vbscript):\S+)$/i;
const QUIET_MS = 400; // the panel follows the body once typing pauses

function loneAddress(node) {
  if (node.type.name !== "paragraph" || node.childCount === 0) return null;
  let plain = true;
  node.forEach((child) => {
    plain &&= child.isText && child.marks.every((mark) => mark.type.name === "link");
  });
  const text = node.textContent.trim();
  return plain && ADDRESS.test(text) ? text : null;
}

function loneAddresses(doc) {
  const found = [];
  doc.forEach((node) => {
    const address = loneAddress(node);
    if (address) found.push(address);
  });
  return found;
}

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

// The server's answer about one address, asked once per page.
function ask(extension, address) {
  const { answers } = extension.storage;
  if (!answers.has(address)) {
    const body = new FormData();
    body.set("url", address);
    const unavailable = { embeddable: false, message: extension.options.labels.unavailable };
    const answer = fetch(extension.options.previewUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then((response) => response.json())
      .then((data) => (typeof data.embeddable === "boolean" ? data : { ...unavailable, ...data }))
      .catch(() => {
        answers.delete(address); // ask again next time
        return unavailable;
      });
    answers.set(address, answer);
  }
  return answers.get(address);
}

// --- the Embed button -------------------------------------------------------------------
async function embedLink(extension, editor, written = "", problem = "") {
  const { labels } = extension.options;
  const description = problem || labels.help;
  const fields = { url: { type: "string", title: labels.link, description, required: true } };
  const dialog = updateAttrsDialog(fields, { title: labels.button, submitText: labels.submit });
  const shown = dialog(editor, { url: written }); // the dialog opens at once
  if (problem) markProblem(editor);
  const entered = await shown;
  const address = entered ? entered.url.trim() : "";
  if (!address) return;
  const answer = await ask(extension, address);
  if (!answer.embeddable) {
    await embedLink(extension, editor, address, answer.message);
    return;
  }
  insertParagraph(editor, address);
}

// Why the link was refused, said aloud and shown as a problem, in the reopened dialog.
function markProblem(editor) {
  const note = editor.view.dom.parentElement.querySelector("dialog[open] .prose-editor-help");
  if (!note) return;
  note.classList.add("embed-problem");
  note.setAttribute("role", "alert");
}

// The link as a paragraph of its own at the top level: in place of an empty paragraph
// the cursor is in, or after the block it is in.
function insertParagraph(editor, address) {
  const { selection } = editor.state;
  const { $to } = selection;
  const paragraph = { type: "paragraph", content: [{ type: "text", text: address }] };
  let at = selection.to;
  if ($to.depth > 0) {
    const block = $to.node(1);
    const empty = block.type.name === "paragraph" && block.content.size === 0;
    at = empty ? { from: $to.before(1), to: $to.after(1) } : $to.after(1);
  }
  editor.chain().focus().insertContentAt(at, paragraph).run();
}

// --- the preview panel --------------------------------------------------------------------
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function buildPanel(extension) {
  const { labels } = extension.options;
  const panel = element("section", "embed-previews");
  const heading = element("h3", "", labels.heading);
  heading.id = `embed-previews-${Math.random().toString(36).slice(2)}`;
  panel.setAttribute("aria-labelledby", heading.id);
  const list = element("ul", "embed-preview-list");
  list.setAttribute("aria-live", "polite");
  panel.append(heading, element("p", "embed-previews-intro", labels.intro), list);
  panel.hidden = true;
  return panel;
}

function fillCard(card, answer, labels) {
  const picture = answer.thumbnail && /^(?:\/|data:image\/)/.test(answer.thumbnail);
  const image = picture ? element("img") : element("span", "embed-preview-placeholder");
  if (picture) {
    image.src = answer.thumbnail;
    image.alt = "";
  } else {
    image.textContent = answer.embeddable ? labels.noPicture : labels.notEmbedded;
  }
  const text = element("div", "embed-preview-text");
  if (answer.embeddable) {
    text.append(element("strong", "embed-preview-provider", answer.provider_name));
    if (answer.title) text.append(element("span", "embed-preview-title", answer.title));
  }
  text.append(element("span", "embed-preview-address", card.dataset.address));
  if (answer.message) text.append(element("span", "embed-preview-message", answer.message));
  card.classList.toggle("embed-preview-refused", !answer.embeddable);
  card.classList.remove("embed-preview-checking");
  card.replaceChildren(image, text);
}

function render(extension, addresses) {
  const { panel } = extension.storage;
  const { labels } = extension.options;
  const list = panel.querySelector("ul");
  const cards = addresses.map((address) => {
    const card = element("li", "embed-preview embed-preview-checking");
    card.dataset.address = address;
    card.append(
      element("span", "embed-preview-address", address),
      element("span", "", labels.checking),
    );
    ask(extension, address).then((answer) => fillCard(card, answer, labels));
    return card;
  });
  list.replaceChildren(...cards);
  panel.hidden = cards.length === 0;
}

function refresh(extension) {
  const addresses = loneAddresses(extension.editor.state.doc);
  const key = addresses.join("\n");
  if (key === extension.storage.shown) return; // typing elsewhere changes nothing here
  extension.storage.shown = key;
  render(extension, addresses);
}

export const XeberEmbed = Extension.create({
  name: "xeberEmbed",

  addOptions() {
    return { previewUrl: "", labels: {} };
  },

  addStorage() {
    return { answers: new Map(), panel: null, shown: null, timer: 0 };
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "xeberEmbed",
      groups: "link",
      button: buttons.material("smart_display", this.options.labels.button),
      command: (editor) => embedLink(this, editor),
    });
  },

  onCreate() {
    this.storage.panel = buildPanel(this);
    // Under the text, in the editor's own column.
    this.editor.view.dom.closest(".prose-editor").append(this.storage.panel);
    refresh(this);
  },

  onUpdate() {
    clearTimeout(this.storage.timer);
    this.storage.timer = setTimeout(() => refresh(this), QUIET_MS);
  },

  onDestroy() {
    clearTimeout(this.storage.timer);
    this.storage.panel?.remove();
  },
});

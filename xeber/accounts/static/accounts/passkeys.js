// Passkeys in the back office (xeber/accounts/passkeys.py): a button with
// data-passkey="register" or "verify" and data-url asks the server for options, lets the
// browser create or use a passkey, sends the answer back and goes where the server says.
"use strict";

(() => {
  const fromBase64url = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0)).buffer;
  };
  const toBase64url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  const creationOptions = (options) => ({
    ...options,
    challenge: fromBase64url(options.challenge),
    user: { ...options.user, id: fromBase64url(options.user.id) },
    excludeCredentials: (options.excludeCredentials || []).map((known) => ({ ...known, id: fromBase64url(known.id) })),
  });
  const requestOptions = (options) => ({
    ...options,
    challenge: fromBase64url(options.challenge),
    allowCredentials: (options.allowCredentials || []).map((known) => ({ ...known, id: fromBase64url(known.id) })),
  });

  // The credential as py_webauthn reads it (the JSON form of WebAuthn Level 3).
  const asJSON = (credential) => {
    const answer = credential.response;
    const response = { clientDataJSON: toBase64url(answer.clientDataJSON) };
    if (answer.attestationObject) {
      response.attestationObject = toBase64url(answer.attestationObject);
      response.transports = answer.getTransports ? answer.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(answer.authenticatorData);
      response.signature = toBase64url(answer.signature);
      if (answer.userHandle) response.userHandle = toBase64url(answer.userHandle);
    }
    return {
      id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type, response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  };

  const run = async (button) => {
    const status = document.getElementById(button.dataset.status);
    const say = (text) => { if (status) status.textContent = text; };
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    const url = button.dataset.url;
    const asked = await fetch(url, { credentials: "same-origin" });
    const options = await asked.json();
    if (!asked.ok) return say(options.error);
    let credential;
    try {
      credential = button.dataset.passkey === "register"
        ? await navigator.credentials.create({ publicKey: creationOptions(options) })
        : await navigator.credentials.get({ publicKey: requestOptions(options) });
    } catch (error) {
      return say(button.dataset.cancelled);
    }
    const nameField = document.getElementById(button.dataset.name || "");
    const sent = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ credential: asJSON(credential), name: nameField ? nameField.value : "" }),
    });
    const outcome = await sent.json();
    if (!sent.ok) return say(outcome.error);
    window.location.assign(outcome.next);
  };

  for (const button of document.querySelectorAll("[data-passkey]")) {
    if (!window.PublicKeyCredential) {
      button.hidden = true;
      continue;
    }
    button.addEventListener("click", () => {
      button.disabled = true;
      run(button).finally(() => { button.disabled = false; });
    });
  }
})();

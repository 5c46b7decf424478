// The review queue with the keyboard and in place (htmx). Without
// JavaScript every action is a normal form and the page reloads.
//
// Keys (listed on the page and in docs/moderation.md): j/k next/previous
// post, g seen, v remove, t clarify, o whole text, x select, z undo, ? the
// list of keys. They do nothing while the moderator types in a field or
// holds Ctrl, Alt or Cmd. After an action focus moves to the next post; the
// status line (a polite live region) says what happened.
(() => {
  const queuePage = document.getElementById("queue-status");
  if (!queuePage) return;
  const CLAIM_EVERY_MS = 60_000;
  const claimedAt = new Map();

  const items = () =>
    Array.from(document.querySelectorAll("[data-item]")).filter(
      (item) => !item.hasAttribute("data-done"),
    );
  const current = () => document.activeElement?.closest?.(".queue-item") || null;

  function csrfToken() {
    const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  // Focusing a post tells the other moderators someone looks at it.
  function claim(item) {
    const url = item?.dataset.claimUrl;
    if (!url) return;
    const last = claimedAt.get(url) || 0;
    if (Date.now() - last < CLAIM_EVERY_MS) return;
    claimedAt.set(url, Date.now());
    fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then((response) => (response.status === 409 ? response.text() : ""))
      .then((text) => {
        if (text) queuePage.textContent = text;
      })
      .catch(() => {});
  }

  function focusItem(item) {
    if (!item) return false;
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    return true;
  }

  function move(step) {
    const list = items();
    if (!list.length) return;
    const here = current();
    let index = here ? list.indexOf(here) : -1;
    if (here && index === -1) {
      // On a handled item: the next one is the first open one after it.
      const all = Array.from(document.querySelectorAll("[data-item]"));
      const position = all.indexOf(here);
      const after = all.slice(position + 1).find((item) => !item.hasAttribute("data-done"));
      index = after ? list.indexOf(after) - (step > 0 ? 1 : 0) : list.length;
    }
    const target = index === -1 ? list[0] : list[Math.min(Math.max(index + step, 0), list.length - 1)];
    focusItem(target);
  }

  // After an item is handled: on to the next open post; when the page is
  // done, the queue is read again (handled posts have left it).
  function focusAfter(handled) {
    const all = Array.from(document.querySelectorAll("[data-item]"));
    const position = all.indexOf(handled);
    const next =
      all.slice(position + 1).find((item) => !item.hasAttribute("data-done")) ||
      all.slice(0, position).reverse().find((item) => !item.hasAttribute("data-done"));
    if (next) {
      focusItem(next);
      return;
    }
    // The new #queue is focused by the htmx:load handler below.
    window.htmx?.ajax("GET", window.location.pathname + window.location.search, {
      target: "#queue",
      swap: "outerHTML",
      select: "#queue",
    });
  }

  function click(item, selector) {
    const control = item?.querySelector(selector);
    if (control) control.click();
    return Boolean(control);
  }

  function typing(target) {
    return (
      target.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)
    );
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === "Escape") {
      const form = event.target.closest?.("[data-slot-form]");
      if (form) {
        event.preventDefault();
        cancel(form);
      }
      return;
    }
    // Not while typing, nor inside a form opened in an item (its buttons).
    if (typing(event.target) || event.target.closest?.("[data-slot-form]")) return;
    const item = current();
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      g: () => click(item, '[data-key="g"]'),
      v: () => click(item, '[data-key="v"]'),
      t: () => click(item, '[data-key="t"]'),
      o: () => {
        const more = item?.querySelector("[data-more]");
        if (more) more.open = !more.open;
      },
      x: () => {
        const box = item?.querySelector("[data-select]");
        if (box) {
          box.checked = !box.checked;
          queuePage.textContent = box.checked ? box.dataset.selected : box.dataset.unselected;
        }
      },
      z: () => {
        const buttons = document.querySelectorAll("[data-undo]");
        if (buttons.length) buttons[buttons.length - 1].click();
      },
      "?": () => {
        const help = document.getElementById("queue-shortcuts");
        help.open = !help.open;
        if (help.open) help.querySelector("summary").focus();
      },
    };
    // Caps Lock on: "G" is "g" ("?" stays as it is).
    const action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  function cancel(form) {
    const item = form.closest(".queue-item");
    form.remove();
    focusItem(item);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-cancel]");
    if (button) cancel(button.closest("[data-slot-form]"));
    const all = event.target.closest?.("[data-select-all]");
    if (all) {
      const boxes = document.querySelectorAll("[data-select]");
      const check = Array.from(boxes).some((box) => !box.checked);
      boxes.forEach((box) => {
        box.checked = check;
      });
    }
  });

  // Claimed once the moderator stays on a post a moment: walking past
  // posts with j/k claims nothing.
  const CLAIM_AFTER_MS = 1500;
  let claimTimer = null;
  document.addEventListener("focusin", (event) => {
    const item = event.target.closest?.("[data-item]");
    clearTimeout(claimTimer);
    if (item && !item.hasAttribute("data-done")) {
      claimTimer = setTimeout(() => {
        if (item.isConnected && item.contains(document.activeElement)) claim(item);
      }, CLAIM_AFTER_MS);
    }
  });

  // htmx:load fires on what a swap added (it is in the page, unlike what it
  // replaced).
  document.addEventListener("htmx:load", (event) => {
    const added = event.detail.elt;
    if (!(added instanceof HTMLElement) || added === document.body) return;
    if (added.matches("[data-slot-form]")) {
      // A form opened in an item: focus its first field (or its error).
      const field = added.querySelector(
        "[aria-invalid=true], input:not([type=hidden]), textarea, select",
      );
      if (field) field.focus();
      return;
    }
    if (added.matches("[data-by-other]")) {
      // Handled by someone else (the live refresh): move on only if the
      // moderator's focus was in it and is lost now.
      if (document.activeElement === document.body) focusAfter(added);
      return;
    }
    if (added.matches("[data-done]")) {
      // Only the last action can be undone.
      document.querySelectorAll("[data-done] form").forEach((form) => {
        if (!added.contains(form)) form.remove();
      });
      focusAfter(added);
      return;
    }
    if (added.id === "queue") {
      showSelectAll(added);
      const wanted = added.querySelector("[data-focus]") || items()[0];
      if (wanted) focusItem(wanted);
      return;
    }
    if (added.matches("[data-item]")) {
      document.querySelectorAll("#queue-items .queue-empty").forEach((li) => li.remove());
    }
  });

  function showSelectAll(root) {
    root.querySelectorAll("[data-select-all]").forEach((button) => {
      button.hidden = false;
    });
  }
  showSelectAll(document);
})();

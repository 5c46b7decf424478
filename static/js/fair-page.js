// The fair page before opening: reload at the opening moment, so a page left
// open shows "Open now" and the counters without a click. The countdown text
// itself is rendered by the server (the page works without JavaScript).
// Pages left open reload spread over 2-15 s after opening, not all in the
// same second: the shared copy is rebuilt once, not by every page at once.
(function () {
  "use strict";
  var status = document.querySelector("[data-opens-at]");
  if (!status) {
    return;
  }
  var wait = Date.parse(status.getAttribute("data-opens-at")) - Date.now();
  // Only within a day: a timer of weeks is clamped by browsers anyway.
  if (wait > 0 && wait < 24 * 60 * 60 * 1000) {
    window.setTimeout(function () {
      window.location.reload();
    }, wait + 2000 + Math.floor(Math.random() * 13000));
  }
})();

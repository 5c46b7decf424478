// The live board (docs/board.md): htmx asks for new posts every few
// seconds and adds them on top of the list; the status line (a polite live
// region) says how many came. This keeps what the reader looks at where it
// is: a post added above the screen pushes nothing down. Browsers with
// scroll anchoring do this themselves; then the correction is zero.
// Focus stays where it was: nothing that holds it is replaced.
(() => {
  const list = document.getElementById("board-posts");
  if (!list) return;
  let anchor = null;
  let anchorTop = 0;

  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target?.id !== "board-poller") return;
    anchor = null;
    if (window.scrollY === 0) return;
    anchor = Array.from(list.children).find(
      (item) => item.getBoundingClientRect().bottom > 0,
    );
    if (anchor) anchorTop = anchor.getBoundingClientRect().top;
  });

  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target?.id !== "board-poller" || !anchor) return;
    const shift = anchor.getBoundingClientRect().top - anchorTop;
    if (Math.abs(shift) >= 1) window.scrollBy(0, shift);
    anchor = null;
  });
})();

// Copy buttons beside a read-only field (an invite link, a ready message).
// Without JavaScript the buttons stay hidden and the field can be selected
// and copied by hand. The status line tells screen readers it worked.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  if (!source) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    source.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(source.value);
      copied = true;
    } catch {
      copied = document.execCommand && document.execCommand("copy");
    }
    if (status) {
      status.textContent = copied ? status.dataset.copied : status.dataset.failed;
    }
    button.dataset.copied = copied ? "yes" : "no";
  });
});

// A choice with a field per option ("A member" → the member list, "Someone
// else" → the name): show only the field of the chosen option. Without
// JavaScript every field shows, each under its own option, and the server
// ignores the one that was not chosen.
document.querySelectorAll("[data-choice-reveal]").forEach((group) => {
  const details = group.querySelectorAll("[data-reveal-when]");
  const update = () => {
    const chosen = group.querySelector('input[type="radio"]:checked');
    details.forEach((detail) => {
      detail.hidden = !chosen || chosen.value !== detail.dataset.revealWhen;
    });
  };
  group.addEventListener("change", update);
  update();
});

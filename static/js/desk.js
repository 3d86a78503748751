// The story form's small helpers. Scripts come from files only: the admin's
// Content-Security-Policy allows no inline handlers.
(function () {
  "use strict";
  // The reviewers' share link is selected whole when its field is focused.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (field) {
    field.addEventListener("focus", function () {
      field.select();
    });
  });
  // A button that throws work away asks first ("Discard the changes").
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
  // The headline's length as it is typed, with a warning (never a limit) past
  // the length the newsroom set (NEWSROOM_HEADLINE_WARN_LENGTH).
  document.querySelectorAll("[data-warn-length]").forEach(function (field) {
    var warnAt = parseInt(field.getAttribute("data-warn-length"), 10);
    var count = document.createElement("p");
    count.className = "help desk-count";
    count.id = field.id + "_count";
    count.setAttribute("aria-live", "polite");
    // Under the field's row (label and input), where the admin puts help.
    (field.closest(".flex-container") || field).insertAdjacentElement(
      "afterend",
      count
    );
    field.setAttribute(
      "aria-describedby",
      ((field.getAttribute("aria-describedby") || "") + " " + count.id).trim()
    );
    function show() {
      var length = field.value.length;
      var long = length > warnAt;
      count.textContent = length + " characters" + (long
        ? " – longer than " + warnAt + ": lists and search results may cut it short."
        : " (lists show about " + warnAt + ").");
      count.classList.toggle("desk-count--long", long);
    }
    field.addEventListener("input", show);
    show();
  });
})();

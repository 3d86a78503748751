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
})();

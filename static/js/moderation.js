// Keyboard shortcuts for the comment queue: j / k move, x selects,
// a approves, r rejects, s marks as spam (the focused comment, or the selection).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.getElementById("changelist-form");
  var rows = Array.from(document.querySelectorAll("#result_list tbody tr"));
  if (!form || !rows.length) {
    return;
  }
  var actions = { a: "approve", r: "reject", s: "mark_spam" };
  var current = -1;

  function focusRow(index) {
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) {
      row.classList.toggle("is-focused", i === current);
    });
    rows[current].setAttribute("tabindex", "-1");
    rows[current].focus();
  }

  function checkbox(row) {
    return row.querySelector("input.action-select");
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (
      event.ctrlKey || event.metaKey || event.altKey ||
      target.closest("input, textarea, select, [contenteditable]")
    ) {
      return;
    }
    var key = event.key;
    if (key === "j" || key === "k") {
      focusRow(current + (key === "j" ? 1 : -1));
    } else if (key === "x" && current >= 0) {
      checkbox(rows[current]).click();
    } else if (actions[key]) {
      var chosen = rows.filter(function (row) {
        return checkbox(row).checked;
      });
      if (!chosen.length && current >= 0) {
        checkbox(rows[current]).click();
        chosen = [rows[current]];
      }
      if (!chosen.length) {
        return;
      }
      form.querySelector("select[name=action]").value = actions[key];
      form.querySelector("button[name=index], button[type=submit]").click();
    } else {
      return;
    }
    event.preventDefault();
  });
});

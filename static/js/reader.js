// Enhances the story page's comment form and poll. Everything works without it.
//
// The page is the same for every reader (so it can be cached), so the
// reader's own tokens and vote come from a small uncached endpoint.
(function () {
  "use strict";

  // Count as the server does: Unicode characters, a line break as one.
  function countCharacters(text) {
    return Array.from(text.replace(/\r\n?/g, "\n")).length;
  }

  function setupCounter(form) {
    var box = form.querySelector("textarea[data-limit]");
    var counter = form.querySelector("[data-counter]");
    if (!box || !counter) {
      return;
    }
    var limit = parseInt(box.dataset.limit, 10);
    var warning = document.createElement("p");
    warning.className = "counter__warning";
    warning.id = "comment-counter-warning";
    warning.setAttribute("role", "alert");
    warning.hidden = true;
    counter.after(warning);
    counter.setAttribute("aria-live", "polite");

    function update() {
      var used = countCharacters(box.value);
      var over = used - limit;
      counter.textContent = Math.max(0, limit - used) + " / " + limit;
      counter.classList.toggle("counter--low", limit - used <= 100);
      box.classList.toggle("is-invalid", over > 0);
      warning.hidden = over <= 0;
      if (over > 0) {
        warning.textContent = form.dataset.overLimit
          ? form.dataset.overLimit.replace("%(count)s", over)
          : over + " over the limit.";
        box.setCustomValidity(warning.textContent);
      } else {
        box.setCustomValidity("");
      }
    }
    box.addEventListener("input", update);
    form.addEventListener("submit", function (event) {
      update();
      if (countCharacters(box.value) > limit) {
        event.preventDefault();
        box.focus();
      }
    });
    update();
  }

  function fillTokens(state) {
    document
      .querySelectorAll("input[name=csrfmiddlewaretoken]")
      .forEach(function (input) {
        if (!input.value) {
          input.value = state.csrfToken;
        }
      });
    document.querySelectorAll("input[name=started]").forEach(function (input) {
      if (!input.value) {
        input.value = state.started;
      }
    });
  }

  function showResults(poll, results, message) {
    var box = poll.querySelector("[data-poll-results]");
    var form = poll.querySelector("form[data-poll]");
    ["yes", "no"].forEach(function (answer) {
      var share = results[answer + "Share"];
      box.querySelector('[data-poll-share="' + answer + '"]').textContent = share;
      box.querySelector('[data-poll-count="' + answer + '"]').textContent =
        results[answer];
      box.querySelector('[data-poll-fill="' + answer + '"]').style.width =
        share + "%";
    });
    box.querySelector("[data-poll-message]").textContent =
      message || poll.dataset.voted || "";
    box.hidden = false;
    if (form) {
      form.hidden = true;
    }
  }

  function setupPoll(poll) {
    var form = poll.querySelector("form[data-poll]");
    if (!form) {
      return;
    }
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) {
        return;
      }
      event.preventDefault();
      var data = new FormData(form);
      data.set("answer", button.value);
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (results) {
          if (results.voted) {
            showResults(poll, results, results.message);
          } else {
            form.submit();
          }
        })
        .catch(function () {
          form.submit();
        });
    });
  }

  // Count the read: no cookie, no third party, nothing that varies the page.
  var story = document.querySelector("[data-read]");
  if (story && navigator.sendBeacon) {
    navigator.sendBeacon(story.dataset.read);
  }

  var form = document.querySelector("form[data-comment-form]");
  if (form) {
    setupCounter(form);
  }
  var pollSection = document.getElementById("poll");
  if (pollSection) {
    setupPoll(pollSection);
  }
  var stateUrl =
    (form && form.dataset.state) || (pollSection && pollSection.dataset.state);
  if (!stateUrl || !window.fetch) {
    return;
  }
  fetch(stateUrl, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (response) {
      return response.ok ? response.json() : Promise.reject(response.status);
    })
    .then(function (state) {
      fillTokens(state);
      if (state.poll && pollSection) {
        showResults(pollSection, state.poll, "");
      }
    })
    .catch(function () {
      // Without tokens the forms still work: the server asks to confirm.
    });
})();

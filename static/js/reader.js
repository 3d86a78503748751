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
        // The words come translated from the template (data-over-limit);
        // without them, the number alone rather than English.
        warning.textContent = form.dataset.overLimit
          ? form.dataset.overLimit.replace("%(count)s", over)
          : "+" + over;
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

  // A comment sent while the tokens are still on their way waits for them,
  // rather than being asked to confirm.
  function waitForTokens(form, ready) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented || !token || token.value) {
        return;
      }
      event.preventDefault();
      ready.then(function () {
        form.submit();
      });
    });
  }

  // Send the form the way a browser without script would, keeping the answer
  // pressed; the server then asks to confirm if the tokens are missing.
  function submitPlainly(form, button) {
    if (button && button.name) {
      var answer = document.createElement("input");
      answer.type = "hidden";
      answer.name = button.name;
      answer.value = button.value;
      form.append(answer);
    }
    form.submit();
  }

  function setupPoll(poll, ready) {
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
      // A vote pressed while the tokens are still on their way waits for them.
      ready.then(function (state) {
        if (!state) {
          submitPlainly(form, button);
          return;
        }
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
              submitPlainly(form, button);
            }
          })
          .catch(function () {
            submitPlainly(form, button);
          });
      });
    });
  }

  // Count the read: no cookie, no third party, nothing that varies the page.
  var story = document.querySelector("[data-read]");
  if (story && navigator.sendBeacon) {
    navigator.sendBeacon(story.dataset.read);
  }

  var form = document.querySelector("form[data-comment-form]");
  var pollSection = document.getElementById("poll");
  var stateUrl =
    (form && form.dataset.state) || (pollSection && pollSection.dataset.state);
  // This reader's tokens, or null when they can't be had (the forms then
  // work as they do without script).
  var ready =
    stateUrl && window.fetch
      ? fetch(stateUrl, {
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
            return state;
          })
          .catch(function () {
            return null;
          })
      : Promise.resolve(null);
  if (form) {
    setupCounter(form);
    waitForTokens(form, ready);
  }
  if (pollSection) {
    setupPoll(pollSection, ready);
  }
})();

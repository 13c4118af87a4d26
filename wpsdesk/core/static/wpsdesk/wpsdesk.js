"use strict";
/*
 * wpsdesk's own script (CSP: no inline script, no inline styles, no eval).
 *
 * 1. An error summary on a page that comes back with errors gets the focus, so that
 *    screen-reader and keyboard users hear what to correct first.
 * 3. On a narrow screen the header's navigation and tools fold behind a "Menu" button
 *    (without JavaScript they simply stack).
 * 2. The session warning: some time before the idle timeout a dialog
 *    (role="alertdialog") asks whether the person is still there and puts the focus on
 *    "Stay logged in". Its countdown is visible every second but announced only now and
 *    then (every minute, then at 30 and 10 seconds). Enter, Space or Escape keep the
 *    session; when the time is up the page goes to the log-in page, which says why.
 *    The clock is the server's (accounts:session_status, which does not count as
 *    activity), so several open tabs agree.
 */
(function () {
  function focusErrorSummary() {
    var summary = document.querySelector(".ds-error-summary[data-autofocus]");
    if (summary) {
      summary.focus();
    }
  }

  function sessionWarning() {
    var dialog = document.getElementById("session-warning");
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    var form = dialog.querySelector("form[data-session-extend]");
    var stay = dialog.querySelector("[data-session-stay]");
    var countdown = dialog.querySelector("[data-session-countdown]");
    var announcer = dialog.querySelector("[data-session-announcer]");
    var statusUrl = dialog.dataset.statusUrl;
    var loginUrl = dialog.dataset.loginUrl;
    var idleSeconds = parseInt(dialog.dataset.idle, 10) || 1800;
    var warnSeconds = parseInt(dialog.dataset.warn, 10) || 120;

    var deadline = Date.now() + idleSeconds * 1000;
    var checkTimer = null;
    var tickTimer = null;
    var lastAnnounced = null;
    var finalStretch = false;

    function secondsLeft() {
      return Math.max(0, Math.round((deadline - Date.now()) / 1000));
    }

    function clock(seconds) {
      var minutes = Math.floor(seconds / 60);
      var rest = seconds % 60;
      return minutes + ":" + (rest < 10 ? "0" : "") + rest;
    }

    function message(seconds) {
      if (finalStretch) {
        return dialog.dataset.textFinal.replace("{minutes}", String(Math.max(1, Math.ceil(seconds / 60))));
      }
      if (seconds > 90) {
        return dialog.dataset.textMinutes.replace("{minutes}", String(Math.round(seconds / 60)));
      }
      if (seconds > 45) {
        return dialog.dataset.textMinute;
      }
      return dialog.dataset.textSeconds.replace("{seconds}", String(seconds));
    }

    // Announce only at a few moments, never every second.
    function maybeAnnounce(seconds, force) {
      var moment = null;
      if (force) {
        moment = "open";
      } else if (seconds > 60 && seconds % 60 === 0) {
        moment = "m" + seconds;
      } else if (seconds === 60 || seconds === 30 || seconds === 10) {
        moment = "s" + seconds;
      }
      if (moment !== null && moment !== lastAnnounced) {
        lastAnnounced = moment;
        announcer.textContent = message(seconds);
      }
    }

    function goToLogIn() {
      var next = window.location.pathname + window.location.search;
      window.location.assign(loginUrl + "?expired=1&next=" + encodeURIComponent(next));
    }

    function stopTimers() {
      window.clearTimeout(checkTimer);
      window.clearInterval(tickTimer);
      checkTimer = null;
      tickTimer = null;
    }

    function close() {
      window.clearInterval(tickTimer);
      tickTimer = null;
      if (dialog.open) {
        dialog.close();
      }
    }

    function tick() {
      var seconds = secondsLeft();
      countdown.textContent = clock(seconds);
      maybeAnnounce(seconds, false);
      if (seconds <= 0) {
        stopTimers();
        check(true);
      } else if (seconds % 15 === 0) {
        // Another tab may have kept the session alive.
        check(false);
      }
    }

    function open() {
      if (!dialog.open) {
        lastAnnounced = null;
        countdown.textContent = clock(secondsLeft());
        dialog.showModal();
        stay.focus();
        maybeAnnounce(secondsLeft(), true);
      }
      if (tickTimer === null) {
        tickTimer = window.setInterval(tick, 1000);
      }
    }

    function schedule(seconds, limitedByLifetime) {
      window.clearTimeout(checkTimer);
      deadline = Date.now() + seconds * 1000;
      finalStretch = Boolean(limitedByLifetime) && seconds <= warnSeconds;
      if (seconds <= warnSeconds) {
        open();
        if (finalStretch) {
          stay.hidden = true;
          dialog.querySelector("#session-warning-text").textContent = message(seconds);
        }
        return;
      }
      close();
      checkTimer = window.setTimeout(function () { check(false); }, (seconds - warnSeconds) * 1000);
    }

    function check(atTheEnd) {
      fetch(statusUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (state) {
          if (!state.authenticated || state.seconds_left <= 0) {
            stopTimers();
            goToLogIn();
            return;
          }
          schedule(state.seconds_left, state.limited_by_lifetime);
        })
        .catch(function () {
          // Offline for a moment: keep our own clock, and at the end go to log in anyway.
          if (atTheEnd) {
            goToLogIn();
          } else if (!dialog.open) {
            checkTimer = window.setTimeout(function () { check(false); }, 30000);
          }
        });
    }

    function extend() {
      var body = new FormData(form);
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
        body: body
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (state) {
          if (!state.authenticated) {
            goToLogIn();
            return;
          }
          close();
          schedule(state.seconds_left, state.limited_by_lifetime);
        })
        .catch(function () {
          // Without JavaScript's help the form still works: send it the ordinary way.
          form.submit();
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      extend();
    });
    // Escape would close the dialog: take it as "I am here".
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      if (!stay.hidden) {
        extend();
      }
    });
    // htmx requests are activity too.
    document.body.addEventListener("htmx:afterRequest", function () {
      if (!dialog.open) {
        schedule(idleSeconds, false);
      }
    });

    var leftNow = parseInt(dialog.dataset.left, 10);
    schedule(isNaN(leftNow) ? idleSeconds : leftNow, dialog.dataset.lifetime === "1");
  }

  function headerMenu() {
    var button = document.querySelector(".shell-menu-button");
    var menu = document.getElementById("shell-menu");
    if (!button || !menu) {
      return;
    }
    document.documentElement.classList.add("has-menu");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    });
  }

  // --- pickers: progressive enhancement of plain selects, checkbox lists and code inputs ---

  var pickerCount = 0;

  function folded(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filterBox(labelText, before) {
    pickerCount += 1;
    var wrap = document.createElement("div");
    wrap.className = "picker-filter";
    var label = document.createElement("label");
    label.className = "ds-label";
    label.htmlFor = "picker-filter-" + pickerCount;
    label.textContent = labelText;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "ds-input";
    input.id = label.htmlFor;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "ds-paragraph muted picker-status";
    status.setAttribute("aria-live", "polite");
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    before.parentNode.insertBefore(wrap, before);
    return { input: input, status: status };
  }

  // A select (single or multiple) or a list of checkboxes marked data-filterable gets a
  // box that hides the choices whose words do not contain what is typed; chosen ones stay.
  function filterableLists() {
    var seen = {};
    document.querySelectorAll("[data-filterable]").forEach(function (element) {
      var container;
      var choices;
      if (element.tagName === "SELECT") {
        container = element;
        choices = function () {
          return Array.prototype.map.call(element.options, function (option) {
            return { node: option, text: option.text, chosen: option.selected || !option.value };
          });
        };
      } else {
        if (seen[element.name]) {
          return;
        }
        seen[element.name] = true;
        container = element.closest("fieldset, div[id]") || element.parentNode;
        choices = function () {
          return Array.prototype.map.call(
            container.querySelectorAll('input[name="' + element.name + '"]'),
            function (box) {
              var row = box.closest("div") || box.parentNode;
              return { node: row, text: row.textContent, chosen: box.checked };
            }
          );
        };
      }
      var box = filterBox(element.getAttribute("data-filterable"), container);
      box.input.addEventListener("input", function () {
        var wanted = folded(box.input.value.trim());
        var shown = 0;
        choices().forEach(function (choice) {
          var keep = !wanted || choice.chosen || folded(choice.text).indexOf(wanted) !== -1;
          choice.node.hidden = !keep;
          if (keep) {
            shown += 1;
          }
        });
        box.status.textContent = wanted ? shown + " / " + choices().length : "";
      });
    });
  }

  // A text input of guideline codes marked data-item-picker (the items API) gets a box that
  // finds items by code or words and adds a chosen code to the input. With several
  // guidelines loaded, data-picker-edition names the form's choice of edition, whose
  // options carry the items API's query for each (data-edition-queries).
  function editionQuery(field) {
    var choice = document.getElementById(field.getAttribute("data-picker-edition") || "");
    if (!choice) {
      return "";
    }
    try {
      var query = JSON.parse(choice.getAttribute("data-edition-queries") || "{}")[choice.value];
      return query ? "&" + query : "";
    } catch (error) {
      return "";
    }
  }

  function itemPickers() {
    document.querySelectorAll("input[data-item-picker]").forEach(function (field) {
      var box = filterBox(field.getAttribute("data-picker-label"), field.nextSibling || field);
      field.parentNode.insertBefore(box.input.parentNode, field.nextSibling);
      var list = document.createElement("ul");
      list.className = "ds-list picker-results";
      box.input.parentNode.appendChild(list);
      var timer = null;
      function add(code) {
        var codes = field.value.split(/[\s,;]+/).filter(Boolean);
        if (codes.indexOf(code) === -1) {
          codes.push(code);
        }
        field.value = codes.join(" ");
        box.status.textContent = field.getAttribute("data-picker-added").replace("%s", code);
      }
      function show(items) {
        list.innerHTML = "";
        items.forEach(function (item) {
          var row = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "ds-button";
          button.setAttribute("data-variant", "tertiary");
          button.textContent = item.code + " – " + (item.title || item.text || "").slice(0, 120);
          button.addEventListener("click", function () { add(item.code); });
          row.appendChild(button);
          list.appendChild(row);
        });
        box.status.textContent = items.length ? "" : field.getAttribute("data-picker-none");
      }
      box.input.addEventListener("input", function () {
        window.clearTimeout(timer);
        var wanted = box.input.value.trim();
        if (wanted.length < 2) {
          list.innerHTML = "";
          return;
        }
        timer = window.setTimeout(function () {
          var url = field.getAttribute("data-item-picker") + "?q=" + encodeURIComponent(wanted) +
            editionQuery(field);
          fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) { show((data.results || data).slice(0, 15)); })
            .catch(function () { show([]); });
        }, 250);
      });
    });
  }

  function start() {
    headerMenu();
    focusErrorSummary();
    sessionWarning();
    filterableLists();
    itemPickers();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

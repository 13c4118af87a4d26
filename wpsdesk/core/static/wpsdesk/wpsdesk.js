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

  function start() {
    headerMenu();
    focusErrorSummary();
    sessionWarning();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

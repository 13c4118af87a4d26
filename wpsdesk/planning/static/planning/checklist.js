"use strict";
/*
 * The mission checklist saves each answer as it is given (htmx). The server answers every
 * save it receives with the row's status, also a refused one. What htmx cannot show is a
 * save that never got an answer (no connection) or a server error: this writes that, in
 * plain words, into the item's status region (role="status") next to the item, so it is
 * seen and announced like "Saved" is. No inline script or style (CSP).
 */
(function () {
  function showFailure(event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.classList || !form.classList.contains("planning-answer-form")) {
      return;
    }
    var list = form.closest(".planning-checklist");
    var status = form.querySelector(".planning-save-status");
    if (!list || !status) {
      return;
    }
    var message = document.createElement("p");
    message.className = "ds-validation-message";
    message.setAttribute("data-color", "danger");
    message.textContent = list.getAttribute("data-autosave-error") || "";
    status.replaceChildren(message);
  }

  document.addEventListener("htmx:sendError", showFailure);
  document.addEventListener("htmx:responseError", showFailure);
})();

/* Totals of the engagement count grid, added up as you type. The server adds up again. */
(function () {
  "use strict";

  function value(input) {
    var n = parseInt(input.value, 10);
    return isNaN(n) || n < 0 ? 0 : n;
  }

  function percent(part, whole) {
    if (!whole) { return "–"; }
    return Math.round((part / whole) * 100) + "%";
  }

  function update(grid) {
    var columns = [];
    var grand = 0;
    grid.querySelectorAll("tbody tr").forEach(function (row) {
      var total = 0;
      row.querySelectorAll("input.count-input").forEach(function (input, index) {
        var n = value(input);
        total += n;
        columns[index] = (columns[index] || 0) + n;
      });
      grand += total;
      var output = row.querySelector("[data-row-total]");
      if (output) { output.textContent = String(total); }
    });
    grid.querySelectorAll("[data-col-total]").forEach(function (output) {
      output.textContent = String(columns[parseInt(output.getAttribute("data-col-total"), 10)] || 0);
    });
    var grandOutput = grid.querySelector("[data-grand-total]");
    if (grandOutput) { grandOutput.textContent = String(grand); }
    var share = grid.querySelector("[data-women-share]");
    if (share) { share.textContent = percent(columns[0] || 0, grand); }
  }

  function init() {
    document.querySelectorAll("[data-count-grid]").forEach(function (grid) {
      grid.addEventListener("input", function () { update(grid); });
      update(grid);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

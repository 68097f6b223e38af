// "Send a new code" stays disabled for the seconds the server allows between two codes (data-wait).
(function () {
  "use strict";
  document.querySelectorAll("button[data-wait]").forEach(function (button) {
    var seconds = parseInt(button.getAttribute("data-wait"), 10) || 0;
    if (seconds <= 0) return;
    button.disabled = true;
    window.setTimeout(function () { button.disabled = false; }, seconds * 1000);
  });
})();

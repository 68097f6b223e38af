// While the server plans (a fixed time budget), show how far along it is.
(function () {
  "use strict";
  var form = document.querySelector(".plan-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    var bar = form.querySelector(".plan-progress"), button = form.querySelector("button");
    button.disabled = true;
    bar.hidden = false;
    var started = Date.now(), limit = Number(bar.max) || 10;
    setInterval(function () { bar.value = Math.min((Date.now() - started) / 1000, limit); }, 200);
  });
})();

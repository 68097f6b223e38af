// While a worker plans the day, follow the plan's state and show the routes as soon as it is published.
(function () {
  "use strict";
  var pending = document.querySelector(".plan-pending");
  if (!pending) return;
  var bar = pending.querySelector("progress"), started = Date.now(), limit = Number(bar.max) || 10;
  function look() {
    bar.value = Math.min((Date.now() - started) / 1000, limit);
    fetch(pending.dataset.planUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (plan) {
        if (plan && plan.status !== "queued" && plan.status !== "running") { window.location.reload(); }
        else { window.setTimeout(look, 1000); }
      })
      .catch(function () { window.setTimeout(look, 3000); });
  }
  window.setTimeout(look, 1000);
})();

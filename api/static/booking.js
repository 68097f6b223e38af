// Booking pages: a select marked data-autosubmit sends its form when changed (the province on the first page).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});

// "Use my location": fills the hidden coordinates; the form works the same without it.
(function () {
  const button = document.getElementById("use-location");
  const status = document.getElementById("location-status");
  if (!button || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.wait || "…";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("pickup_address-latitude").value = position.coords.latitude.toFixed(6);
      document.getElementById("pickup_address-longitude").value = position.coords.longitude.toFixed(6);
      status.textContent = button.dataset.done || "✓";
    }, function (error) {
      status.textContent = error.message;
    }, { enableHighAccuracy: true, timeout: 10000 });
  });
})();

// Parts of the booking form that matter only for some answers ("intake=pickup service!=receive") are shown only
// then; without JavaScript every part shows and the server ignores what does not apply.
(function () {
  const form = document.querySelector("form[novalidate]");
  if (!form) return;
  const parts = form.querySelectorAll("[data-show-when]");
  function value(name) {
    const chosen = form.querySelector('input[name="' + name + '"]:checked');
    return chosen && !chosen.closest("[hidden]") ? chosen.value : "";  // a hidden answer does not apply
  }
  function holds(condition) {
    const negated = condition.includes("!=");
    const pair = condition.split(negated ? "!=" : "=");
    return (value(pair[0]) === pair[1]) !== negated;
  }
  function update() {
    parts.forEach(function (part) {
      part.hidden = !part.dataset.showWhen.split(" ").every(holds);
    });
  }
  form.addEventListener("change", update);
  update();
  // A new province brings its own communes: the page asks the server for them at once.
  form.querySelectorAll("button.refresh").forEach(function (button) { button.hidden = true; });
  form.querySelectorAll("select[data-refresh]").forEach(function (select) {
    select.addEventListener("change", function () {
      const refresh = form.querySelector("button.refresh");
      if (refresh) form.requestSubmit(refresh);
    });
  });
})();

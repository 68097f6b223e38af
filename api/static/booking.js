// Booking pages: a select marked data-autosubmit sends its form when changed (the province on the first page).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});

// "Use my location": fills the coordinate fields; the form works the same without it.
(function () {
  const button = document.getElementById("use-location");
  const status = document.getElementById("location-status");
  if (!button) return;
  if (!("geolocation" in navigator)) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    status.textContent = button.dataset.wait || "…";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("pickup_address-latitude").value = position.coords.latitude.toFixed(6);
      document.getElementById("pickup_address-longitude").value = position.coords.longitude.toFixed(6);
      status.textContent = "✓ " + position.coords.latitude.toFixed(5) + ", " + position.coords.longitude.toFixed(5);
    }, function (error) {
      status.textContent = error.message;
    }, { enableHighAccuracy: true, timeout: 10000 });
  });
})();

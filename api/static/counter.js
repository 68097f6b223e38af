// The counter's booking form is a plain form: the signature drawn on the canvas travels in a hidden field.
(function () {
  "use strict";
  var form = document.querySelector("form.counter-booking");
  if (!form) return;
  form.addEventListener("submit", function () {
    var canvas = form.querySelector("canvas.signature");
    form.querySelector("#signature-data").value = canvas && canvas.dataset.inked ? canvas.toDataURL("image/png") : "";
  });
})();

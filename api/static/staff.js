// Staff pages: step forms go to the JSON API with an Idempotency-Key. Every step is first written to a queue
// kept on the phone, then sent; without network it waits and is sent when the network returns, exactly once.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var QUEUE_KEY = "postal.queue";
  var texts = (document.getElementById("messages") || { dataset: {} }).dataset;

  function queue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveQueue(items) { localStorage.setItem(QUEUE_KEY, JSON.stringify(items)); showQueue(); }
  function showQueue() {
    var banner = document.querySelector(".queue");
    if (!banner) return;
    var n = queue().length;
    banner.hidden = n === 0;
    banner.querySelector(".queue-text").textContent = (texts.queued || "queued: %(n)s").replace("%(n)s", n);
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function collect(form) {
    var body = {}, items = {}, itemKeys = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit") return;
      if (el.dataset.item !== undefined) {  // a field of the n-th object of a list (bands.price of row 4)
        if (el.value === "") return;  // a row left blank is no object at all
        var parts = el.name.split("."), at = parts[0] + ":" + el.dataset.item;
        var into = el.dataset.itemKey !== undefined ? itemKeys : items;  // a key (the row's zone) alone makes none
        into[at] = into[at] || { list: parts[0], order: Number(el.dataset.item), fields: {} };
        into[at].fields[parts[1]] = el.dataset.number !== undefined ? Number(el.value) : el.value;
        return;
      }
      if (el.type === "radio" && !el.checked) return;  // a choice among several: only the one chosen is sent
      if (el.dataset.envelope !== undefined) {  // an envelope of a batch handover, with its scanned label
        body[el.name] = body[el.name] || [];
        if (!el.checked) return;
        var envelope = { tracking_number: el.value }, label = sessionStorage.getItem("scan:" + el.value);
        var why = el.form ? el.form.querySelector("select[data-batch-reason]") : null;
        if (label) envelope.scanned_qr = label;
        else if (why && why.value) envelope.unscanned_reason = why.value;  // the same reason for each not scanned
        body[el.name].push(envelope);
      } else if (el.dataset.field !== undefined) {  // the batch step's own input, given once for all
        body.fields = body.fields || {};
        if (el.value !== "") body.fields[el.name] = el.value;
      } else if (el.dataset.list !== undefined) {
        body[el.name] = body[el.name] || [];
        if (el.checked) body[el.name].push(el.value);
      } else if (el.dataset.bool !== undefined) {
        body[el.name] = el.type === "radio" ? el.value === "true" : el.checked;  // a chosen radio says which
      } else if (el.dataset.lines !== undefined) {
        body[el.name] = el.value.split(/\s+/).filter(Boolean);  // one scanned label or number a line
      } else if (el.dataset.object !== undefined) {
        body[el.name] = body[el.name] || {};  // filled by the spans named after it (shifts.mon), maybe none
      } else if (el.dataset.span !== undefined) {
        if (el.value === "") return;  // a span left empty is not sent; half of one is, and refused by name
        var path = el.name.split("."), holder = body;
        for (var p = 0; p < path.length - 1; p++) holder = holder[path[p]] = holder[path[p]] || {};
        var last = path[path.length - 1];
        holder[last] = holder[last] || ["", ""];
        holder[last][Number(el.dataset.span)] = el.value;
      } else if (el.dataset.number !== undefined) {
        if (el.value !== "") body[el.name] = Number(el.value);
      } else if (el.value !== "") {
        body[el.name] = el.value;
      }
    });
    Object.keys(items).sort(function (a, b) { return items[a].order - items[b].order; }).forEach(function (at) {
      var item = Object.assign({}, (itemKeys[at] || {}).fields, items[at].fields);
      (body[items[at].list] = body[items[at].list] || []).push(item);
    });
    var scanned = sessionStorage.getItem("scan:" + form.dataset.tracking);
    if (scanned) { body.scanned_qr = scanned; delete body.unscanned_reason; }
    else if (!body.unscanned_reason) delete body.unscanned_reason;
    return body;
  }

  function readFile(file) {
    return new Promise(function (resolve) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.readAsDataURL(file);
    });
  }

  async function evidenceOf(form) {
    var found = {};
    var canvases = form.querySelectorAll("canvas[data-evidence]");
    for (var i = 0; i < canvases.length; i++) {
      if (canvases[i].dataset.inked) found[canvases[i].dataset.evidence] = canvases[i].toDataURL("image/png");
    }
    var files = form.querySelectorAll("input[type=file][data-evidence]");
    for (var j = 0; j < files.length; j++) {
      if (files[j].files.length) found[files[j].dataset.evidence] = await readFile(files[j].files[0]);
    }
    var pages = form.querySelectorAll("input[type=file][data-evidence-list]");
    for (var k = 0; k < pages.length; k++) {
      if (!pages[k].files.length) continue;
      var list = [];
      for (var p = 0; p < pages[k].files.length; p++) list.push(await pagePhoto(pages[k].files[p]));
      found[pages[k].dataset.evidenceList] = list;
    }
    return found;
  }

  // A page photo is made smaller on the phone (the longest side 2200 px, JPEG), so that a dossier of many pages
  // fits the offline queue and a slow connection; the server makes the PDF at that size anyway.
  function pagePhoto(file) {
    return readFile(file).then(function (url) {
      return new Promise(function (resolve) {
        var image = new Image();
        image.onload = function () {
          var scale = Math.min(1, 2200 / Math.max(image.width, image.height));
          var canvas = document.createElement("canvas");
          canvas.width = Math.round(image.width * scale);
          canvas.height = Math.round(image.height * scale);
          canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
          resolve(canvas.toDataURL("image/jpeg", 0.8));
        };
        image.onerror = function () { resolve(url); };
        image.src = url;
      });
    });
  }

  function dataUrlToBlob(url) {
    var parts = url.split(","), mime = parts[0].split(":")[1].split(";")[0], bytes = atob(parts[1]);
    var array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
    return new Blob([array], { type: mime });
  }

  async function send(item) {
    var body = Object.assign({}, item.body);
    var fields = Object.keys(item.evidence || {});
    for (var i = 0; i < fields.length; i++) {
      var value = item.evidence[fields[i]], many = Array.isArray(value), refs = [];
      var images = many ? value : [value];
      for (var n = 0; n < images.length; n++) {
        var upload = new FormData();
        upload.append("file", dataUrlToBlob(images[n]), fields[i]);
        var stored = await fetch("/api/v1/evidence", {
          method: "POST", credentials: "same-origin", body: upload,
          headers: { "X-CSRFToken": csrf, "Idempotency-Key": item.key + "-" + fields[i] + "-" + n },
        });
        if (!stored.ok) return stored;
        refs.push((await stored.json()).ref);
      }
      body[fields[i]] = many ? refs : refs[0];
    }
    return fetch(item.url, {
      method: item.method || "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Idempotency-Key": item.key,
                 "Accept-Language": document.documentElement.lang || "vi" },
    });
  }

  function clearErrors(form) {
    form.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    var top = form.querySelector(".form-error");
    if (top) { top.hidden = true; top.textContent = ""; }
  }

  function showError(item, payload) {
    var form = document.querySelector('form[data-endpoint="' + item.url + '"]');
    var error = (payload && payload.error) || { message: "error", fields: [] };
    if (!form) { window.alert(error.message); return; }
    // Each refused field's message goes beside it (a list of boxes: under the whole list); the banner says so in
    // the page's words, never with the fields' internal names, and carries what has no field on this form.
    var unplaced = [];
    (error.fields || []).forEach(function (f) {
      var input = form.querySelector('[name="' + f.field + '"]');
      if (!input) { unplaced.push(f.message); return; }
      var p = document.createElement("p");
      p.className = "error field-error";
      p.textContent = f.message;
      var choice = input.type === "checkbox" || input.type === "radio";
      var holder = (choice && input.closest("fieldset")) || input.closest(".field, fieldset, label") || form;
      holder.appendChild(p);
    });
    var top = form.querySelector(".form-error");
    var placed = (error.fields || []).length - unplaced.length;
    var said = placed ? [texts.check || error.message].concat(unplaced) : unplaced.length ? unplaced : [error.message];
    if (top) { top.textContent = said.join(" "); top.hidden = false; }
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = false;
  }

  // After a step is recorded the page reloads; the courier is told which step went through.
  var DONE_KEY = "postal.done";
  function remember(item) {
    if (item.label) sessionStorage.setItem(DONE_KEY, (texts.recorded || "✓") + " " + item.label);
  }
  (function tellWhatWasDone() {
    var said = sessionStorage.getItem(DONE_KEY), banner = document.querySelector(".step-done");
    if (!said) return;
    sessionStorage.removeItem(DONE_KEY);
    if (banner) { banner.textContent = said; banner.hidden = false; }
  })();

  var flushing = false;
  async function flush() {
    if (flushing) return;
    flushing = true;
    var sent = 0, failed = 0;
    try {
      var items = queue();
      while (items.length && navigator.onLine) {
        var item = items[0], response;
        try { response = await send(item); } catch (e) { break; }  // the network dropped again: keep it
        items = queue();
        items.shift();
        saveQueue(items);
        if (response.ok) { sent++; remember(item); } else { failed++; showError(item, await response.json().catch(function () { return null; })); }
      }
    } finally { flushing = false; }
    if (queue().length === 0 && navigator.onLine) localStorage.removeItem(OFFLINE_KEY);  // every step is in
    if (sent && !failed && queue().length === 0) window.location.reload();
  }

  // A custody step keeps the phone's time beside the server's, and since when the phone was offline if it was, so
  // a step taken in a basement at 10:02 and sent at 14:30 reads as 10:02, and the dispatcher can tell it is true.
  var OFFLINE_KEY = "postal.offlineSince";
  window.addEventListener("offline", function () {
    if (!localStorage.getItem(OFFLINE_KEY)) localStorage.setItem(OFFLINE_KEY, new Date().toISOString());
  });
  function stampTime(body, together) {
    var target = together ? (body.fields = body.fields || {}) : body;
    target.device_time = new Date().toISOString();
    if (!navigator.onLine && !localStorage.getItem(OFFLINE_KEY)) localStorage.setItem(OFFLINE_KEY, target.device_time);
    var since = localStorage.getItem(OFFLINE_KEY);
    if (since) target.offline_since = since;
  }

  // A custody step rests on a scanned label; without one the courier says why (asked at the first tap), and the
  // reason is recorded. The server refuses a courier's step that has neither.
  function unscanned(form) {
    var field = form.querySelector("[data-unscanned]");
    if (!field) return null;
    var scanned = sessionStorage.getItem("scan:" + form.dataset.tracking);
    if (scanned) field.hidden = true;
    return scanned ? null : field;
  }
  document.querySelectorAll("form[data-api-form]").forEach(unscanned);
  document.addEventListener("postal:scanned", function () {
    document.querySelectorAll("form[data-api-form]").forEach(unscanned);
  });

  document.querySelectorAll("form[data-api-form]").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var why = unscanned(form);
      var reason = why ? why.querySelector("select") : null;
      if (reason && !reason.value) {
        why.hidden = false;
        var top = form.querySelector(".form-error");
        if (top) { top.textContent = reason.dataset.needMessage; top.hidden = false; }
        reason.focus();
        return;
      }
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;  // one tap, one step
      clearErrors(form);
      var heading = form.querySelector("h2");
      var label = form.dataset.done || (heading ? heading.textContent.trim() : "");
      var item = { key: newKey(), url: form.dataset.endpoint, method: form.dataset.method, body: collect(form), evidence: await evidenceOf(form), label: label };
      if (form.dataset.action) stampTime(item.body, form.classList.contains("together"));  // a custody step
      saveQueue(queue().concat([item]));
      if (navigator.onLine) flush();
    });
  });
  // The courier's pages work offline: the service worker keeps each page as it loads, and the day page names its
  // stop pages so they are kept before the courier goes where there is no network.
  if ("serviceWorker" in navigator && location.pathname.indexOf("/courier") === 0) {
    navigator.serviceWorker.register("/sw.js", { scope: "/courier" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var stops = Array.prototype.map.call(document.querySelectorAll("a.stop-link"), function (a) { return a.href; });
      var decoder = window.PostalScanner ? window.PostalScanner.assets : [];
      registration.active.postMessage({ cache: stops.concat(decoder) });
      document.documentElement.dataset.offlineReady = "1";
    }).catch(function () {});
  }
  window.addEventListener("online", flush);
  showQueue();
  if (navigator.onLine && queue().length) flush();

  // Signature drawn with a finger.
  document.querySelectorAll("canvas.signature").forEach(function (canvas) {
    var pen = canvas.getContext("2d"), drawing = false;
    canvas.width = canvas.clientWidth || 300;
    canvas.height = canvas.clientHeight || 160;
    pen.lineWidth = 2.5; pen.lineCap = "round"; pen.strokeStyle = "#111";
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; canvas.setPointerCapture(e.pointerId); pen.beginPath(); pen.moveTo(e.offsetX, e.offsetY);
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      pen.lineTo(e.offsetX, e.offsetY); pen.stroke(); canvas.dataset.inked = "1";
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (t) {
      canvas.addEventListener(t, function () { drawing = false; });
    });
    var clear = canvas.parentElement.querySelector(".clear-signature");
    if (clear) clear.addEventListener("click", function () {
      pen.clearRect(0, 0, canvas.width, canvas.height); delete canvas.dataset.inked;
    });
  });

  // Scanning: the label is read and checked on the phone (scanner.js), from the live camera or a photo; the server
  // then answers with the parcel when there is network. Typing the number stays for a label that cannot be read.
  var box = document.querySelector(".scan-box");
  if (!box) return;
  var result = box.querySelector(".scan-result");
  var base = "/" + (box.dataset.page || "courier") + "/parcel/";
  var scanner = window.PostalScanner;

  function show(ok, message) { result.className = "scan-result " + (ok ? "success" : "error"); result.textContent = message; }
  function accept(tracking, label, words) {
    sessionStorage.setItem("scan:" + tracking, label);
    document.dispatchEvent(new Event("postal:scanned"));
    var current = box.dataset.current;
    if (!current) { window.location.href = base + tracking; return; }
    show(current === tracking, (current === tracking ? words : texts.wrong) + " " + tracking);
  }
  async function scanned(response) {
    var data = await response.json().catch(function () { return null; });
    if (!response.ok || !data) { show(false, data ? data.error.message : "error"); return; }
    accept(data.parcel.tracking_number, data.label, texts.scanned);
  }
  function post(url, body, json) {
    var headers = { "X-CSRFToken": csrf };
    if (json) headers["Content-Type"] = "application/json";
    return fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: body });
  }
  // A forged label is refused here, network or not; with no network a label checked here is taken until the step
  // is sent, and one only the server can check (printed before labels were signed for phones) is taken and said so.
  async function read(text) {
    var found = await scanner.check(text, JSON.parse(box.dataset.labelKeys || "{}"));
    if (found.verdict === "forged") return show(false, texts.forged);
    if (found.verdict === "unknown_key") return show(false, texts.unknownKey);
    if (found.verdict === "not_label") return show(false, texts.notLabel);
    if (navigator.onLine) {
      var response = await post("/api/v1/scan", JSON.stringify({ payload: text }), true).catch(function () { return null; });
      if (response) return scanned(response);
    }
    accept(found.tracking, found.label, found.verdict === "valid" ? texts.checkedHere : texts.uncheckedHere);
  }
  box.querySelector(".scan-photo").addEventListener("change", async function (event) {
    var photo = event.target.files[0];
    if (!photo) return;
    if (scanner && scanner.canDecode()) {
      var text = await scanner.decode(photo).catch(function () { return null; });
      return text ? read(text) : show(false, texts.noCode);
    }
    if (!navigator.onLine) return show(false, texts.noDecoder);  // no decoder on this phone: the server reads it
    var form = new FormData();
    form.append("photo", photo);
    post("/api/v1/scan/photo", form, false).then(scanned);
  });
  box.querySelector(".manual-scan").addEventListener("submit", function (event) {
    event.preventDefault();
    var value = event.target.elements.tracking.value.trim().toUpperCase().replace(/\s/g, "");
    if (!value) return;
    var current = box.dataset.current;
    if (!current) { window.location.href = base + value; return; }  // the day view: open the envelope typed
    // On an envelope's page a typed number is checked against it, never a reload: typing is not a scan, so the
    // step still asks why the label was not scanned.
    show(value === current, (value === current ? texts.typed : texts.wrong) + " " + value);
  });
  if (scanner && scanner.canDecode() && navigator.mediaDevices) {
    var button = box.querySelector(".live-scan"), video = box.querySelector("video");
    var frame = document.createElement("canvas");
    button.hidden = false;
    button.addEventListener("click", async function () {
      var stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream; video.hidden = false; await video.play();
      var busy = false;
      var timer = setInterval(async function () {
        if (busy || !video.videoWidth) return;
        busy = true;
        frame.width = video.videoWidth; frame.height = video.videoHeight;
        var pen = frame.getContext("2d", { willReadFrequently: true });
        pen.drawImage(video, 0, 0);
        var text = await scanner.decode(pen.getImageData(0, 0, frame.width, frame.height)).catch(function () { return null; });
        busy = false;
        if (!text || video.hidden) return;
        clearInterval(timer);
        stream.getTracks().forEach(function (t) { t.stop(); });
        video.hidden = true;
        read(text);
      }, 300);
    });
  }
})();

// Reading an envelope's label on the phone itself, network or not. The QR is decoded here (the browser's
// BarcodeDetector where it has one, else zxing-wasm, which make install takes from npm), and its Ed25519 signature
// is checked against the public label keys the page carries (postal_service/qr.py), so a forged label is refused
// in a basement as at the counter. The server checks every label again when the step reaches it.
(function () {
  "use strict";
  var box = document.querySelector(".scan-box");
  var wasmUrl = box ? box.dataset.decoderWasm : null;
  var prepared = null;
  var ENVELOPE_LETTERS = ["D", "R", "S"];  // dossier, result, supplement; a bag's label (B) is not an envelope's
  var OLD_SIGNATURE_LENGTH = 22;  // labels printed before Ed25519: only the server holds their key

  function zxing() {
    if (!window.ZXingWASM || !wasmUrl) return null;
    if (!prepared) {
      prepared = window.ZXingWASM.prepareZXingModule({
        overrides: {
          locateFile: function (path, prefix) { return path.slice(-5) === ".wasm" ? wasmUrl : prefix + path; }
        },
        fireImmediately: true
      });
    }
    return prepared;
  }

  function canDecode() { return "BarcodeDetector" in window || (!!window.ZXingWASM && !!wasmUrl); }

  // The text of the first QR code in a photo (a File) or a camera frame (ImageData); null when there is none.
  async function decode(image) {
    if ("BarcodeDetector" in window) {
      var source = image instanceof Blob ? await createImageBitmap(image) : image;
      var codes = await new window.BarcodeDetector({ formats: ["qr_code"] }).detect(source);
      return codes.length ? codes[0].rawValue : null;
    }
    var ready = zxing();
    if (!ready) throw new Error("no QR decoder on this page");
    await ready;
    var found = await window.ZXingWASM.readBarcodes(image, { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 });
    return found.length ? found[0].text : null;
  }

  function bytes(base64url) {
    var text = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (text.length % 4) text += "=";
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  // What a label says of itself, as the server reads it: the bare token or a URL whose last segment is the token.
  // verdict: "valid" (signature checked here), "unchecked" (only the server can tell), "forged", "unknown_key",
  // "not_label".
  async function check(text, keys) {
    var token = text.trim();
    if (token.indexOf("://") >= 0) {
      try { token = new URL(token).pathname.replace(/\/+$/, "").split("/").pop(); } catch (e) { return { verdict: "not_label" }; }
    }
    var parts = token.split(".");
    if (parts.length !== 4 || ENVELOPE_LETTERS.indexOf(parts[1]) < 0) return { verdict: "not_label" };
    var found = { tracking: parts[0], label: text.trim() };
    if (!Object.prototype.hasOwnProperty.call(keys, parts[2])) return { verdict: "unknown_key" };
    if (parts[3].length === OLD_SIGNATURE_LENGTH) return Object.assign(found, { verdict: "unchecked" });
    var verified;
    try {
      var key = await crypto.subtle.importKey("raw", bytes(keys[parts[2]]), { name: "Ed25519" }, false, ["verify"]);
      verified = await crypto.subtle.verify({ name: "Ed25519" }, key, bytes(parts[3]),
        new TextEncoder().encode(parts.slice(0, 3).join(".")));
    } catch (e) {
      // A browser without Ed25519 cannot tell; a signature that is not even base64 is forged.
      return /^[A-Za-z0-9_-]+$/.test(parts[3]) ? Object.assign(found, { verdict: "unchecked" }) : { verdict: "forged" };
    }
    return verified ? Object.assign(found, { verdict: "valid" }) : { verdict: "forged" };
  }

  window.PostalScanner = {
    canDecode: canDecode,
    decode: decode,
    check: check,
    assets: wasmUrl ? [wasmUrl] : []  // what the day page asks the service worker to keep for the day
  };
})();

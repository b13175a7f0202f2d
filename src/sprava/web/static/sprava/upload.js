// Upload page: say what is selected, warn before a request the server would refuse, and show
// that a long upload is under way. The page works without it. Its words come translated from
// the page (the form's data- attributes), as the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var selection = document.getElementById("upload-selection");
  var button = document.getElementById("upload-button");
  var progress = document.getElementById("upload-progress");
  var maxFiles = parseInt(form.dataset.maxFiles, 10);
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var words = form.dataset;
  var language = document.documentElement.lang || undefined;
  var idleLabel = button.textContent;

  // "Files selected: {count}" with {count} filled in.
  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function number(value, digits) {
    try {
      return value.toLocaleString(language, {minimumFractionDigits: digits,
                                             maximumFractionDigits: digits});
    } catch (e) {  // an unknown language tag
      return value.toFixed(digits);
    }
  }

  function size(bytes) {
    var units = (words.units || "bytes KB MB GB TB").trim().split(/\s+/);
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i += 1; }
    return number(bytes, i === 0 ? 0 : 1) + " " + units[i];
  }

  function check() {
    var files = input.files || [];
    var total = 0;
    var empty = 0;
    for (var i = 0; i < files.length; i += 1) {
      total += files[i].size;
      if (files[i].size === 0) { empty += 1; }
    }
    var problem = "";
    if (files.length > maxFiles) {
      problem = fill(words.tooMany, {count: number(files.length, 0), max: number(maxFiles, 0)});
    } else if (total > maxBytes) {
      problem = fill(words.tooLarge, {size: size(total), max: size(maxBytes)});
    }
    var text = files.length ?
      fill(words.selected, {count: number(files.length, 0), size: size(total)}) : "";
    if (empty) {
      text += " " + fill(words.empty, {count: number(empty, 0)});
    }
    selection.textContent = problem || text;
    selection.className = problem ? "selection field-error" : "selection hint";
    button.disabled = Boolean(problem);
  }

  input.addEventListener("change", check);
  form.addEventListener("submit", function () {
    button.disabled = true;
    button.textContent = words.uploading || idleLabel;
    progress.hidden = false;
  });
  // Back from the result page: the browser may restore a disabled button.
  window.addEventListener("pageshow", function () {
    button.textContent = idleLabel;
    progress.hidden = true;
    check();
  });
}());

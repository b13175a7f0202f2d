// Upload page: say what is selected, warn before a request the server would refuse, and show
// that a long upload is under way. The page works without it.
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

  function size(bytes) {
    var units = ["bytes", "KB", "MB", "GB", "TB"];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i += 1; }
    return (i === 0 ? bytes : bytes.toFixed(1)) + " " + units[i];
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
      problem = "That is " + files.length + " files; one upload takes at most " + maxFiles + ".";
    } else if (total > maxBytes) {
      problem = "That is " + size(total) + "; one upload takes at most " + size(maxBytes) + ".";
    }
    var text = files.length ? files.length + " file" + (files.length === 1 ? "" : "s") +
      " selected, " + size(total) + " in all." : "";
    if (empty) {
      text += " " + empty + " empty file" + (empty === 1 ? "" : "s") + " will be refused: an empty file proves nothing.";
    }
    selection.textContent = problem || text;
    selection.className = problem ? "selection field-error" : "selection hint";
    button.disabled = Boolean(problem);
  }

  input.addEventListener("change", check);
  form.addEventListener("submit", function () {
    button.disabled = true;
    button.textContent = "Uploading…";
    progress.hidden = false;
  });
  // Back from the result page: the browser may restore a disabled button.
  window.addEventListener("pageshow", function () {
    button.textContent = "Upload and record";
    progress.hidden = true;
    check();
  });
}());

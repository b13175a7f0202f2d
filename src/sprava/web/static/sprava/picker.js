// The person picker: every input[data-picker=person] becomes an ARIA combobox (the WAI-ARIA
// "list autocomplete" pattern). As the reader types, it asks the suggest endpoint
// (data-suggest-url) for persons, lists them in a listbox, and on a choice fills the field with
// the person's reference (P-000042) and names the person beside it. A text area for several
// persons (data-picker-multiple) asks for the line being typed and puts the chosen reference on
// that line, then starts a new one. Up and down move through
// the list, Enter takes the highlighted person, Escape closes the list (a second Escape clears
// the field). Without this script the field is a text box that takes a reference or a name.
//
// Names arrive as JSON and are written with textContent only: a name recorded by an adversary
// is never parsed as HTML. Words come translated in data-msg-* attributes (no inline script
// under the site's Content-Security-Policy).
(function () {
  "use strict";
  var DELAY_MS = 200;
  var MIN_LENGTH = 2;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function Picker(input) {
    this.input = input;
    this.messages = {
      list: input.dataset.msgList || "", none: input.dataset.msgNone || "",
      count: input.dataset.msgCount || "%(count)s", chosen: input.dataset.msgChosen || "%(label)s",
      protected: input.dataset.msgProtected || "", failed: input.dataset.msgFailed || ""
    };
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.asked = "";
    this.chosen = null;
    this.multiple = input.dataset.pickerMultiple === "true";
    var id = input.id || ("picker-" + Math.random().toString(36).slice(2));
    input.id = id;

    this.list = document.createElement("ul");
    this.list.id = id + "_listbox";
    this.list.className = "picker-list";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", this.messages.list);
    this.list.hidden = true;
    // Beside the field: the name of the person chosen, read out when it changes.
    this.label = document.createElement("span");
    this.label.id = id + "_chosen";
    this.label.className = "picker-chosen";
    this.label.setAttribute("aria-live", "polite");
    // For screen readers: how many persons were found.
    this.status = document.createElement("span");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");

    var box = document.createElement("span");
    box.className = "picker";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(this.label);
    box.appendChild(this.list);
    box.appendChild(this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + this.label.id);

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKey.bind(this));
    input.addEventListener("blur", this.close.bind(this));
    // mousedown, not click: a click would first blur the input, which closes the list.
    this.list.addEventListener("mousedown", this.onPointer.bind(this));

    // An edit form comes with a reference already in the field: name the person it is.
    if (!this.multiple && /^P-\d+$/i.test(input.value.trim())) {
      this.fetch(input.value.trim(), true);
    }
  }

  // What is being typed: the whole field, or in a text area for several persons its last line
  // (or what follows its last comma or semicolon).
  Picker.prototype.term = function () {
    var value = this.input.value;
    return (this.multiple ? value.split(/[\n,;]/).pop() : value).trim();
  };

  Picker.prototype.caseValue = function () {
    var name = this.input.dataset.caseField;
    var field = name ? this.input.form && this.input.form.elements[name] : null;
    if (field && field.value) { return field.value; }
    return this.input.dataset.case || "";
  };

  Picker.prototype.onInput = function () {
    var text = this.term();
    if (this.chosen && text !== this.chosen.reference) {
      this.chosen = null;
      this.label.textContent = "";
    }
    window.clearTimeout(this.timer);
    if (text.length < MIN_LENGTH) { this.close(); return; }
    this.timer = window.setTimeout(this.fetch.bind(this, text, false), DELAY_MS);
  };

  Picker.prototype.fetch = function (text, naming) {
    var self = this;
    var url = new URL(this.input.dataset.suggestUrl, window.location.href);
    url.searchParams.set("q", text);
    var kase = this.caseValue();
    if (kase) { url.searchParams.set("case", kase); }
    if (this.request) { this.request.abort(); }
    var controller = new AbortController();
    this.request = controller;
    this.asked = text;
    fetch(url.toString(), {
      credentials: "same-origin", signal: controller.signal,
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      if (self.request !== controller) { return; }  // an answer to an older question
      self.request = null;
      var results = data.results || [];
      if (naming) {
        var same = results.filter(function (r) { return r.reference === text.toUpperCase(); });
        if (same.length === 1) { self.show(same[0]); }
        return;
      }
      if (self.term() !== text) { return; }
      self.open(results);
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      if (!naming) { self.close(); self.status.textContent = self.messages.failed; }
    });
  };

  Picker.prototype.describe = function (result) {
    var parts = [];
    if (result.protected && this.messages.protected) { parts.push(this.messages.protected); }
    (result.roles || []).forEach(function (role) { parts.push(role.role + ", " + role.case); });
    return parts.join(" · ");
  };

  Picker.prototype.open = function (results) {
    var self = this;
    this.results = results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    while (this.list.firstChild) { this.list.removeChild(this.list.firstChild); }
    results.forEach(function (result, index) {
      var option = document.createElement("li");
      option.id = self.list.id + "_" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      var name = document.createElement("span");
      name.className = "picker-name";
      name.textContent = result.label;
      var reference = document.createElement("span");
      reference.className = "picker-reference";
      reference.textContent = result.reference;
      option.appendChild(name);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(reference);
      var detail = self.describe(result);
      if (detail) {
        var small = document.createElement("small");
        small.textContent = detail;
        option.appendChild(small);
      }
      self.list.appendChild(option);
    });
    var found = results.length > 0;
    this.list.hidden = !found;
    this.input.setAttribute("aria-expanded", found ? "true" : "false");
    this.status.textContent = found ? format(this.messages.count, { count: results.length })
      : this.messages.none;
  };

  Picker.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Picker.prototype.highlight = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    index = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    this.active = index;
    this.input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  };

  Picker.prototype.show = function (result) {
    this.chosen = result;
    this.label.textContent = format(this.messages.chosen, { label: result.label });
  };

  Picker.prototype.choose = function (index) {
    var result = this.results[index];
    if (!result) { return; }
    if (this.multiple) {
      var value = this.input.value;
      var start = Math.max(value.lastIndexOf("\n"), value.lastIndexOf(","),
                           value.lastIndexOf(";")) + 1;
      var before = value.slice(0, start);
      this.input.value = before + (before && !/\n$/.test(before) ? " " : "") +
        result.reference + "\n";
    } else {
      this.input.value = result.reference;
    }
    this.show(result);
    this.close();
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Picker.prototype.onKey = function (event) {
    var open = !this.list.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open && this.results.length && this.term() === this.asked) {
          this.open(this.results);
        } else if (!open) {
          this.onInput();
          return;
        }
        this.highlight(this.active + 1);
        break;
      case "ArrowUp":
        if (!open) { return; }
        event.preventDefault();
        this.highlight(this.active < 0 ? -1 : this.active - 1);
        break;
      case "Enter":
        // With the list open and a person highlighted, Enter takes them; otherwise it submits.
        if (open && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (open) {
          event.preventDefault();
          this.close();
        } else if (this.input.value && !this.multiple) {
          event.preventDefault();
          this.input.value = "";
          this.chosen = null;
          this.label.textContent = "";
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Picker.prototype.onPointer = function (event) {
    var option = event.target.closest("[role=option]");
    if (!option) { return; }
    event.preventDefault();  // keep the focus in the field
    this.choose(Number(option.dataset.index));
  };

  function start() {
    var inputs = document.querySelectorAll("[data-picker=person]");
    for (var i = 0; i < inputs.length; i++) { new Picker(inputs[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/*
 * Rebound checklists: a reader's ticks, answers and ratings, kept in this browser only.
 *
 * Enhances every server-rendered <form data-checklist> on the page. State lives in
 * localStorage under "rebound:<slug>" as {"version": 1, "items": {"<id>": {done,
 * answer, rating, updated}}}, keyed by item id (never by position or text), so
 * reordering, rewording or adding items loses nothing. Nothing is sent anywhere.
 * Reader text only reaches the page through .value and .textContent.
 *
 * Works with mkdocs-material's instant navigation (document$) and without it.
 */
(function () {
  "use strict";

  var VERSION = 1;
  var KEY_PREFIX = "rebound:";
  var BACKUP_PREFIX = "rebound-backup:";
  var SAVE_DELAY_MS = 400;
  var MAX_IMPORT_BYTES = 256 * 1024;
  var MAX_ANSWER_CHARS = 20000;
  var ITEM_FIELDS = ["done", "answer", "rating", "updated"];

  // Upgrades from an older stored version to the next: MIGRATIONS[n](value) returns
  // a value of version n + 1. Version 1 is the first, so none exist yet; `upgrade`
  // applies them in order and is tested with a migration of its own.
  var MIGRATIONS = {};

  var pendingSaves = [];

  /* ---- Storage that never throws ------------------------------------------- */

  function openStorage() {
    try {
      var store = window.localStorage;
      var probe = KEY_PREFIX + "__probe__";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  function readRaw(store, key) {
    if (!store) return null;
    try {
      return store.getItem(key);
    } catch (error) {
      return null;
    }
  }

  function writeRaw(store, key, value) {
    if (!store) return "unavailable";
    try {
      store.setItem(key, value);
      return "ok";
    } catch (error) {
      return isQuotaError(error) ? "full" : "unavailable";
    }
  }

  function isQuotaError(error) {
    return (
      error &&
      (error.name === "QuotaExceededError" ||
        error.name === "NS_ERROR_DOM_QUOTA_REACHED" ||
        error.code === 22 ||
        error.code === 1014)
    );
  }

  /* ---- The state model ------------------------------------------------------ */

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function emptyState() {
    return { version: VERSION, items: Object.create(null) };
  }

  function upgrade(value, migrations, targetVersion) {
    var current = value;
    while (current && typeof current.version === "number" && current.version < targetVersion) {
      var step = own(migrations, String(current.version)) ? migrations[current.version] : null;
      if (typeof step !== "function") return null;
      current = step(current);
    }
    return current && current.version === targetVersion ? current : null;
  }

  // Keeps only well-formed items and known fields; anything else is ignored.
  function cleanItems(items) {
    var clean = Object.create(null);
    if (!items || typeof items !== "object" || Array.isArray(items)) return clean;
    Object.keys(items).forEach(function (id) {
      var entry = items[id];
      if (!/^[a-z0-9-]{1,40}$/.test(id) || !entry || typeof entry !== "object") return;
      var item = {};
      if (entry.done === true) item.done = true;
      if (typeof entry.answer === "string" && entry.answer !== "") {
        item.answer = entry.answer.slice(0, MAX_ANSWER_CHARS);
      }
      if (typeof entry.rating === "number" && entry.rating % 1 === 0 &&
          entry.rating >= 1 && entry.rating <= 5) {
        item.rating = entry.rating;
      }
      if (typeof entry.updated === "string" && entry.updated.length <= 40) {
        item.updated = entry.updated;
      }
      if (item.done || item.answer || item.rating) clean[id] = item;
    });
    return clean;
  }

  // Parses a stored value. Returns {state} or {problem} for anything unreadable.
  function parseStored(raw) {
    var value;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return { problem: "unreadable" };
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return { problem: "unreadable" };
    }
    if (typeof value.version !== "number" || value.version > VERSION) {
      return { problem: "unknown-version" };
    }
    var upgraded = upgrade(value, MIGRATIONS, VERSION);
    if (!upgraded || !upgraded.items || typeof upgraded.items !== "object") {
      return { problem: "unreadable" };
    }
    return { state: { version: VERSION, items: cleanItems(upgraded.items) } };
  }

  function hasContent(item) {
    return Boolean(item && (item.done || item.answer || item.rating));
  }

  /* ---- Small DOM helpers (text only, never HTML) ----------------------------- */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, className) {
    var node = element("button", "rebound-checklist__button " + (className || ""), label);
    node.type = "button";
    return node;
  }

  function download(fileName, type, text) {
    var blob = new Blob([text], { type: type });
    var link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 0);
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* ---- One checklist form ---------------------------------------------------- */

  function Checklist(form, store) {
    this.form = form;
    this.slug = form.getAttribute("data-checklist");
    this.key = KEY_PREFIX + this.slug;
    this.store = store;
    this.canSave = Boolean(store);
    this.title = textOf(form.querySelector(".rebound-checklist__title"));
    this.retired = (form.getAttribute("data-retired") || "").split(/\s+/).filter(Boolean);
    this.items = Array.prototype.map.call(form.querySelectorAll("[data-item]"), describeItem);
    this.state = emptyState();
    this.saveTimer = null;
    this.undoState = null;
  }

  function textOf(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function describeItem(node) {
    var kind = node.getAttribute("data-kind");
    var label = node.querySelector(".rebound-item__text");
    var ends = node.querySelectorAll(".rebound-scale__end");
    return {
      id: node.getAttribute("data-item"),
      kind: kind,
      node: node,
      text: textOf(label),
      ends: Array.prototype.map.call(ends, textOf),
      check: node.querySelector('input[type="checkbox"]'),
      answer: node.querySelector("textarea"),
      radios: node.querySelectorAll('input[type="radio"]'),
    };
  }

  Checklist.prototype.start = function () {
    this.buildToolbar();
    this.load();
    this.render();
    var self = this;
    this.form.addEventListener("input", function (event) { self.onEdit(event, false); });
    this.form.addEventListener("change", function (event) { self.onEdit(event, true); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
  };

  Checklist.prototype.load = function () {
    this.state = emptyState();
    var raw = readRaw(this.store, this.key);
    if (raw === null) return;
    var parsed = parseStored(raw);
    if (parsed.state) {
      this.state = parsed.state;
      return;
    }
    // Never discard what we cannot read: keep it under a backup key first.
    var backupKey = BACKUP_PREFIX + this.slug + ":" + new Date().toISOString();
    if (writeRaw(this.store, backupKey, raw) === "ok") {
      this.notify(
        "We found saved answers for this checklist that we could not read. They are kept " +
          "in this browser under \u201c" + backupKey + "\u201d, and the checklist starts fresh.",
      );
    } else {
      this.canSave = false;
      this.notify(
        "We found saved answers for this checklist that we could not read, and could not " +
          "make a safe copy, so nothing you change here will be saved over them.",
      );
    }
  };

  Checklist.prototype.buildToolbar = function () {
    var bar = element("div", "rebound-checklist__toolbar");
    this.progress = element("p", "rebound-checklist__progress");
    this.progress.setAttribute("role", "status");
    this.progress.setAttribute("aria-live", "polite");
    this.message = element("p", "rebound-checklist__message");
    this.message.setAttribute("role", "status");
    this.message.setAttribute("aria-live", "polite");

    var actions = element("div", "rebound-checklist__actions");
    var exportMarkdown = button("Export as Markdown");
    var exportJson = button("Export as JSON");
    var importLabel = element("label", "rebound-checklist__button rebound-checklist__import");
    var importInput = element("input");
    importInput.type = "file";
    importInput.accept = ".json,application/json";
    importInput.className = "rebound-checklist__file";
    importLabel.appendChild(document.createTextNode("Import JSON"));
    importLabel.appendChild(importInput);
    var reset = button("Clear my answers", "rebound-checklist__button--reset");
    this.undoButton = button("Undo", "rebound-checklist__undo");
    this.undoButton.hidden = true;
    [exportMarkdown, exportJson, importLabel, reset].forEach(function (node) {
      actions.appendChild(node);
    });

    var self = this;
    exportMarkdown.addEventListener("click", function () { self.exportMarkdown(); });
    exportJson.addEventListener("click", function () { self.exportJson(); });
    importInput.addEventListener("change", function () {
      if (importInput.files && importInput.files[0]) self.importFile(importInput.files[0]);
      importInput.value = "";
    });
    reset.addEventListener("click", function () { self.reset(); });
    this.undoButton.addEventListener("click", function () { self.undo(); });

    this.notice = element("p", "rebound-checklist__notice");
    this.notice.hidden = true;
    var messages = element("div", "rebound-checklist__messages");
    messages.appendChild(this.message);
    messages.appendChild(this.undoButton);

    bar.appendChild(this.progress);
    bar.appendChild(actions);
    bar.appendChild(messages);
    bar.appendChild(this.notice);
    // Inside the checklist's box, under its title and description.
    var description = this.form.querySelector(".rebound-checklist__description");
    var legend = this.form.querySelector(".rebound-checklist__title");
    var anchor = description || legend;
    if (anchor) anchor.insertAdjacentElement("afterend", bar);
    else this.form.insertBefore(bar, this.form.firstChild);

    this.earlier = element("section", "rebound-checklist__earlier");
    this.earlier.hidden = true;
    this.form.appendChild(this.earlier);

    if (!this.store) {
      this.notify(
        "Your browser is not letting this site store anything, so your answers will only " +
          "last until you leave this page. Export them to keep a copy.",
      );
    }
  };

  Checklist.prototype.notify = function (text) {
    this.notice.textContent = text;
    this.notice.hidden = false;
    this.notice.setAttribute("role", "status");
  };

  Checklist.prototype.say = function (text, offerUndo) {
    this.message.textContent = text;
    this.undoButton.hidden = !offerUndo;
  };

  // Puts the state into the form: every place the checklist appears looks the same.
  Checklist.prototype.render = function () {
    var items = this.state.items;
    this.items.forEach(function (item) {
      var saved = own(items, item.id) ? items[item.id] : null;
      if (item.check) item.check.checked = Boolean(saved && saved.done);
      if (item.answer) item.answer.value = (saved && saved.answer) || "";
      Array.prototype.forEach.call(item.radios, function (radio) {
        radio.checked = Boolean(saved && saved.rating === Number(radio.value));
      });
    });
    this.renderProgress();
    this.renderEarlier();
  };

  Checklist.prototype.renderProgress = function () {
    var items = this.state.items;
    var done = this.items.filter(function (item) {
      return own(items, item.id) && hasContent(items[item.id]);
    }).length;
    var text = done + " of " + this.items.length + " done";
    if (this.progress.textContent !== text) this.progress.textContent = text;
  };

  Checklist.prototype.earlierIds = function () {
    var current = {};
    this.items.forEach(function (item) { current[item.id] = true; });
    var items = this.state.items;
    return Object.keys(items).filter(function (id) {
      return !own(current, id) && hasContent(items[id]);
    });
  };

  // Answers to items that were retired or removed: shown read-only, never dropped.
  Checklist.prototype.renderEarlier = function () {
    var ids = this.earlierIds();
    var section = this.earlier;
    while (section.firstChild) section.removeChild(section.firstChild);
    section.hidden = ids.length === 0;
    if (!ids.length) return;
    section.appendChild(element("h3", "rebound-checklist__earlier-title",
      "From an earlier version of this checklist"));
    section.appendChild(element("p", "rebound-checklist__earlier-intro",
      "This checklist has changed since you last used it. Your answers to items that are no " +
      "longer in it are kept here, only in this browser."));
    var list = element("ul", "rebound-checklist__earlier-list");
    var self = this;
    ids.forEach(function (id) {
      var saved = self.state.items[id];
      var entry = element("li", "rebound-checklist__earlier-item");
      entry.setAttribute("data-earlier-item", id);
      entry.appendChild(element("p", "rebound-checklist__earlier-id", "Item \u201c" + id + "\u201d"));
      var summary = describeSaved(saved);
      entry.appendChild(element("p", "rebound-checklist__earlier-answer", summary));
      var copy = button("Copy", "rebound-checklist__copy");
      copy.setAttribute("aria-label", "Copy your earlier answer to \u201c" + id + "\u201d");
      var dismiss = button("Dismiss", "rebound-checklist__dismiss");
      dismiss.setAttribute("aria-label", "Dismiss your earlier answer to \u201c" + id + "\u201d");
      copy.addEventListener("click", function () { self.copyText(summary); });
      dismiss.addEventListener("click", function () { self.dismiss(id); });
      entry.appendChild(copy);
      entry.appendChild(dismiss);
      list.appendChild(entry);
    });
    section.appendChild(list);
  };

  function describeSaved(saved) {
    var parts = [];
    if (saved.done) parts.push("Done.");
    if (saved.rating) parts.push("Rated " + saved.rating + " of 5.");
    if (saved.answer) parts.push(saved.answer);
    return parts.join(" ");
  }

  Checklist.prototype.copyText = function (text) {
    var self = this;
    var done = function () { self.say("Copied to your clipboard.", false); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {
        self.say("Your browser did not allow copying; select the text and copy it instead.", false);
      });
    } else {
      self.say("Your browser does not allow copying here; select the text and copy it instead.", false);
    }
  };

  Checklist.prototype.dismiss = function (id) {
    this.remember();
    delete this.state.items[id];
    this.saveNow();
    this.renderEarlier();
    this.say("Earlier answer dismissed.", true);
  };

  Checklist.prototype.onEdit = function (event, immediate) {
    var target = event.target;
    var node = target && target.closest ? target.closest("[data-item]") : null;
    if (!node || !this.form.contains(node)) return;
    var item = this.items.filter(function (candidate) { return candidate.node === node; })[0];
    if (!item) return;
    var entry = own(this.state.items, item.id) ? this.state.items[item.id] : {};
    if (item.check) entry.done = item.check.checked;
    if (item.answer) entry.answer = item.answer.value.slice(0, MAX_ANSWER_CHARS);
    if (item.radios.length) {
      var chosen = item.node.querySelector('input[type="radio"]:checked');
      if (chosen) entry.rating = Number(chosen.value);
      else delete entry.rating;
    }
    entry.updated = new Date().toISOString();
    if (!entry.done) delete entry.done;
    if (!entry.answer) delete entry.answer;
    if (hasContent(entry)) this.state.items[item.id] = entry;
    else delete this.state.items[item.id];
    this.undoState = null;
    this.undoButton.hidden = true;
    this.renderProgress();
    if (immediate) this.saveNow();
    else this.saveSoon();
  };

  Checklist.prototype.saveSoon = function () {
    var self = this;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(function () { self.saveNow(); }, SAVE_DELAY_MS);
    if (pendingSaves.indexOf(this) === -1) pendingSaves.push(this);
  };

  Checklist.prototype.saveNow = function () {
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    var index = pendingSaves.indexOf(this);
    if (index !== -1) pendingSaves.splice(index, 1);
    if (!this.canSave) return;
    var result;
    if (Object.keys(this.state.items).length === 0) {
      try {
        this.store.removeItem(this.key);
        result = "ok";
      } catch (error) {
        result = "unavailable";
      }
    } else {
      result = writeRaw(this.store, this.key, JSON.stringify(this.state));
    }
    if (result === "full") {
      this.notify(
        "Your browser's storage for this site is full, so your latest changes were not " +
          "saved. Export your answers to keep a copy.",
      );
    } else if (result === "unavailable") {
      this.notify(
        "Your browser stopped this site from saving, so your answers will only last until " +
          "you leave this page. Export them to keep a copy.",
      );
    } else if (!this.notice.hidden && this.store) {
      this.notice.hidden = true;
    }
  };

  // Another tab (or another checklist on this page) saved: show the same answers.
  Checklist.prototype.refreshFromStorage = function () {
    if (this.saveTimer) return; // the reader is typing here; their version wins
    var raw = readRaw(this.store, this.key);
    var parsed = raw === null ? { state: emptyState() } : parseStored(raw);
    if (!parsed.state) return;
    this.state = parsed.state;
    this.render();
  };

  Checklist.prototype.remember = function () {
    this.undoState = JSON.parse(JSON.stringify(this.state));
    this.undoState.items = cleanItems(this.undoState.items);
  };

  Checklist.prototype.reset = function () {
    this.remember();
    this.state = emptyState();
    this.saveNow();
    this.render();
    this.say("Your answers are cleared.", true);
    this.undoButton.focus();
  };

  Checklist.prototype.undo = function () {
    if (!this.undoState) return;
    this.state = this.undoState;
    this.undoState = null;
    this.saveNow();
    this.render();
    this.say("Your answers are back.", false);
  };

  /* ---- Export and import ---------------------------------------------------- */

  Checklist.prototype.exportJson = function () {
    var payload = {
      checklist: this.slug,
      title: this.title,
      exported: new Date().toISOString(),
      version: VERSION,
      items: this.state.items,
    };
    download("rebound-" + this.slug + ".json", "application/json",
      JSON.stringify(payload, null, 2) + "\n");
    this.say("Your answers were saved as a JSON file.", false);
  };

  Checklist.prototype.exportMarkdown = function () {
    var items = this.state.items;
    var lines = ["# " + this.title, "", "My answers, exported from Rebound on " + today() + ".", ""];
    this.items.forEach(function (item) {
      var saved = own(items, item.id) ? items[item.id] : {};
      if (item.kind === "check") {
        lines.push("- [" + (saved.done ? "x" : " ") + "] " + item.text);
        return;
      }
      lines.push("", "## " + item.text, "");
      if (item.kind === "scale") {
        var ends = item.ends.length === 2
          ? " (1 = " + item.ends[0] + ", 5 = " + item.ends[1] + ")"
          : "";
        lines.push(saved.rating ? "Rating: " + saved.rating + " of 5" + ends : "Not rated yet.");
      } else {
        lines.push(saved.answer ? saved.answer : "(No answer yet.)");
      }
      lines.push("");
    });
    var earlier = this.earlierIds();
    if (earlier.length) {
      lines.push("", "## From an earlier version of this checklist", "");
      earlier.forEach(function (id) {
        lines.push("- " + id + ": " + describeSaved(items[id]));
      });
    }
    download("rebound-" + this.slug + ".md", "text/markdown",
      lines.join("\n").replace(/\n{3,}/g, "\n\n") + "\n");
    this.say("Your answers were saved as a Markdown file.", false);
  };

  Checklist.prototype.importFile = function (file) {
    var self = this;
    if (file.size > MAX_IMPORT_BYTES) {
      this.say("That file is too large to be a Rebound export (over 256 KB).", false);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () { self.importText(String(reader.result)); };
    reader.onerror = function () { self.say("That file could not be read.", false); };
    reader.readAsText(file);
  };

  Checklist.prototype.importText = function (text) {
    var value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.say("That file is not a Rebound JSON export.", false);
      return;
    }
    if (!value || typeof value !== "object" || Array.isArray(value) ||
        !value.items || typeof value.items !== "object") {
      this.say("That file is not a Rebound JSON export.", false);
      return;
    }
    if (typeof value.checklist === "string" && value.checklist !== this.slug) {
      this.say("That file holds answers for another checklist (\u201c" +
        value.checklist.slice(0, 60) + "\u201d), so nothing was changed.", false);
      return;
    }
    if (typeof value.version === "number" && value.version > VERSION) {
      this.say("That file comes from a newer version of Rebound, so nothing was changed.", false);
      return;
    }
    this.remember();
    this.state = { version: VERSION, items: cleanItems(value.items) };
    this.saveNow();
    this.render();
    var count = Object.keys(this.state.items).length;
    this.say("Imported " + count + (count === 1 ? " answer." : " answers."), true);
  };

  /* ---- Start-up ---------------------------------------------------------------- */

  var active = [];

  function flushPendingSaves() {
    pendingSaves.slice().forEach(function (checklist) { checklist.saveNow(); });
  }

  function enhanceAll() {
    flushPendingSaves();
    var store = openStorage();
    active = Array.prototype.filter
      .call(document.querySelectorAll("form[data-checklist]"), function (form) {
        return !form.hasAttribute("data-rebound-ready");
      })
      .map(function (form) {
        form.setAttribute("data-rebound-ready", "");
        var checklist = new Checklist(form, store);
        checklist.start();
        return checklist;
      });
  }

  window.addEventListener("pagehide", flushPendingSaves);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushPendingSaves();
  });
  window.addEventListener("storage", function (event) {
    active.forEach(function (checklist) {
      if (event.key === null || event.key === checklist.key) checklist.refreshFromStorage();
    });
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(enhanceAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }

  // For tests and for anyone curious in the console; no network, no side effects.
  window.ReboundChecklist = {
    VERSION: VERSION,
    upgrade: upgrade,
    parseStored: parseStored,
    cleanItems: cleanItems,
  };
})();

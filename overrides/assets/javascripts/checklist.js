/*
 * Rebound checklists: a reader's ticks, answers and ratings, kept in this browser only.
 *
 * Enhances every server-rendered <form data-checklist> on the page. State lives in
 * localStorage under "rebound:<slug>" as {"version": 1, "items": {"<id>": {done,
 * answer, rating, updated}}}, keyed by item id (never by position or text), so
 * reordering, rewording or adding items loses nothing. Nothing is sent anywhere.
 * Reader text only reaches the page through .value and .textContent.
 *
 * Several tabs can show one checklist at once, so a save never writes this tab's copy
 * over the stored one: it reads the stored value fresh and keeps, item by item,
 * whichever side changed last (the item's `updated` time). An item the reader emptied
 * (unticked, erased, cleared, dismissed or replaced by an import) is kept as
 * {"updated": time} and nothing else, a tombstone: without it, an older copy of the
 * item in another tab would win the merge and bring the answer back. A tombstone is
 * only as strong as its time, so "Clear my answers" beats everything saved before it,
 * and an item changed in another tab after the clear is newer and stays. Every tab
 * shows the merged answers as soon as another one saves (the `storage` event).
 *
 * Whatever is stored and cannot be kept exactly (an unreadable value, a newer
 * version, or single items or fields of the wrong shape) is first copied, as it was,
 * to "rebound-backup:<slug>:<time>", and the reader is told.
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
  var ITEM_ID = /^[a-z0-9-]{1,40}$/;
  // The form Date.prototype.toISOString writes: the only `updated` we save or accept.
  var ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

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

  // Returns {value} (a string, or null when nothing is stored) or {failed: true}.
  function readRaw(store, key) {
    if (!store) return { failed: true };
    try {
      return { value: store.getItem(key) };
    } catch (error) {
      return { failed: true };
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

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function now() {
    return new Date().toISOString();
  }

  function emptyItems() {
    return Object.create(null);
  }

  function emptyState() {
    return { version: VERSION, items: emptyItems() };
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

  function isRating(value) {
    return typeof value === "number" && value % 1 === 0 && value >= 1 && value <= 5;
  }

  function hasContent(item) {
    return Boolean(item && (item.done || item.answer || item.rating));
  }

  // Reads one item's fields. `lost` counts what could not be kept as it was: a field
  // of the wrong type, an answer over the length cap and, in a stored value, a field
  // we do not know (a Rebound export may carry extra keys; they are just ignored).
  // done: false and answer: "" mean the same as no field, so nothing is lost there.
  function readEntry(entry, fromExport) {
    var item = {};
    var lost = 0;
    Object.keys(entry).forEach(function (field) {
      var value = entry[field];
      if (field === "done") {
        if (typeof value !== "boolean") lost += 1;
        else if (value) item.done = true;
      } else if (field === "answer") {
        if (typeof value !== "string") {
          lost += 1;
          return;
        }
        if (value.length > MAX_ANSWER_CHARS) {
          lost += 1;
          value = value.slice(0, MAX_ANSWER_CHARS);
        }
        if (value) item.answer = value;
      } else if (field === "rating") {
        if (isRating(value)) item.rating = value;
        else lost += 1;
      } else if (field === "updated") {
        // An import is stamped with the time of the import, so its times do not matter.
        if (fromExport) return;
        if (typeof value === "string" && ISO_TIME.test(value) && !isNaN(Date.parse(value))) {
          item.updated = value;
        } else {
          lost += 1;
        }
      } else if (!fromExport) {
        lost += 1;
      }
    });
    return { item: item, lost: lost };
  }

  // Reads an `items` object. `malformed` is true when some item is not an object at
  // all (an array, a string, null): a sign the whole thing is not ours.
  function readItems(items, fromExport) {
    var clean = emptyItems();
    var lost = 0;
    var malformed = false;
    Object.keys(items).forEach(function (id) {
      var entry = items[id];
      if (!isRecord(entry)) {
        malformed = true;
        lost += 1;
        return;
      }
      if (!ITEM_ID.test(id)) {
        lost += 1;
        return;
      }
      var read = readEntry(entry, fromExport);
      lost += read.lost;
      if (hasContent(read.item) || read.item.updated) clean[id] = read.item;
    });
    return { items: clean, lost: lost, malformed: malformed };
  }

  // Parses a stored value. Returns {state, lost} (lost: how many things in it could
  // not be kept as they were) or {problem} when none of it can be read.
  function parseStored(raw) {
    var value;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return { problem: "unreadable" };
    }
    if (!isRecord(value)) return { problem: "unreadable" };
    if (typeof value.version !== "number" || value.version > VERSION) {
      return { problem: "unknown-version" };
    }
    var upgraded = upgrade(value, MIGRATIONS, VERSION);
    if (!upgraded || !isRecord(upgraded.items)) return { problem: "unreadable" };
    var read = readItems(upgraded.items, false);
    var extraKeys = Object.keys(upgraded).filter(function (key) {
      return key !== "version" && key !== "items";
    }).length;
    return { state: { version: VERSION, items: read.items }, lost: read.lost + extraKeys };
  }

  // What a Rebound JSON export is: an object with `version` (a whole number, at most
  // ours), `checklist` (the slug it was exported from, a string) and `items`, an
  // object whose every value is an object. Exactly what exportJson writes, plus
  // `title` and `exported`, which, like any other extra key, are ignored. Returns
  // {items, lost} or {refusal: "not-json" | "not-export" | "newer" | "other",
  // checklist, title}.
  function readExport(text, slug) {
    var value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { refusal: "not-json" };
    }
    if (!isRecord(value) || typeof value.version !== "number" || value.version % 1 !== 0 ||
        value.version < 1 || typeof value.checklist !== "string" || !isRecord(value.items)) {
      return { refusal: "not-export" };
    }
    if (value.checklist !== slug) {
      return {
        refusal: "other",
        checklist: value.checklist,
        title: typeof value.title === "string" ? value.title : "",
      };
    }
    if (value.version > VERSION) return { refusal: "newer" };
    var upgraded = upgrade(value, MIGRATIONS, VERSION);
    if (!upgraded || !isRecord(upgraded.items)) return { refusal: "not-export" };
    var read = readItems(upgraded.items, true);
    if (read.malformed) return { refusal: "not-export" };
    return { items: read.items, lost: read.lost };
  }

  /* ---- Merging two copies of the answers, item by item ----------------------- */

  function timeOf(entry) {
    var time = entry && entry.updated ? Date.parse(entry.updated) : NaN;
    return isNaN(time) ? -Infinity : time;
  }

  // One fixed spelling of an item, to compare two copies of it.
  function canonical(entry) {
    if (!entry) return "";
    return JSON.stringify(ITEM_FIELDS.map(function (field) {
      return own(entry, field) ? entry[field] : null;
    }));
  }

  // The copy of one item to keep: the one changed last. A tie (the same millisecond,
  // or two undated items from before `updated` was written) is settled by a fixed
  // rule that does not depend on which tab asks, so every tab ends with the same.
  function newer(first, second) {
    if (!first) return second;
    if (!second) return first;
    var a = timeOf(first);
    var b = timeOf(second);
    if (a !== b) return a > b ? first : second;
    return canonical(first) >= canonical(second) ? first : second;
  }

  function mergeItems(stored, local) {
    var merged = emptyItems();
    Object.keys(stored).concat(Object.keys(local)).forEach(function (id) {
      if (own(merged, id)) return;
      merged[id] = newer(own(stored, id) ? stored[id] : null, own(local, id) ? local[id] : null);
    });
    return merged;
  }

  function sameItems(first, second) {
    return Object.keys(first).concat(Object.keys(second)).every(function (id) {
      return canonical(own(first, id) ? first[id] : null) ===
        canonical(own(second, id) ? second[id] : null);
    });
  }

  function copyEntry(entry) {
    var copy = {};
    ITEM_FIELDS.forEach(function (field) {
      if (own(entry, field)) copy[field] = entry[field];
    });
    return copy;
  }

  function copyItems(items) {
    var copy = emptyItems();
    Object.keys(items).forEach(function (id) { copy[id] = copyEntry(items[id]); });
    return copy;
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
    this.earlierShown = null;
    this.lastingNotice = "";
    this.storageNotice = false;
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
    var stored = this.readStored();
    if (stored) this.state.items = stored;
  };

  // The items stored now, read fresh. Anything stored that cannot be kept exactly as
  // it was is first copied to a backup key and the reader is told; if no copy can be
  // made, this checklist stops saving so it never writes over it. Returns null when
  // storage cannot be read at all.
  Checklist.prototype.readStored = function () {
    if (!this.store) return null;
    var raw = readRaw(this.store, this.key);
    if (raw.failed) return null;
    if (raw.value === null) return emptyItems();
    var parsed = parseStored(raw.value);
    if (parsed.state && !parsed.lost) return parsed.state.items;
    var readable = parsed.state ? parsed.state.items : emptyItems();
    var backupKey = this.backUp(raw.value);
    if (!backupKey) {
      this.canSave = false;
      this.showSaved(false);
      this.notify(
        "We found saved answers for this checklist that we could not read, and could not " +
          "make a safe copy, so nothing you change here will be saved over them.",
        true,
      );
    } else if (parsed.state) {
      this.notify(
        "Some of the answers saved for this checklist could not be read. Everything that " +
          "was saved is kept as it was in this browser under \u201c" + backupKey + "\u201d, " +
          "and the answers we could read are shown here.",
        true,
      );
    } else {
      this.notify(
        "We found saved answers for this checklist that we could not read. They are kept " +
          "in this browser under \u201c" + backupKey + "\u201d, and the checklist starts fresh.",
        true,
      );
    }
    return readable;
  };

  // Copies a stored value to "rebound-backup:<slug>:<time>" and returns the key, or
  // null. The same value is backed up once: visiting the page again (before anything
  // is saved over the value) names the copy already made instead of making another.
  Checklist.prototype.backUp = function (raw) {
    var prefix = BACKUP_PREFIX + this.slug + ":";
    var key;
    try {
      for (var index = 0; index < this.store.length; index += 1) {
        key = this.store.key(index);
        if (key && key.indexOf(prefix) === 0 && this.store.getItem(key) === raw) return key;
      }
      var stamp = now();
      key = prefix + stamp;
      for (var extra = 2; this.store.getItem(key) !== null; extra += 1) {
        key = prefix + stamp + "-" + extra;
      }
    } catch (error) {
      return null;
    }
    return writeRaw(this.store, key, raw) === "ok" ? key : null;
  };

  // Above the items, one short line: the progress and, while saving works, that the
  // answers are saved here (notices about storage go under it). Below the items, the
  // answers the checklist no longer asks for, then "Keep a copy of your answers":
  // download, load, clear, and the messages those give (with Undo). On a phone the
  // first box is never pushed down by buttons.
  Checklist.prototype.buildToolbar = function () {
    var level = headingLevelAfter(this.form);
    var bar = element("div", "rebound-checklist__toolbar");
    var status = element("div", "rebound-checklist__status");
    this.progress = element("p", "rebound-checklist__progress");
    this.progress.setAttribute("role", "status");
    this.progress.setAttribute("aria-live", "polite");
    this.saved = element("p", "rebound-checklist__saved", "Saved on this device");
    this.saved.hidden = !this.store;
    status.appendChild(this.progress);
    status.appendChild(this.saved);
    this.notice = element("p", "rebound-checklist__notice");
    this.notice.hidden = true;
    bar.appendChild(status);
    bar.appendChild(this.notice);

    var keep = element("section", "rebound-checklist__keep");
    var headingId = this.form.id ? this.form.id + "-keep" : "";
    var heading = element("h" + level, "rebound-checklist__keep-title", "Keep a copy of your answers");
    if (headingId) {
      heading.id = headingId;
      keep.setAttribute("aria-labelledby", headingId);
    }
    var about = element("p", "rebound-checklist__keep-about",
      "Your answers are kept only in this browser. A copy to read is a text file " +
      "(Markdown); a copy to load later (JSON) brings them back, here or on another device.");
    var actions = element("div", "rebound-checklist__actions");
    var exportMarkdown = button("Download a copy to read");
    var exportJson = button("Download a copy to load later");
    var importLabel = element("label", "rebound-checklist__button rebound-checklist__import");
    var importInput = element("input");
    importInput.type = "file";
    importInput.accept = ".json,application/json";
    importInput.className = "rebound-checklist__file";
    importLabel.appendChild(document.createTextNode("Load a copy"));
    importLabel.appendChild(importInput);
    var reset = button("Clear my answers", "rebound-checklist__button--reset");
    this.undoButton = button("Undo", "rebound-checklist__undo");
    this.undoButton.hidden = true;
    [exportMarkdown, exportJson, importLabel, reset].forEach(function (node) {
      actions.appendChild(node);
    });
    this.message = element("p", "rebound-checklist__message");
    this.message.setAttribute("role", "status");
    this.message.setAttribute("aria-live", "polite");
    var messages = element("div", "rebound-checklist__messages");
    messages.appendChild(this.message);
    messages.appendChild(this.undoButton);
    keep.appendChild(heading);
    keep.appendChild(about);
    keep.appendChild(actions);
    keep.appendChild(messages);

    var self = this;
    exportMarkdown.addEventListener("click", function () { self.exportMarkdown(); });
    exportJson.addEventListener("click", function () { self.exportJson(); });
    importInput.addEventListener("change", function () {
      if (importInput.files && importInput.files[0]) self.importFile(importInput.files[0]);
      importInput.value = "";
    });
    reset.addEventListener("click", function () { self.reset(); });
    this.undoButton.addEventListener("click", function () { self.undo(); });

    // Inside the checklist's box, under its title and description.
    var description = this.form.querySelector(".rebound-checklist__description");
    var legend = this.form.querySelector(".rebound-checklist__title");
    var anchor = description || legend;
    if (anchor) anchor.insertAdjacentElement("afterend", bar);
    else this.form.insertBefore(bar, this.form.firstChild);

    this.earlier = element("section", "rebound-checklist__earlier");
    this.earlier.hidden = true;
    this.earlierLevel = level;
    var list = this.form.querySelector(".rebound-checklist__items");
    var box = list ? list.parentNode : this.form;
    box.appendChild(this.earlier);
    box.appendChild(keep);

    if (!this.store) {
      this.notify(
        "Your browser is not letting this site store anything, so your answers will only " +
          "last until you leave this page. Download a copy to keep them.",
        true,
      );
    }
  };

  // The level for the checklist's own headings: one below the last heading before the
  // form (the page title, or the article section it sits in), so none is skipped.
  function headingLevelAfter(node) {
    var level = 1;
    var headings = document.querySelectorAll("h1, h2, h3, h4, h5, h6");
    Array.prototype.forEach.call(headings, function (heading) {
      if (heading.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) {
        level = Number(heading.tagName.charAt(1));
      }
    });
    return Math.min(Math.max(level + 1, 2), 6);
  }

  // "Saved on this device" shows only while saving works.
  Checklist.prototype.showSaved = function (working) {
    this.saved.hidden = !working;
  };

  // `lasting` notices (a backup was made; storage is blocked) stay for the visit;
  // the others (a save failed) go once a save works again.
  Checklist.prototype.notify = function (text, lasting) {
    if (lasting) this.lastingNotice = text;
    this.storageNotice = !lasting;
    this.notice.textContent = text;
    this.notice.hidden = false;
    this.notice.setAttribute("role", "status");
  };

  Checklist.prototype.say = function (text, offerUndo) {
    this.message.textContent = text;
    this.undoButton.hidden = !offerUndo;
  };

  // Puts the state into the form: every place the checklist appears looks the same.
  // Only controls that differ are touched, so a merge from another tab never moves
  // the caret of someone typing here.
  Checklist.prototype.render = function () {
    var items = this.state.items;
    this.items.forEach(function (item) {
      var saved = own(items, item.id) ? items[item.id] : null;
      if (item.check) {
        var done = Boolean(saved && saved.done);
        if (item.check.checked !== done) item.check.checked = done;
      }
      if (item.answer) {
        var answer = (saved && saved.answer) || "";
        if (item.answer.value !== answer) item.answer.value = answer;
      }
      Array.prototype.forEach.call(item.radios, function (radio) {
        var chosen = Boolean(saved && saved.rating === Number(radio.value));
        if (radio.checked !== chosen) radio.checked = chosen;
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
    var items = this.state.items;
    var showing = ids.map(function (id) { return id + canonical(items[id]); }).join("\n");
    if (showing === this.earlierShown) return; // unchanged: keep focus on its buttons
    this.earlierShown = showing;
    while (section.firstChild) section.removeChild(section.firstChild);
    section.hidden = ids.length === 0;
    if (!ids.length) return;
    section.appendChild(element("h" + this.earlierLevel, "rebound-checklist__earlier-title",
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

  Checklist.prototype.onEdit = function (event, immediate) {
    var target = event.target;
    var node = target && target.closest ? target.closest("[data-item]") : null;
    if (!node || !this.form.contains(node)) return;
    var item = this.items.filter(function (candidate) { return candidate.node === node; })[0];
    if (!item) return;
    var entry = own(this.state.items, item.id) ? copyEntry(this.state.items[item.id]) : {};
    if (item.check) entry.done = item.check.checked;
    if (item.answer) entry.answer = item.answer.value.slice(0, MAX_ANSWER_CHARS);
    if (item.radios.length) {
      var chosen = item.node.querySelector('input[type="radio"]:checked');
      if (chosen) entry.rating = Number(chosen.value);
      else delete entry.rating;
    }
    entry.updated = now();
    if (!entry.done) delete entry.done;
    if (!entry.answer) delete entry.answer;
    // Kept even when empty: the time says "emptied then", so an older copy of this
    // item in another tab cannot bring the tick or the answer back.
    this.state.items[item.id] = entry;
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

  // Reads what is stored (another tab may have saved since this one last looked),
  // keeps the newer copy of every item, writes that, and shows it here.
  Checklist.prototype.saveNow = function () {
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    var index = pendingSaves.indexOf(this);
    if (index !== -1) pendingSaves.splice(index, 1);
    if (!this.canSave) return;
    var stored = this.readStored();
    if (!this.canSave) return; // what is stored could not be backed up: never write over it
    if (stored === null) {
      this.reportSave("unavailable");
      return;
    }
    var merged = mergeItems(stored, this.state.items);
    var changedHere = !sameItems(merged, this.state.items);
    this.state = { version: VERSION, items: merged };
    this.reportSave(writeRaw(this.store, this.key, JSON.stringify(this.state)));
    if (changedHere) this.render();
  };

  Checklist.prototype.reportSave = function (result) {
    this.showSaved(result === "ok");
    if (result === "full") {
      this.notify(
        "Your browser's storage for this site is full, so your latest changes were not " +
          "saved. Download a copy of your answers to keep them.",
        false,
      );
    } else if (result === "unavailable") {
      this.notify(
        "Your browser stopped this site from saving, so your answers will only last until " +
          "you leave this page. Download a copy to keep them.",
        false,
      );
    } else if (this.storageNotice) {
      this.storageNotice = false;
      if (this.lastingNotice) this.notice.textContent = this.lastingNotice;
      else this.notice.hidden = true;
    }
  };

  // Brings in what other tabs saved, item by item, without writing.
  Checklist.prototype.catchUp = function () {
    var stored = this.readStored();
    if (stored) this.state.items = mergeItems(stored, this.state.items);
    return stored;
  };

  // Another tab saved: show the merged answers here. A pending save here stays
  // pending (the reader is typing; their newer items win the merge anyway). If this
  // tab holds something newer than what was just stored (the other tab wrote over it
  // between reading and writing), it is written back, so no tab's answers are lost.
  Checklist.prototype.refreshFromStorage = function () {
    var before = this.state.items;
    var stored = this.catchUp();
    if (!stored) return;
    if (!sameItems(before, this.state.items)) this.render();
    if (this.canSave && !this.saveTimer && !sameItems(stored, this.state.items)) this.saveNow();
  };

  // Remembers the answers before a reset, an import or a dismissal, and the time
  // that action stamps on every item it changes, for Undo.
  Checklist.prototype.remember = function (stamp) {
    this.undoState = { items: copyItems(this.state.items), stamp: stamp };
  };

  // Empties the given items (and every item on the page) as of `stamp`.
  Checklist.prototype.emptyAll = function (stamp) {
    var items = this.state.items;
    Object.keys(items).concat(this.items.map(function (item) { return item.id; }))
      .forEach(function (id) { items[id] = { updated: stamp }; });
  };

  Checklist.prototype.reset = function () {
    this.catchUp(); // clear what other tabs saved too, not just what this tab saw
    var stamp = now();
    this.remember(stamp);
    this.emptyAll(stamp);
    this.saveNow();
    this.render();
    this.say("Your answers are cleared.", true);
    this.undoButton.focus();
  };

  Checklist.prototype.dismiss = function (id) {
    this.catchUp();
    var stamp = now();
    this.remember(stamp);
    this.state.items[id] = { updated: stamp };
    this.saveNow();
    this.render();
    this.say("Earlier answer dismissed.", true);
  };

  // Puts back what the last reset, import or dismissal changed, stamped now so it wins
  // over the tombstones that action stored. An item changed since (in this tab or
  // another) no longer carries the action's stamp and keeps its newer answer.
  Checklist.prototype.undo = function () {
    if (!this.undoState) return;
    var before = this.undoState.items;
    var actionStamp = this.undoState.stamp;
    this.undoState = null;
    this.catchUp();
    var stamp = now();
    var items = this.state.items;
    Object.keys(items).forEach(function (id) {
      if (items[id].updated !== actionStamp) return;
      var entry = own(before, id) ? copyEntry(before[id]) : {};
      entry.updated = stamp;
      items[id] = entry;
    });
    this.saveNow();
    this.render();
    this.say("Your answers are back.", false);
  };

  /* ---- Export and import ---------------------------------------------------- */

  Checklist.prototype.exportJson = function () {
    var items = this.state.items;
    var answered = emptyItems();
    Object.keys(items).forEach(function (id) {
      if (hasContent(items[id])) answered[id] = items[id];
    });
    var payload = {
      checklist: this.slug,
      title: this.title,
      exported: now(),
      version: VERSION,
      items: answered,
    };
    download("rebound-" + this.slug + ".json", "application/json",
      JSON.stringify(payload, null, 2) + "\n");
    this.say("Downloaded a copy to load later (a JSON file).", false);
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
    this.say("Downloaded a copy to read (a Markdown file).", false);
  };

  Checklist.prototype.importFile = function (file) {
    var self = this;
    if (file.size > MAX_IMPORT_BYTES) {
      this.say("That file is too large to be a copy of your answers (over 256 KB), so nothing " +
        "was changed.", false);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () { self.importText(String(reader.result)); };
    reader.onerror = function () {
      self.say("That file could not be read, so nothing was changed.", false);
    };
    reader.readAsText(file);
  };

  Checklist.prototype.importText = function (text) {
    var read = readExport(text, this.slug);
    if (read.refusal) {
      this.say(refusalMessage(read), false);
      return;
    }
    // The file replaces the answers: every item not in it is emptied. Everything is
    // stamped with the time of the import, which is when the reader chose these answers.
    this.catchUp();
    var stamp = now();
    this.remember(stamp);
    this.emptyAll(stamp);
    var items = this.state.items;
    var count = 0;
    Object.keys(read.items).forEach(function (id) {
      var entry = read.items[id];
      entry.updated = stamp;
      items[id] = entry;
      if (hasContent(entry)) count += 1;
    });
    this.saveNow();
    this.render();
    var said = "Loaded " + count + (count === 1 ? " answer." : " answers.");
    if (read.lost) {
      said += " " + read.lost + (read.lost === 1 ? " value" : " values") +
        " in the file could not be read and " + (read.lost === 1 ? "was" : "were") + " left out.";
    }
    this.say(said, true);
  };

  function refusalMessage(read) {
    if (read.refusal === "other") {
      var name = (read.title || read.checklist).replace(/\s+/g, " ").trim().slice(0, 80);
      return "That file holds answers for another checklist, \u201c" + name + "\u201d, so " +
        "nothing was changed. Load it on that checklist's page.";
    }
    if (read.refusal === "newer") {
      return "That file comes from a newer version of Rebound, so nothing was changed.";
    }
    return "That file is not a copy of your answers from Rebound, so nothing was changed. " +
      "Choose a file made with \u201cDownload a copy to load later\u201d on this checklist.";
  }

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
      if (checklist.store && (event.key === null || event.key === checklist.key)) {
        checklist.refreshFromStorage();
      }
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
    readExport: readExport,
    mergeItems: mergeItems,
  };
})();

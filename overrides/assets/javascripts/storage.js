/*
 * mkdocs-material's storage helpers (__md_scope, __md_hash, __md_get, __md_set),
 * guarded: with storage blocked they read as "nothing saved" instead of throwing.
 * Loaded by partials/javascripts/base.html, whose data-scope is the site root
 * relative to the page, as the theme's inline version had it.
 */
/* eslint-disable no-underscore-dangle */
var __md_scope = new URL(document.currentScript.getAttribute("data-scope") || ".", location);
var __md_hash = function (value) {
  return [].concat(Array.from(value)).reduce(function (hash, character) {
    return (hash << 5) - hash + character.charCodeAt(0);
  }, 0);
};
var __md_get = function (key, storage, scope) {
  scope = scope || __md_scope;
  try {
    return JSON.parse((storage || localStorage).getItem(scope.pathname + "." + key));
  } catch (error) {
    return null;
  }
};
var __md_set = function (key, value, storage, scope) {
  scope = scope || __md_scope;
  try {
    (storage || localStorage).setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    /* Storage blocked or full: the page works on, and nothing is kept. */
  }
};

/*
 * Search answers in pages, for Material for MkDocs' result list.
 *
 * Material's list takes every result group of an answer at once (the count it shows is
 * their number), renders the first 10 and then 4 more each time the list is scrolled to
 * its end. On a large help center a broad query matches thousands of groups, and making
 * and copying all of them between threads on every keystroke is most of the time to
 * answer. So this script, loaded before Material's bundle, tells the help center's
 * search worker (search-worker.js) that the page takes answers in pages: the worker
 * then sends the first FIRST groups in full and, for each of the others, what a light
 * stand-in needs (its page's number, score and terms, in typed arrays: `rest`). This
 * script makes the stand-ins (link and title, from the page table the worker sent with
 * READY) before Material reads the answer, asks for the next groups, and puts them in
 * place of the stand-ins (the same arrays Material holds) before Material's list
 * reaches them. It asks once the reader pauses (not on every keystroke, while the
 * worker has the next query to answer), or as soon as Material's list shows more than
 * its first groups. Material's code, its count, highlighting, keyboard navigation and
 * scrolling are unchanged. Without this script the worker answers in full, as
 * Material's does.
 *
 * In the first groups, the texts of the results Material folds under "N more on this
 * page" come soon after the answer (TEXTS): this script puts them into the answer's
 * items, and into Material's markup when the reader unfolds them. It also passes each
 * change of the search box on to Material at once, not when the key is released
 * (queryOnInput).
 *
 * Messages: Material's (SETUP 0, READY 1, QUERY 2, RESULT 3); MORE 4 both ways, asking
 * for { id, from, to } and answered with { id, from, items }; TEXTS 5 from the worker
 * after a RESULT that has `later`: { id, groups: [{ group, at, texts }] } (a group's
 * number, the places of its folded items, their texts). A RESULT in pages has `more`,
 * its id, and `rest`, the stand-ins: { pages, scores, which } per group and `terms`,
 * the distinct terms objects `which` points into. READY carries the page table:
 * { pages: { locations, titles } }.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, RESULT = 3, MORE = 4, TEXTS = 5;
  var FIRST = 14;   /* groups in full in each answer: Material shows 10, and 14 on a tall screen */
  var SHOWN = 10;   /* groups Material shows of a new answer */
  var AHEAD = 14;   /* ask for more while fewer complete groups than this are left below the shown */
  var CHUNK = 16;   /* groups asked for at a time */
  var PAUSE = 300;  /* ms after an answer before asking for more, unless the list shows more */

  var config = document.getElementById("__config");
  if (!config || typeof window.Worker !== "function") return;
  var searchUrl = new URL(JSON.parse(config.textContent).search, location.href).href;

  var Native = window.Worker;
  function Worker(url, options) {
    var worker = new Native(url, options);
    if (new URL(String(url), location.href).href === searchUrl) {
      inPages(worker);
      queryOnInput();
    }
    return worker;
  }
  Worker.prototype = Native.prototype;
  window.Worker = Worker;

  /* Material reads the search box when a key is released (keyup), and people hold a key
     down for tens of milliseconds after the text has changed. So each change is passed
     on to Material at once, as a key release on the search box alone (it does not bubble:
     nothing else sees it); the real release then finds the same text, and Material sends
     no second query. Text pasted with the mouse is searched for too. */
  var passing = false;
  function queryOnInput() {
    var input = document.querySelector("[data-md-component=search-query]");
    if (!input || passing) return;
    passing = true;
    input.addEventListener("input", function () { input.dispatchEvent(new Event("keyup")); });
  }

  function inPages(worker) {
    var send = worker.postMessage;
    var answer = null;   /* the last answer in pages: { id, items, full, asking } */
    var list = null;
    var pages = null;    /* the page table: { locations, titles } */
    var timer = 0;

    /* Material's SETUP message, with the page's offer to take answers in pages (unless
       the message already says whether it takes them) */
    worker.postMessage = function (message) {
      if (message && message.type === SETUP && message.data && !(message.data.options && "paged" in message.data.options)) {
        var options = Object.assign({}, message.data.options, { paged: FIRST });
        message = { type: SETUP, data: Object.assign({}, message.data, { options: options }) };
      }
      return send.apply(worker, [message].concat(Array.prototype.slice.call(arguments, 1)));
    };

    /* Runs before Material's listener: both see the same message data */
    worker.addEventListener("message", function (ev) {
      var message = ev.data;
      if (!message) return;
      if (message.type === READY && message.data && message.data.pages) {
        pages = message.data.pages;
      } else if (message.type === RESULT) {
        var data = message.data;
        if (data && data.rest) {
          standIns(data.items, data.rest);
          delete data.rest;
        }
        answer = data && typeof data.more === "number"
          ? { id: data.more, items: data.items, full: Math.min(FIRST, data.items.length), asking: false, bare: {} }
          : null;
        watch();
        clearTimeout(timer);
        if (answer) timer = setTimeout(ask, PAUSE);
      } else if (message.type === MORE && answer && message.data.id === answer.id) {
        var items = message.data.items;
        for (var i = 0; i < items.length; i++) {
          var group = answer.items[message.data.from + i];
          if (group) group.splice.apply(group, [0, group.length].concat(items[i]));
        }
        answer.full = Math.max(answer.full, message.data.from + items.length);
        answer.asking = false;
        ask();
      } else if (message.type === TEXTS && answer && message.data.id === answer.id) {
        message.data.groups.forEach(fill);
      }
    });

    /* The stand-ins of the groups the answer does not hold in full, put after them */
    function standIns(items, rest) {
      for (var i = 0; i < rest.pages.length; i++) {
        var page = rest.pages[i];
        items.push([{
          location: pages.locations[page], title: pages.titles[page], text: "",
          score: rest.scores[i], terms: rest.terms[rest.which[i]]
        }]);
      }
    }

    /* The texts of a group's folded results (TEXTS), into the answer's items. If Material
       has shown the group already (the list holds the last answer's groups in order), its
       markup of them gets the texts when the reader unfolds them: with them all, the
       folded results would be most of the list's markup, slower to put in and to take
       out again at the next answer. */
    function fill(later) {
      var items = answer.items[later.group];
      for (var k = 0; k < later.at.length; k++) items[later.at[k]].text = later.texts[k];
      var shown = list && list.children[later.group];
      if (!shown) return;
      answer.bare[later.group] = later.at;
      var details = shown.querySelector("details.md-search-result__more");
      if (details && details.open) unfold(details);
    }

    /* A group's folded results in Material's markup, unfolded: their texts, each right
       after its title as Material writes it */
    function unfold(details) {
      var group = Array.prototype.indexOf.call(list.children, details.closest(".md-search-result__item"));
      var at = answer && answer.bare[group];
      if (!at) return;
      delete answer.bare[group];
      var articles = details.querySelectorAll("article");
      if (articles.length !== at.length) return;
      for (var k = 0; k < articles.length; k++) {
        var title = articles[k].querySelector("h2");
        var text = answer.items[group][at[k]].text;
        if (title && text) title.insertAdjacentHTML("afterend", text);
      }
    }

    /* Material's result list: each time it shows more groups than its first, see if
       more are needed */
    function watch() {
      if (list && list.isConnected) return;
      list = document.querySelector("[data-md-component=search-result] .md-search-result__list");
      if (!list) return;
      new MutationObserver(function () { if (list.children.length > SHOWN) ask(); }).observe(list, { childList: true });
      /* before a click on "N more on this page" opens it, and when it opens otherwise */
      list.addEventListener("click", function (ev) {
        var summary = ev.target.closest && ev.target.closest(".md-search-result__more > summary");
        if (summary) unfold(summary.parentElement);
      }, true);
      list.addEventListener("toggle", function (ev) {
        if (ev.target.open && ev.target.matches(".md-search-result__more")) unfold(ev.target);
      }, true);
    }

    function ask() {
      if (!answer || answer.asking || answer.full >= answer.items.length || !list) return;
      if (answer.full - list.children.length >= AHEAD) return;
      answer.asking = true;
      send.call(worker, { type: MORE, data: { id: answer.id, from: answer.full, to: answer.full + CHUNK } });
    }
  }
})();

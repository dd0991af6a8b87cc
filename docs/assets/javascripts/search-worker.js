/*
 * The help center's search worker: Material for MkDocs' search worker, loading a
 * lunr index prebuilt at build time instead of building it on every page load.
 *
 * It speaks Material's worker protocol (messages SETUP 0, READY 1, QUERY 2, RESULT 3)
 * and answers with Material's result shape (SearchItem: location, title, text, tags,
 * score, terms), so Material's search box, result list, suggestions and highlighting
 * work unchanged; result items leave out the document fields the list never shows. The query handling, ranking,
 * grouping and highlighting below are a port of Material 9.8.1's worker
 * (src/templates/assets/javascripts/integrations/search: _/index.ts,
 * config/index.ts, internal/*, query/*; MIT licence, copyright Martin Donath).
 *
 * The prebuilt index (search/search_index.lunr.json, written by
 * hooks/search_prebuilt.py) is fetched as soon as the worker starts, in parallel
 * with the page's own fetch of search_index.json. It holds the terms in lunr's term
 * order and each document's field vectors; the inverted index is derived from the
 * vectors. Documents are numbered by their place in search_index.json, and the
 * index only serves when its fingerprint matches the documents the page sends;
 * otherwise the worker builds the index exactly as Material does. Positions for
 * highlighting are computed when a document is first shown, and for the rest in
 * idle moments afterwards.
 *
 * No eval and no inline code: it runs under the site's strict Content Security Policy.
 */
/* global lunr */
"use strict";

importScripts("vendor/lunr-2.3.9.min.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var PREBUILT_FORMAT = "helpcenter-lunr-1";
var PREBUILT_URL = new URL("../../search/search_index.lunr.json", self.location.href);

/* Material: "Monkey-patch Lunr.js to mitigate https://t.ly/68TLq" */
lunr.utils.warn = console.warn;

/* ---------------------------------------------------------------------------
 * Material's tokenizer and highlighter (internal/_, extract, tokenize, highlight)
 * ------------------------------------------------------------------------- */

var TAG_OPEN = 0, TEXT = 1, TAG_CLOSE = 2;

function split(input, separator, fn) {
  separator = new RegExp(separator, "g");
  var match;
  var index = 0;
  do {
    match = separator.exec(input);
    var until = match ? match.index : input.length;
    if (index < until) fn(index, until);
    if (match) {
      var term = match[0];
      index = match.index + term.length;
      if (term.length === 0) separator.lastIndex = match.index + 1;
    }
  } while (match);
}

function extract(input, fn) {
  var block = 0, start = 0, end = 0;
  for (var stack = 0; end < input.length; end++) {
    if (input.charAt(end) === "<" && end > start) {
      fn(block, TEXT, start, start = end);
    } else if (input.charAt(end) === ">") {
      if (input.charAt(start + 1) === "/") {
        if (--stack === 0) fn(block++, TAG_CLOSE, start, end + 1);
      } else if (input.charAt(end - 1) !== "/") {
        if (stack++ === 0) fn(block, TAG_OPEN, start, end + 1);
      }
      start = end + 1;
    }
  }
  if (end > start) fn(block, TEXT, start, end);
}

function tokenize(input) {
  var tokens = [];
  if (typeof input === "undefined") return tokens;
  var inputs = Array.isArray(input) ? input : [input];
  for (var i = 0; i < inputs.length; i++) {
    var table = lunr.tokenizer.table;
    var total = table.length;
    extract(inputs[i], function (block, type, start, end) {
      block += total;
      table[block] = table[block] || [];
      switch (type) {
        case TAG_OPEN:
        case TAG_CLOSE:
          table[block].push(start << 12 | end - start << 2 | type);
          break;
        case TEXT:
          var section = inputs[i].slice(start, end);
          split(section, lunr.tokenizer.separator, function (index, until) {
            if (typeof lunr.segmenter !== "undefined") {
              var subsection = section.slice(index, until);
              if (/^[MHIK]$/.test(lunr.segmenter.ctype_(subsection))) {
                var segments = lunr.segmenter.segment(subsection);
                for (var s = 0, l = 0; s < segments.length; s++) {
                  table[block] = table[block] || [];
                  table[block].push(start + index + l << 12 | segments[s].length << 2 | type);
                  tokens.push(new lunr.Token(segments[s].toLowerCase(), {
                    position: block << 20 | table[block].length - 1
                  }));
                  l += segments[s].length;
                }
                return;
              }
            }
            table[block].push(start + index << 12 | until - index << 2 | type);
            tokens.push(new lunr.Token(section.slice(index, until).toLowerCase(), {
              position: block << 20 | table[block].length - 1
            }));
          });
      }
    });
  }
  return tokens;
}

/* Which input of a field each block of its table belongs to (Material computes it on
   every call; here it is kept with the table). */
function blockMapping(table) {
  var mapping = [0];
  for (var t = 1; t < table.length; t++) {
    var prev = table[t - 1];
    var next = table[t];
    var p = prev[prev.length - 1] >>> 2 & 0x3FF;
    var q = next[0] >>> 12;
    mapping.push(+(p > q) + mapping[mapping.length - 1]);
  }
  return mapping;
}

function highlightAll(inputs, table, positions, full, mapping) {
  mapping = mapping || blockMapping(table);
  return inputs.map(function (input, i) {
    var cursor = 0;
    var blocks = new Map();
    for (var position of positions.sort(function (a, b) { return a - b; })) {
      var index = position & 0xFFFFF;
      var block = position >>> 20;
      if (mapping[block] !== i) continue;
      var group = blocks.get(block);
      if (typeof group === "undefined") blocks.set(block, group = []);
      group.push(index);
    }
    if (blocks.size === 0) return input;
    var slices = [];
    for (var entry of blocks) {
      var row = table[entry[0]];
      var indexes = entry[1];
      var start = row[0] >>> 12;
      var end = row[row.length - 1] >>> 12;
      var length = row[row.length - 1] >>> 2 & 0x3FF;
      if (full && start > cursor) slices.push(input.slice(cursor, start));
      var slice = input.slice(start, end + length);
      for (var j of indexes.sort(function (a, b) { return b - a; })) {
        var from = (row[j] >>> 12) - start;
        var to = (row[j] >>> 2 & 0x3FF) + from;
        slice = [slice.slice(0, from), "<mark>", slice.slice(from, to), "</mark>", slice.slice(to)].join("");
      }
      cursor = end + length;
      if (slices.push(slice) === 2) break;
    }
    if (full && cursor < input.length) slices.push(input.slice(cursor));
    return slices.join("");
  });
}

function highlight(input, table, positions, full, mapping) {
  return highlightAll([input], table, positions, full, mapping).pop();
}

/* ---------------------------------------------------------------------------
 * Material's query handling (query/transform, query/_, query/segment)
 * ------------------------------------------------------------------------- */

function transform(query, fn) {
  return query
    .trim()
    .split(/"([^"]+)"/g)
    .map(function (parts, index) {
      return index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts;
    })
    .join("")
    .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
    .split(/\s+/g)
    .reduce(function (prev, term) {
      var next = fn(term);
      return prev.concat(Array.isArray(next) ? next : [next]);
    }, [])
    .map(function (term) { return /([~^]$)/.test(term) ? term + "1" : term; })
    .map(function (term) { return /(^[+-]|[~^]\d+$)/.test(term) ? term : term + "*"; })
    .join(" ");
}

function transformSearchQuery(query) {
  return transform(query, function (part) {
    var terms = [];
    var lexer = new lunr.QueryLexer(part);
    lexer.run();
    for (var lexeme of lexer.lexemes) {
      var type = lexeme.type, term = lexeme.str, start = lexeme.start, end = lexeme.end;
      switch (type) {
        case "FIELD":
          if (["title", "text", "tags"].indexOf(term) < 0)
            part = [part.slice(0, end), " ", part.slice(end + 1)].join("");
          break;
        case "TERM":
          split(term, lunr.tokenizer.separator, function (from, to) {
            terms.push([part.slice(0, start), term.slice(from, to), part.slice(end)].join(""));
          });
      }
    }
    return terms;
  });
}

function parseSearchQuery(value) {
  var query = new lunr.Query(["title", "text", "tags"]);
  var parser = new lunr.QueryParser(value, query);
  parser.parse();
  for (var clause of query.clauses) {
    clause.usePipeline = true;
    if (clause.term.startsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.LEADING;
      clause.term = clause.term.slice(1);
    }
    if (clause.term.endsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.TRAILING;
      clause.term = clause.term.slice(0, -1);
    }
  }
  return query.clauses;
}

function getSearchQueryTerms(query, terms) {
  var clauses = new Set(query);
  var result = {};
  for (var t = 0; t < terms.length; t++)
    for (var clause of clauses)
      if (terms[t].startsWith(clause.term)) {
        result[clause.term] = true;
        clauses.delete(clause);
      }
  for (var rest of clauses)
    if (lunr.stopWordFilter && lunr.stopWordFilter(rest.term)) result[rest.term] = false;
  return result;
}

function segment(query, index) {
  var segments = new Set();
  var wordcuts = new Uint16Array(query.length);
  for (var i = 0; i < query.length; i++)
    for (var j = i + 1; j < query.length; j++) {
      if (query.slice(i, j) in index) wordcuts[i] = j - i;
    }
  var stack = [0];
  for (var s = stack.length; s > 0;) {
    var p = stack[--s];
    for (var q = 1; q < wordcuts[p]; q++)
      if (wordcuts[p + q] > wordcuts[p] - q) {
        segments.add(query.slice(p, p + q));
        stack[s++] = p + q;
      }
    var after = p + wordcuts[p];
    if (wordcuts[after] && after < query.length - 1) stack[s++] = after;
    segments.add(query.slice(p, after));
  }
  if (segments.has("")) return new Set([query]);
  return segments;
}

/* ---------------------------------------------------------------------------
 * The index: loaded from the prebuilt file, or built as Material builds it
 * ------------------------------------------------------------------------- */

/* A short hash of the documents' locations, the same as hooks/search_prebuilt.py's. */
function fingerprint(config, docs) {
  var hash = 0x811c9dc5;
  for (var d = 0; d < docs.length; d++) {
    var text = docs[d].location + "\n";
    for (var c = 0; c < text.length; c++) {
      hash ^= text.charCodeAt(c);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return [docs.length, config.separator, config.pipeline.join(","), ("0000000" + hash.toString(16)).slice(-8)].join(":");
}

/* The pipeline Material's index uses: lunr's default, less what the config leaves out. */
function indexPipeline(config) {
  var pipeline = new lunr.Pipeline();
  for (var name of ["trimmer", "stopWordFilter", "stemmer"])
    if (config.pipeline.indexOf(name) >= 0) pipeline.add(lunr[name]);
  return pipeline;
}

function searchPipeline(config) {
  var pipeline = new lunr.Pipeline();
  if (config.pipeline.indexOf("stemmer") >= 0) pipeline.add(lunr.stemmer);
  return pipeline;
}

/* Turn the prebuilt file into a lunr.Index whose document references are "0", "1", ... */
function loadPrebuilt(data) {
  var fields = Object.keys(data.fields);
  var terms = data.terms;
  var invertedIndex = Object.create(null);
  var postings = new Array(terms.length);
  for (var t = 0; t < terms.length; t++) {
    var posting = Object.create(null);
    posting._index = t;
    for (var f = 0; f < fields.length; f++) posting[fields[f]] = Object.create(null);
    invertedIndex[terms[t]] = postings[t] = posting;
  }
  var fieldVectors = Object.create(null);
  for (var field of fields) {
    var vectors = data.vectors[field];
    for (var ref = 0; ref < vectors.length; ref++) {
      var elements = vectors[ref];
      fieldVectors[field + "/" + ref] = new lunr.Vector(elements);
      for (var e = 0; e < elements.length; e += 2) postings[elements[e]][field][ref] = Object.create(null);
    }
  }
  return new lunr.Index({
    invertedIndex: invertedIndex,
    fieldVectors: fieldVectors,
    tokenSet: lunr.TokenSet.fromArray(terms.slice().sort()),
    fields: fields,
    pipeline: lunr.Pipeline.load(data.pipeline)
  });
}

function sameConfig(data, config) {
  var fields = Object.keys(config.fields);
  return data.format === PREBUILT_FORMAT &&
    config.lang.length === 1 && config.lang[0] === "en" &&
    fields.length === Object.keys(data.fields).length &&
    fields.every(function (name, i) {
      return Object.keys(data.fields)[i] === name && (config.fields[name].boost || 1) === data.fields[name];
    });
}

var prebuilt = fetch(PREBUILT_URL, { credentials: "same-origin" })
  .then(function (response) { return response.ok ? response.json() : null; })
  .then(function (data) { return data && data.format === PREBUILT_FORMAT ? { data: data, index: loadPrebuilt(data) } : null; })
  .catch(function () { return null; });

/* ---------------------------------------------------------------------------
 * Search: Material's Search class, with positions computed on demand
 * ------------------------------------------------------------------------- */

function setupSearchDocumentMap(docs) {
  var map = new Map();
  for (var doc of docs) {
    var path = doc.location.split("#")[0];
    var article = map.get(path);
    if (typeof article === "undefined") {
      map.set(path, doc);
    } else {
      map.set(doc.location, doc);
      doc.parent = article;
    }
  }
  return map;
}

function Search(data, loaded) {
  var config = data.config;
  var docs = data.docs;
  var self_ = this;
  this.map = setupSearchDocumentMap(docs);
  this.options = data.options;
  this.docs = docs;
  this.table = new Map();
  this.words = new Map();
  this.pipeline = indexPipeline(config);
  lunr.tokenizer.separator = new RegExp(config.separator);
  lunr.segmenter = "TinySegmenter" in lunr ? new lunr.TinySegmenter() : undefined;

  if (loaded && sameConfig(loaded.data, config) && loaded.data.fingerprint === fingerprint(config, docs)) {
    this.index = loaded.index;
    this.byRef = function (ref) { return docs[+ref]; };
    this.prebuilt = true;
    return;
  }

  /* No usable prebuilt index: build it as Material does */
  this.prebuilt = false;
  this.byRef = function (ref) { return self_.map.get(ref); };
  this.index = lunr(function () {
    this.metadataWhitelist = ["position"];
    this.b(0);
    if (config.lang.length === 1 && config.lang[0] !== "en") {
      this.use(lunr[config.lang[0]]);
    } else if (config.lang.length > 1) {
      this.use(lunr.multiLanguage.apply(lunr, config.lang));
    }
    this.tokenizer = tokenize;
    lunr.tokenizer.separator = new RegExp(config.separator);
    lunr.segmenter = "TinySegmenter" in lunr ? new lunr.TinySegmenter() : undefined;
    var fns = ["trimmer", "stopWordFilter", "stemmer"].filter(function (fn) { return config.pipeline.indexOf(fn) < 0; });
    for (var lang of config.lang.map(function (language) { return language === "en" ? lunr : lunr[language]; }))
      for (var fn of fns) {
        this.pipeline.remove(lang[fn]);
        this.searchPipeline.remove(lang[fn]);
      }
    this.ref("location");
    for (var name of Object.keys(config.fields)) {
      this.field(name, Object.assign({}, config.fields[name], {
        extractor: (function (field) {
          return function (doc) {
            if (typeof doc[field] === "undefined") return undefined;
            self_.table.set([doc.location, field].join(":"), { table: lunr.tokenizer.table = [] });
            return doc[field];
          };
        })(name)
      }));
    }
    for (var doc of docs) this.add(doc, { boost: doc.boost });
  });
}

/* The position table of a document's field and the positions of each of its terms,
   computed once: Material's tokenizer (the same table and positions), with the index
   pipeline applied once per distinct word instead of once per token. */
Search.prototype.positions = function (doc, field) {
  var key = [doc.location, field].join(":");
  var entry = this.table.get(key);
  if (typeof entry === "undefined") {
    var table = lunr.tokenizer.table = [];
    var terms = new Map();
    for (var token of tokenize(doc[field])) {
      for (var term of this.termsOf(token.toString())) {
        var list = terms.get(term);
        if (typeof list === "undefined") terms.set(term, list = []);
        list.push(token.metadata.position);
      }
    }
    entry = { table: table, terms: terms, mapping: blockMapping(table) };
    this.table.set(key, entry);
  }
  return entry;
};

/* What the index pipeline makes of a word (its functions depend on the word alone). */
Search.prototype.termsOf = function (word) {
  var terms = this.words.get(word);
  if (typeof terms === "undefined") {
    terms = this.pipeline.run([new lunr.Token(word, {})]).map(function (token) { return token.toString(); });
    this.words.set(word, terms);
  }
  return terms;
};

/* Compute the title and text positions ahead of the queries that need them, a slice at a time. */
Search.prototype.warm = function () {
  var self_ = this;
  var next = 0;
  function step() {
    var until = Math.min(next + 100, self_.docs.length);
    for (; next < until; next++)
      for (var field of ["title", "text"])
        if (typeof self_.docs[next][field] === "string") self_.positions(self_.docs[next], field);
    if (next < self_.docs.length) setTimeout(step, 0);
  }
  setTimeout(step, 50);
};

/* A result item as Material's result list reads it (SearchItem: location, title, text,
   tags, score, terms). Material's worker also copies every other field of the document
   and its parent document into each item; none of them is shown, and on a large help
   center they made every answer several megabytes to copy between threads. */
function resultItem(doc, score, terms) {
  var item = { location: doc.location, title: doc.title, text: doc.text };
  if (typeof doc.tags !== "undefined") item.tags = doc.tags;
  item.score = score;
  item.terms = terms;
  return item;
}

Search.prototype.search = function (query) {
  var self_ = this;
  query = query.replace(/\p{sc=Han}+/gu, function (value) {
    return Array.from(segment(value, self_.index.invertedIndex)).join("* ");
  });
  query = transformSearchQuery(query);
  if (!query) return { items: [] };

  var clauses = parseSearchQuery(query).filter(function (clause) {
    return clause.presence !== lunr.Query.presence.PROHIBITED;
  });

  var groups = this.index.search(query)
    .reduce(function (item, result) {
      var doc = self_.byRef(result.ref);
      if (typeof doc !== "undefined") {
        doc = Object.assign({}, doc);
        if (doc.tags) doc.tags = doc.tags.slice();
        var terms = getSearchQueryTerms(clauses, Object.keys(result.matchData.metadata));
        var metadata = result.matchData.metadata;
        for (var field of self_.index.fields) {
          if (typeof doc[field] === "undefined") continue;
          var matched = Object.keys(metadata).filter(function (term) { return typeof metadata[term][field] !== "undefined"; });
          if (!matched.length) continue;
          var positions = [];
          var entry = self_.prebuilt ? self_.positions(doc, field) : self_.table.get([doc.location, field].join(":"));
          for (var term of matched)
            positions.push.apply(positions, self_.prebuilt ? entry.terms.get(term) || [] : metadata[term][field].position);
          if (!positions.length) continue;
          var fn = Array.isArray(doc[field]) ? highlightAll : highlight;
          doc[field] = fn(doc[field], entry.table, positions, field !== "text", entry.mapping);
        }
        var boost = +!doc.parent +
          Object.values(terms).filter(function (t) { return t; }).length / Object.keys(terms).length;
        item.push(resultItem(doc, result.score * (1 + Math.pow(boost, 2)), terms));
      }
      return item;
    }, [])
    .sort(function (a, b) { return b.score - a.score; })
    .reduce(function (items, result) {
      var doc = self_.map.get(result.location);
      if (typeof doc !== "undefined") {
        var ref = doc.parent ? doc.parent.location : doc.location;
        items.set(ref, (items.get(ref) || []).concat([result]));
      }
      return items;
    }, new Map());

  for (var group of groups) {
    var ref = group[0], items = group[1];
    if (!items.find(function (item) { return item.location === ref; })) {
      var article = this.map.get(ref);
      items.push(resultItem(article, 0, {}));
    }
  }

  var suggest;
  if (this.options.suggest) {
    var titles = this.index.query(function (builder) {
      for (var clause of clauses)
        builder.term(clause.term, {
          fields: ["title"],
          presence: lunr.Query.presence.REQUIRED,
          wildcard: lunr.Query.wildcard.TRAILING
        });
    });
    suggest = titles.length ? Object.keys(titles[0].matchData.metadata) : [];
  }

  var answer = { items: Array.from(groups.values()) };
  if (typeof suggest !== "undefined") answer.suggest = suggest;
  return answer;
};

/* ---------------------------------------------------------------------------
 * Languages other than English (Material's setupSearchLanguages)
 * ------------------------------------------------------------------------- */

function setupSearchLanguages(config) {
  var base = "lunr";
  var scripts = [];
  for (var lang of config.lang) {
    if (lang === "ja") scripts.push(base + "/tinyseg.js");
    if (lang === "hi" || lang === "th") scripts.push(base + "/wordcut.js");
    if (lang !== "en") scripts.push(base + "/min/lunr." + lang + ".min.js");
  }
  if (config.lang.length > 1) scripts.push(base + "/min/lunr.multi.min.js");
  if (scripts.length) importScripts.apply(self, [base + "/min/lunr.stemmer.support.min.js"].concat(scripts));
}

/* ---------------------------------------------------------------------------
 * Messages
 * ------------------------------------------------------------------------- */

var index;
var setup = Promise.resolve();

async function handler(message) {
  switch (message.type) {
    case SETUP:
      /* Material's worker sets up without waiting; this one waits for the prebuilt file,
         so a query that comes meanwhile waits for the setup too, and answers come in order. */
      setup = (async function () {
        setupSearchLanguages(message.data.config);
        index = new Search(message.data, await prebuilt);
        if (index.prebuilt) index.warm();
      })();
      await setup;
      return { type: READY };
    case QUERY:
      var query = message.data;
      try {
        await setup;
        return { type: RESULT, data: index.search(query) };
      } catch (err) {
        console.warn("Invalid query: " + query + " – see https://bit.ly/2s3ChXG");
        console.warn(err);
        return { type: RESULT, data: { items: [] } };
      }
    default:
      throw new TypeError("Invalid message type");
  }
}

self.lunr = lunr;

addEventListener("message", async function (ev) {
  postMessage(await handler(ev.data));
});

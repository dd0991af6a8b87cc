/*
 * The help center's search worker: Material for MkDocs' search worker, loading a
 * lunr index prebuilt at build time instead of building it on every page load.
 *
 * It speaks Material's worker protocol (messages SETUP 0, READY 1, QUERY 2, RESULT 3;
 * with search-more.js also MORE 4 and TEXTS 5, below)
 * and answers with Material's result shape (SearchItem: location, title, text, tags,
 * score, terms), so Material's search box, result list, suggestions and highlighting
 * work unchanged; result items leave out the document fields the list never shows.
 * The query handling, ranking, grouping and highlighting below are a port of Material
 * 9.8.1's worker (src/templates/assets/javascripts/integrations/search: _/index.ts,
 * config/index.ts, internal/*, query/*; MIT licence, copyright Martin Donath).
 *
 * The prebuilt index (search/search_index.lunr.json, written by
 * hooks/search_prebuilt.py) is fetched as soon as the worker starts, in parallel
 * with the page's own fetch of search_index.json. It holds the terms in lunr's term
 * order, the documents' boosts, and each document's field vectors (term numbers and
 * term frequencies), packed; the postings, lunr's idf and the BM25 scores are derived
 * from them as lunr's builder derives them. Queries on it run lunr 2.3.9's query algorithm on
 * arrays (PrebuiltIndex: the same scores, in the same order, proven against
 * Material's own worker by tests/test_prebuilt_index.py). Documents are numbered by
 * their place in search_index.json, and the index only serves when its fingerprint
 * matches the documents the page sends; otherwise the worker builds the index exactly
 * as Material does. Positions for highlighting are computed when a document is first
 * shown.
 *
 * A page that takes answers in pages (search-more.js sets the SETUP option `paged`)
 * gets the page table with READY, the first groups of each answer in full and, for
 * every other group, what its stand-in needs (`rest`: page numbers, scores and terms in
 * typed arrays; search-more.js makes the stand-ins before Material reads the answer),
 * and asks for more with MORE 4 messages as Material's list scrolls. In those first
 * groups the texts of the results Material folds under "N more on this page" come
 * soon after, in a TEXTS 5 message (`later` on the RESULT): they are most of a broad
 * query's text and are not on screen until the reader unfolds them. A page that does
 * not take answers in pages gets every group in full, as from Material's worker.
 *
 * No eval and no inline code: it runs under the site's strict Content Security Policy.
 */
/* global lunr */
"use strict";

importScripts("vendor/lunr-2.3.9.min.js");

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, MORE = 4, TEXTS = 5;
var PREBUILT_FORMAT = "helpcenter-lunr-3";
var PREBUILT_URL = new URL("../../search/search_index.lunr.json", self.location.href);

/* Material: "Monkey-patch Lunr.js to mitigate https://t.ly/68TLq" */
lunr.utils.warn = console.warn;

/* ---------------------------------------------------------------------------
 * Material's tokenizer and highlighter (internal/_, extract, tokenize, highlight)
 * ------------------------------------------------------------------------- */

var TAG_OPEN = 0, TEXT = 1, TAG_CLOSE = 2;

function split(input, separator, fn) {
  /* (a separator that is already global is reused: the help center's position tables) */
  if (separator.global) separator.lastIndex = 0;
  else separator = new RegExp(separator, "g");
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

/* Material's extract, which looks at every character in turn: here the next "<" and ">"
   are found with indexOf, and the same calls are made. */
function extract(input, fn) {
  var block = 0, start = 0, end = 0, stack = 0, length = input.length;
  var lt = input.indexOf("<"), gt = input.indexOf(">");
  if (lt < 0) lt = length;
  if (gt < 0) gt = length;
  while ((end = lt < gt ? lt : gt) < length) {
    if (end === lt) {
      if (end > start) fn(block, TEXT, start, start = end);
      lt = input.indexOf("<", end + 1);
      if (lt < 0) lt = length;
    } else {
      if (input.charCodeAt(start + 1) === 47) {
        if (--stack === 0) fn(block++, TAG_CLOSE, start, end + 1);
      } else if (input.charCodeAt(end - 1) !== 47) {
        if (stack++ === 0) fn(block, TAG_OPEN, start, end + 1);
      }
      start = end + 1;
      gt = input.indexOf(">", end + 1);
      if (gt < 0) gt = length;
    }
  }
  if (length > start) fn(block, TEXT, start, length);
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
  var hash = 0x811c9dc5 | 0;
  for (var d = 0; d < docs.length; d++) {
    var text = docs[d].location;
    for (var c = 0; c < text.length; c++) hash = Math.imul(hash ^ text.charCodeAt(c), 0x01000193);
    hash = Math.imul(hash ^ 10, 0x01000193);
  }
  return [docs.length, config.separator, config.pipeline.join(","), ("0000000" + (hash >>> 0).toString(16)).slice(-8)].join(":");
}

/* The pipeline Material's index uses: lunr's default, less what the config leaves out. */
function indexPipeline(config) {
  var pipeline = new lunr.Pipeline();
  for (var name of ["trimmer", "stopWordFilter", "stemmer"])
    if (config.pipeline.indexOf(name) >= 0) pipeline.add(lunr[name]);
  return pipeline;
}

/* The packed numbers of the prebuilt file (hooks/search_prebuilt.py's `pack`): each
   number is zero or more continuation digits (base 28) and one final digit (base 64). */
var DIGIT = new Int8Array(128).fill(-1);
for (var code = 33, digit = 0; code < 127; code++)
  if (code !== 34 && code !== 92) DIGIT[code] = digit++;

function unpackNumbers(text) {
  var numbers = new Int32Array(text.length);
  var count = 0, pending = 0;
  for (var i = 0; i < text.length; i++) {
    var value = DIGIT[text.charCodeAt(i)];
    if (value >= 64) {
      pending = pending * 28 + value - 64;
    } else {
      numbers[count++] = pending * 64 + value;
      pending = 0;
    }
  }
  return numbers.subarray(0, count);
}

/* One field of the prebuilt file: the vectors of all documents (per document its term
   numbers and term frequencies, from start[doc] to start[doc + 1]), and the same turned
   around: the postings (per term the documents that have it, in document order, with
   the term's frequency there, from first[term] to first[term + 1]). */
function unpackField(text, docCount, termCount) {
  var numbers = unpackNumbers(text);
  var start = new Int32Array(docCount + 1);
  var terms = new Int32Array(numbers.length >> 1);
  var frequencies = new Int32Array(numbers.length >> 1);
  var k = 0, size = 0;
  for (var doc = 0; doc < docCount; doc++) {
    start[doc] = size;
    for (var n = numbers[k++], term = 0; n > 0; n--) {
      term += numbers[k++];
      terms[size] = term;
      frequencies[size++] = numbers[k++];
    }
  }
  start[docCount] = size;
  var first = new Int32Array(termCount + 1);
  for (var e = 0; e < size; e++) first[terms[e] + 1]++;
  for (var t = 0; t < termCount; t++) first[t + 1] += first[t];
  var next = first.slice(0, termCount);
  var docs = new Int32Array(size);
  var tfs = new Int32Array(size);
  for (doc = 0; doc < docCount; doc++)
    for (e = start[doc]; e < start[doc + 1]; e++) {
      var at = next[terms[e]]++;
      docs[at] = doc;
      tfs[at] = frequencies[e];
    }
  return { start: start, terms: terms, first: first, docs: docs, tfs: tfs, scores: null };
}

/* lunr.js's builder scores (lunr.Builder#createFieldVectors, with Material's b = 0 and
   lunr's k1 = 1.2), in its order of operations: lunr.idf over the (field, document)
   pairs that have the term, BM25, the field's and the document's boosts, then
   Math.round to three decimals. */
var K1 = 1.2;
function scorePostings(postings, boosts, fieldBoosts, docCount, termCount) {
  var pairs = new Int32Array(termCount);
  for (var posting of postings)
    for (var t = 0; t < termCount; t++) pairs[t] += posting.first[t + 1] - posting.first[t];
  var idf = new Float64Array(termCount);
  for (t = 0; t < termCount; t++) {
    var x = (docCount - pairs[t] + 0.5) / (pairs[t] + 0.5);
    idf[t] = Math.log(1 + Math.abs(x));
  }
  postings.forEach(function (posting, f) {
    var scores = posting.scores = new Float64Array(posting.tfs.length);
    var fieldBoost = fieldBoosts[f] || 1;
    for (t = 0; t < termCount; t++)
      for (var e = posting.first[t]; e < posting.first[t + 1]; e++) {
        var tf = posting.tfs[e];
        /* lunr's k1 * (1 - b + b * length / average length) is k1 with b = 0 */
        var score = idf[t] * ((K1 + 1) * tf) / (K1 + tf);
        score *= fieldBoost;
        score *= boosts[posting.docs[e]];
        scores[e] = Math.round(score * 1000) / 1000;
      }
    posting.tfs = null;
  });
}

/* The prebuilt index. Its `query` is lunr 2.3.9's Index#query, step for step, on the
   unpacked postings: the same clauses, term expansion (cached per term), query vectors,
   required and prohibited sets, and the same scores, added in the same order (a field's
   score is its dot product with the query vector over the magnitude of the query vector;
   the dot product is summed term by term in term order, as lunr sums it), and the same
   order of results. Only the match data (which terms matched in which fields) is made
   on demand, for the results that are shown: `matchData` makes it the way lunr does.
   With `classify` (a function of a term giving a number of bits), each result also
   carries `mask`, the bits of all its matched terms. Document references are "0", "1",
   ... in the order of the documents. */
function PrebuiltIndex(data) {
  var numbers = new Map(data.terms.map(function (term, t) { return [term, t]; }));
  this.fields = Object.keys(data.fields);
  this.terms = data.terms;
  this.size = data.documents;
  this.numbers = numbers;
  this.postings = this.fields.map(function (field) {
    return unpackField(data.vectors[field], data.documents, data.terms.length);
  });
  var boosts = new Float64Array(data.documents).fill(1);
  for (var pair of data.boosts) boosts[pair[0]] = pair[1];
  var fieldBoosts = this.fields.map(function (field) { return data.fields[field]; });
  scorePostings(this.postings, boosts, fieldBoosts, data.documents, data.terms.length);
  this.sorted = data.terms.slice().sort();
  this.ordered = this.sorted.slice().sort(tokenSetOrder);  /* see startingWith */
  this.tokenSet = null;
  this.pipeline = lunr.Pipeline.load(data.pipeline);
  this.expansions = new Map();
  this.sums = new Float64Array(this.fields.length * this.size);
  this.seen = new Uint32Array(this.fields.length * this.size);
  this.pairs = new Int32Array(this.fields.length * this.size);
  this.order = new Int32Array(this.size);
  this.docSeen = new Uint32Array(this.size);
  this.done = new Uint32Array(this.fields.length * data.terms.length);
  this.docScores = new Float64Array(this.size);
  this.queries = 0;
  this.stepsAt = null;  /* see Found#stepsByTerm */
  this.stepsOf = null;
  /* For Material's segmenter, which asks `term in index.invertedIndex`. */
  this.invertedIndex = new Proxy(Object.create(null), {
    has: function (target, term) { return numbers.has(term); }
  });
}

PrebuiltIndex.prototype.search = function (queryString, classify) {
  return this.query(function (query) {
    var parser = new lunr.QueryParser(queryString, query);
    parser.parse();
  }, classify);
};

/* The index terms a clause stands for: lunr intersects the index's token set with the
   clause's and lists the result (TokenSet#toArray). For a plain term, and for a term
   with one trailing wildcard (every query Material makes of the words typed), the same
   list comes from the sorted terms, in toArray's order; other clauses (fuzzy, other
   wildcards) take lunr's way, with a token set built when first needed. */
PrebuiltIndex.prototype.expand = function (clause) {
  var term = clause.term;
  var fuzzy = "editDistance" in clause;
  var key = (fuzzy ? clause.editDistance : "") + "/" + term;
  var terms = this.expansions.get(key);
  if (typeof terms !== "undefined") return terms;
  var star = term.indexOf("*");
  if (!fuzzy && star < 0) {
    terms = term.length && this.numbers.has(term) ? [term] : [];
  } else if (!fuzzy && star === term.length - 1) {
    terms = this.startingWith(term.slice(0, -1));
  } else {
    this.tokenSet = this.tokenSet || lunr.TokenSet.fromArray(this.sorted);
    terms = this.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray();
  }
  if (this.expansions.size >= 1000) this.expansions.clear();
  this.expansions.set(key, terms);
  return terms;
};

/* The terms starting with `prefix` in lunr.TokenSet#toArray's order: depth first, a word
   before the words it begins, and the next letters in the reverse of the order of the
   keys of a token set's edges (JavaScript lists the keys "0" to "9" first, then the
   others as added, and fromArray adds them in sorted order). */
function tokenSetOrder(a, b) {
  for (var i = 0; ; i++) {
    if (i === a.length) return -1;
    if (i === b.length) return 1;
    var x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) return edgeRank(y) - edgeRank(x);
  }
}

function edgeRank(code) {
  return code >= 48 && code <= 57 ? code - 48 : 10 + code;
}

PrebuiltIndex.prototype.startingWith = function (prefix) {
  /* in that order the terms starting with a prefix come together: found by halving */
  var ordered = this.ordered;
  var low = 0, high = ordered.length;
  while (low < high) {
    var middle = (low + high) >> 1;
    var term = ordered[middle];
    if (!term.startsWith(prefix) && tokenSetOrder(term, prefix) < 0) low = middle + 1; else high = middle;
  }
  var end = low;
  while (end < ordered.length && ordered[end].startsWith(prefix)) end++;
  return ordered.slice(low, end);
};

/* The loops that run once per posting or per match, on their own so that they are
   compiled early and stay compiled whatever the rest of a query does. `collect`: the
   pairs of a term's postings in a field not seen yet (and, with `bits`, the term's bits
   to the masks of their documents) */
function collect(docs, from, to, base, seen, stamp, pairs, count, masks, bits) {
  for (var e = from; e < to; e++) {
    var doc = docs[e];
    if (bits) masks[doc] |= bits;
    var pair = base + doc;
    if (seen[pair] !== stamp) {
      seen[pair] = stamp;
      pairs[count++] = pair;
    }
  }
  return count;
}

function mark(docs, from, to, marks, bits) {
  for (var e = from; e < to; e++) marks[docs[e]] |= bits;
}

/* counts[doc] + 1 for each document not yet counted for `clause` (last[doc] is the
   clause it was last counted for) */
function countOnce(docs, from, to, last, counts, clause) {
  for (var e = from; e < to; e++) {
    var doc = docs[e];
    if (last[doc] !== clause) {
      last[doc] = clause;
      counts[doc]++;
    }
  }
}

function accumulate(sums, base, docs, scores, from, to, weight) {
  for (var e = from; e < to; e++) sums[base + docs[e]] += weight * scores[e];
}

/* Each pair's score (its sum over the magnitude of its field's query vector, `|| 0`),
   added to its document's in the order of the pairs; the documents in the order they
   first come, leaving out those that did not match all `needed` required clauses
   (`matched`; -1: none can) or that `prohibited` marks */
function addScores(pairs, count, sums, magnitudes, size, matched, needed, prohibited, seen, stamp, scores, order) {
  var n = 0;
  for (var p = 0; p < count; p++) {
    var pair = pairs[p];
    var doc = pair % size;
    var score = sums[pair] / magnitudes[(pair - doc) / size] || 0;
    sums[pair] = 0;
    if (needed !== 0 && matched[doc] !== needed || prohibited !== null && prohibited[doc] === 1) continue;
    if (seen[doc] === stamp) {
      scores[doc] += score;
    } else {
      seen[doc] = stamp;
      scores[doc] = score;
      order[n++] = doc;
    }
  }
  return order.slice(0, n);
}

PrebuiltIndex.prototype.query = function (fn, classify) {
  var query = new lunr.Query(this.fields);
  var fields = this.fields;
  var size = this.size;
  /* The query vectors' weights per term number, added up in lunr's order (upsert's a + b);
     made into lunr.Vectors, sorted by term number as upsert keeps them, once all are in:
     one upsert per term would insert into a sorted array each time (slow for a prefix
     that matches thousands of terms). */
  var weights = fields.map(function () { return new Map(); });
  /* lunr's sets of required and prohibited documents: a document must match every
     REQUIRED clause (lunr intersects per field the documents each matched, and then the
     fields), and must match no PROHIBITED one (its union of them) */
  var needed = 0;                                  /* the REQUIRED clauses so far */
  var none = false;                                /* one of them stood for no term */
  var matched = null, lastCounted = null;          /* per document: how many it matched (countOnce) */
  var requiredFields = new Uint8Array(fields.length);  /* the fields lunr has a required set for */
  var prohibited = null;                           /* per document: 1 if it matched a PROHIBITED clause */
  var stamp = ++this.queries;
  var done = this.done;    /* term and field pairs already collected (lunr's termFieldCache): stamped */
  var steps = [];          /* term and field numbers of the pairs collected, in order */
  var pairs = this.pairs;  /* field * size + document, in the order lunr first matches them */
  var count = 0;           /* the number of pairs */
  var seen = this.seen;
  var masks = classify ? new Int32Array(size) : null;
  var REQUIRED = lunr.Query.presence.REQUIRED, PROHIBITED = lunr.Query.presence.PROHIBITED;

  fn.call(query, query);

  for (var i = 0; i < query.clauses.length; i++) {
    var clause = query.clauses[i];
    if (clause.presence === REQUIRED) {
      needed++;
      if (matched === null) {
        matched = new Int32Array(size);
        lastCounted = new Int32Array(size);
      }
    }
    var terms = clause.usePipeline ? this.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
    for (var m = 0; m < terms.length; m++) {
      clause.term = terms[m];
      var expandedTerms = this.expand(clause);
      if (expandedTerms.length === 0 && clause.presence === REQUIRED) {
        /* lunr: the empty set for its fields, so nothing matches */
        for (var k = 0; k < clause.fields.length; k++) requiredFields[fields.indexOf(clause.fields[k])] = 1;
        none = true;
        break;
      }
      for (var j = 0; j < expandedTerms.length; j++) {
        var expandedTerm = expandedTerms[j];
        var t = this.numbers.get(expandedTerm);
        var bits = classify ? classify(expandedTerm) : 0;
        for (k = 0; k < clause.fields.length; k++) {
          var field = clause.fields[k];
          var f = fields.indexOf(field);
          var posting = this.postings[f];
          var from = posting.first[t], to = posting.first[t + 1];
          if (clause.presence === REQUIRED) {
            countOnce(posting.docs, from, to, lastCounted, matched, needed);
            requiredFields[f] = 1;
          } else if (clause.presence === PROHIBITED) {
            if (prohibited === null) prohibited = new Int32Array(size);
            mark(posting.docs, from, to, prohibited, 1);
            continue;
          }
          var weight = weights[f].get(t);
          weights[f].set(t, weight === undefined ? clause.boost : weight + clause.boost);
          if (done[t * fields.length + f] === stamp) continue;
          count = collect(posting.docs, from, to, f * size, seen, stamp, pairs, count, masks, bits);
          steps.push(t, f);
          done[t * fields.length + f] = stamp;
        }
      }
    }
    /* lunr intersects each field's required set with the clause's matches: a field
       without one (a clause whose words the pipeline all took out) makes it throw */
    if (clause.presence === REQUIRED)
      for (k = 0; k < clause.fields.length; k++)
        if (!requiredFields[fields.indexOf(clause.fields[k])]) throw new TypeError("no required set for the field " + clause.fields[k]);
  }

  if (none) needed = -1;  /* no document matched -1 clauses */
  function excluded(doc) {
    return needed !== 0 && matched[doc] !== needed || prohibited !== null && prohibited[doc] === 1;
  }

  if (query.isNegated()) {
    /* lunr scores every field of every document 0 and gives them no match data */
    var all = [];
    for (var d = 0; d < size; d++) if (!excluded(d)) all.push(d);
    return new Found(this, [], Int32Array.from(all), new Float64Array(all.length), masks && new Int32Array(all.length));
  }

  var queryVectors = weights.map(function (byTerm) {
    var numbers = Array.from(byTerm.keys()).sort(function (a, b) { return a - b; });
    var elements = new Array(numbers.length * 2);
    for (var e = 0; e < numbers.length; e++) {
      elements[2 * e] = numbers[e];
      elements[2 * e + 1] = byTerm.get(numbers[e]);
    }
    return new lunr.Vector(elements);
  });

  /* The dot products, term by term in term order, as lunr.Vector#dot adds them */
  var sums = this.sums;
  for (f = 0; f < fields.length; f++) {
    var elements = queryVectors[f].elements;
    posting = this.postings[f];
    for (var q = 0; q < elements.length; q += 2)
      accumulate(sums, f * size, posting.docs, posting.scores, posting.first[elements[q]], posting.first[elements[q] + 1], elements[q + 1]);
  }
  var magnitudes = Float64Array.from(queryVectors, function (vector) { return vector.magnitude(); });

  /* Scores added field by field in the order lunr first matched them (every pair with a
     sum is in `pairs`, so all sums are back to 0 afterwards); results in the order lunr
     makes them, before its sort by score (Found#sorted) */
  var scores = this.docScores;
  var order = addScores(pairs, count, sums, magnitudes, size, matched, needed, prohibited, this.docSeen, stamp, scores, this.order);
  var found = new Found(this, steps, order, new Float64Array(order.length), masks && new Int32Array(order.length));
  pick(found.docs, scores, found.scores);
  if (masks) pick(found.docs, masks, found.masks);
  return found;
};

/* `values` at each of `at`, in order, into `into` */
function pick(at, values, into) {
  for (var r = 0; r < at.length; r++) into[r] = values[at[r]];
}

/* The results of a query on the prebuilt index, as lunr.Index#query makes them (a
   document and a score each) before it sorts them, in arrays: the document numbers, the
   scores and, with `classify`, the masks. `sorted` gives lunr's order (a stable sort by
   score). The match data of result `r` is made when asked for: the `metadata` of the
   lunr.MatchData lunr would give it (one per field of the document, terms added in the
   order the query collected them, then combined in the order lunr first matched the
   document's fields), with the same keys in the same order, made at once. */
function Found(index, steps, docs, scores, masks) {
  this.index = index;
  this.steps = steps;
  this.length = docs.length;
  this.docs = docs;
  this.scores = scores;
  this.masks = masks;
}

Found.prototype.sorted = function () {
  var scores = this.scores;
  var order = new Array(this.length);
  for (var r = 0; r < this.length; r++) order[r] = r;
  return order.sort(function (a, b) { return scores[b] - scores[a]; });
};

/* The first result in lunr's order (scores are never NaN: lunr makes them `|| 0`) */
Found.prototype.top = function () {
  var best = 0;
  for (var r = 1; r < this.length; r++) if (this.scores[r] > this.scores[best]) best = r;
  return best;
};

Found.prototype.matchData = function (r) {
  var index = this.index, steps = this.steps, doc = this.docs[r], termCount = index.terms.length;
  /* The steps that collected one of the document's terms, from the document's own vectors
     (a broad prefix collects thousands of steps, a document has a few of them), in the
     order the query collected them */
  var at = this.stepsByTerm();
  var hits = [];
  for (var f = 0; f < index.fields.length; f++) {
    var vectors = index.postings[f];
    for (var e = vectors.start[doc]; e < vectors.start[doc + 1]; e++) {
      var step = at[f * termCount + vectors.terms[e]];
      if (step > 0) hits.push(step - 1);
    }
  }
  var order = Int32Array.from(hits).sort();
  /* the terms of each field in that order, the fields in the order of their first term */
  var byField = new Map();
  for (var h = 0; h < order.length; h++) {
    f = steps[order[h] + 1];
    var terms = byField.get(f);
    if (terms === undefined) byField.set(f, terms = []);
    terms.push(steps[order[h]]);
  }
  /* lunr's combined match data, made at once (each match's own metadata is empty: positions
     are computed when a result is shown) */
  var metadata = Object.create(null);
  for (var entry of byField) {
    var field = index.fields[entry[0]];
    for (var k = 0; k < entry[1].length; k++) {
      var term = index.terms[entry[1][k]];
      var fields = metadata[term] || (metadata[term] = Object.create(null));
      fields[field] = Object.create(null);
    }
  }
  return { metadata: metadata };
};

/* Per (field, term): the place + 1 in `steps` of the step that collected it, 0 if none;
   in an array of the index shared by the results of its queries, filled for the last
   results asked. */
Found.prototype.stepsByTerm = function () {
  var index = this.index, termCount = index.terms.length;
  if (index.stepsOf !== this) {
    var at = index.stepsAt || (index.stepsAt = new Int32Array(index.fields.length * termCount));
    if (index.stepsOf) {
      var old = index.stepsOf.steps;
      for (var s = 0; s < old.length; s += 2) at[old[s + 1] * termCount + old[s]] = 0;
    }
    for (s = 0; s < this.steps.length; s += 2) at[this.steps[s + 1] * termCount + this.steps[s]] = s + 1;
    index.stepsOf = this;
  }
  return index.stepsAt;
};

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
  .then(function (data) { return data && data.format === PREBUILT_FORMAT ? { data: data, index: new PrebuiltIndex(data) } : null; })
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
  this.answers = 0;
  this.last = null;
  this.lastQuery = null;  /* the last transformed query, its answer and suggestion */
  this.pipeline = indexPipeline(config);
  lunr.tokenizer.separator = new RegExp(config.separator);
  lunr.segmenter = "TinySegmenter" in lunr ? new lunr.TinySegmenter() : undefined;
  this.separator = new RegExp(config.separator, "g");

  /* Per document: 1 for a page (Material's `+!doc.parent`), and the group its results
     go to (Material looks the location up in its map and takes the page's location):
     the number of that page, in the order pages first come */
  this.isPage = new Uint8Array(docs.length);
  this.groupOf = new Int32Array(docs.length);
  this.pageRef = [];
  this.pageNumber = new Map();
  for (var d = 0; d < docs.length; d++) {
    this.isPage[d] = +!docs[d].parent;
    var mapped = this.map.get(docs[d].location);
    if (typeof mapped === "undefined") {
      this.groupOf[d] = -1;
      continue;
    }
    var ref = mapped.parent ? mapped.parent.location : mapped.location;
    if (!this.pageNumber.has(ref)) {
      this.pageNumber.set(ref, this.pageRef.length);
      this.pageRef.push(ref);
    }
    this.groupOf[d] = this.pageNumber.get(ref);
  }

  if (loaded && !lunr.segmenter && sameConfig(loaded.data, config) && loaded.data.fingerprint === fingerprint(config, docs)) {
    this.index = loaded.index;
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
   computed once: the table and positions Material's tokenizer makes (tokenize above,
   which records them while it indexes), made here without the tokens themselves, and
   with the index pipeline applied once per distinct word as written (`termsOf`)
   instead of once per token. */
Search.prototype.positions = function (doc, field) {
  var key = doc.location + ":" + field;
  var entry = this.table.get(key);
  if (typeof entry !== "undefined") return entry;
  var self_ = this;
  var table = [];
  var terms = new Map();
  var value = doc[field];
  var inputs = typeof value === "undefined" ? [] : Array.isArray(value) ? value : [value];
  var separator = this.separator;
  for (var i = 0; i < inputs.length; i++) {
    var input = inputs[i];
    var total = table.length;
    extract(input, function (block, type, start, end) {
      block += total;
      var row = table[block] || (table[block] = []);
      if (type !== TEXT) {
        row.push(start << 12 | end - start << 2 | type);
        return;
      }
      /* Material's split, inline */
      var section = input.slice(start, end);
      var match, index = 0;
      separator.lastIndex = 0;
      do {
        match = separator.exec(section);
        var until = match ? match.index : section.length;
        if (index < until) {
          row.push(start + index << 12 | until - index << 2 | type);
          var position = block << 20 | row.length - 1;
          var words = self_.termsOf(section.slice(index, until));
          for (var w = 0; w < words.length; w++) {
            var list = terms.get(words[w]);
            if (typeof list === "undefined") terms.set(words[w], [position]);
            else list.push(position);
          }
        }
        if (match) {
          index = match.index + match[0].length;
          if (match[0].length === 0) separator.lastIndex = match.index + 1;
        }
      } while (match);
    });
  }
  entry = { table: table, terms: terms, mapping: blockMapping(table), marked: new Map() };
  this.table.set(key, entry);
  return entry;
};

/* What the index pipeline makes of a word as written: Material lowercases each token
   and runs the pipeline on it (whose functions depend on the token alone). */
Search.prototype.termsOf = function (word) {
  var terms = this.words.get(word);
  if (typeof terms === "undefined") {
    terms = this.pipeline.run([new lunr.Token(word.toLowerCase(), {})]).map(function (token) { return token.toString(); });
    this.words.set(word, terms);
  }
  return terms;
};

/* A result item as Material's result list reads it (SearchItem: location, title, text,
   tags, score, terms). Material's worker also copies every other field of the document
   and its parent document into each item; none of them is shown, and on a large help
   center they made every answer several megabytes to copy between threads. */
var SHOWN = ["title", "text", "tags"];

function resultItem(doc, score, terms) {
  var item = { location: doc.location, title: doc.title, text: doc.text };
  if (typeof doc.tags !== "undefined") item.tags = doc.tags;
  item.score = score;
  item.terms = terms;
  return item;
}

/* A field of a document matched with `metadata`, highlighted as Material's worker
   highlights it; null if none of the matched terms is in it. */
Search.prototype.highlighted = function (doc, field, metadata) {
  var matched = Object.keys(metadata).filter(function (term) { return typeof metadata[term][field] !== "undefined"; });
  if (!matched.length) return null;
  var entry = this.prebuilt ? this.positions(doc, field) : this.table.get([doc.location, field].join(":"));
  /* On the prebuilt index the highlighted field depends on the matched terms alone,
     which the next keystroke's query often matches again: kept with the positions */
  var key = this.prebuilt ? JSON.stringify(matched.slice().sort()) : "";
  var marked = this.prebuilt ? entry.marked.get(key) : undefined;
  if (marked !== undefined) return marked;
  var positions = [];
  for (var term of matched)
    positions.push.apply(positions, this.prebuilt ? entry.terms.get(term) || [] : metadata[term][field].position);
  marked = null;
  if (positions.length) marked = (Array.isArray(doc[field]) ? highlightAll : highlight)(doc[field], entry.table, positions, field !== "text", entry.mapping);
  if (this.prebuilt) {
    if (entry.marked.size >= 8) entry.marked.clear();
    entry.marked.set(key, marked);
  }
  return marked;
};

/* The result item of a document matched with `metadata` and `score`, highlighted as
   Material's worker highlights it, or of a page added to its group (no metadata). With
   `later`, its text is left empty, to be sent afterwards (Search#nextTexts). */
Search.prototype.item = function (doc, metadata, score, clauses, later) {
  if (metadata === null) return resultItem(doc, 0, {});
  var original = doc;
  doc = Object.assign({}, doc);
  if (doc.tags) doc.tags = doc.tags.slice();
  for (var field of this.index.fields) {
    if (SHOWN.indexOf(field) < 0) continue;  /* not in the item: no need to highlight it */
    if (typeof doc[field] === "undefined") continue;
    if (later && field === "text") {
      doc.text = "";
      continue;
    }
    var marked = this.highlighted(original, field, metadata);
    if (marked !== null) doc[field] = marked;
  }
  return resultItem(doc, score, getSearchQueryTerms(clauses, Object.keys(metadata)));
};

/* Which of a group's matches Material's list folds under "N more on this page" (its
   renderSearchResultItem): all but the page's own, from the first that scores below the
   group's first match on. */
function folded(matches) {
  var threshold = matches[0].score;
  var page = matches.findIndex(function (match) { return match.doc.location.indexOf("#") < 0; });
  var folding = false;
  return matches.map(function (match, k) {
    if (k === page) return false;
    return folding = folding || match.score < threshold;
  });
}

/* A group as Material's list takes it: its matches ({ doc, metadata, score }, in order)
   as result items, then its page (`ref`) if it is not among them. With `deferred` (an
   array), the texts of the matches Material folds away are left empty and noted there
   as the group's `later` ({ group, at: their places, matches }): Material's list shows
   them only once the reader unfolds them, and they are most of the text of a broad
   query's first groups. */
Search.prototype.group = function (matches, ref, clauses, number, deferred) {
  var self_ = this;
  var fold = deferred ? folded(matches) : null;
  var later = { group: number, at: [], matches: matches };
  var items = matches.map(function (match, k) {
    var waits = fold !== null && fold[k];
    if (waits) later.at.push(k);
    return self_.item(match.doc, match.metadata, match.score, clauses, waits);
  });
  if (!matches.some(function (match) { return match.doc.location === ref; })) items.push(this.item(this.map.get(ref), null));
  if (later.at.length) deferred.push(later);
  return items;
};

/* The texts left for later of the next group of answer `id` ({ group, at, texts }: the
   group's number, the places of the items in it, their texts), or null when there are
   none left or the answer is no longer the last. */
Search.prototype.nextTexts = function (id) {
  var last = this.last;
  if (last === null || last.id !== id || !last.deferred.length) return null;
  var later = last.deferred.shift();
  var self_ = this;
  var texts = later.at.map(function (k) {
    var match = later.matches[k];
    var marked = self_.highlighted(match.doc, "text", match.metadata);
    return marked === null ? match.doc.text : marked;
  });
  return { group: later.group, at: later.at, texts: texts };
};

/* The stand-ins for the groups `from` to `count` of an answer, which the page has not
   asked for yet: per group its page's number in the page table (`pageTable`, sent once
   with READY), its best score and its terms (an index into `terms`, which holds each
   distinct terms object once). search-more.js makes each into a group of one item, the
   page's link and title with that score and those terms (shown as they are if Material
   renders the group before its items come), before Material reads the answer: a few
   typed arrays copy between threads in no time, thousands of small objects do not. */
function standIns(answer, from, count) {
  var pages = new Int32Array(count - from);
  var scores = new Float64Array(count - from);
  var which = new Int32Array(count - from);
  var terms = [];
  var seen = new Map();
  for (var g = from; g < count; g++) {
    var best = answer.standIn(g);
    var known = seen.get(best.terms);
    if (known === undefined) {
      seen.set(best.terms, known = terms.length);
      terms.push(best.terms);
    }
    pages[g - from] = best.page;
    scores[g - from] = best.score;
    which[g - from] = known;
  }
  return { pages: pages, scores: scores, terms: terms, which: which };
}

/* The pages results are grouped by (numbered as `standIns` numbers them): their
   locations and titles. */
Search.prototype.pageTable = function () {
  var map = this.map;
  return {
    locations: this.pageRef,
    titles: this.pageRef.map(function (ref) { return map.get(ref).title; })
  };
};

/* Material's getSearchQueryTerms for a result whose matched terms are known only as
   `mask` (bit c: some matched term starts with clause c's term): the same terms, in
   clause order rather than in the order of the matched terms. */
function termsOfMask(clauses, mask) {
  var result = {};
  for (var c = 0; c < clauses.length; c++)
    if (mask & 1 << c) result[clauses[c].term] = true;
  for (c = 0; c < clauses.length; c++)
    if (!(mask & 1 << c) && lunr.stopWordFilter && lunr.stopWordFilter(clauses[c].term)) result[clauses[c].term] = false;
  return result;
}

function boostOf(terms) {
  return Object.values(terms).filter(function (t) { return t; }).length / Object.keys(terms).length;
}

/* Material's search: lunr's matches, boosted, sorted and grouped by page, each group's
   items highlighted. With `paged`, only the first `paged` groups are made in full and
   the others are stand-ins, which the page replaces in place (search-more.js) by asking
   for them with `more` before Material's list shows them; the number of groups, which
   Material shows as the result count, is the same. Highlighting is most of the work
   for a query that matches a large part of the help center. */
Search.prototype.search = function (query, paged) {
  var self_ = this;
  query = query.replace(/\p{sc=Han}+/gu, function (value) {
    return Array.from(segment(value, self_.index.invertedIndex)).join("* ");
  });
  query = transformSearchQuery(query);
  if (!query) return { items: [] };

  this.last = null;
  /* A query that is the last one again once transformed (a space typed after a word) has
     the same groups and suggestion: they are kept from it */
  if (this.lastQuery === null || this.lastQuery.query !== query) this.lastQuery = this.answer(query);
  var answer = this.lastQuery.answer;

  var count = answer.count;
  var inPages = typeof paged === "number" && paged >= 0;
  var full = inPages ? Math.min(paged, count) : count;
  var deferred = inPages ? [] : null;
  var result = { items: answer.make(0, full, deferred) };
  if (typeof this.lastQuery.suggest !== "undefined") result.suggest = this.lastQuery.suggest;
  if (full < count) result.rest = standIns(answer, full, count);
  if (full < count || deferred && deferred.length) {
    result.more = ++this.answers;
    this.last = { id: result.more, make: answer.make, deferred: deferred };
  }
  if (deferred && deferred.length) result.later = true;
  return result;
};

/* A transformed query's groups as Material makes them, and Material's suggestion (the
   matched terms of the best title that has all of the query's words) */
Search.prototype.answer = function (query) {
  var clauses = parseSearchQuery(query).filter(function (clause) {
    return clause.presence !== lunr.Query.presence.PROHIBITED;
  });
  var answer = this.prebuilt ? this.prebuiltGroups(query, clauses) : this.groups(query, clauses);
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
    suggest = !titles.length ? [] : Object.keys((this.prebuilt ? titles.matchData(titles.top()) : titles[0].matchData).metadata);
  }
  return { query: query, answer: answer, suggest: suggest };
};

/* The groups `from` to `to` of the last answer in pages, in full (none if it is not the last). */
Search.prototype.more = function (request) {
  var last = this.last && this.last.id === request.id ? this.last : null;
  return { id: request.id, from: request.from, items: last ? last.make(request.from, request.to) : [] };
};

/* Material's ranking and grouping, on the lunr index built in the browser: the number
   of groups, and functions that make groups and stand-ins. */
Search.prototype.groups = function (query, clauses) {
  var self_ = this;
  var groups = this.index.search(query)
    .reduce(function (matches, result) {
      var doc = self_.byRef(result.ref);
      if (typeof doc !== "undefined") {
        var metadata = result.matchData.metadata;
        var terms = getSearchQueryTerms(clauses, Object.keys(metadata));
        var boost = +!doc.parent + boostOf(terms);
        matches.push({ doc: doc, metadata: metadata, terms: terms, score: result.score * (1 + Math.pow(boost, 2)) });
      }
      return matches;
    }, [])
    .sort(function (a, b) { return b.score - a.score; })
    .reduce(function (groups, match) {
      var doc = self_.map.get(match.doc.location);
      if (typeof doc !== "undefined") {
        var ref = doc.parent ? doc.parent.location : doc.location;
        var group = groups.get(ref);
        if (typeof group === "undefined") groups.set(ref, [match]);
        else group.push(match);
      }
      return groups;
    }, new Map());
  var refs = Array.from(groups.keys());
  return {
    count: refs.length,
    make: function (from, to, deferred) {
      return refs.slice(from, to).map(function (ref, i) {
        return self_.group(groups.get(ref), ref, clauses, from + i, deferred);
      });
    },
    standIn: function (g) {
      var best = groups.get(refs[g])[0];
      return { page: self_.pageNumber.get(refs[g]), score: best.score, terms: best.terms };
    }
  };
};

/* Material's boost for the results of a mask: the terms it stands for, and the factors
   of a section's score and of a page's (+!doc.parent is 0 or 1), made once per mask
   (`known`: mask -> them). A function of its own, not a closure made per query: the
   loop that calls it then calls the same function at every query. */
function maskBoost(known, clauses, mask) {
  var boost = known.get(mask);
  if (boost === undefined) {
    var terms = termsOfMask(clauses, mask);
    var b = boostOf(terms);
    known.set(mask, boost = { terms: terms, factors: Float64Array.of(1 + Math.pow(b, 2), 1 + Math.pow(1 + b, 2)) });
  }
  return boost;
}

/* prebuiltGroups' loops over every result, on their own and on typed arrays (the
   function's closures would hold its variables: slower to reach in a loop). Material's
   boost of each result: its score times its mask's factor, as a section's or a page's. */
function boostAll(scores, docs, masks, isPage, known, clauses, boosted) {
  var mask = -1, factors = null;
  for (var r = 0; r < scores.length; r++) {
    if (masks[r] !== mask) {
      mask = masks[r];
      factors = maskBoost(known, clauses, mask).factors;
    }
    boosted[r] = scores[r] * factors[isPage[docs[r]]];
  }
}

function hasNaN(values) {
  for (var r = 0; r < values.length; r++) if (values[r] !== values[r]) return true;
  return false;
}

/* Each page's best result (`before` in prebuiltGroups), and the pages in the order
   their first results come */
function bestOfPages(docs, groupOf, boosted, scores, best, pages) {
  for (var r = 0; r < docs.length; r++) {
    var page = groupOf[docs[r]];
    if (page < 0) continue;
    var b = best[page];
    if (b < 0) {
      pages.push(page);
      best[page] = r;
    } else if ((boosted[b] - boosted[r] || scores[b] - scores[r] || r - b) < 0) {
      best[page] = r;
    }
  }
}

/* The results of the groups `from` to `to`, in the order of `list` (or their own) */
function membersOf(docs, groupOf, number, list, from, to, members) {
  for (var k = 0; k < docs.length; k++) {
    var r = list ? list[k] : k;
    var page = groupOf[docs[r]];
    var g = page < 0 ? -1 : number[page];
    if (g >= from && g < to) members[g - from].push(r);
  }
}

/* The same on the prebuilt index, with the results in arrays rather than an object
   each. A result's boost depends only on how many of the query's terms it matched,
   so it is taken from the result's mask, and the match data (which terms, in which
   order) is made only for the items made. */
Search.prototype.prebuiltGroups = function (query, clauses) {
  var self_ = this;
  var docs = this.docs;
  var classify;
  if (clauses.length <= 30) {
    var classes = new Map();
    classify = function (term) {
      var bits = classes.get(term);
      if (bits === undefined) {
        bits = 0;
        for (var c = 0; c < clauses.length; c++) if (term.startsWith(clauses[c].term)) bits |= 1 << c;
        classes.set(term, bits);
      }
      return bits;
    };
  }
  var found = this.index.search(query, classify);
  var n = found.length;

  /* Material's boost: with masks, the terms and boost of each mask are made once */
  var boosted = new Float64Array(n);
  var termsOf;
  if (classify) {
    var byMask = new Map();
    boostAll(found.scores, found.docs, found.masks, this.isPage, byMask, clauses, boosted);
    termsOf = function (r) { return maskBoost(byMask, clauses, found.masks[r]).terms; };
  } else {
    var terms = new Array(n);
    for (var r = 0; r < n; r++) {
      var exact = getSearchQueryTerms(clauses, Object.keys(found.matchData(r).metadata));
      terms[r] = exact;
      var boost = this.isPage[found.docs[r]] + boostOf(exact);
      boosted[r] = found.scores[r] * (1 + Math.pow(boost, 2));
    }
    termsOf = function (r) { return terms[r]; };
  }
  /* Material's order: its sort by boosted score, over lunr's sort by score, over the
     order lunr made the results in, all stable. With no NaN among the boosted scores
     that is one total order (`before`): each group's first result is its best, and the
     groups go by it, so only the groups and the members of the groups made are sorted.
     With NaN (a result that matched none of the words the query shows) the sorts are
     run as Material runs them. */
  var scores = found.scores;
  var regular = !hasNaN(boosted);
  function before(a, b) {
    return boosted[b] - boosted[a] || scores[b] - scores[a] || a - b;
  }
  var groupOf = this.groupOf;
  var best = new Int32Array(this.pageRef.length).fill(-1);  /* per page: its best result */
  var pages = [];                                            /* the groups' pages, in order */
  if (regular) {
    bestOfPages(found.docs, groupOf, boosted, scores, best, pages);
    pages.sort(function (a, b) { return before(best[a], best[b]); });
  } else {
    var order = found.sorted().sort(function (a, b) { return boosted[b] - boosted[a]; });
    for (var k = 0; k < n; k++) {
      var page = groupOf[found.docs[order[k]]];
      if (page < 0 || best[page] >= 0) continue;
      best[page] = order[k];
      pages.push(page);
    }
  }
  var number = new Int32Array(this.pageRef.length).fill(-1);  /* per page: its group */
  for (var g = 0; g < pages.length; g++) number[pages[g]] = g;
  var firsts = pages.map(function (page) { return best[page]; });

  /* Groups `from` to `to` in full: their results in Material's order, then the page if
     it is not among them */
  function make(from, to, deferred) {
    to = Math.min(to, firsts.length);
    var members = [];
    for (var g = from; g < to; g++) members.push([]);
    if (from >= to) return members;
    membersOf(found.docs, groupOf, number, regular ? null : order, from, to, members);
    return members.map(function (rs, i) {
      if (regular) rs.sort(before);
      var matches = rs.map(function (r) {
        return { doc: docs[found.docs[r]], metadata: found.matchData(r).metadata, score: boosted[r] };
      });
      return self_.group(matches, self_.pageRef[pages[from + i]], clauses, from + i, deferred);
    });
  }
  return {
    count: firsts.length,
    make: make,
    standIn: function (g) {
      var best = firsts[g];
      return { page: groupOf[found.docs[best]], score: boosted[best], terms: termsOf(best) };
    }
  };
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

/* A promise of the next task (a message to itself: timers nested this deep wait 4 ms) */
var tasks = new MessageChannel();
var waiting = [];
tasks.port1.onmessage = function () { waiting.shift()(); };
function nextTask() {
  return new Promise(function (resolve) {
    waiting.push(resolve);
    tasks.port2.postMessage(null);
  });
}

async function handler(message) {
  switch (message.type) {
    case SETUP:
      /* Material's worker sets up without waiting; this one waits for the prebuilt file,
         so a query that comes meanwhile waits for the setup too, and answers come in order. */
      setup = (async function () {
        setupSearchLanguages(message.data.config);
        index = new Search(message.data, await prebuilt);
      })();
      await setup;
      /* a page that takes answers in pages gets the page table the stand-ins refer to */
      if (index.options && typeof index.options.paged === "number") return { type: READY, data: { pages: index.pageTable() } };
      return { type: READY };
    case QUERY:
      var query = message.data;
      try {
        await setup;
        return { type: RESULT, data: index.search(query, index.options.paged) };
      } catch (err) {
        console.warn("Invalid query: " + query + " – see https://bit.ly/2s3ChXG");
        console.warn(err);
        return { type: RESULT, data: { items: [] } };
      }
    case MORE:
      /* A group at a time, each in a task of its own, so a query that comes meanwhile
         is answered first (and makes the request void) */
      await setup;
      var request = message.data;
      var more = { id: request.id, from: request.from, items: [] };
      for (var g = request.from; g < request.to; g++) {
        await nextTask();
        var group = index.more({ id: request.id, from: g, to: g + 1 }).items;
        if (!group.length) break;
        more.items.push(group[0]);
      }
      if (!index.last || index.last.id !== request.id) more.items = [];
      return { type: MORE, data: more };
    default:
      throw new TypeError("Invalid message type");
  }
}

self.lunr = lunr;

/* The texts an answer left for later (RESULT `later`), made once the page has shown the
   answer and the reader has not typed on for TEXTS_AFTER ms (while typing, an answer is
   often replaced before its texts could be shown), then a group at a time, each in a
   task of its own, so that a query that comes meanwhile is answered first (the texts not
   made by then are left out: their answer is no longer shown) */
var TEXTS_AFTER = 100;
async function texts(id) {
  var groups = [];
  await new Promise(function (resolve) { setTimeout(resolve, TEXTS_AFTER); });
  for (;;) {
    await nextTask();
    var group = index.nextTexts(id);
    if (group === null) return { id: id, groups: groups };
    groups.push(group);
  }
}

addEventListener("message", async function (ev) {
  var reply = await handler(ev.data);
  postMessage(reply);
  if (reply.type === RESULT && reply.data.later) postMessage({ type: TEXTS, data: await texts(reply.data.more) });
});

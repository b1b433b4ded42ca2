/* pufa search worker: takes the place of Material's lunr worker (main.html points Material's
   configuration at this file). It speaks Material's worker messages (SETUP, READY, QUERY, RESULT)
   and returns results in Material's shape, so Material's dialog, its .md-search-result markup
   and keyboard use are unchanged. What it does differently, and why:
   - Chinese recall: a query matches any word that contains it (援助 finds 法律援助, 明白人 finds
     法律明白人); lunr matched only word beginnings.
   - Ranking: pages that contain the whole query come first, then pages with every word of it,
     then pages found through a synonym, then partial matches; within each, a title or heading
     that is the query beats a title that contains it, then a heading, then the text. 法律援助
     no longer ranks pages that only say 法律.
   - Synonyms from data/synonyms.yml: 欠薪 also finds 劳动报酬.
   - Size: the index (search/search_index.json, built by scripts/pufa/adapter/search.py) has no page text;
     the text of the pages a result list shows is fetched per page (search/text/<name>.js) for
     snippets, highlighting and the whole-query check.
   Plain ES2017 without newer syntax: it must run in the WebViews of older Android phones. */
"use strict";
(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var FORMAT = 1;
  var SHOWN = 16;            // pages whose text is fetched and checked for each query
  var CHECKED_STRICT = 32;   // … for a query that only counts when its exact text is found
  var TEXT_TIMEOUT = 4000;   // ms to wait for text files before answering without snippets
  var SNIPPET = 90;          // characters of text around the first match
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TERM = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
  var IS_HAN = new RegExp("^[" + HAN + "]");
  // Words of a spoken or typed question that say nothing about the topic.
  var STOP = {};
  ("的 了 吗 呢 吧 啊 呀 么 嘛 哦 怎么 怎么办 怎样 怎么样 如何 什么 哪里 哪儿 哪个 哪些 谁 找谁 我 我们 我家 你 您 他 她 它 " +
   "要 想 能 会 可以 应该 是 有 在 和 与 跟 或 被 把 给 去 到 问 请问 一下 帮 帮忙 需要 这个 那个 这 那 就 都 也 还 " +
   "呢么 该 咋 咋办 啥 为什么 多少 几 个 了吗 没有 不").split(" ").forEach(function (w) { STOP[w] = true; });

  var index = null;
  var latest = 0;

  /* ---------------------------------------------------------------- text helpers */

  function normalize(text) {
    // Full-width letters and digits as ASCII, lower case: the same as scripts/pufa/sources/synonyms.py.
    // Keeps the length, so positions in the normalized text are positions in the original.
    return text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).toLowerCase();
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function count(haystack, needle) {
    var n = 0;
    for (var at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
    return n;
  }

  /* Text with every occurrence of the needles marked, from start to end. */
  function mark(text, norm, needles, start, end) {
    var spans = [];
    needles.forEach(function (needle) {
      if (!needle) return;
      for (var at = norm.indexOf(needle, start); at >= 0 && at < end; at = norm.indexOf(needle, at + 1))
        spans.push([at, Math.min(at + needle.length, end)]);
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = "", at = start;
    spans.forEach(function (span) {
      if (span[0] < at) {
        if (span[1] > at && out.slice(-7) === "</mark>") { // overlapping: extend the last mark
          out = out.slice(0, -7) + escapeHtml(text.slice(at, span[1])) + "</mark>";
          at = span[1];
        }
        return;
      }
      out += escapeHtml(text.slice(at, span[0])) + "<mark>" + escapeHtml(text.slice(span[0], span[1])) + "</mark>";
      at = span[1];
    });
    return out + escapeHtml(text.slice(at, end));
  }

  /* A short piece of text around the first match of the best needle, with the needles marked. */
  function snippet(text, norm, needles) {
    var first = -1;
    for (var i = 0; i < needles.length && first < 0; i++) first = needles[i] ? norm.indexOf(needles[i]) : -1;
    if (first < 0) return "";
    var start = Math.max(0, first - 18);
    if (start > 0) { // begin at a sentence or clause if one starts shortly before the match
      var cut = Math.max(norm.lastIndexOf("。", first), norm.lastIndexOf("，", first), norm.lastIndexOf(" ", first));
      if (cut >= start - 12 && cut < first) start = cut + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    return "<p>" + (start > 0 ? "…" : "") + mark(text, norm, needles, start, end) + (end < text.length ? "…" : "") + "</p>";
  }

  /* ---------------------------------------------------------------- the index */

  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%()*+,.:;"; // search.py _BASE64
  var VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) VALUE[DIGITS.charAt(d)] = d;

  function decode(text) { // 5 bits a symbol, upper half = more to come
    var out = [], n = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var v = VALUE[text.charAt(i)];
      if (v >= 32) { n += (v - 32) * Math.pow(2, shift); shift += 5; }
      else { out.push(n + v * Math.pow(2, shift)); n = 0; shift = 0; }
    }
    return out;
  }

  function Index(data) {
    this.pages = data.pages.map(function (row) {
      var heads = row[3] ? row[3].split("\t") : [];
      return { url: row[0], title: row[1], file: row[2], norm: normalize(row[1]), heads: heads.map(normalize) };
    });
    this.words = data.words ? data.words.split("\n") : [];
    this.joined = "\n" + this.words.join("\n") + "\n";
    this.starts = [];
    var at = 1;
    for (var i = 0; i < this.words.length; i++) { this.starts.push(at); at += this.words[i].length + 1; }
    this.rawPostings = data.postings;
    this.synonyms = data.synonyms || {};
    this.synonymWords = Object.keys(this.synonyms).sort(function (a, b) { return b.length - a.length; });
    this.cache = {};
    this.texts = {};
    this.loading = {};
  }

  Index.prototype.postings = function (w) { // [[page, tf bucket]…]
    var key = "p" + w;
    if (!this.cache[key]) {
      var values = decode(this.rawPostings[w]), page = -1, list = [];
      values.forEach(function (v) { page += Math.floor(v / 3) || 0; list.push([page, v % 3]); });
      // delta × 3 + bucket: the first page's delta counts from -1
      this.cache[key] = list;
    }
    return this.cache[key];
  };

  Index.prototype.known = function (s) { // is s part of some word of the site?
    return this.joined.indexOf(s) >= 0;
  };

  Index.prototype.wordsContaining = function (s) {
    var key = "w" + s;
    if (this.cache[key]) return this.cache[key];
    var found = [], last = -1;
    for (var at = this.joined.indexOf(s); at >= 0; at = this.joined.indexOf(s, at + 1)) {
      var lo = 0, hi = this.starts.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (this.starts[mid] <= at) lo = mid; else hi = mid - 1; }
      if (lo !== last) { found.push(lo); last = lo; }
    }
    return (this.cache[key] = found);
  };

  /* Pages that contain s: {page: [tf bucket, field]}, and how many. */
  Index.prototype.match = function (s) {
    var key = "m" + s;
    if (this.cache[key]) return this.cache[key];
    var self = this, pages = {}, n = 0;
    this.wordsContaining(s).forEach(function (w) {
      self.postings(w).forEach(function (entry) {
        var hit = pages[entry[0]];
        if (!hit) { hit = pages[entry[0]] = [0, 1]; n++; }
        hit[0] = Math.max(hit[0], entry[1]);
      });
    });
    this.pages.forEach(function (page, p) { // titles and headings are in the index as text
      var where = field(s, page.norm, page.heads);
      if (where > 1) {
        if (!pages[p]) { pages[p] = [0, 1]; n++; }
        pages[p][1] = where;
      }
    });
    return (this.cache[key] = { pages: pages, count: n });
  };

  /* How much it says that s is in a page's title or headings: a title or heading that is exactly s
     beats a title that contains it, which beats a heading that contains it, which beats the text. */
  function field(s, title, heads) {
    if (title === s || heads.indexOf(s) >= 0) return 6;
    if (title.indexOf(s) >= 0) return 4;
    for (var i = 0; i < heads.length; i++) if (heads[i].indexOf(s) >= 0) return 2;
    return 1;
  }

  /* ---------------------------------------------------------------- reading a query */

  /* Cut a run of Chinese characters the site has no word for into pieces it knows. */
  Index.prototype.segment = function (term) {
    var pieces = [];
    for (var at = 0; at < term.length;) {
      var size = 1;
      for (var n = Math.min(term.length - at, 12); n >= 2; n--) {
        var s = term.substr(at, n);
        if (this.synonyms[s] || STOP[s] || this.known(s)) { size = n; break; }
      }
      pieces.push(term.substr(at, size));
      at += size;
    }
    return pieces;
  };

  /* The query as groups of alternatives: every group must match; an alternative is a string and
     its weight (a synonym counts a little less than what the reader typed). A run of characters
     the site has no word for is cut into pieces it knows; if a piece is a single character
     (宅基地 → 宅 + 基地), only pages with the exact run count ("strict"). */
  Index.prototype.parse = function (value) {
    var self = this;
    var terms = normalize(value).match(TERM) || [];
    var groups = [], strict = [], segmented = false;
    terms.forEach(function (term) {
      var whole = !!self.synonyms[term] || self.known(term) || !IS_HAN.test(term) || term.length < 2;
      var pieces = whole ? [term] : self.segment(term);
      var kept = pieces.filter(function (piece) { return !STOP[piece]; });
      if (!kept.length) kept = pieces;
      if (!whole) {
        segmented = true;
        var run = "", single = false;
        pieces.concat([""]).forEach(function (piece) {
          if (piece && kept.indexOf(piece) >= 0 && !self.synonyms[piece]) {
            run += piece;
            if (piece.length < 2) single = true;
            return;
          }
          if (run && single) strict.push(run);
          run = "";
          single = false;
        });
      }
      kept.forEach(function (piece) {
        var alternatives = [{ text: piece, weight: 1, typed: true }];
        (self.synonyms[piece] || []).forEach(function (alt) {
          if (alt !== piece) alternatives.push({ text: alt, weight: 0.8, typed: false });
        });
        groups.push({ label: piece, alternatives: alternatives });
      });
    });
    // Without cut words, a page with every typed word contains each term as typed.
    return { terms: terms, whole: terms.join(""), groups: groups, strict: strict, exact: !segmented };
  };

  /* ---------------------------------------------------------------- searching */

  Index.prototype.rank = function (query) {
    var self = this, total = this.pages.length, found = {};
    query.groups.forEach(function (group, g) {
      group.alternatives.forEach(function (alt) {
        var m = self.match(alt.text);
        alt.idf = Math.log(1 + total / Math.max(1, m.count));
        Object.keys(m.pages).forEach(function (key) {
          var hit = m.pages[key], p = +key;
          var score = alt.weight * alt.idf * (1 + 0.3 * hit[0]) * hit[1];
          var page = found[p] || (found[p] = { page: p, groups: [], typed: [], score: 0 });
          if (!(page.groups[g] >= score)) page.groups[g] = score;
          if (alt.typed) page.typed[g] = true;
        });
      });
    });
    var size = query.groups.length;
    var list = Object.keys(found).map(function (key) {
      var page = found[key], covered = 0, typed = 0;
      page.score = 0;
      for (var g = 0; g < size; g++) if (page.groups[g] !== undefined) { covered++; page.score += page.groups[g]; if (page.typed[g]) typed++; }
      page.covered = covered;
      // 4: the whole query; 3: every term as typed; 2: every typed piece; 1: through a synonym; 0: partly
      page.level = covered < size ? 0 : typed < size ? 1 : query.exact ? (query.terms.length === 1 ? 4 : 3) : 2;
      var known = self.pages[page.page];
      if (page.level >= 1 && field(query.whole, known.norm, known.heads) > 1) page.level = 4;
      return page;
    });
    // Pages with only a part of the query come last, and only if they have at least half of it.
    list = list.filter(function (page) { return page.covered * 2 >= size; });
    return list.sort(order);
  };

  function order(a, b) {
    return b.level - a.level || b.covered - a.covered || b.score - a.score || a.page - b.page;
  }

  /* A page's sections with their headings and text as compared ([heading, text] normalized),
     and all of it in one string; computed once per page. */
  Index.prototype.normalized = function (p) {
    var page = this.pages[p], sections = this.texts[page.file];
    if (!sections) return null;
    if (!page.normalized) {
      var norms = sections.map(function (s) { return [normalize(s[1]), normalize(s[2])]; });
      page.normalized = { sections: norms, all: page.norm + "\n" + page.heads.join("\n") + "\n" + norms.map(function (n) { return n[1]; }).join("\n") };
    }
    return page.normalized;
  };

  /* With a page's text: is the whole query there, each word, each required exact run? */
  Index.prototype.check = function (query, found) {
    var normalized = this.normalized(found.page);
    if (!normalized) return found.strictOk === undefined ? !query.strict.length : found.strictOk;
    var page = this.pages[found.page], title = page.norm, heads = page.heads, all = normalized.all;
    found.strictOk = query.strict.every(function (run) { return all.indexOf(run) >= 0; });
    if (!found.strictOk) return false;
    var score = 0;
    query.groups.forEach(function (group, g) {
      var best = 0;
      group.alternatives.forEach(function (alt) {
        var n = count(all, alt.text);
        if (!n) return;
        var s = alt.weight * alt.idf * (1 + 0.3 * Math.log(1 + n)) * field(alt.text, title, heads);
        if (s > best) best = s;
      });
      if (best) score += best;
    });
    if (score) found.score = score;
    if (found.level >= 1 && query.terms.every(function (t) { return all.indexOf(t) >= 0; })) {
      found.level = all.indexOf(query.whole) >= 0 ? 4 : 3;
    }
    return true;
  };

  /* Material's result items for one page: the page itself, then its matching sections. */
  Index.prototype.items = function (query, found) {
    var page = this.pages[found.page];
    var needles = [query.whole].concat(query.terms);
    query.groups.forEach(function (group) { group.alternatives.forEach(function (alt) { needles.push(alt.text); }); });
    // One character of a longer query (宅 of 宅基地) would light up half the page: not marked.
    needles = needles.filter(function (n, i) { return n && needles.indexOf(n) === i && (n.length > 1 || query.whole.length < 2); });
    var marked = needles.slice().sort(function (a, b) { return b.length - a.length; });
    var terms = {};
    query.groups.forEach(function (group, g) { terms[group.label] = found.groups[g] !== undefined; });
    var article = { location: page.url, title: mark(page.title, page.norm, marked, 0, page.title.length), text: "", score: found.score, terms: terms };
    var sections = this.texts[page.file], normalized = this.normalized(found.page);
    if (!sections) return [article];
    var items = [], strongest = 0;
    sections.forEach(function (section, i) {
      var head = normalized.sections[i][0], body = normalized.sections[i][1], strength = 0;
      needles.forEach(function (needle, rank) {
        var weight = needles.length - rank;
        strength += weight * (count(body, needle) + (head.indexOf(needle) >= 0 ? 4 : 0));
      });
      if (!strength && section[0]) return;
      var text = snippet(section[2], body, needles);
      if (!section[0]) { article.text = text; article.strength = strength; return; }
      items.push({ location: page.url + "#" + section[0], title: mark(section[1], head, marked, 0, section[1].length), text: text, strength: strength, terms: terms });
      strongest = Math.max(strongest, strength);
    });
    strongest = Math.max(strongest, article.strength || 0, 1);
    items.push(article);
    items.forEach(function (item) {
      item.score = found.score * Math.max(item.strength || 0, item === article ? strongest / 2 : 0) / strongest;
      delete item.strength;
    });
    return items.sort(function (a, b) { return b.score - a.score; });
  };

  /* A completion of the last word typed, for Material's suggestion (accepted with →): the
     site's most widespread word that starts with it. */
  Index.prototype.suggest = function (value) {
    var typed = normalize(value).trim().split(/\s+/).pop() || "";
    if (!typed || !(typed.match(TERM) || [])[0] || typed.match(TERM)[0] !== typed) return [];
    var words = this.words, lo = 0, hi = words.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (words[mid] < typed) lo = mid + 1; else hi = mid; }
    var best = "", most = 0;
    for (var w = lo; w < words.length && words[w].indexOf(typed) === 0; w++) {
      var size = this.rawPostings[w].length; // about the number of pages with the word
      if (words[w].length > typed.length && size > most) { best = words[w]; most = size; }
    }
    return best ? [best] : [];
  };

  /* ---------------------------------------------------------------- page text */

  var base = (function () {
    // Under file:// Material runs this worker in an iframe (iframe-worker shim); its script tag
    // has the worker's URL. In a real worker, location is the worker's URL.
    if (typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent) {
      var script = document.querySelector("script[src]");
      return script ? script.src : location.href;
    }
    return self.location.href;
  })();
  var inFrame = typeof document !== "undefined";
  var waiting = {};

  // Called by a text file loaded with a script tag (file://).
  self.pufaSearchText = function (name, sections) {
    if (index) index.texts[name] = sections;
    if (waiting[name]) { waiting[name].forEach(function (done) { done(); }); delete waiting[name]; }
  };

  function textUrl(name) { return new URL("../../search/text/" + name + ".js", base).href; }

  function loadText(name) {
    if (!name || index.texts[name]) return Promise.resolve();
    if (index.loading[name]) return index.loading[name];
    var promise = new Promise(function (resolve) {
      if (inFrame) { // file://: a script tag, as the shim does for importScripts
        (waiting[name] = waiting[name] || []).push(resolve);
        var script = document.createElement("script");
        script.src = textUrl(name);
        script.onerror = function () { resolve(); };
        document.body.appendChild(script);
        return;
      }
      fetch(textUrl(name)).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (script) {
        var json = script.slice(script.indexOf(",") + 1, script.lastIndexOf(")"));
        index.texts[name] = JSON.parse(json);
      }).catch(function (error) {
        console.warn("pufa search: no text for " + name, error);
      }).then(resolve);
    });
    index.loading[name] = promise;
    promise.then(function () { delete index.loading[name]; });
    return promise;
  }

  function loadTexts(names) {
    var all = Promise.all(names.map(loadText));
    var timeout = new Promise(function (resolve) { setTimeout(resolve, TEXT_TIMEOUT); });
    return Promise.race([all, timeout]);
  }

  /* ---------------------------------------------------------------- messages */

  function search(value, ticket) {
    var query = index.parse(value);
    if (!query.groups.length) return Promise.resolve({ items: [] });
    var list = index.rank(query);
    var checked = query.strict.length ? CHECKED_STRICT : SHOWN;
    var head = list.slice(0, checked);
    var names = head.map(function (found) { return index.pages[found.page].file; });
    return loadTexts(names).then(function () {
      if (ticket !== latest) return null; // the reader has typed on: this answer is stale
      head = head.filter(function (found) { return index.check(query, found); }).sort(order);
      var rest = list.slice(checked);
      if (query.strict.length) rest = []; // only pages where the exact text was found
      var items = head.concat(rest).map(function (found) { return index.items(query, found); });
      return { items: items, suggest: index.suggest(value) };
    });
  }

  function handle(message) {
    switch (message.type) {
      case SETUP:
        var docs = message.data && message.data.docs;
        if (!docs || docs.format !== FORMAT) {
          console.warn("pufa search: the index is not in the format this worker reads");
          docs = { pages: [], words: "", postings: [], synonyms: {} };
        }
        index = new Index(docs);
        return Promise.resolve({ type: READY });
      case QUERY:
        var ticket = ++latest;
        if (!index) return Promise.resolve({ type: RESULT, data: { items: [] } });
        return search(String(message.data || ""), ticket).then(function (data) {
          return data && { type: RESULT, data: data };
        }, function (error) {
          console.warn("pufa search: query failed", error);
          return { type: RESULT, data: { items: [] } };
        });
      default:
        return Promise.resolve(null);
    }
  }

  self.addEventListener("message", function (event) {
    handle(event.data).then(function (answer) { if (answer) postMessage(answer); });
  });
})();

/*
 * Live resilience dashboard: polls the 'resilience' actuator endpoint and renders every instance.
 *
 * Plain JavaScript, no dependencies, nothing fetched but the endpoint (the page must work air-gapped).
 * Instance names come from the application, so they are only ever written with textContent/setAttribute,
 * never parsed as HTML. Cards are kept by name and updated in place each poll (no flicker, no lost focus);
 * polls are chained with setTimeout, so a slow endpoint never piles requests up.
 *
 * Expected JSON (see CONTRACT.md, "Actuator"):
 *   {"circuitBreakers": {NAME: {state, failureRate, slowCallRate, bufferedCalls, failedCalls,
 *                               notPermittedCalls, transitions: [{time, from, to}, ...], config: {...}}},
 *    "retries": {...}, "bulkheads": {...}, "threadPoolBulkheads": {...}, "rateLimiters": {...},
 *    "keyedRateLimiters": {...}, "timeouts": {...}}
 * plus one field per pattern an application adds with a descriptor bean. Only the contract's fields are
 * required: other scalar fields of an entry are listed under it, and its "config" object under "Settings", so
 * fields the endpoint adds later, and patterns the page has no special view for, show without a change here.
 *
 * History: each card keeps the samples of the last HISTORY_MS from its own polls, in the page only (the server
 * keeps nothing for it), and draws them as small inline SVG graphs whose time axis ends now (one minute wide
 * at first, widening to HISTORY_MS as the page ages), so the lines move left as time passes. A breaker's calls per second come from the differences of its cumulative "calls"
 * counts (present with Micrometer) between two polls; a time-based window's buffered calls divided by its
 * length stand in without them. A gap in the polls (paused, hidden tab, endpoint down) breaks the line.
 */
(function () {
  'use strict';

  var root = document.getElementById('dashboard');
  var endpoint = root.getAttribute('data-endpoint');
  var interval = Math.max(100, parseInt(root.getAttribute('data-interval'), 10) || 1000);

  var STATES = {
    CLOSED: { css: 'closed', hint: 'Calls pass; failures are counted' },
    OPEN: { css: 'open', hint: 'Calls are rejected until the wait ends' },
    HALF_OPEN: { css: 'half-open', hint: 'Trial calls decide whether to close' },
    FORCED_OPEN: { css: 'forced-open', hint: 'Opened by hand: every call is rejected' },
    DISABLED: { css: 'disabled', hint: 'Disabled: calls pass, nothing is recorded' },
    METRICS_ONLY: { css: 'metrics-only', hint: 'Calls pass; metrics only, never opens' }
  };
  var STATE_ORDER = ['OPEN', 'FORCED_OPEN', 'HALF_OPEN', 'CLOSED', 'METRICS_ONLY', 'DISABLED'];

  var TRANSITION_KEYS = ['transitions', 'lastTransitions', 'recentTransitions', 'stateTransitions'];
  var CB_SHOWN = ['state', 'failureRate', 'slowCallRate', 'bufferedCalls', 'failedCalls', 'notPermittedCalls',
    'failureRateThreshold', 'slowCallRateThreshold', 'minimumNumberOfCalls'];

  var HISTORY_MS = 5 * 60 * 1000;
  // The time axis starts at one minute and widens with the page's age up to HISTORY_MS, so a page opened a
  // few seconds ago does not draw a sliver at the right edge of five empty minutes.
  var MIN_AXIS_MS = 60 * 1000;
  var GRAPH_WIDTH = 300;
  var GRAPH_HEIGHT = 40;
  var SVG = 'http://www.w3.org/2000/svg';
  var LATENCY_SERIES = ['p50', 'p95', 'p99', 'max'];

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  var sections = {
    circuitBreakers: keyedSection('circuit-breakers'),
    bulkheads: keyedSection('bulkheads'),
    rateLimiters: keyedSection('rate-limiters'),
    others: keyedSection('others')
  };

  var paused = false;
  var timer = null;
  var polling = false; // a request is in flight: schedule() waits for it, so requests never overlap
  var lastSuccess = null;
  var baseTitle = document.title;

  document.getElementById('endpoint').textContent = endpoint;
  document.getElementById('interval').textContent =
      interval % 1000 === 0 ? (interval / 1000) + ' s' : interval + ' ms';
  document.getElementById('pause').addEventListener('click', togglePause);
  // A hidden tab stops polling (no load on the application for a dashboard nobody looks at) and catches up
  // at once when shown again.
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) {
      cancelPoll();
    } else {
      schedule(0);
    }
  });

  // ---------------------------------------------------------------- polling

  function schedule(delay) {
    if (!paused && !document.hidden && timer === null && !polling) {
      timer = setTimeout(poll, delay);
    }
  }

  function cancelPoll() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function poll() {
    timer = null;
    polling = true;
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var watchdog = setTimeout(function () {
      if (controller) { controller.abort(); }
    }, Math.max(3 * interval, 5000));
    var started = Date.now();
    fetch(endpoint, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) {
        throw failure('HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : ''),
            hintForStatus(response.status));
      }
      return response.text();
    }).then(function (text) {
      var data;
      try {
        data = JSON.parse(text);
      } catch (e) {
        throw failure('the response is not JSON',
            'Is a login page or a proxy answering instead of the actuator endpoint?');
      }
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw failure('the response is not a JSON object', null);
      }
      try {
        render(data);
      } catch (e) {
        // Not a network failure (fetch's own TypeError): say so rather than "cannot be reached".
        throw failure('the page cannot show the response (' + e + ')', 'Please report it with the JSON.');
      }
      connected();
    }).catch(function (error) {
      disconnected(error);
    }).then(function () {
      polling = false;
      clearTimeout(watchdog);
      // Keep the period steady: a slow response shortens the next wait instead of adding to it.
      schedule(Math.max(0, interval - (Date.now() - started)));
    });
  }

  function failure(message, hint) {
    var error = new Error(message);
    error.hint = hint;
    return error;
  }

  function hintForStatus(status) {
    if (status === 404) {
      return 'Is the endpoint exposed? Set management.endpoints.web.exposure.include=resilience '
          + '(and check management.endpoints.web.base-path).';
    }
    if (status === 401 || status === 403) {
      return 'The endpoint requires authorization: sign in, or allow this page to read it in your security '
          + 'configuration.';
    }
    if (status >= 500) {
      return 'The application failed to answer; see its log.';
    }
    return null;
  }

  function connected() {
    lastSuccess = new Date();
    root.classList.remove('stale');
    setBanner(null);
    if (!paused) {
      setConnection('live', 'Live');
    }
    var updated = document.getElementById('updated');
    updated.textContent = timeFormat.format(lastSuccess);
    updated.setAttribute('datetime', lastSuccess.toISOString());
  }

  function disconnected(error) {
    var reason;
    if (error && error.name === 'AbortError') {
      reason = 'no answer within ' + Math.round(Math.max(3 * interval, 5000) / 1000) + ' s';
    } else if (error && error.name === 'TypeError' && !error.hint) {
      // fetch() rejects with a TypeError when the server cannot be reached at all (or CORS refused it).
      reason = 'the server cannot be reached';
      error.hint = 'Is the application running? If the actuator is on another port or host, it must allow '
          + 'this page with CORS (management.endpoints.web.cors.allowed-origins).';
    } else {
      reason = (error && error.message) || String(error);
    }
    var text = 'Cannot read ' + endpoint + ': ' + reason + '.';
    if (error && error.hint) {
      text += ' ' + error.hint;
    }
    text += lastSuccess
        ? ' Showing the data of ' + timeFormat.format(lastSuccess) + '; retrying every '
            + document.getElementById('interval').textContent + '.'
        : ' Retrying every ' + document.getElementById('interval').textContent + '.';
    root.classList.add('stale');
    setBanner(text);
    if (!paused) {
      setConnection('down', 'Disconnected');
    }
  }

  function setBanner(text) {
    var banner = document.getElementById('banner');
    if (text === null) {
      banner.hidden = true;
      banner.textContent = '';
    } else {
      banner.textContent = text;
      banner.hidden = false;
    }
  }

  function setConnection(kind, text) {
    var connection = document.getElementById('connection');
    connection.className = 'connection connection-' + kind;
    connection.textContent = text;
  }

  function togglePause() {
    paused = !paused;
    var button = document.getElementById('pause');
    button.setAttribute('aria-pressed', String(paused));
    button.textContent = paused ? 'Resume' : 'Pause';
    if (paused) {
      cancelPoll();
      setConnection('paused', 'Paused');
    } else {
      setConnection('pending', 'Connecting\u2026');
      schedule(0);
    }
  }

  // ---------------------------------------------------------------- rendering

  /** When the data being rendered was read: the time of every sample taken from it. */
  var sampleTime = Date.now();
  var firstSampleTime = null;

  /**
   * The special views, by field of the endpoint's JSON: [the section that shows the field's instances, the
   * kind (data-testid prefix) of their cards]. Every other field (retries, timeouts, and any pattern the
   * application adds with a descriptor) gets generic cards in the last section, its settings and figures
   * listed as the endpoint gives them.
   */
  var VIEWS = {
    circuitBreakers: ['circuitBreakers', 'cb'],
    bulkheads: ['bulkheads', 'bh'],
    threadPoolBulkheads: ['bulkheads', 'tpb'],
    rateLimiters: ['rateLimiters', 'rl'],
    keyedRateLimiters: ['rateLimiters', 'krl'],
    retries: ['others', 'retry'],
    timeouts: ['others', 'timeout']
  };

  function render(data) {
    sampleTime = Date.now();
    if (firstSampleTime === null) {
      firstSampleTime = sampleTime;
    }
    var bySection = { circuitBreakers: [], bulkheads: [], rateLimiters: [], others: [] };
    var fields = objectOf(data);
    Object.keys(fields).forEach(function (field) {
      var view = VIEWS[field] || ['others', kindOf(field)];
      bySection[view[0]] = bySection[view[0]].concat(items(fields[field], view[1]));
    });
    var breakers = bySection.circuitBreakers;
    var bulkheads = bySection.bulkheads;
    var limiters = bySection.rateLimiters;

    sections.circuitBreakers.sync(breakers, createBreaker, updateBreaker);
    sections.bulkheads.sync(bulkheads, createBulkhead, updateBulkhead);
    sections.rateLimiters.sync(limiters, createLimiter, updateLimiter);
    sections.others.sync(bySection.others, createOther, updateOther);

    summarizeBreakers(breakers);
    setText(document.getElementById('bh-summary'), countText(bulkheads.length));
    setText(document.getElementById('rl-summary'), countText(limiters.length));
  }

  /** The card kind of a pattern without a special view: its field in kebab case ("nthCallGates": "nth-call-gates"). */
  function kindOf(field) {
    return field.replace(/[A-Z]/g, function (upper) { return '-' + upper.toLowerCase(); });
  }

  /** The instances of one pattern as items: kind (the data-testid prefix), name and entry. */
  function items(map, kind) {
    var object = objectOf(map);
    return Object.keys(object).map(function (name) {
      return { key: kind + '\u0000' + name, kind: kind, name: name, entry: objectOf(object[name]) };
    });
  }

  function summarizeBreakers(breakers) {
    var counts = {};
    breakers.forEach(function (item) {
      var state = stateOf(item.entry);
      counts[state] = (counts[state] || 0) + 1;
    });
    var parts = [countText(breakers.length)];
    STATE_ORDER.concat(Object.keys(counts).filter(function (s) { return STATE_ORDER.indexOf(s) < 0; }))
        .forEach(function (state) {
          if (counts[state]) {
            parts.push(counts[state] + ' ' + state);
          }
        });
    setText(document.getElementById('cb-summary'), breakers.length ? parts.join(' \u00b7 ') : '');
    var rejecting = (counts.OPEN || 0) + (counts.FORCED_OPEN || 0);
    document.title = rejecting ? '(' + rejecting + ' open) ' + baseTitle : baseTitle;
  }

  function countText(n) {
    return n === 0 ? '' : n + ' total';
  }

  /** A section whose cards are kept by item key, in name order, updated in place. */
  function keyedSection(id) {
    var container = document.getElementById(id);
    var empty = document.getElementById(id + '-empty');
    var cards = new Map();
    return {
      sync: function (list, create, update) {
        list.sort(function (a, b) {
          return collator.compare(a.name, b.name) || (a.kind < b.kind ? -1 : (a.kind > b.kind ? 1 : 0));
        });
        var present = new Set(list.map(function (item) { return item.key; }));
        cards.forEach(function (card, key) {
          if (!present.has(key)) {
            card.remove();
            cards.delete(key);
          }
        });
        var previous = null;
        list.forEach(function (item) {
          var card = cards.get(item.key);
          if (!card) {
            card = create(item);
            cards.set(item.key, card);
          }
          update(card, item);
          var expected = previous ? previous.nextSibling : container.firstChild;
          if (expected !== card) {
            container.insertBefore(card, expected);
          }
          previous = card;
        });
        empty.hidden = list.length > 0;
      }
    };
  }

  /** A card with the instance's name as its heading and data-testid "<kind>-<name>". */
  function newCard(item, className, tag) {
    var card = el('article', 'card ' + className);
    card.setAttribute('data-testid', item.kind + '-' + item.name);
    var header = el('header', 'card-header');
    var title = el('h3', 'name', item.name);
    title.id = uniqueId(item.kind);
    card.setAttribute('aria-labelledby', title.id);
    header.appendChild(title);
    if (tag) {
      header.appendChild(el('span', 'tag', tag));
    }
    card.appendChild(header);
    card.refs = { header: header };
    return card;
  }

  /**
   * The store tag of a breaker or limiter that shares its state ("redis", "jdbc"), marked "degraded" while the
   * shared store is unreachable and the instance runs on local state. In-memory instances show no tag.
   */
  function updateStore(card, item, entry) {
    var store = entry && typeof entry.store === 'object' && entry.store !== null ? entry.store : null;
    var shared = store !== null && store.shared === true && typeof store.type === 'string';
    if (!shared) {
      if (card.refs.store) {
        card.refs.store.hidden = true;
      }
      return;
    }
    if (!card.refs.store) {
      card.refs.store = el('span', 'tag store');
      card.refs.store.setAttribute('data-testid', item.kind + '-' + item.name + '-store');
      card.refs.header.insertBefore(card.refs.store, card.refs.header.children[1] || null);
    }
    card.refs.store.hidden = false;
    var degraded = store.degraded === true;
    card.refs.store.className = 'tag store' + (degraded ? ' degraded' : '');
    setText(card.refs.store, store.type + (degraded ? ' \u00B7 degraded' : ''));
    card.refs.store.title = degraded
        ? 'The shared ' + store.type + ' store is unreachable: this instance runs on local state'
        : 'State shared through ' + store.type + (store.instanceId ? ' (this instance: ' + store.instanceId + ')' : '');
  }

  /** The entry's other figures, then its settings (the entry's "config") folded away. */
  function addDetails(card) {
    card.refs.extras = el('dl', 'extras');
    card.appendChild(card.refs.extras);
    var settings = el('details', 'settings');
    settings.appendChild(el('summary', null, 'Settings'));
    card.refs.settings = el('dl');
    settings.appendChild(card.refs.settings);
    card.appendChild(settings);
    card.refs.settingsBox = settings;
  }

  function updateDetails(card, entry, shown) {
    updatePairs(card.refs.extras, entry, shown);
    var config = objectOf(entry.config);
    updatePairs(card.refs.settings, config, []);
    card.refs.settingsBox.hidden = Object.keys(config).length === 0;
  }

  // -- circuit breakers

  function createBreaker(item) {
    var card = newCard(item, 'breaker');
    var id = 'cb-' + item.name;
    card.refs.state = el('span', 'badge');
    card.refs.state.setAttribute('data-testid', id + '-state');
    card.refs.header.appendChild(card.refs.state);

    card.refs.hint = el('p', 'hint');
    card.appendChild(card.refs.hint);

    card.refs.failureRate = rateBar(card, 'Failure rate', id + '-failure-rate');
    card.refs.slowCallRate = rateBar(card, 'Slow-call rate', id + '-slow-call-rate');

    var graphs = graphSection(card);
    card.refs.callsGraph = graph(graphs, 'Calls/s', id + '-graph-calls', [{ key: 'calls', css: 'calls' }],
        { unit: '/s' });
    card.refs.failureGraph = graph(graphs, 'Failure rate', id + '-graph-failure-rate',
        [{ key: 'failure', css: 'failure' }], { max: 100, unit: ' %' });
    card.refs.slowGraph = graph(graphs, 'Slow-call rate', id + '-graph-slow-call-rate',
        [{ key: 'slow', css: 'slow' }], { max: 100, unit: ' %' });
    card.refs.latencyGraph = graph(graphs, 'Latency, ms', id + '-graph-latency',
        LATENCY_SERIES.map(function (key) { return { key: key, css: 'latency-' + key }; }), { unit: ' ms' });
    card.refs.latencyGraph.box.hidden = true;

    var counts = el('dl', 'counts');
    card.refs.buffered = count(counts, 'Buffered calls', id + '-buffered');
    card.refs.failed = count(counts, 'Failed calls', id + '-failed');
    card.refs.notPermitted = count(counts, 'Not permitted', id + '-not-permitted');
    card.appendChild(counts);

    var transitions = el('div', 'transitions');
    transitions.appendChild(el('h4', null, 'Last transitions'));
    card.refs.transitions = el('ol', 'transition-list');
    card.refs.transitions.setAttribute('data-testid', id + '-transitions');
    transitions.appendChild(card.refs.transitions);
    card.appendChild(transitions);

    addDetails(card);
    return card;
  }

  function updateBreaker(card, item) {
    var entry = item.entry;
    var config = objectOf(entry.config);
    var state = stateOf(entry);
    var known = STATES[state];
    card.className = 'card breaker state-' + (known ? known.css : 'unknown');
    setText(card.refs.state, state);
    setText(card.refs.hint, known ? known.hint : 'Unknown state');
    // Without a threshold in the entry, a rejecting breaker is what marks its rates as alarming.
    var rejecting = state === 'OPEN' || state === 'FORCED_OPEN';
    // "n of minimum calls" only where the window is the normal one (half-open counts its trial calls).
    var minimum = (state === 'CLOSED' || state === 'METRICS_ONLY')
        ? numberIn([config, entry], 'minimumNumberOfCalls') : null;
    var progress = minimum !== null && typeof entry.bufferedCalls === 'number'
        ? { short: ' (' + entry.bufferedCalls + '/' + minimum + ' calls)',
            long: ': ' + entry.bufferedCalls + ' of the ' + minimum + ' calls needed' } : { short: '', long: '' };
    updateRate(card.refs.failureRate, entry.failureRate, numberIn([config, entry], 'failureRateThreshold'),
        rejecting, progress);
    updateRate(card.refs.slowCallRate, entry.slowCallRate, numberIn([config, entry], 'slowCallRateThreshold'),
        rejecting, progress);
    updateBreakerHistory(card, entry, config);
    setText(card.refs.buffered, number(entry.bufferedCalls));
    setText(card.refs.failed, number(entry.failedCalls));
    setText(card.refs.notPermitted, number(entry.notPermittedCalls));
    updateTransitions(card.refs.transitions, transitionsOf(entry));
    updateStore(card, item, entry);
    updateDetails(card, entry, CB_SHOWN);
  }

  function updateBreakerHistory(card, entry, config) {
    var calls = entry.calls !== null && typeof entry.calls === 'object' ? entry.calls : null;
    var rate = null;
    var pending;
    if (calls) {
      var total = ['successful', 'failed', 'ignored', 'notPermitted'].reduce(function (sum, key) {
        return sum + (typeof calls[key] === 'number' ? calls[key] : 0);
      }, 0);
      var previous = card.refs.lastTotal;
      // A smaller total is a reset (the breaker was replaced): start again from it.
      if (previous && total >= previous.total && sampleTime > previous.time) {
        rate = (total - previous.total) * 1000 / (sampleTime - previous.time);
      }
      card.refs.lastTotal = { time: sampleTime, total: total };
      pending = 'measuring\u2026';
    } else if (config.slidingWindowType === 'TIME_BASED' && typeof entry.bufferedCalls === 'number'
        && typeof config.slidingWindowSize === 'number' && config.slidingWindowSize > 0) {
      rate = entry.bufferedCalls / config.slidingWindowSize;
    } else {
      pending = 'no call counts (needs Micrometer)';
    }
    record(card.refs.callsGraph, [rate]);
    draw(card.refs.callsGraph, null, rate === null ? pending : null);

    var failure = typeof entry.failureRate === 'number' && entry.failureRate >= 0 ? entry.failureRate : null;
    var slow = typeof entry.slowCallRate === 'number' && entry.slowCallRate >= 0 ? entry.slowCallRate : null;
    record(card.refs.failureGraph, [failure]);
    draw(card.refs.failureGraph, numberIn([config, entry], 'failureRateThreshold'), failure === null ? 'pending' : null);
    record(card.refs.slowGraph, [slow]);
    draw(card.refs.slowGraph, numberIn([config, entry], 'slowCallRateThreshold'), slow === null ? 'pending' : null);

    var latency = calls ? objectOf(calls.latencyMillis) : {};
    var values = LATENCY_SERIES.map(function (key) { return typeof latency[key] === 'number' ? latency[key] : null; });
    var latencyGraph = card.refs.latencyGraph;
    if (values.some(function (v) { return v !== null; })) {
      latencyGraph.box.hidden = false;
    }
    if (!latencyGraph.box.hidden) {
      record(latencyGraph, values);
      draw(latencyGraph, null, null);
    }
  }

  function stateOf(entry) {
    var state = entry && entry.state;
    return typeof state === 'string' && state ? state.toUpperCase() : 'UNKNOWN';
  }

  function rateBar(card, label, testId) {
    var refs = fillBar(card, label, testId);
    refs.bar.setAttribute('aria-valuemax', '100');
    refs.threshold = el('div', 'bar-threshold');
    refs.threshold.hidden = true;
    refs.bar.appendChild(refs.threshold);
    return refs;
  }

  function updateRate(refs, rate, threshold, rejecting, progress) {
    var hasThreshold = typeof threshold === 'number' && threshold > 0 && threshold <= 100;
    if (typeof rate !== 'number' || rate < 0) {
      // -1: fewer calls than minimum-number-of-calls, so no rate is computed yet.
      var computed = typeof rate === 'number';
      setText(refs.value, computed ? 'pending' + progress.short : 'n/a');
      refs.bar.setAttribute('aria-valuenow', '0');
      refs.bar.setAttribute('aria-valuetext', computed ? 'not computed yet' + progress.long : 'not available');
      refs.fill.style.width = '0%';
      refs.bar.classList.remove('over');
    } else {
      var clamped = Math.min(100, rate);
      var label = percent(rate) + (hasThreshold ? ' (opens at ' + percent(threshold) + ')' : '');
      setText(refs.value, label);
      refs.bar.setAttribute('aria-valuenow', String(clamped));
      refs.bar.setAttribute('aria-valuetext', label);
      refs.fill.style.width = clamped + '%';
      refs.bar.classList.toggle('over', hasThreshold ? rate >= threshold : rejecting);
    }
    refs.threshold.hidden = !hasThreshold;
    if (hasThreshold) {
      refs.threshold.style.left = threshold + '%';
    }
  }

  function transitionsOf(entry) {
    for (var i = 0; i < TRANSITION_KEYS.length; i++) {
      var list = entry[TRANSITION_KEYS[i]];
      if (Array.isArray(list)) {
        return list;
      }
    }
    return [];
  }

  function updateTransitions(list, transitions) {
    // Newest first; the endpoint lists them oldest first (newest last), like the events endpoint.
    var shown = transitions.slice(-5).reverse().map(describeTransition);
    var signature = JSON.stringify(shown);
    if (list.signature === signature) {
      return;
    }
    list.signature = signature;
    list.textContent = '';
    if (shown.length === 0) {
      list.appendChild(el('li', 'none', 'none yet'));
      return;
    }
    shown.forEach(function (transition) {
      var li = el('li');
      li.appendChild(el('span', 'transition', transition.text));
      if (transition.time) {
        var time = el('time', null, ' ' + transition.time.label);
        time.setAttribute('datetime', transition.time.iso);
        li.appendChild(time);
      }
      list.appendChild(li);
    });
  }

  function describeTransition(transition) {
    if (typeof transition === 'string') {
      return { text: transition.replace('->', '\u2192') };
    }
    var t = objectOf(transition);
    var details = objectOf(t.details);
    var from = t.from || t.fromState || details.from || details.fromState;
    var to = t.to || t.toState || details.to || details.toState;
    var text = (from || to) ? (from || '?') + ' \u2192 ' + (to || '?') : String(t.type || 'transition');
    return { text: text, time: timeOf(t.time !== undefined ? t.time : (t.timestamp !== undefined ? t.timestamp : t.at)) };
  }

  function timeOf(value) {
    if (value === undefined || value === null) {
      return null;
    }
    var date = new Date(value);
    if (isNaN(date.getTime())) {
      return { label: String(value), iso: '' };
    }
    return { label: timeFormat.format(date), iso: date.toISOString() };
  }

  // -- bulkheads

  function createBulkhead(item) {
    var threadPool = item.kind === 'tpb';
    var card = newCard(item, 'bulkhead', threadPool ? 'thread pool' : 'semaphore');
    var id = item.kind + '-' + item.name;
    card.refs.fill = fillBar(card, threadPool ? 'Busy threads' : 'Concurrent calls', id + '-fill');
    if (threadPool) {
      card.refs.queue = fillBar(card, 'Queue', id + '-queue');
    }
    var series = [{ key: threadPool ? 'threads' : 'fill', css: 'fill' }];
    if (threadPool) {
      series.push({ key: 'queue', css: 'queue' });
    }
    card.refs.fillGraph = graph(graphSection(card), threadPool ? 'Threads and queue, %'
        : 'Concurrent calls, % of the limit', id + '-graph-fill', series, { max: 100, unit: ' %' });
    addDetails(card);
    return card;
  }

  /** used / max as a percentage, or null when either is unknown. */
  function share(used, max) {
    return used === null || max === null || max <= 0 ? null : Math.max(0, Math.min(100, used * 100 / max));
  }

  function updateBulkhead(card, item) {
    var entry = item.entry;
    var config = objectOf(entry.config);
    if (item.kind === 'tpb') {
      var depth = numberIn([entry], 'queueDepth');
      var remaining = numberIn([entry], 'remainingQueueCapacity');
      var capacity = numberIn([config, entry], 'queueCapacity');
      if (capacity === null && depth !== null && remaining !== null) {
        capacity = depth + remaining;
      }
      updateFill(card.refs.fill, numberIn([entry], 'activeThreadCount'),
          numberIn([config, entry], 'maxThreadPoolSize'), 'busy');
      updateFill(card.refs.queue, depth, capacity, 'queued');
      record(card.refs.fillGraph, [share(numberIn([entry], 'activeThreadCount'),
          numberIn([config, entry], 'maxThreadPoolSize')), share(depth, capacity)]);
      draw(card.refs.fillGraph, null, null);
      updateDetails(card, entry, ['type', 'activeThreadCount', 'queueDepth', 'remainingQueueCapacity']);
    } else {
      var max = numberIn([entry], 'maxAllowedConcurrentCalls');
      if (max === null) {
        max = numberIn([config, entry], 'maxConcurrentCalls');
      }
      var available = numberIn([entry], 'availableConcurrentCalls');
      var used = available !== null && max !== null ? max - available : null;
      updateFill(card.refs.fill, used, max, 'in use');
      record(card.refs.fillGraph, [share(used, max)]);
      draw(card.refs.fillGraph, null, null);
      updateDetails(card, entry, ['type', 'availableConcurrentCalls', 'maxAllowedConcurrentCalls']);
    }
  }

  function fillBar(card, label, testId) {
    var metric = el('div', 'metric');
    var line = el('div', 'metric-label');
    line.appendChild(el('span', null, label));
    var value = el('span', 'metric-value');
    value.setAttribute('data-testid', testId);
    line.appendChild(value);
    metric.appendChild(line);
    var bar = el('div', 'bar');
    bar.setAttribute('role', 'meter');
    bar.setAttribute('aria-label', label);
    bar.setAttribute('aria-valuemin', '0');
    var fill = el('div', 'bar-fill');
    bar.appendChild(fill);
    metric.appendChild(bar);
    card.appendChild(metric);
    return { metric: metric, value: value, bar: bar, fill: fill };
  }

  /** used of max, e.g. "2 / 5 in use"; red when full. */
  function updateFill(refs, used, max, noun, suffix) {
    var text;
    if (used === null || max === null || max <= 0) {
      text = used === null ? 'n/a' : number(used) + ' ' + noun;
      refs.fill.style.width = '0%';
      refs.bar.removeAttribute('aria-valuenow');
      refs.bar.classList.remove('over');
    } else {
      text = number(used) + ' / ' + number(max) + ' ' + noun;
      refs.bar.setAttribute('aria-valuemax', String(max));
      refs.bar.setAttribute('aria-valuenow', String(Math.max(0, Math.min(max, used))));
      refs.fill.style.width = (Math.max(0, Math.min(1, used / max)) * 100) + '%';
      refs.bar.classList.toggle('over', used >= max);
    }
    setText(refs.value, text + (suffix || ''));
    refs.bar.setAttribute('aria-valuetext', text + (suffix || ''));
  }

  // -- rate limiters

  function createLimiter(item) {
    var keyed = item.kind === 'krl';
    var card = newCard(item, 'limiter', keyed ? 'keyed' : null);
    var id = item.kind + '-' + item.name;
    if (keyed) {
      card.refs.keys = fillBar(card, 'Keys held', id + '-keys');
      card.refs.fillGraph = graph(graphSection(card), 'Keys held, % of max-keys', id + '-graph-keys',
          [{ key: 'fill', css: 'fill' }], { max: 100, unit: ' %' });
    } else {
      card.refs.permissions = fillBar(card, 'Available permissions', id + '-permissions');
      card.refs.fillGraph = graph(graphSection(card), 'Permissions used, % of the period\'s limit',
          id + '-graph-permits', [{ key: 'fill', css: 'fill' }], { max: 100, unit: ' %' });
    }
    addDetails(card);
    return card;
  }

  function updateLimiter(card, item) {
    var entry = item.entry;
    var config = objectOf(entry.config);
    updateStore(card, item, entry);
    if (item.kind === 'krl') {
      updateFill(card.refs.keys, numberIn([entry], 'keys'), numberIn([config, entry], 'maxKeys'), 'keys');
      record(card.refs.fillGraph, [share(numberIn([entry], 'keys'), numberIn([config, entry], 'maxKeys'))]);
      draw(card.refs.fillGraph, null, null);
      updateDetails(card, entry, ['keys']);
      return;
    }
    var refs = card.refs.permissions;
    var available = numberIn([entry], 'availablePermissions');
    var limit = numberIn([config, entry], 'limitForPeriod');
    var period = config.limitRefreshPeriod;
    var text;
    if (available === null) {
      text = 'n/a';
      refs.fill.style.width = '0%';
    } else if (limit === null || limit <= 0) {
      text = number(available);
      refs.fill.style.width = available > 0 ? '100%' : '0%';
    } else {
      text = number(available) + ' / ' + number(limit) + (typeof period === 'string' ? ' per ' + duration(period) : '');
      refs.bar.setAttribute('aria-valuemax', String(limit));
      refs.bar.setAttribute('aria-valuenow', String(Math.max(0, Math.min(limit, available))));
      refs.fill.style.width = (Math.max(0, Math.min(1, available / limit)) * 100) + '%';
    }
    setText(refs.value, text);
    refs.bar.setAttribute('aria-valuetext', text);
    record(card.refs.fillGraph, [available === null || limit === null ? null : share(limit - available, limit)]);
    draw(card.refs.fillGraph, null, null);
    // Exhausted is the alarming end here, so 'over' marks an empty bar.
    refs.bar.classList.toggle('over', available !== null && available <= 0);
    updateDetails(card, entry, ['availablePermissions']);
  }

  // -- retries, timeouts and every other pattern: its figures, then its settings

  function createOther(item) {
    var card = newCard(item, 'other', item.kind);
    addDetails(card);
    return card;
  }

  function updateOther(card, item) {
    if (item.kind === 'timeout') {
      // A timeout has nothing but its settings: show them open.
      updatePairs(card.refs.extras, objectOf(item.entry.config), []);
      updatePairs(card.refs.settings, {}, []);
      card.refs.settingsBox.hidden = true;
    } else {
      updateDetails(card, item.entry, []);
    }
  }

  // -- history graphs

  /** The card's block of graphs. */
  function graphSection(card) {
    var section = el('div', 'history');
    card.appendChild(section);
    return section;
  }

  /**
   * A small line graph of one or more series over HISTORY_MS, as inline SVG: a line per series, a dot on its
   * latest sample, an optional dashed threshold. data-testid is on the svg; its data-points attribute counts
   * the samples drawn and data-latest holds the first series' latest value, for tests and tools.
   */
  function graph(parent, label, testId, series, options) {
    var box = el('figure', 'graph');
    var caption = el('figcaption', 'graph-label');
    caption.appendChild(el('span', null, label));
    var value = el('span', 'graph-value');
    value.setAttribute('data-testid', testId + '-value');
    caption.appendChild(value);
    box.appendChild(caption);
    var svg = svgEl('svg', { 'class': 'spark', viewBox: '0 0 ' + GRAPH_WIDTH + ' ' + GRAPH_HEIGHT,
      preserveAspectRatio: 'none', role: 'img', 'data-testid': testId, 'data-points': '0' });
    var threshold = svgEl('line', { 'class': 'spark-threshold', x1: '0', x2: String(GRAPH_WIDTH),
      'vector-effect': 'non-scaling-stroke' });
    threshold.style.display = 'none';
    svg.appendChild(threshold);
    var lines = series.map(function (s) {
      var line = svgEl('path', { 'class': 'spark-line spark-' + s.css, 'data-series': s.key, d: '',
        'vector-effect': 'non-scaling-stroke' });
      svg.appendChild(line);
      return line;
    });
    var dots = series.map(function (s) {
      var dot = svgEl('circle', { 'class': 'spark-dot spark-' + s.css, r: '2' });
      dot.style.display = 'none';
      svg.appendChild(dot);
      return dot;
    });
    box.appendChild(svg);
    if (series.length > 1) {
      var legend = el('div', 'graph-legend');
      series.forEach(function (s) {
        legend.appendChild(el('span', 'legend-' + s.css, s.key));
      });
      box.appendChild(legend);
    }
    parent.appendChild(box);
    return { box: box, svg: svg, value: value, threshold: threshold, lines: lines, dots: dots, label: label,
      series: series, samples: series.map(function () { return []; }), max: options.max || null,
      unit: options.unit || '' };
  }

  /** Adds one sample per series (null: no value), taken at sampleTime, and forgets those past HISTORY_MS. */
  function record(g, values) {
    g.samples.forEach(function (samples, i) {
      samples.push({ time: sampleTime, value: typeof values[i] === 'number' && isFinite(values[i]) ? values[i] : null });
      while (samples.length && samples[0].time < sampleTime - HISTORY_MS) {
        samples.shift();
      }
    });
  }

  /** Redraws g against the time axis ending at sampleTime; pending is the text to show without a value. */
  function draw(g, threshold, pending) {
    var scale = g.max;
    if (scale === null) {
      var highest = 0;
      g.samples.forEach(function (samples) {
        samples.forEach(function (s) { if (s.value !== null && s.value > highest) { highest = s.value; } });
      });
      scale = niceCeiling(highest);
    }
    var span = axisSpan();
    var start = sampleTime - span;
    var gap = Math.max(3 * interval, 5000);
    var drawn = 0;
    var summary = [];
    g.samples.forEach(function (samples, i) {
      var d = '';
      var previous = null;
      var last = null;
      samples.forEach(function (s) {
        if (s.value === null) {
          previous = null;
          return;
        }
        if (s.time < start) {
          return;
        }
        var x = (s.time - start) * GRAPH_WIDTH / span;
        var y = GRAPH_HEIGHT - 1 - Math.min(s.value, scale) * (GRAPH_HEIGHT - 2) / scale;
        d += (previous === null || s.time - previous > gap ? 'M' : 'L') + x.toFixed(1) + ' ' + y.toFixed(1);
        previous = s.time;
        last = { x: x, y: y, value: s.value };
        drawn += 1;
      });
      g.lines[i].setAttribute('d', d);
      var dot = g.dots[i];
      var latest = samples.length ? samples[samples.length - 1] : null;
      if (last && latest && latest.value !== null) {
        dot.setAttribute('cx', last.x.toFixed(1));
        dot.setAttribute('cy', last.y.toFixed(1));
        dot.style.display = '';
        summary.push((g.series.length > 1 ? g.series[i].key + ' ' : '') + graphNumber(latest.value) + g.unit);
      } else {
        dot.style.display = 'none';
      }
      if (i === 0) {
        g.svg.setAttribute('data-latest', latest && latest.value !== null ? String(latest.value) : '');
      }
    });
    g.svg.setAttribute('data-points', String(drawn));
    var hasThreshold = typeof threshold === 'number' && threshold > 0 && threshold <= scale;
    g.threshold.style.display = hasThreshold ? '' : 'none';
    if (hasThreshold) {
      var ty = (GRAPH_HEIGHT - 1 - threshold * (GRAPH_HEIGHT - 2) / scale).toFixed(1);
      g.threshold.setAttribute('y1', ty);
      g.threshold.setAttribute('y2', ty);
    }
    var text = summary.length ? summary.join(' \u00b7 ') : (pending || 'n/a');
    setText(g.value, text + (g.max === null && summary.length ? ' (scale ' + graphNumber(scale) + g.unit + ')' : ''));
    g.svg.setAttribute('data-span', String(span));
    g.svg.setAttribute('aria-label', g.label + ' over the last ' + Math.round(span / 1000) + ' s: ' + text
        + (hasThreshold ? ', threshold ' + graphNumber(threshold) + g.unit : ''));
  }

  /** The time the graphs show, in ms: the page's age, at least MIN_AXIS_MS, at most HISTORY_MS. */
  function axisSpan() {
    return Math.min(HISTORY_MS, Math.max(MIN_AXIS_MS, sampleTime - firstSampleTime));
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above value (at least 1): the graph's top. */
  function niceCeiling(value) {
    if (!(value > 1)) {
      return 1;
    }
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * power >= value) {
        return steps[i] * power;
      }
    }
    return 10 * power;
  }

  function graphNumber(value) {
    return value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
  }

  function svgEl(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  // -- shared helpers

  /**
   * Lists an object's scalar fields as term/value pairs (minus those already shown), so fields the endpoint
   * adds later show up without a change here.
   */
  function updatePairs(list, object, shown) {
    var rows = [];
    Object.keys(object).sort(collator.compare).forEach(function (key) {
      var value = object[key];
      if (shown.indexOf(key) < 0 && key !== 'config' && TRANSITION_KEYS.indexOf(key) < 0
          && (value === null || typeof value !== 'object')) {
        rows.push([humanize(key), display(value)]);
      }
    });
    var signature = JSON.stringify(rows);
    if (list.signature === signature) {
      return;
    }
    list.signature = signature;
    list.textContent = '';
    rows.forEach(function (row) {
      var pair = el('div');
      pair.appendChild(el('dt', null, row[0]));
      pair.appendChild(el('dd', null, row[1]));
      list.appendChild(pair);
    });
    list.hidden = rows.length === 0;
  }

  function display(value) {
    if (value === null || value === undefined) {
      return 'not set';
    }
    if (typeof value === 'boolean') {
      return value ? 'yes' : 'no';
    }
    if (typeof value === 'number') {
      return number(value);
    }
    return duration(String(value));
  }

  /** An ISO-8601 duration as Java writes it (PT1M30S, PT0.5S) in short form (1m 30s, 500ms); else as is. */
  function duration(text) {
    var match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?$/.exec(text);
    if (!match || text === 'PT') {
      return text;
    }
    var parts = [];
    if (match[1]) { parts.push(match[1] + 'h'); }
    if (match[2]) { parts.push(match[2] + 'm'); }
    var seconds = match[3] ? parseInt(match[3], 10) : 0;
    var millis = match[4] ? Math.round(parseFloat('0.' + match[4]) * 1000) : 0;
    if (seconds) { parts.push(seconds + 's'); }
    if (millis) { parts.push(millis + 'ms'); }
    return parts.length ? parts.join(' ') : '0s';
  }

  function count(list, label, testId) {
    var pair = el('div');
    pair.appendChild(el('dt', null, label));
    var value = el('dd');
    value.setAttribute('data-testid', testId);
    pair.appendChild(value);
    list.appendChild(pair);
    return value;
  }

  function humanize(key) {
    var words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function percent(value) {
    return (Math.round(value * 10) / 10).toFixed(1) + ' %';
  }

  function number(value) {
    if (typeof value !== 'number' || !isFinite(value)) {
      return value === undefined || value === null ? 'n/a' : String(value);
    }
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }

  /** The first numeric value of key among objects, or null. */
  function numberIn(objects, key) {
    for (var i = 0; i < objects.length; i++) {
      if (typeof objects[i][key] === 'number') {
        return objects[i][key];
      }
    }
    return null;
  }

  function objectOf(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  }

  function setText(node, text) {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  var ids = 0;
  function uniqueId(prefix) {
    ids += 1;
    return prefix + '-' + ids;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  schedule(0);
})();

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
 *                               notPermittedCalls, transitions...}},
 *    "retries": {...}, "bulkheads": {...}, "rateLimiters": {...}, "timeouts": {...}}
 * Fields beyond the contract's are optional: whatever else an entry holds is listed under it.
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
    'failureRateThreshold', 'slowCallRateThreshold'].concat(TRANSITION_KEYS);

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
      render(data);
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

  function render(data) {
    var breakers = objectOf(data.circuitBreakers);
    var bulkheads = merge(objectOf(data.bulkheads), objectOf(data.threadPoolBulkheads));
    var limiters = objectOf(data.rateLimiters);
    var others = {};
    eachEntry(objectOf(data.retries), function (name, entry) { others['retry\u0000' + name] = [ 'Retry', name, entry ]; });
    eachEntry(objectOf(data.timeouts), function (name, entry) { others['timeout\u0000' + name] = [ 'Timeout', name, entry ]; });

    sections.circuitBreakers.sync(breakers, createBreaker, updateBreaker);
    sections.bulkheads.sync(bulkheads, createBulkhead, updateBulkhead);
    sections.rateLimiters.sync(limiters, createLimiter, updateLimiter);
    sections.others.sync(others, createOther, updateOther);

    summarizeBreakers(breakers);
    document.getElementById('bh-summary').textContent = countText(Object.keys(bulkheads).length);
    document.getElementById('rl-summary').textContent = countText(Object.keys(limiters).length);
  }

  function summarizeBreakers(breakers) {
    var counts = {};
    var names = Object.keys(breakers);
    names.forEach(function (name) {
      var state = stateOf(breakers[name]);
      counts[state] = (counts[state] || 0) + 1;
    });
    var parts = [countText(names.length)];
    STATE_ORDER.concat(Object.keys(counts).filter(function (s) { return STATE_ORDER.indexOf(s) < 0; }))
        .forEach(function (state) {
          if (counts[state]) {
            parts.push(counts[state] + ' ' + state);
          }
        });
    document.getElementById('cb-summary').textContent = names.length ? parts.join(' \u00b7 ') : '';
    var rejecting = (counts.OPEN || 0) + (counts.FORCED_OPEN || 0);
    document.title = rejecting ? '(' + rejecting + ' open) ' + baseTitle : baseTitle;
  }

  function countText(n) {
    return n === 0 ? '' : n + ' total';
  }

  /** A section whose cards are kept by key, in name order, updated in place. */
  function keyedSection(id) {
    var container = document.getElementById(id);
    var empty = document.getElementById(id + '-empty');
    var cards = new Map();
    return {
      sync: function (entries, create, update) {
        var keys = Object.keys(entries).sort(collator.compare);
        cards.forEach(function (card, key) {
          if (!Object.prototype.hasOwnProperty.call(entries, key)) {
            card.remove();
            cards.delete(key);
          }
        });
        var previous = null;
        keys.forEach(function (key) {
          var card = cards.get(key);
          if (!card) {
            card = create(key, entries[key]);
            cards.set(key, card);
          }
          update(card, entries[key], key);
          var expected = previous ? previous.nextSibling : container.firstChild;
          if (expected !== card) {
            container.insertBefore(card, expected);
          }
          previous = card;
        });
        empty.hidden = keys.length > 0;
      }
    };
  }

  // -- circuit breakers

  function createBreaker(name) {
    var card = el('article', 'card breaker');
    card.setAttribute('data-testid', 'cb-' + name);
    var header = el('header', 'card-header');
    var title = el('h3', 'name', name);
    title.id = uniqueId('cb');
    card.setAttribute('aria-labelledby', title.id);
    header.appendChild(title);
    card.refs = { state: el('span', 'badge') };
    card.refs.state.setAttribute('data-testid', 'cb-' + name + '-state');
    header.appendChild(card.refs.state);
    card.appendChild(header);

    card.refs.hint = el('p', 'hint');
    card.appendChild(card.refs.hint);

    card.refs.failureRate = rateBar(card, 'Failure rate', 'cb-' + name + '-failure-rate');
    card.refs.slowCallRate = rateBar(card, 'Slow-call rate', 'cb-' + name + '-slow-call-rate');

    var counts = el('dl', 'counts');
    card.refs.buffered = count(counts, 'Buffered calls', 'cb-' + name + '-buffered');
    card.refs.failed = count(counts, 'Failed calls', 'cb-' + name + '-failed');
    card.refs.notPermitted = count(counts, 'Not permitted', 'cb-' + name + '-not-permitted');
    card.appendChild(counts);

    var transitions = el('div', 'transitions');
    transitions.appendChild(el('h4', null, 'Last transitions'));
    card.refs.transitions = el('ol', 'transition-list');
    card.refs.transitions.setAttribute('data-testid', 'cb-' + name + '-transitions');
    transitions.appendChild(card.refs.transitions);
    card.appendChild(transitions);

    card.refs.extras = el('dl', 'extras');
    card.appendChild(card.refs.extras);
    return card;
  }

  function updateBreaker(card, entry) {
    entry = objectOf(entry);
    var state = stateOf(entry);
    var known = STATES[state];
    card.className = 'card breaker state-' + (known ? known.css : 'unknown');
    setText(card.refs.state, state);
    setText(card.refs.hint, known ? known.hint : 'Unknown state');
    // Without a threshold in the entry, a rejecting breaker is what marks its rates as alarming.
    var rejecting = state === 'OPEN' || state === 'FORCED_OPEN';
    updateRate(card.refs.failureRate, entry.failureRate, entry.failureRateThreshold, rejecting);
    updateRate(card.refs.slowCallRate, entry.slowCallRate, entry.slowCallRateThreshold, rejecting);
    setText(card.refs.buffered, number(entry.bufferedCalls));
    setText(card.refs.failed, number(entry.failedCalls));
    setText(card.refs.notPermitted, number(entry.notPermittedCalls));
    updateTransitions(card.refs.transitions, transitionsOf(entry));
    updateExtras(card.refs.extras, entry, CB_SHOWN);
  }

  function stateOf(entry) {
    var state = entry && entry.state;
    return typeof state === 'string' && state ? state.toUpperCase() : 'UNKNOWN';
  }

  function rateBar(card, label, testId) {
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
    bar.setAttribute('aria-valuemax', '100');
    var fill = el('div', 'bar-fill');
    var threshold = el('div', 'bar-threshold');
    threshold.hidden = true;
    bar.appendChild(fill);
    bar.appendChild(threshold);
    metric.appendChild(bar);
    card.appendChild(metric);
    return { value: value, bar: bar, fill: fill, threshold: threshold };
  }

  function updateRate(refs, rate, threshold, rejecting) {
    var hasThreshold = typeof threshold === 'number' && threshold > 0 && threshold <= 100;
    if (typeof rate !== 'number' || rate < 0) {
      // -1: fewer calls than minimum-number-of-calls, so no rate is computed yet.
      setText(refs.value, typeof rate === 'number' ? 'not yet computed' : 'n/a');
      refs.bar.setAttribute('aria-valuenow', '0');
      refs.bar.setAttribute('aria-valuetext', 'not yet computed');
      refs.fill.style.width = '0%';
      refs.bar.classList.remove('over');
    } else {
      var clamped = Math.min(100, rate);
      var text = percent(rate) + (hasThreshold ? ' (opens at ' + percent(threshold) + ')' : '');
      setText(refs.value, text);
      refs.bar.setAttribute('aria-valuenow', String(clamped));
      refs.bar.setAttribute('aria-valuetext', text);
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
    var items = transitions.slice(-5).reverse().map(describeTransition);
    var signature = JSON.stringify(items);
    if (list.signature === signature) {
      return;
    }
    list.signature = signature;
    list.textContent = '';
    if (items.length === 0) {
      list.appendChild(el('li', 'none', 'none yet'));
      return;
    }
    items.forEach(function (item) {
      var li = el('li');
      li.appendChild(el('span', 'transition', item.text));
      if (item.time) {
        var time = el('time', null, ' ' + item.time.label);
        time.setAttribute('datetime', item.time.iso);
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

  function createBulkhead(name) {
    var card = el('article', 'card bulkhead');
    card.setAttribute('data-testid', 'bh-' + name);
    var header = el('header', 'card-header');
    header.appendChild(el('h3', 'name', name));
    card.refs = { kind: el('span', 'tag') };
    header.appendChild(card.refs.kind);
    card.appendChild(header);
    card.refs.fill = fillBar(card, 'Concurrent calls', 'bh-' + name + '-fill');
    card.refs.queue = fillBar(card, 'Queue', 'bh-' + name + '-queue');
    card.refs.extras = el('dl', 'extras');
    card.appendChild(card.refs.extras);
    return card;
  }

  function updateBulkhead(card, entry) {
    entry = objectOf(entry);
    var max = firstNumber(entry, ['maxAllowedConcurrentCalls', 'maxConcurrentCalls', 'maxThreadPoolSize',
      'maximumThreadPoolSize']);
    var available = firstNumber(entry, ['availableConcurrentCalls']);
    var used = firstNumber(entry, ['activeThreadCount', 'activeCount', 'concurrentCalls']);
    if (used === null && available !== null && max !== null) {
      used = max - available;
    }
    var threadPool = firstNumber(entry, ['queueCapacity', 'queueDepth', 'remainingQueueCapacity']) !== null;
    setText(card.refs.kind, threadPool ? 'thread pool' : 'semaphore');
    updateFill(card.refs.fill, used, max, 'in use');
    var capacity = firstNumber(entry, ['queueCapacity']);
    var depth = firstNumber(entry, ['queueDepth']);
    var remaining = firstNumber(entry, ['remainingQueueCapacity']);
    if (depth === null && remaining !== null && capacity !== null) {
      depth = capacity - remaining;
    }
    card.refs.queue.metric.hidden = !threadPool;
    if (threadPool) {
      updateFill(card.refs.queue, depth, capacity, 'queued');
    }
    updateExtras(card.refs.extras, entry, ['maxAllowedConcurrentCalls', 'maxConcurrentCalls',
      'availableConcurrentCalls', 'queueCapacity', 'queueDepth', 'remainingQueueCapacity']);
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

  function updateFill(refs, used, max, noun) {
    if (used === null || max === null || max <= 0) {
      setText(refs.value, used === null ? 'n/a' : number(used) + ' ' + noun);
      refs.fill.style.width = '0%';
      refs.bar.removeAttribute('aria-valuenow');
      refs.bar.classList.remove('over');
      return;
    }
    var ratio = Math.max(0, Math.min(1, used / max));
    var text = number(used) + ' / ' + number(max) + ' ' + noun;
    setText(refs.value, text);
    refs.bar.setAttribute('aria-valuemax', String(max));
    refs.bar.setAttribute('aria-valuenow', String(Math.max(0, Math.min(max, used))));
    refs.bar.setAttribute('aria-valuetext', text);
    refs.fill.style.width = (ratio * 100) + '%';
    refs.bar.classList.toggle('over', used >= max);
  }

  // -- rate limiters

  function createLimiter(name) {
    var card = el('article', 'card limiter');
    card.setAttribute('data-testid', 'rl-' + name);
    var header = el('header', 'card-header');
    header.appendChild(el('h3', 'name', name));
    card.appendChild(header);
    card.refs = { permissions: fillBar(card, 'Available permissions', 'rl-' + name + '-permissions') };
    card.refs.extras = el('dl', 'extras');
    card.appendChild(card.refs.extras);
    return card;
  }

  function updateLimiter(card, entry) {
    entry = objectOf(entry);
    var available = firstNumber(entry, ['availablePermissions']);
    var limit = firstNumber(entry, ['limitForPeriod']);
    var refs = card.refs.permissions;
    if (available === null) {
      setText(refs.value, 'n/a');
      refs.fill.style.width = '0%';
    } else if (limit === null || limit <= 0) {
      setText(refs.value, number(available));
      refs.fill.style.width = available > 0 ? '100%' : '0%';
      refs.bar.setAttribute('aria-valuetext', number(available));
    } else {
      var text = number(available) + ' / ' + number(limit);
      setText(refs.value, text);
      refs.bar.setAttribute('aria-valuemax', String(limit));
      refs.bar.setAttribute('aria-valuenow', String(Math.max(0, Math.min(limit, available))));
      refs.bar.setAttribute('aria-valuetext', text);
      refs.fill.style.width = (Math.max(0, Math.min(1, available / limit)) * 100) + '%';
    }
    // Exhausted is the alarming end here, so 'over' marks an empty bar.
    refs.bar.classList.toggle('over', available !== null && available <= 0);
    updateExtras(card.refs.extras, entry, ['availablePermissions', 'limitForPeriod']);
  }

  // -- retries and timeouts

  function createOther(key, value) {
    var card = el('article', 'card other');
    card.setAttribute('data-testid', (value[0] === 'Retry' ? 'retry-' : 'timeout-') + value[1]);
    var header = el('header', 'card-header');
    header.appendChild(el('h3', 'name', value[1]));
    header.appendChild(el('span', 'tag', value[0].toLowerCase()));
    card.appendChild(header);
    card.refs = { extras: el('dl', 'extras') };
    card.appendChild(card.refs.extras);
    return card;
  }

  function updateOther(card, value) {
    updateExtras(card.refs.extras, objectOf(value[2]), []);
  }

  // -- shared helpers

  /** Lists the entry's other scalar fields, so fields the endpoint adds later show up without a change here. */
  function updateExtras(list, entry, shown) {
    var rows = [];
    Object.keys(entry).sort(collator.compare).forEach(function (key) {
      var value = entry[key];
      if (shown.indexOf(key) < 0 && (typeof value === 'number' || typeof value === 'string'
          || typeof value === 'boolean')) {
        rows.push([humanize(key), typeof value === 'number' ? number(value) : String(value)]);
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

  function firstNumber(entry, keys) {
    for (var i = 0; i < keys.length; i++) {
      if (typeof entry[keys[i]] === 'number') {
        return entry[keys[i]];
      }
    }
    return null;
  }

  function objectOf(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  }

  function merge(a, b) {
    var result = {};
    eachEntry(a, function (k, v) { result[k] = v; });
    eachEntry(b, function (k, v) { result[k] = v; });
    return result;
  }

  function eachEntry(object, fn) {
    Object.keys(object).forEach(function (key) { fn(key, object[key]); });
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

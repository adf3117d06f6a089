// thumbgate admin console: plain JavaScript, served by the gateway itself under a strict CSP (no inline
// script or style, nothing from outside). Every value that comes from the API is inserted with textContent
// or as an attribute value, never parsed as HTML.
'use strict';

(function () {
  const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED'];
  const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);
  const PAGE_SIZE = 50;
  const LIST_REFRESH_MS = 5000;
  const TASK_REFRESH_MS = 2000;
  const OVERVIEW_REFRESH_MS = 10000;
  const MAX_SELECTED_IDS = 100;

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- state

  const state = {
    csrf: null,
    afterSignIn: '#/',
    generation: 0,     // bumped on every route change: answers for an older view are dropped
    timer: null,
    tasks: {
      filters: null,
      cursors: [''],   // cursor of each page visited; the last one is the page shown
      nextCursor: null,
      paused: false,
      rows: [],
      selected: new Set(),
      selectAll: false,
      pending: null,   // {action, filter, expect} awaiting confirmation
    },
    task: {
      id: null,
      outputsKey: '',
    },
  };

  // ---------------------------------------------------------------- small DOM helpers

  /** An element with optional class, text (textContent) and attributes; children appended in order. */
  function el(tag, options, children) {
    const node = document.createElement(tag);
    const o = options || {};
    if (o.cls) node.className = o.cls;
    if (o.text !== undefined && o.text !== null) node.textContent = String(o.text);
    if (o.attrs) {
      for (const [name, value] of Object.entries(o.attrs)) node.setAttribute(name, String(value));
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) node.appendChild(child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function pad(n, width) {
    return String(n).padStart(width || 2, '0');
  }

  /** Local date and time of a ms timestamp, or an em dash for 0 / missing. */
  function when(ms) {
    if (!ms) return '—';
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  /** A duration in ms as "850 ms", "12.4 s", "3 min 5 s". */
  function duration(ms) {
    if (ms === null || ms === undefined || ms < 0) return '—';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    const minutes = Math.floor(ms / 60000);
    if (minutes < 60) return minutes + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
    return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }

  /** datetime-local value (local time) for a ms timestamp. */
  function toLocalInput(ms) {
    if (!ms) return '';
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  /** ms timestamp of a datetime-local value, or 0 when empty or invalid. */
  function fromLocalInput(value) {
    if (!value) return 0;
    const ms = new Date(value).getTime();
    return Number.isFinite(ms) ? ms : 0;
  }

  function statusBadge(status) {
    const known = STATUSES.includes(status) ? status : '';
    return el('span', { cls: ('status ' + known).trim(), text: status || '—' });
  }

  let noticeTimer = null;

  /** A line above the view; good news fades after a few seconds, problems stay until the next view. */
  function notice(text, bad) {
    const n = $('notice');
    n.textContent = text;
    n.classList.toggle('bad', !!bad);
    n.hidden = !text;
    if (noticeTimer !== null) clearTimeout(noticeTimer);
    noticeTimer = text && !bad ? setTimeout(() => { noticeTimer = null; n.hidden = true; }, 6000) : null;
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, code, message, body) {
      super(message);
      this.status = status;
      this.code = code;
      this.body = body;
    }
  }

  /**
   * Calls /admin/api/<path> (relative to the page). Mutations carry the CSRF token of the session.
   * Resolves to the parsed JSON; rejects with ApiError (status 0 when the gateway could not be reached).
   * A 401 shows the sign-in form.
   */
  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch('api/' + path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'The gateway did not answer (' + e.message + ').', null);
    }
    let json = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      try { json = await response.json(); } catch (e) { json = null; }
    }
    if (response.ok) return json;
    const err = (json && json.error) || {};
    const message = err.message || ('HTTP ' + response.status);
    if (response.status === 401 && path !== 'session') {
      state.csrf = null;
      showSignIn(location.hash);
    }
    throw new ApiError(response.status, err.code || '', message, json);
  }

  /** Query string of a filter object ({id: [...], app, api, source, status, from, to, order}). */
  function filterQuery(filters, extra) {
    const q = new URLSearchParams();
    for (const id of filters.id || []) q.append('id', id);
    for (const name of ['app', 'api', 'source', 'status', 'from', 'to', 'order']) {
      if (filters[name]) q.set(name, String(filters[name]));
    }
    for (const [name, value] of Object.entries(extra || {})) {
      if (value !== '' && value !== null && value !== undefined) q.set(name, String(value));
    }
    return q.toString();
  }

  function reportError(e) {
    if (e instanceof ApiError && e.status === 401) return;  // the sign-in form is showing
    notice(e.message || String(e), true);
  }

  // ---------------------------------------------------------------- views and routing

  const VIEWS = ['signin-view', 'overview-view', 'tasks-view', 'task-view'];

  function showView(id) {
    for (const v of VIEWS) $(v).hidden = v !== id;
    const signedIn = id !== 'signin-view';
    $('nav').hidden = !signedIn;
    $('signout').hidden = !signedIn;
    $('nav-overview').classList.toggle('active', id === 'overview-view');
    $('nav-tasks').classList.toggle('active', id === 'tasks-view');
  }

  function stopTimer() {
    if (state.timer !== null) {
      clearTimeout(state.timer);
      state.timer = null;
    }
  }

  /** Runs fn after ms unless the view changed in between. */
  function schedule(fn, ms) {
    stopTimer();
    const generation = state.generation;
    state.timer = setTimeout(() => {
      state.timer = null;
      if (generation === state.generation) fn();
    }, ms);
  }

  function showSignIn(returnTo) {
    state.generation++;
    stopTimer();
    if (returnTo && returnTo !== '#/signin') state.afterSignIn = returnTo;
    notice('');
    showView('signin-view');
    document.title = 'Sign in · thumbgate admin';
    $('token').focus();
  }

  /** #/ | #/tasks?… | #/task/ID */
  function route() {
    state.generation++;
    stopTimer();
    notice('');
    if (!state.csrf) {
      showSignIn(location.hash);
      return;
    }
    const hash = location.hash || '#/';
    if (hash.startsWith('#/task/')) {
      openTask(decodeURIComponent(hash.slice('#/task/'.length)));
    } else if (hash === '#/tasks' || hash.startsWith('#/tasks?')) {
      const at = hash.indexOf('?');
      openTasks(new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)));
    } else {
      openOverview();
    }
  }

  // ---------------------------------------------------------------- sign-in

  async function signIn(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    const error = $('signin-error');
    error.hidden = true;
    if (!token) {
      error.textContent = 'Enter the admin token.';
      error.hidden = false;
      return;
    }
    $('signin').disabled = true;
    try {
      const answer = await api('POST', 'session', { token: token });
      state.csrf = answer.csrf;
      $('token').value = '';
      const target = state.afterSignIn || '#/';
      state.afterSignIn = '#/';
      if (location.hash === target) route(); else location.hash = target;
    } catch (e) {
      if (e.status === 401) error.textContent = 'That token is not the admin token.';
      else if (e.status === 429) error.textContent = 'Too many failed sign-ins: wait a minute and try again.';
      else error.textContent = e.message;
      error.hidden = false;
    } finally {
      $('signin').disabled = false;
    }
  }

  async function signOut() {
    try {
      await api('DELETE', 'session');
    } catch (e) {
      if (e.status !== 401) {
        reportError(e);
        return;
      }
    }
    state.csrf = null;
    state.afterSignIn = '#/';
    showSignIn('');
  }

  // ---------------------------------------------------------------- overview

  function card(title, body, cls) {
    return el('section', { cls: 'card' + (cls ? ' ' + cls : '') }, [el('h2', { text: title })].concat(body));
  }

  /** A table whose last column is a number; rowAttrs(i) gives each body row's attributes. */
  function countTable(headings, rows, rowAttrs) {
    const head = el('tr', {}, headings.map((h, i) =>
      el('th', { cls: i === headings.length - 1 ? 'num' : '', text: h })));
    const body = rows.map((cells, r) => el('tr', { attrs: rowAttrs ? rowAttrs(r) : {} }, cells.map((c, i) => {
      const td = el('td', { cls: i === cells.length - 1 ? 'num' : '' });
      if (c instanceof Node) td.appendChild(c); else td.textContent = String(c);
      return td;
    })));
    return el('div', { cls: 'table-wrap' }, [el('table', {}, [el('thead', {}, [head]), el('tbody', {}, body)])]);
  }

  function tasksLink(filters, text) {
    return el('a', { text: text, attrs: { href: '#/tasks?' + filterQuery(filters) } });
  }

  function renderOverview(o) {
    const root = $('overview');
    clear(root);
    const since = o.now_ms - o.window_ms;
    const windowText = o.window_ms === 3600000 ? 'last hour' : 'last ' + duration(o.window_ms);

    const byStatus = o.by_status || {};
    root.appendChild(card('Tasks created, ' + windowText, [countTable(['Status', 'Tasks'],
      STATUSES.map((s) => [tasksLink({ status: s, from: since }, s), byStatus[s] || 0]),
      (r) => ({ 'data-status': STATUSES[r] }))]));

    const apis = new Map();
    for (const row of o.by_api || []) {
      if (!apis.has(row.api)) apis.set(row.api, {});
      apis.get(row.api)[row.status] = row.count;
    }
    const apiRows = [];
    for (const [name, counts] of apis) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const parts = el('span', { cls: 'badges' }, STATUSES.filter((s) => counts[s]).map((s) =>
        el('span', { cls: 'status ' + s, text: s.toLowerCase() + ' ' + counts[s] })));
      apiRows.push([tasksLink({ api: name, from: since }, name), parts, total]);
    }
    root.appendChild(card('By API, ' + windowText, apiRows.length
      ? [countTable(['API', 'Statuses', 'Tasks'], apiRows)]
      : [el('p', { cls: 'empty', text: 'No task in this window.' })]));

    const workers = o.workers || {};
    root.appendChild(card('Queue and workers', [el('div', { cls: 'stat-row' }, [
      el('div', {}, [el('strong', { cls: 'big', text: o.queue_depth }), el('span', { text: 'queued' })]),
      el('div', {}, [el('strong', { cls: 'big', text: workers.busy }), el('span', { text: 'workers busy' })]),
      el('div', {}, [el('strong', { cls: 'big', text: workers.idle }), el('span', { text: 'idle' })]),
      el('div', {}, [el('strong', { cls: 'big', text: workers.total }), el('span', { text: 'total' })]),
    ])]));

    const callbacks = o.callbacks || {};
    root.appendChild(card('Callbacks', [el('div', { cls: 'stat-row' }, [
      el('div', {}, [el('strong', { cls: 'big', text: callbacks.failed_last_hour }),
        el('span', { text: 'failed, last hour' })]),
      el('div', {}, [el('strong', { cls: 'big', text: callbacks.pending }), el('span', { text: 'pending' })]),
    ])]));

    const limited = o.rate_limited || [];
    root.appendChild(card('Rate-limited apps (since start)', limited.length
      ? [countTable(['Vendor', 'App', 'Rejected'], limited.map((r) => [r.vendor, r.app, r.count]))]
      : [el('p', { cls: 'empty', text: 'No request was rate-limited.' })]));

    const engine = o.engine || [];
    root.appendChild(card('Engine time, ' + windowText, engine.length
      ? [countTable(['Type', 'Tasks', 'Average', 'Longest', 'Total'], engine.map((r) =>
        [r.type, r.tasks, duration(r.tasks ? r.total_ms / r.tasks : 0), duration(r.max_ms), duration(r.total_ms)]))]
      : [el('p', { cls: 'empty', text: 'No task finished in this window.' })], 'wide'));

    $('overview-updated').textContent = 'Updated ' + when(o.now_ms);
  }

  async function openOverview() {
    showView('overview-view');
    document.title = 'Overview · thumbgate admin';
    const generation = state.generation;
    try {
      const o = await api('GET', 'overview');
      if (generation !== state.generation) return;
      renderOverview(o);
    } catch (e) {
      if (generation === state.generation) reportError(e);
    }
    if (generation === state.generation) schedule(openOverview, OVERVIEW_REFRESH_MS);
  }

  // ---------------------------------------------------------------- task list

  function filtersFromParams(params) {
    const ids = [];
    for (const value of params.getAll('id')) {
      for (const part of value.split(/[\s,]+/)) if (part) ids.push(part);
    }
    return {
      id: ids,
      app: params.get('app') || '',
      api: params.get('api') || '',
      source: params.get('source') || '',
      status: STATUSES.includes(params.get('status')) ? params.get('status') : '',
      from: Number(params.get('from')) || 0,
      to: Number(params.get('to')) || 0,
      order: params.get('order') === 'oldest' ? 'oldest' : 'newest',
    };
  }

  function filtersFromForm() {
    return {
      id: $('filter-id').value.split(/[\s,]+/).filter((s) => s),
      app: $('filter-app').value.trim(),
      api: $('filter-api').value.trim(),
      source: $('filter-source').value.trim(),
      status: $('filter-status').value,
      from: fromLocalInput($('filter-from').value),
      to: fromLocalInput($('filter-to').value),
      order: $('filter-order').value,
    };
  }

  function fillForm(f) {
    $('filter-id').value = f.id.join(' ');
    $('filter-app').value = f.app;
    $('filter-api').value = f.api;
    $('filter-source').value = f.source;
    $('filter-status').value = f.status;
    $('filter-from').value = toLocalInput(f.from);
    $('filter-to').value = toLocalInput(f.to);
    $('filter-order').value = f.order;
  }

  function sameFilters(a, b) {
    return a !== null && b !== null && filterQuery(a) === filterQuery(b);
  }

  function openTasks(params) {
    showView('tasks-view');
    document.title = 'Tasks · thumbgate admin';
    const filters = filtersFromParams(params);
    const t = state.tasks;
    if (!sameFilters(filters, t.filters)) {
      t.filters = filters;
      t.cursors = [''];
      t.selected.clear();
      t.selectAll = false;
    }
    fillForm(filters);
    const active = ['app', 'api', 'source', 'status', 'from', 'to'].filter((n) => filters[n]).length +
      (filters.id.length ? 1 : 0);
    $('filters-active').textContent = active ? '(' + active + ' active)' : '';
    hideConfirm();
    loadTasks();
  }

  function updateLiveState() {
    const t = state.tasks;
    $('pause').textContent = t.paused ? 'Resume' : 'Pause';
    $('pause').setAttribute('aria-pressed', t.paused ? 'true' : 'false');
    $('live-state').textContent = t.paused ? 'Live refresh paused' : 'Refreshing every 5 s';
  }

  async function loadTasks() {
    const t = state.tasks;
    const generation = state.generation;
    updateLiveState();
    const cursor = t.cursors[t.cursors.length - 1];
    try {
      const answer = await api('GET', 'tasks?' + filterQuery(t.filters, { limit: PAGE_SIZE, cursor: cursor }));
      if (generation !== state.generation) return;
      t.rows = answer.tasks || [];
      t.nextCursor = answer.next_cursor || null;
      renderTasks();
    } catch (e) {
      if (generation !== state.generation) return;
      reportError(e);
    }
    if (generation === state.generation && !t.paused) schedule(loadTasks, LIST_REFRESH_MS);
  }

  /** A table cell labelled for the card layout; an empty value shows a dash (and no row on a phone). */
  function cell(label, cls, content) {
    const td = el('td', { cls: cls, attrs: { 'data-label': label } });
    if (content instanceof Node) {
      td.appendChild(content);
    } else if (content === undefined || content === null || content === '' || content === '—') {
      td.textContent = '—';
      td.classList.add('blank');
    } else {
      td.textContent = String(content);
    }
    return td;
  }

  function renderTasks() {
    const t = state.tasks;
    const body = $('tasks-body');
    clear(body);
    for (const task of t.rows) {
      const box = el('input', { attrs: { type: 'checkbox', 'aria-label': 'Select task ' + task.id } });
      box.checked = t.selectAll || t.selected.has(task.id);
      box.disabled = t.selectAll;
      box.addEventListener('change', () => {
        if (box.checked) t.selected.add(task.id); else t.selected.delete(task.id);
        updateSelection();
      });
      const link = el('a', { text: task.id, attrs: { href: '#/task/' + encodeURIComponent(task.id) } });
      let statusText = statusBadge(task.status);
      if (task.status === 'RUNNING') {
        statusText = el('span', {}, [statusBadge(task.status), document.createTextNode(' ' + task.progress + '%')]);
      }
      const tr = el('tr', { attrs: { 'data-task-id': task.id, 'data-status': task.status } }, [
        el('td', { cls: 'col-check' }, [box]),
        cell('Task', 'id', link),
        cell('App', '', task.app_id),
        cell('API', '', task.vendor ? task.api + ' · ' + task.vendor : task.api),
        cell('Type', '', task.type),
        cell('Source', 'source', task.source_id),
        cell('Status', '', statusText),
        cell('Attempts', '', task.attempts),
        cell('Error', task.error_code ? 'err' : '', task.error_code),
        cell('Created', 'when', when(task.created_ms)),
        cell('Finished', 'when', when(task.finished_ms)),
      ]);
      body.appendChild(tr);
    }
    $('tasks-empty').hidden = t.rows.length > 0;
    $('next-page').disabled = !t.nextCursor;
    $('first-page').disabled = t.cursors.length <= 1;
    $('page-label').textContent = 'Page ' + t.cursors.length;
    updateSelection();
  }

  function updateSelection() {
    const t = state.tasks;
    $('select-all').checked = t.selectAll;
    let text;
    if (t.selectAll) text = 'Every task matching the filters is selected';
    else if (t.selected.size === 0) text = 'No task selected';
    else text = t.selected.size + (t.selected.size === 1 ? ' task selected' : ' tasks selected');
    $('selection').textContent = text;
    const any = t.selectAll || t.selected.size > 0;
    $('bulk-retry').disabled = !any;
    $('bulk-cancel').disabled = !any;
  }

  /** The filter a bulk action applies to: the list's filters, or the ids ticked by hand. */
  function bulkFilter() {
    const t = state.tasks;
    if (t.selectAll) {
      const f = {};
      for (const name of ['app', 'api', 'source', 'status', 'from', 'to']) if (t.filters[name]) f[name] = t.filters[name];
      if (t.filters.id.length) f.id = t.filters.id.slice();
      return f;
    }
    return { id: Array.from(t.selected) };
  }

  function hideConfirm() {
    state.tasks.pending = null;
    $('bulk-confirm').hidden = true;
  }

  function confirmText(action, count) {
    const verb = action === 'retry' ? 'Retry' : 'Cancel';
    if (count === 0) {
      return 'None of the selected tasks can be ' + (action === 'retry' ? 'retried (only FAILED or CANCELED ones can).'
        : 'canceled (only QUEUED ones can).');
    }
    return verb + ' ' + count + (count === 1 ? ' task' : ' tasks') +
      (action === 'retry' ? ' (the FAILED and CANCELED ones selected)?' : ' (the QUEUED ones selected)?');
  }

  function showConfirm(action, filter, count) {
    const t = state.tasks;
    t.pending = { action: action, filter: filter, expect: count };
    $('bulk-confirm-text').textContent = confirmText(action, count);
    $('bulk-confirm-yes').hidden = count === 0;
    $('bulk-confirm-yes').textContent = action === 'retry' ? 'Retry ' + count : 'Cancel ' + count;
    $('bulk-confirm').hidden = false;
  }

  async function startBulk(action) {
    const t = state.tasks;
    if (!t.selectAll && t.selected.size > MAX_SELECTED_IDS) {
      notice('Tick at most ' + MAX_SELECTED_IDS + ' tasks by hand, or use "Select all matching".', true);
      return;
    }
    const filter = bulkFilter();
    try {
      const answer = await api('GET', 'tasks/count?' + filterQuery(filter, { action: action }));
      showConfirm(action, filter, answer.count);
    } catch (e) {
      reportError(e);
    }
  }

  async function confirmBulk() {
    const t = state.tasks;
    const pending = t.pending;
    if (!pending) return;
    $('bulk-confirm-yes').disabled = true;
    try {
      const answer = await api('POST', 'tasks/bulk',
        { action: pending.action, filter: pending.filter, expect: pending.expect });
      hideConfirm();
      t.selected.clear();
      t.selectAll = false;
      notice((pending.action === 'retry' ? 'Retried ' : 'Canceled ') + answer.done +
        (answer.done === 1 ? ' task' : ' tasks') + (answer.skipped ? ', skipped ' + answer.skipped : '') + '.');
      loadTasks();
    } catch (e) {
      if (e.status === 409 && e.body && typeof e.body.count === 'number') {
        // The set changed since the count was shown: show the new count and ask again.
        showConfirm(pending.action, pending.filter, e.body.count);
        notice('The number of tasks changed since the count was shown; confirm the new count.', true);
      } else {
        hideConfirm();
        reportError(e);
      }
    } finally {
      $('bulk-confirm-yes').disabled = false;
    }
  }

  function wireTaskList() {
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      const q = filterQuery(filtersFromForm());
      const target = '#/tasks' + (q ? '?' + q : '');
      if (location.hash === target) {
        state.tasks.filters = null;  // the same filters again: start over from the first page
        route();
      } else {
        location.hash = target;
      }
    });
    $('reset-filters').addEventListener('click', () => { location.hash = '#/tasks'; });
    $('pause').addEventListener('click', () => {
      const t = state.tasks;
      t.paused = !t.paused;
      if (t.paused) stopTimer(); else loadTasks();
      updateLiveState();
    });
    $('next-page').addEventListener('click', () => {
      const t = state.tasks;
      if (!t.nextCursor) return;
      t.cursors.push(t.nextCursor);
      stopTimer();
      loadTasks();
    });
    $('first-page').addEventListener('click', () => {
      state.tasks.cursors = [''];
      stopTimer();
      loadTasks();
    });
    $('select-all').addEventListener('change', () => {
      const t = state.tasks;
      t.selectAll = $('select-all').checked;
      if (t.selectAll) t.selected.clear();
      hideConfirm();
      renderTasks();
    });
    $('bulk-retry').addEventListener('click', () => startBulk('retry'));
    $('bulk-cancel').addEventListener('click', () => startBulk('cancel'));
    $('bulk-confirm-yes').addEventListener('click', confirmBulk);
    $('bulk-confirm-no').addEventListener('click', hideConfirm);
  }

  // ---------------------------------------------------------------- one task

  function fact(list, name, value) {
    list.appendChild(el('dt', { text: name }));
    const dd = el('dd');
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = value === undefined || value === null || value === '' ? '—' : String(value);
    list.appendChild(dd);
  }

  /** JSON indented by two spaces, with arrays and objects of plain values (a query pair) on one line. */
  function prettyJson(value, indent) {
    const flat = (v) => v === null || typeof v !== 'object';
    if (flat(value)) return JSON.stringify(value);
    const entries = Array.isArray(value) ? value.map((v) => [null, v]) : Object.entries(value);
    if (entries.length === 0) return Array.isArray(value) ? '[]' : '{}';
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    const item = ([k, v]) => (k === null ? '' : JSON.stringify(k) + ': ') + prettyJson(v, indent + '  ');
    const oneLine = open + entries.map(item).join(', ') + close;
    if (entries.every(([, v]) => flat(v)) && oneLine.length <= 100) return oneLine;
    return open + '\n' + entries.map((e) => indent + '  ' + item(e)).join(',\n') + '\n' + indent + close;
  }

  function pretty(value) {
    if (value === null || value === undefined) return 'Not recorded.';
    if (typeof value === 'string') {
      try { return prettyJson(JSON.parse(value), ''); } catch (e) { return value; }
    }
    return prettyJson(value, '');
  }

  function renderSummary(task, history) {
    const list = $('task-summary');
    clear(list);
    fact(list, 'App', task.app_id);
    fact(list, 'API', task.api);
    fact(list, 'Vendor', task.vendor);
    fact(list, 'Type', task.type);
    fact(list, 'Source', task.source_id);
    fact(list, 'Input', task.input);
    fact(list, 'Progress', task.progress + ' %');
    // The task's own count restarts with a manual retry; the attempt history keeps every claim.
    const claims = (history || []).length;
    fact(list, 'Attempts', claims > task.attempts ? claims + ' (' + task.attempts + ' since the last retry)' : task.attempts);
    if (task.planned !== null && task.planned !== undefined) fact(list, 'Planned', task.planned);
    fact(list, 'Created', when(task.created_ms));
    fact(list, 'Started', when(task.started_ms));
    fact(list, 'Finished', when(task.finished_ms));
    fact(list, 'Updated', when(task.updated_ms));
    if (task.worker_id) fact(list, 'Worker', task.worker_id);
    if (task.lease_until_ms) fact(list, 'Lease until', when(task.lease_until_ms));
    if (task.error_code || task.error_message) {
      fact(list, 'Error', el('span', { cls: 'error', text: [task.error_code, task.error_message].filter((s) => s).join(': ') }));
    }
  }

  function renderTimeline(events) {
    const list = $('task-timeline');
    clear(list);
    for (const ev of events || []) {
      list.appendChild(el('li', {}, [
        el('span', { cls: 'when', text: when(ev.at_ms) }),
        el('strong', { text: ev.event }),
        ev.worker ? el('span', { cls: 'muted', text: ' · ' + ev.worker }) : null,
        ev.detail ? el('span', { cls: 'detail', text: ev.detail }) : null,
      ]));
    }
  }

  function renderAttempts(attempts) {
    const body = $('task-attempts').tBodies[0];
    clear(body);
    for (const a of attempts || []) {
      const error = [a.error_code, a.error_message].filter((s) => s).join(': ');
      body.appendChild(el('tr', { attrs: { 'data-attempt': a.number } }, [
        el('td', { text: a.number }),
        el('td', { text: a.worker_id || '—' }),
        el('td', { text: when(a.started_ms) }),
        el('td', { text: a.ended_ms ? when(a.ended_ms) + ' (' + duration(a.ended_ms - a.started_ms) + ')' : 'running' }),
        el('td', { text: a.outcome }),
        el('td', { cls: error ? 'error' : '', text: error || '—' }),
      ]));
    }
    $('task-attempts-empty').hidden = (attempts || []).length > 0;
  }

  function renderCallbacks(callbacks) {
    const root = $('task-callbacks');
    clear(root);
    for (const cb of callbacks || []) {
      const redeliver = el('button', {
        cls: 'button', text: 'Redeliver', attrs: { type: 'button', 'data-callback-id': cb.id },
      });
      redeliver.disabled = cb.state === 'pending';
      redeliver.addEventListener('click', () => redeliverCallback(cb.id, redeliver));
      const head = el('div', { cls: 'callback-head' }, [
        el('span', { cls: 'url mono', text: cb.url }),
        el('span', { cls: 'status delivery-' + (['pending', 'delivered', 'failed'].includes(cb.state) ? cb.state : ''),
          text: cb.state }),
        redeliver,
      ]);
      const facts = el('dl', { cls: 'facts' });
      fact(facts, 'Attempts', cb.attempts);
      if (cb.state === 'pending') fact(facts, 'Next attempt', when(cb.next_attempt_ms));
      if (cb.last_error) fact(facts, 'Last error', el('span', { cls: 'error', text: cb.last_error }));
      const rows = (cb.deliveries || []).map((d) => el('tr', {}, [
        el('td', { text: d.number }),
        el('td', { text: when(d.at_ms) }),
        el('td', { text: d.http_status ? d.http_status : 'no response' }),
        el('td', { cls: d.error ? 'error' : '', text: d.error || 'delivered' }),
        el('td', { cls: 'delivery-snippet mono', text: d.response_snippet || '' }),
      ]));
      const table = el('div', { cls: 'table-wrap' }, [el('table', { cls: 'plain' }, [
        el('thead', {}, [el('tr', {}, ['#', 'At', 'HTTP', 'Result', 'Response'].map((h) => el('th', { text: h })))]),
        el('tbody', {}, rows),
      ])]);
      root.appendChild(el('div', { cls: 'callback', attrs: { 'data-callback-id': cb.id } },
        [head, facts, rows.length ? table : el('p', { cls: 'empty', text: 'Not sent yet.' })]));
    }
    $('task-callbacks-empty').hidden = (callbacks || []).length > 0;
  }

  function outputMeta(o) {
    const parts = [o.kind];
    if (o.width && o.height) parts.push(o.width + '×' + o.height);
    if (o.kind === 'image') {
      parts.push('at ' + duration(o.offset_ms));
      if (o.frame_ms >= 0 && o.frame_ms !== o.offset_ms) parts.push('frame ' + duration(o.frame_ms));
    }
    if (o.kind === 'sprite' && o.entries > 0) parts.push(o.entries + ' tiles');
    if (o.kind === 'vtt' && o.entries > 0) parts.push(o.entries + ' cues');
    return parts.join(' · ');
  }

  async function loadText(url, pre, generation) {
    try {
      const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
      if (generation !== state.generation) return;
      pre.textContent = response.ok ? await response.text() : 'Could not load the file (HTTP ' + response.status + ').';
    } catch (e) {
      pre.textContent = 'Could not load the file.';
    }
  }

  function renderOutputs(outputs, generation) {
    const list = outputs || [];
    const key = list.map((o) => o.name + '|' + o.url).join('\n');
    $('task-outputs-empty').hidden = list.length > 0;
    if (key === state.task.outputsKey) return;  // unchanged: keep the loaded images
    state.task.outputsKey = key;
    const root = $('task-outputs');
    clear(root);
    for (const o of list) {
      const link = el('a', { cls: 'name', text: o.name, attrs: { href: o.url, target: '_blank', rel: 'noopener' } });
      const parts = [];
      if (o.kind === 'image' || o.kind === 'sprite') {
        parts.push(el('a', { attrs: { href: o.url, target: '_blank', rel: 'noopener' } }, [
          el('img', { cls: 'output-img', attrs: { src: o.url, alt: o.name } }),
        ]));
      } else if (o.kind === 'vtt') {
        const pre = el('pre', { cls: 'code', text: 'Loading…' });
        parts.push(pre);
        loadText(o.url, pre, generation);
      }
      parts.push(link, el('div', { cls: 'meta', text: outputMeta(o) }));
      root.appendChild(el('div', {
        cls: 'output' + (o.kind === 'vtt' || o.kind === 'sprite' ? ' wide' : ''),
        attrs: { 'data-output': o.name, 'data-kind': o.kind },
      }, parts));
    }
  }

  function renderTask(answer, generation) {
    const task = answer.task;
    $('task-id').textContent = task.id;
    const status = $('task-status');
    status.textContent = task.status;
    status.className = 'status ' + (STATUSES.includes(task.status) ? task.status : '');
    $('retry').hidden = !(task.status === 'FAILED' || task.status === 'CANCELED');
    $('cancel').hidden = task.status !== 'QUEUED';
    const progress = $('task-progress');
    progress.hidden = task.status !== 'RUNNING';
    progress.value = Math.max(0, Math.min(100, task.progress || 0));
    progress.textContent = progress.value + ' %';
    renderSummary(task, answer.attempts);
    renderTimeline(answer.timeline);
    renderAttempts(answer.attempts);
    renderCallbacks(answer.callbacks);
    renderOutputs(answer.outputs, generation);
    $('task-request').textContent = pretty(task.request);
    $('task-params').textContent = pretty(task.params);
  }

  async function loadTask() {
    const id = state.task.id;
    const generation = state.generation;
    let again = true;
    try {
      const answer = await api('GET', 'tasks/' + encodeURIComponent(id));
      if (generation !== state.generation) return;
      renderTask(answer, generation);
      const callbacksPending = (answer.callbacks || []).some((c) => c.state === 'pending');
      again = !FINAL.has(answer.task.status) || callbacksPending;
    } catch (e) {
      if (generation !== state.generation) return;
      if (e.status === 404) {
        notice('No task has the id ' + id + '.', true);
        again = false;
      } else {
        reportError(e);
      }
    }
    if (again && generation === state.generation) schedule(loadTask, TASK_REFRESH_MS);
  }

  function openTask(id) {
    showView('task-view');
    document.title = 'Task ' + id + ' · thumbgate admin';
    if (state.task.id !== id) {
      state.task.id = id;
      state.task.outputsKey = '';
      clear($('task-outputs'));
      for (const part of ['task-summary', 'task-timeline', 'task-callbacks']) clear($(part));
      clear($('task-attempts').tBodies[0]);
      $('task-id').textContent = id;
      $('task-status').textContent = '';
      $('retry').hidden = true;
      $('cancel').hidden = true;
      $('task-progress').hidden = true;
      $('task-request').textContent = '';
      $('task-params').textContent = '';
    }
    loadTask();
  }

  async function taskAction(action) {
    const id = state.task.id;
    const button = $(action);
    button.disabled = true;
    try {
      await api('POST', 'tasks/' + encodeURIComponent(id) + '/' + action);
      notice(action === 'retry' ? 'The task is back in the queue.' : 'The task was canceled.');
    } catch (e) {
      if (e.status === 409) notice('The task cannot be ' + (action === 'retry' ? 'retried' : 'canceled') +
        ' in its current state.', true);
      else reportError(e);
    } finally {
      button.disabled = false;
    }
    stopTimer();
    loadTask();
  }

  async function redeliverCallback(callbackId, button) {
    button.disabled = true;
    try {
      await api('POST', 'callbacks/' + encodeURIComponent(callbackId) + '/redeliver');
      notice('The callback will be delivered again.');
    } catch (e) {
      if (e.status === 409) notice('That callback is already waiting to be delivered.', true);
      else reportError(e);
    }
    stopTimer();
    loadTask();
  }

  // ---------------------------------------------------------------- start

  async function start() {
    $('signin-form').addEventListener('submit', signIn);
    $('signout').addEventListener('click', signOut);
    $('retry').addEventListener('click', () => taskAction('retry'));
    $('cancel').addEventListener('click', () => taskAction('cancel'));
    wireTaskList();
    // On a phone the filter form starts folded: the list comes first.
    if (window.matchMedia('(max-width: 820px)').matches) $('filters-box').open = false;
    window.addEventListener('hashchange', route);
    try {
      const answer = await api('GET', 'session');
      state.csrf = answer.csrf;
    } catch (e) {
      state.csrf = null;
      if (e.status !== 401) notice(e.message, true);
    }
    route();
  }

  document.addEventListener('DOMContentLoaded', start);
}());

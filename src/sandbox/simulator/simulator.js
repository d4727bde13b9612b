/*
 * The WhatsApp simulator page: renders the simulated phones' chats from the server's event stream and
 * sends what the user types or taps to the simulator's API, which turns it into signed webhooks. No
 * framework, no build step. Patient text is only ever put into the page as text nodes.
 */
(() => {
  const config = JSON.parse(document.getElementById('sim-config').textContent);
  const base = config.basePath;
  const RANK = { sent: 1, delivered: 2, read: 3, failed: 4 };
  const TICKS = { sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' };
  const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

  let lang = config.language;
  /** phoneId → Map(wamid → item), in arrival order. */
  const chats = new Map(config.phones.map((p) => [p.id, new Map()]));
  const typing = new Set();
  const typists = new Map(config.phones.filter((p) => p.members.length > 0).map((p) => [p.id, p.members[0]]));
  let active = null;
  let sheetItem = null;
  let readInFlight = false;

  const el = (id) => document.getElementById(id);
  const messages = el('messages');
  const tr = (key) => config.strings[lang]?.[key] ?? config.strings.en[key] ?? key;

  function node(tag, className, text) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function timeOf(at) {
    return new Date(at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  }

  /** WhatsApp's *bold*, as text nodes and <strong> (never innerHTML). */
  function formatted(text) {
    const out = document.createDocumentFragment();
    const parts = text.split(/\*([^*\n]+)\*/);
    parts.forEach((part, i) => {
      out.append(i % 2 === 1 ? node('strong', '', part) : document.createTextNode(part));
    });
    return out;
  }

  // ─── chrome language ─────────────────────────────────────────────────────────────────────────────

  function applyLanguage(next) {
    lang = next;
    document.documentElement.lang = next;
    document.title = tr('title');
    for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = tr(n.dataset.i18n);
    for (const n of document.querySelectorAll('[data-i18n-placeholder]'))
      n.placeholder = tr(n.dataset.i18nPlaceholder);
    el('send').setAttribute('aria-label', tr('send'));
    // biome-ignore lint/suspicious/noDocumentCookie: one fixed, non-secret preference the server reads to render the page; the Cookie Store API is not in every browser.
    document.cookie = `sim_lang=${next}; path=/; max-age=31536000; samesite=lax`;
    renderHeader();
    renderChat();
  }

  // ─── phone list ──────────────────────────────────────────────────────────────────────────────────

  function renderPhoneList() {
    for (const li of document.querySelectorAll('.phone')) {
      const id = li.dataset.phone;
      const items = [...(chats.get(id)?.values() ?? [])];
      const last = items.at(-1);
      li.classList.toggle('active', id === active);
      li.querySelector('.phone-preview').textContent = last
        ? `${last.from === 'patient' ? `${TICKS[last.status]} ` : ''}${last.kind === 'image' ? tr('photoSent') : last.text.split('\n')[0]}`
        : '';
      li.querySelector('.phone-time').textContent = last ? timeOf(last.at) : '';
      const unread =
        id === active ? 0 : items.filter((i) => i.from === 'clinic' && RANK[i.status] < 3).length;
      const badge = li.querySelector('.badge');
      badge.hidden = unread === 0;
      badge.textContent = String(unread);
    }
  }

  function selectPhone(id) {
    active = id;
    el('chat').dataset.empty = 'false';
    el('text').disabled = false;
    el('send').disabled = false;
    const phone = config.phones.find((p) => p.id === id);
    const typist = el('typist');
    typist.hidden = !phone || phone.members.length === 0;
    if (phone && phone.members.length > 0) {
      const select = el('typist-select');
      select.replaceChildren(...phone.members.map((m) => Object.assign(node('option', '', m), { value: m })));
      select.value = typists.get(id) ?? phone.members[0];
    }
    renderHeader();
    renderChat();
    renderPhoneList();
    el('text').focus();
    markRead();
  }

  // ─── chat ────────────────────────────────────────────────────────────────────────────────────────

  function renderHeader() {
    const phone = config.phones.find((p) => p.id === active);
    el('chat-device').textContent = phone ? phone.label : '';
    const sub = el('chat-sub');
    const isTyping = active !== null && typing.has(active);
    sub.dataset.i18n = isTyping ? 'typing' : 'online';
    sub.textContent = tr(sub.dataset.i18n);
    sub.classList.toggle('is-typing', isTyping);
  }

  function ticks(item) {
    const t = node('span', 'ticks', TICKS[item.status]);
    t.dataset.status = item.status;
    return t;
  }

  function bubble(item) {
    const row = node('div', `row ${item.from}`);
    row.dataset.id = item.id;
    row.dataset.from = item.from;
    row.dataset.kind = item.kind;
    row.dataset.status = item.status;
    const b = node('div', 'bubble');
    if (item.quote) b.append(node('div', 'quote', item.quote.text.split('\n')[0]));
    if (item.typist) b.append(node('div', 'typist-label', item.typist));
    if (item.kind === 'template') b.append(node('div', 'template-label', tr('template')));
    if (item.header) b.append(node('div', 'header', item.header));
    if (item.imageUrl) {
      const img = node('img', 'photo');
      img.src = item.imageUrl;
      img.alt = tr('photoSent');
      b.append(img);
    }
    if (item.text) {
      const text = node('div', 'text');
      text.append(formatted(item.text));
      b.append(text);
    }
    if (item.footer) b.append(node('div', 'footer', item.footer));
    const meta = node('div', 'meta');
    meta.append(node('span', 'time', timeOf(item.at)), ticks(item));
    b.append(meta);
    if (item.status === 'failed') {
      b.append(
        node('div', 'failed-note', `${tr('notDelivered')}${item.errorCode ? ` (${item.errorCode})` : ''}`),
      );
    }
    if (item.kind === 'list' && item.options) {
      const open = node('button', 'list-open', `☰ ${item.listButton ?? tr('choose')}`);
      open.type = 'button';
      open.addEventListener('click', () => openSheet(item));
      b.append(open);
    }
    row.append(b);
    if ((item.kind === 'buttons' || item.kind === 'template') && item.options?.length) {
      const buttons = node('div', 'buttons');
      for (const option of item.options) {
        const button = node('button', 'reply-btn', option.title);
        button.type = 'button';
        button.dataset.option = option.id;
        button.addEventListener('click', () =>
          send({ type: 'option', replyTo: item.id, optionId: option.id }),
        );
        buttons.append(button);
      }
      row.append(buttons);
    }
    return row;
  }

  function typingRow() {
    const row = node('div', 'row clinic typing-row');
    const b = node('div', 'bubble typing-bubble');
    b.append(node('span', 'dot'), node('span', 'dot'), node('span', 'dot'));
    row.append(b);
    return row;
  }

  function stickToBottom(wasAtBottom) {
    if (wasAtBottom) messages.scrollTop = messages.scrollHeight;
  }

  function atBottom() {
    return messages.scrollHeight - messages.scrollTop - messages.clientHeight < 80;
  }

  function renderChat() {
    if (active === null) return;
    const items = [...(chats.get(active)?.values() ?? [])];
    const children = items.map(bubble);
    if (items.length === 0) children.push(node('p', 'hint', tr('emptyChat')));
    if (typing.has(active)) children.push(typingRow());
    messages.replaceChildren(...children);
    messages.scrollTop = messages.scrollHeight;
  }

  function upsert(item) {
    const chat = chats.get(item.phoneId);
    if (!chat) return;
    const known = chat.get(item.id);
    // A replayed state must never move ticks backwards.
    if (known && RANK[known.status] > RANK[item.status]) item.status = known.status;
    chat.set(item.id, item);
    if (item.phoneId === active) {
      const bottom = atBottom() || item.from === 'patient';
      const existing = messages.querySelector(`.row[data-id="${CSS.escape(item.id)}"]`);
      if (existing) existing.replaceWith(bubble(item));
      else {
        messages.querySelector('.hint')?.remove();
        const typingEl = messages.querySelector('.typing-row');
        if (typingEl) typingEl.before(bubble(item));
        else messages.append(bubble(item));
      }
      stickToBottom(bottom);
      markRead();
    }
    renderPhoneList();
  }

  function applyStatus(event) {
    const item = chats.get(event.phoneId)?.get(event.id);
    if (!item || RANK[event.status] <= RANK[item.status]) return;
    item.status = event.status;
    if (event.errorCode !== undefined) item.errorCode = event.errorCode;
    if (event.phoneId === active) {
      const row = messages.querySelector(`.row[data-id="${CSS.escape(item.id)}"]`);
      if (row) row.replaceWith(bubble(item));
    }
    renderPhoneList();
  }

  function applyTyping(event) {
    if (event.on) typing.add(event.phoneId);
    else typing.delete(event.phoneId);
    if (event.phoneId !== active) return;
    renderHeader();
    const existing = messages.querySelector('.typing-row');
    if (event.on && !existing) {
      const bottom = atBottom();
      messages.append(typingRow());
      stickToBottom(bottom);
    } else if (!event.on && existing) existing.remove();
  }

  // ─── server ──────────────────────────────────────────────────────────────────────────────────────

  async function loadState() {
    const res = await fetch(`${base}/state`, { cache: 'no-store' });
    if (!res.ok) return;
    const state = await res.json();
    for (const [phoneId, items] of Object.entries(state.chats)) {
      const chat = chats.get(phoneId);
      if (!chat) continue;
      for (const item of items) {
        const known = chat.get(item.id);
        if (known && RANK[known.status] > RANK[item.status]) item.status = known.status;
        chat.set(item.id, item);
      }
    }
    renderChat();
    renderPhoneList();
    markRead();
  }

  function connect() {
    const events = new EventSource(`${base}/events`);
    // (Re)connected: fetch everything, so nothing said while the stream was down is missed.
    events.addEventListener('open', () => {
      loadState().catch(() => undefined);
    });
    events.addEventListener('message', (e) => {
      const event = JSON.parse(e.data);
      if (event.type === 'item') upsert(event.item);
      else if (event.type === 'status') applyStatus(event);
      else if (event.type === 'typing') applyTyping(event);
    });
  }

  async function send(body) {
    if (active === null) return;
    const typist = typists.get(active);
    const res = await fetch(`${base}/phones/${encodeURIComponent(active)}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typist ? { ...body, typist } : body),
    });
    return res.ok;
  }

  /** The chat is on screen: everything the clinic sent in it is read (only while the page is visible). */
  function markRead() {
    if (active === null || readInFlight || document.visibilityState !== 'visible') return;
    const unread = [...(chats.get(active)?.values() ?? [])].some(
      (i) => i.from === 'clinic' && RANK[i.status] < 3,
    );
    if (!unread) return;
    readInFlight = true;
    const phoneId = active;
    fetch(`${base}/phones/${encodeURIComponent(phoneId)}/read`, { method: 'POST' })
      .catch(() => undefined)
      .finally(() => {
        readInFlight = false;
      });
  }

  // ─── list picker ─────────────────────────────────────────────────────────────────────────────────

  function openSheet(item) {
    sheetItem = item;
    el('sheet-title').textContent = item.listButton ?? tr('choose');
    const rows = item.options.map((option) => {
      const label = node('label', 'sheet-row');
      const textBox = node('span', 'sheet-row-text');
      textBox.append(node('span', 'sheet-row-title', option.title));
      if (option.description) textBox.append(node('span', 'sheet-row-desc', option.description));
      const radio = node('input');
      radio.type = 'radio';
      radio.name = 'sheet-row';
      radio.value = option.id;
      radio.addEventListener('change', () => {
        el('sheet-send').disabled = false;
      });
      label.append(textBox, radio);
      return label;
    });
    el('sheet-rows').replaceChildren(...rows);
    el('sheet-send').disabled = true;
    el('sheet').hidden = false;
  }

  function closeSheet() {
    el('sheet').hidden = true;
    sheetItem = null;
  }

  el('sheet-close').addEventListener('click', closeSheet);
  el('sheet').addEventListener('click', (e) => {
    if (e.target === el('sheet')) closeSheet();
  });
  el('sheet-send').addEventListener('click', () => {
    const picked = el('sheet-rows').querySelector('input:checked');
    if (!picked || !sheetItem) return;
    send({ type: 'option', replyTo: sheetItem.id, optionId: picked.value });
    closeSheet();
  });

  // ─── composer ────────────────────────────────────────────────────────────────────────────────────

  el('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = el('text');
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    send({ type: 'text', text });
  });

  el('photo').addEventListener('change', () => {
    const input = el('photo');
    const file = input.files?.[0];
    input.value = '';
    if (!file || file.size > MAX_PHOTO_BYTES) return;
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      const dataBase64 = String(reader.result).split(',')[1] ?? '';
      const caption = el('text').value.trim();
      el('text').value = '';
      send({ type: 'image', mimeType: file.type, dataBase64, ...(caption ? { caption } : {}) });
    });
    reader.readAsDataURL(file);
  });

  el('typist-select').addEventListener('change', (e) => {
    if (active !== null) typists.set(active, e.target.value);
  });

  for (const li of document.querySelectorAll('.phone')) {
    li.addEventListener('click', () => selectPhone(li.dataset.phone));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') selectPhone(li.dataset.phone);
    });
  }

  el('lang').addEventListener('change', (e) => applyLanguage(e.target.value));
  document.addEventListener('visibilitychange', markRead);

  connect();
  // A first-time visitor lands in a chat they can type into at once.
  if (config.phones.length > 0) selectPhone(config.phones[0].id);
})();

/*
 * Staff console page script: refreshes the page's live regions from `data-live-url` every
 * `data-poll-ms` (the server renders and escapes them) and submits `form[data-enhance]` without a
 * reload. Without this script the console still works: forms post and redirect.
 */
(() => {
  const liveUrl = document.body.dataset.liveUrl;
  const pollMs = Number(document.body.dataset.pollMs) || 2000;
  const shown = new Map();

  for (const region of document.querySelectorAll('[data-stick="bottom"]'))
    region.scrollTop = region.scrollHeight;

  async function refresh() {
    if (!liveUrl) return;
    const res = await fetch(liveUrl, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
    });
    // Signed out (token rotated, cookie expired): show the sign-in page.
    if (res.status === 401) {
      window.location.reload();
      return;
    }
    if (!res.ok) return;
    const data = await res.json();
    for (const [id, markup] of Object.entries(data.regions)) {
      const region = document.getElementById(id);
      if (!region || shown.get(id) === markup) continue;
      const stick =
        region.dataset.stick === 'bottom' &&
        region.scrollHeight - region.scrollTop - region.clientHeight < 80;
      region.innerHTML = markup;
      shown.set(id, markup);
      if (stick || !shown.has(`${id}:seen`)) region.scrollTop = region.scrollHeight;
      shown.set(`${id}:seen`, true);
    }
  }

  let timer;
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        await refresh();
      } catch {
        // Offline for a moment: the next poll tries again.
      }
      schedule(pollMs);
    }, ms);
  }
  if (liveUrl) schedule(pollMs);

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('form[data-enhance]')) return;
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    const error = form.querySelector('.form-error');
    if (button) button.disabled = true;
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (res.ok) {
        const text = form.querySelector('textarea');
        if (text) text.value = '';
        if (error) error.hidden = true;
      } else if (error) {
        error.textContent = `Not sent (${res.status}). Please try again.`;
        error.hidden = false;
      }
    } finally {
      if (button) button.disabled = false;
      schedule(150);
    }
  });

  // Enter sends the reply, Shift+Enter starts a new line (as in chat apps).
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key === 'Enter' && !event.shiftKey && target instanceof HTMLTextAreaElement && target.form) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });
})();

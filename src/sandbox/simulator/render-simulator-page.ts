import { html, SafeHtml } from '../../console/html.ts';
import { LANGUAGES, type Language } from '../../shared/language.ts';
import type { SimulatedPhone } from './demo-phones.ts';
import { LANGUAGE_NAMES, SIMULATOR_STRINGS, type SimulatorStringKey } from './simulator-strings.ts';

// Icons are inline SVG, not emoji: a machine without a colour-emoji font (a CI browser) draws boxes.
const AVATARS = {
  person: new SafeHtml(
    '<svg viewBox="0 0 212 212" aria-hidden="true"><path fill="#dfe5e7" d="M106 0a106 106 0 1 0 0 212 106 106 0 0 0 0-212z"/><path fill="#fff" d="M173 173c-16-15-37-24-67-24s-51 9-67 24a106 106 0 0 0 134 0zM106 133c23 0 41-19 41-42s-18-42-41-42-41 19-41 42 18 42 41 42z"/></svg>',
  ),
  group: new SafeHtml(
    '<svg viewBox="0 0 212 212" aria-hidden="true"><path fill="#dfe5e7" d="M106 0a106 106 0 1 0 0 212 106 106 0 0 0 0-212z"/><path fill="#fff" d="M78 120c17 0 31-14 31-32S95 56 78 56 47 70 47 88s14 32 31 32zm58 0c15 0 27-13 27-28s-12-28-27-28-27 12-27 28 12 28 27 28zM28 170c12-22 30-36 50-36s38 14 50 36a106 106 0 0 1-100 0zm106 6c-5-14-13-27-23-36 7-4 16-6 25-6 18 0 33 10 44 26a106 106 0 0 1-46 16z"/></svg>',
  ),
} as const;
const CLINIC_AVATAR = new SafeHtml(
  '<svg viewBox="0 0 40 40" aria-hidden="true"><circle cx="20" cy="20" r="20" fill="#00a884"/><path fill="#fff" d="M17 10h6v7h7v6h-7v7h-6v-7h-7v-6h7z"/></svg>',
);
const CAMERA = new SafeHtml(
  '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill="currentColor" d="M9 4 7.2 6H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-3.2L15 4H9zm3 4.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9zm0 2a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z"/></svg>',
);

/** What the simulator page is built from. */
export interface SimulatorPageInput {
  readonly language: Language;
  readonly phones: readonly SimulatedPhone[];
  readonly clinicName: string;
  readonly consolePath: string;
  /** Prefix of the simulator's own routes (assets, events, API). */
  readonly basePath: string;
}

/**
 * The simulator page, server-rendered in the chosen chrome language; `simulator.js` then fills the
 * chats from the event stream and switches the chrome language in place. Phones are addressed by their
 * opaque ids only.
 */
export function renderSimulatorPage(input: SimulatorPageInput): string {
  const s = SIMULATOR_STRINGS[input.language];
  const t = (key: SimulatorStringKey) => html`<span data-i18n="${key}">${s[key]}</span>`;
  const config = {
    basePath: input.basePath,
    language: input.language,
    strings: SIMULATOR_STRINGS,
    phones: input.phones.map((p) => ({ id: p.id, label: p.label, members: p.members ?? [] })),
  };
  // JSON inside <script> must not be able to close the element.
  const json = new SafeHtml(JSON.stringify(config).replace(/</g, '\\u003c'));
  const page = html`<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${input.basePath}/simulator.css">
</head>
<body>
<div class="app">
  <aside class="sidebar">
    <header class="sidebar-head">
      <div class="brand">${t('title')}</div>
      <div class="sidebar-tools">
        <label class="lang"><span class="sr-only" data-i18n="language">${s.language}</span>
          <select id="lang" aria-label="${s.language}">
            ${LANGUAGES.map(
              (l) =>
                html`<option value="${l}"${l === input.language ? new SafeHtml(' selected') : ''}>${LANGUAGE_NAMES[l]}</option>`,
            )}
          </select>
        </label>
        <a class="console-link" id="console-link" href="${input.consolePath}" target="_blank" rel="noopener">${t('console')} ↗</a>
      </div>
    </header>
    <p class="sandbox-note">${t('sandboxNote')}</p>
    <div class="phones-title">${t('phones')}</div>
    <ul class="phones" id="phones">
      ${input.phones.map(
        (p) => html`<li class="phone" data-phone="${p.id}" tabindex="0" role="button">
        <div class="avatar">${AVATARS[p.avatar]}</div>
        <div class="phone-main">
          <div class="phone-top"><span class="phone-label">${p.label}</span><span class="phone-time"></span></div>
          <div class="phone-kind">${t(`kind.${p.kind}`)}</div>
          <div class="phone-bottom"><span class="phone-preview"></span><span class="badge" hidden></span></div>
        </div>
      </li>`,
      )}
    </ul>
  </aside>
  <main class="chat" id="chat" data-empty="true">
    <header class="chat-head">
      <div class="avatar clinic">${CLINIC_AVATAR}</div>
      <div class="chat-who">
        <div class="chat-title">${input.clinicName}</div>
        <div class="chat-sub" id="chat-sub">${t('online')}</div>
      </div>
      <div class="chat-device" id="chat-device"></div>
    </header>
    <div class="messages" id="messages" aria-live="polite">
      <p class="hint" id="hint">${t('pickPhone')}</p>
    </div>
    <form class="composer" id="composer" autocomplete="off">
      <label class="typist" id="typist" hidden>${t('typingAs')}
        <select id="typist-select"></select>
      </label>
      <label class="attach" title="${s.photo}"><input type="file" id="photo" accept="image/jpeg,image/png,image/webp" hidden>${CAMERA}</label>
      <input id="text" name="text" placeholder="${s.placeholder}" data-i18n-placeholder="placeholder" disabled>
      <button type="submit" id="send" aria-label="${s.send}" disabled>➤</button>
    </form>
  </main>
</div>
<div class="sheet-backdrop" id="sheet" hidden>
  <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title">
    <header class="sheet-head">
      <button type="button" class="sheet-close" id="sheet-close" aria-label="${s.close}">✕</button>
      <span id="sheet-title"></span>
    </header>
    <div class="sheet-rows" id="sheet-rows"></div>
    <footer class="sheet-foot"><button type="button" id="sheet-send" disabled aria-label="${s.send}">➤</button></footer>
  </div>
</div>
<script type="application/json" id="sim-config">${json}</script>
<script src="${input.basePath}/simulator.js" defer></script>
</body>
</html>
`;
  return page.value;
}

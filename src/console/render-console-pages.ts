import type { DeliveryRecord } from '../whatsapp/delivery-store.ts';
import type { ConversationView, DeliveryState, QueueRow, SatsColour } from './conversation-view.ts';
import { html, SafeHtml } from './html.ts';

/** What every console page needs to know besides its data. */
export interface PageContext {
  readonly basePath: string;
  readonly clinicName: string;
  readonly timeZone: string;
  readonly now: number;
  /** The CSRF field value for cookie-authenticated forms. */
  readonly csrf: string;
  readonly pollMs: number;
}

/** Meta's customer service window (whatsapp.md §5.1). */
const WINDOW_MS = 24 * 3600_000;

const SATS_LABEL: Readonly<Record<SatsColour, string>> = {
  red: 'Emergency',
  orange: 'Very urgent',
  yellow: 'Urgent',
  green: 'Routine',
  none: 'Not triaged yet',
};

const TICKS: Readonly<Record<string, string>> = {
  accepted: '🕓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  played: '✓✓',
  failed: '⚠',
};

function dayTime(at: string | number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

function time(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(at),
  );
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min ago`;
}

function humanise(id: string): string {
  return id.replace(/[._]/g, ' ');
}

function layout(ctx: PageContext, title: string, body: SafeHtml, live?: string): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${ctx.clinicName}</title>
<link rel="stylesheet" href="${ctx.basePath}/assets/console.css">
</head>
<body${live !== undefined ? html` data-live-url="${live}" data-poll-ms="${ctx.pollMs}"` : ''}>
${body}
<script src="${ctx.basePath}/assets/console.js" defer></script>
</body>
</html>
`.value;
}

function topBar(ctx: PageContext, signedIn: boolean): SafeHtml {
  return html`<header class="top">
  <a class="brand" href="${ctx.basePath}">${ctx.clinicName} <span>· Staff console</span></a>
  ${
    signedIn &&
    html`<form method="post" action="${ctx.basePath}/logout"><input type="hidden" name="csrf" value="${ctx.csrf}"><button class="link" type="submit">Sign out</button></form>`
  }
</header>`;
}

/** The sign-in page (also the body of every 401 while the console is enabled), or the "disabled" page. */
export function renderLoginPage(
  ctx: Omit<PageContext, 'csrf' | 'now' | 'pollMs'>,
  opts: { error?: string; disabled: boolean },
): string {
  const page = { ...ctx, csrf: '', now: 0, pollMs: 0 };
  const body = opts.disabled
    ? html`${topBar(page, false)}<main class="login"><h1>Staff console</h1>
<p class="notice">The staff console is disabled: no <code>ADMIN_TOKEN</code> is configured. Set it in the environment and restart the service.</p></main>`
    : html`${topBar(page, false)}<main class="login"><h1>Staff console</h1>
<form method="post" action="${ctx.basePath}/login" class="login-form">
  <label for="token">Admin token</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
  ${opts.error !== undefined && html`<p class="error" role="alert">${opts.error}</p>`}
  <button type="submit">Sign in</button>
</form></main>`;
  return layout(page, 'Sign in', body);
}

function urgencyBadge(view: Pick<ConversationView, 'urgency' | 'colour'>): SafeHtml {
  return html`<span class="sats sats-${view.colour}" title="${SATS_LABEL[view.colour]}">${view.urgency ?? '–'}</span>`;
}

function deliveryLabel(record: DeliveryState | null): SafeHtml {
  if (record === null) return html`<span class="muted">–</span>`;
  return html`<span class="delivery delivery-${record.status}">${TICKS[record.status] ?? ''} ${record.status}${
    record.errorCode !== undefined ? ` (${record.errorCode})` : ''
  }</span>`;
}

function bookingLabel(view: ConversationView, ctx: PageContext): SafeHtml {
  const b = view.booking;
  if (b === null) return html`<span class="muted">–</span>`;
  const when = b.start === null ? '' : dayTime(b.start, ctx.timeZone);
  const status = b.status === 'done' ? 'booked' : b.status;
  return html`<span class="booking booking-${b.status}">${when}</span> <span class="tag">${status}</span>`;
}

function handoverLabel(view: ConversationView, ctx: PageContext): SafeHtml {
  return view.handover === null
    ? html`<span class="tag">bot</span>`
    : html`<span class="tag tag-staff">staff until ${time(view.handover.until, ctx.timeZone)}</span>`;
}

function who(view: ConversationView): SafeHtml {
  if (view.firstName !== null) return html`${view.firstName}`;
  if (view.profileName !== null)
    return html`<span class="muted" title="WhatsApp display name">(${view.profileName})</span>`;
  return html`<span class="muted">unknown</span>`;
}

/** The queue table's body (the live region of the queue page). */
export function renderQueueRegion(rows: readonly QueueRow[], ctx: PageContext): string {
  if (rows.length === 0) {
    return html`<p class="empty">No conversations today yet. Patients appear here as soon as they write.</p>`
      .value;
  }
  return html`<table class="queue">
<thead><tr><th>Urgency</th><th>Patient</th><th>Complaint</th><th>Red flags</th><th>Disposition</th><th>Booking</th><th>Delivery</th><th>Chat</th><th>Last message</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr class="row-${r.colour}" data-ref="${r.ref}">
  <td>${urgencyBadge(r)}</td>
  <td><a class="open" href="${ctx.basePath}/c/${r.ref}">${who(r)}</a></td>
  <td class="summary">${complaintOf(r)}</td>
  <td>${r.redFlags.length === 0 ? html`<span class="muted">–</span>` : r.redFlags.map((f) => html`<span class="flag">${humanise(f)}</span> `)}</td>
  <td>${r.disposition === null ? html`<span class="muted">${humanise(r.state.toLowerCase())}</span>` : humanise(r.disposition)}</td>
  <td>${bookingLabel(r, ctx)}</td>
  <td>${deliveryLabel(r.failedDelivery ?? r.delivery)}</td>
  <td>${handoverLabel(r, ctx)}</td>
  <td class="muted">${time(r.lastInboundAt, ctx.timeZone)}</td>
</tr>`,
)}
</tbody></table>`.value;
}

/** The queue's complaint cell: the patient's own words first (what staff recognise), else the summary. */
function complaintOf(view: ConversationView): SafeHtml {
  const text = view.complaint ?? view.summary;
  return text === null ? html`<span class="muted">–</span>` : html`${clip(text, 140)}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Today's triage queue. */
export function renderQueuePage(rows: readonly QueueRow[], ctx: PageContext): string {
  const body = html`${topBar(ctx, true)}
<main class="page">
  <div class="page-head"><h1>Today’s triage queue</h1><span class="legend">
    <span class="sats sats-red">5</span> emergency <span class="sats sats-orange">4</span> very urgent
    <span class="sats sats-yellow">3</span> urgent <span class="sats sats-green">2</span> routine</span></div>
  <section id="queue" class="card">${new SafeHtml(renderQueueRegion(rows, ctx))}</section>
</main>`;
  return layout(ctx, 'Triage queue', body, `${ctx.basePath}/live`);
}

/** Everything the conversation page shows besides the transcript. */
export interface ConversationExtras {
  readonly deliveries: readonly DeliveryRecord[];
  /** `store.lastInbound`: when the patient last wrote (the 24-hour window), or null. */
  readonly lastInbound: number | null;
}

/** The side panel of a conversation (a live region): triage, booking, window, deliveries, controls. */
export function renderStatusRegion(
  view: ConversationView,
  extras: ConversationExtras,
  ctx: PageContext,
): string {
  const windowOpen = extras.lastInbound !== null && ctx.now - extras.lastInbound < WINDOW_MS;
  const action = `${ctx.basePath}/c/${view.ref}`;
  return html`<div class="panel">
  <h2>Triage</h2>
  <p>${urgencyBadge(view)} <strong>${SATS_LABEL[view.colour]}</strong>${view.disposition !== null && html` · ${humanise(view.disposition)}`}</p>
  ${view.redFlags.length > 0 && html`<p>${view.redFlags.map((f) => html`<span class="flag">${humanise(f)}</span> `)}</p>`}
  ${view.complaint !== null && html`<blockquote class="complaint">${view.complaint}</blockquote>`}
  ${view.summary !== null && view.summary !== view.complaint && html`<p class="summary">${view.summary}</p>`}
  ${view.reasons.length > 0 && html`<ul class="reasons">${view.reasons.map((r) => html`<li>${r}</li>`)}</ul>`}
  <p class="muted">Conversation state: ${humanise(view.state.toLowerCase())} · language ${view.language}</p>
</div>
<div class="panel">
  <h2>Booking</h2>
  <p>${bookingLabel(view, ctx)}${view.booking !== null && view.booking.serviceName !== null && html` · ${view.booking.serviceName}`}</p>
</div>
<div class="panel">
  <h2>Chat</h2>
  ${
    view.handover === null
      ? html`<p><span class="tag">bot answering</span></p>
  <p class="muted">Take over so the bot stays quiet while you write.</p>
  <form method="post" action="${action}/takeover" data-enhance><input type="hidden" name="csrf" value="${ctx.csrf}"><button type="submit" id="takeover">Take over</button></form>`
      : html`<p><span class="tag tag-staff">staff</span> since ${time(view.handover.since, ctx.timeZone)}; the bot is silent until ${time(view.handover.until, ctx.timeZone)} or until you hand back.</p>
  <form method="post" action="${action}/handback" data-enhance><input type="hidden" name="csrf" value="${ctx.csrf}"><button type="submit" id="handback" class="secondary">Hand back to the bot</button></form>`
  }
  <p class="window ${windowOpen ? 'window-open' : 'window-closed'}" id="window-state">${
    windowOpen
      ? html`24-hour window open until ${dayTime((extras.lastInbound ?? 0) + WINDOW_MS, ctx.timeZone)} (patient wrote ${ago(ctx.now - (extras.lastInbound ?? 0))}).`
      : html`24-hour window closed: a reply goes out as the approved re-engagement template instead of your text; the conversation continues when the patient answers it.`
  }</p>
</div>
<div class="panel">
  <h2>What the patient’s phone shows</h2>
  ${
    extras.deliveries.length === 0
      ? html`<p class="muted">Nothing sent yet.</p>`
      : html`<ul class="deliveries">${extras.deliveries.map(
          (d) => html`<li>${time(d.at, ctx.timeZone)} ${deliveryLabel(d)}</li>`,
        )}</ul>`
  }
</div>`.value;
}

/** The transcript (a live region). A staff message is shown once, not again as the bot's send. */
export function renderTranscriptRegion(view: ConversationView, ctx: PageContext): string {
  const entries = view.transcript.filter((e, i, all) => {
    const before = all[i - 1];
    return !(e.dir === 'out' && before?.dir === 'staff' && before.text === e.text);
  });
  if (entries.length === 0) return html`<p class="empty">No messages.</p>`.value;
  const label = { in: 'Patient', out: 'Bot', staff: 'Staff' } as const;
  return entries
    .map(
      (e) =>
        html`<div class="msg msg-${e.dir}"><div class="msg-who">${label[e.dir]} · ${time(e.at, ctx.timeZone)}</div><div class="msg-text">${e.text}</div></div>`,
    )
    .map((h) => h.value)
    .join('\n');
}

/** One conversation: transcript, status, take over / reply / hand back. */
export function renderConversationPage(
  view: ConversationView,
  extras: ConversationExtras,
  ctx: PageContext,
): string {
  const action = `${ctx.basePath}/c/${view.ref}`;
  const body = html`${topBar(ctx, true)}
<main class="page">
  <div class="page-head"><a href="${ctx.basePath}" class="back">← Queue</a><h1>${urgencyBadge(view)} ${who(view)}</h1></div>
  <div class="conversation">
    <section class="card transcript-card">
      <div id="transcript" class="transcript" data-stick="bottom">${new SafeHtml(renderTranscriptRegion(view, ctx))}</div>
      <form class="reply" method="post" action="${action}/reply" data-enhance>
        <input type="hidden" name="csrf" value="${ctx.csrf}">
        <textarea name="text" id="reply-text" rows="2" maxlength="4096" required placeholder="Write to the patient…"></textarea>
        <button type="submit" id="reply-send">Send</button>
        <p class="form-error" role="alert" hidden></p>
      </form>
    </section>
    <aside id="status" class="status">${new SafeHtml(renderStatusRegion(view, extras, ctx))}</aside>
  </div>
</main>`;
  return layout(ctx, 'Conversation', body, `${action}/live`);
}

import { type ApprovedTemplate, fillTemplate } from '../approved-templates.ts';
import type { GraphApiStandin, StandinMessage } from '../graph-api/graph-api-standin.ts';
import type { SendMessageRequest } from '../graph-api/validate-messages-request.ts';
import type { SimulatedPhone } from './demo-phones.ts';

/** A message's ticks as the simulated phone shows them. */
export type ChatStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** A reply button or list row offered by a clinic message. */
export interface ChatOption {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

/** One bubble in a simulated phone's chat. JSON-serialisable (it is what the page receives). */
export interface ChatItem {
  /** The wamid: Meta's for clinic messages, the one we put in the webhook for the patient's. */
  readonly id: string;
  readonly phoneId: string;
  readonly from: 'patient' | 'clinic';
  /** Unix ms. */
  readonly at: number;
  readonly kind: 'text' | 'buttons' | 'list' | 'image' | 'template' | 'other';
  readonly text: string;
  readonly header?: string;
  readonly footer?: string;
  /** Reply buttons, list rows or template quick replies. */
  readonly options?: readonly ChatOption[];
  /** The label of the button that opens a list. */
  readonly listButton?: string;
  /** The message this one answers (WhatsApp shows it quoted). */
  readonly quote?: { readonly id: string; readonly text: string };
  /** On a shared phone: who typed it (the webhook does not say; WhatsApp cannot know either). */
  readonly typist?: string;
  /** Where the page can show a photo the patient sent. */
  readonly imageUrl?: string;
  status: ChatStatus;
  /** Graph error code of a message that failed. */
  errorCode?: number;
}

/** What the page is told, in order, over the event stream. */
export type HubEvent =
  | { readonly type: 'item'; readonly item: ChatItem }
  | {
      readonly type: 'status';
      readonly phoneId: string;
      readonly id: string;
      readonly status: ChatStatus;
      readonly errorCode?: number;
    }
  | { readonly type: 'typing'; readonly phoneId: string; readonly on: boolean };

/** Options of {@link createSimulatorHub}. */
export interface SimulatorHubOptions {
  readonly graph: GraphApiStandin;
  readonly phones: readonly SimulatedPhone[];
  /** Bubbles kept per phone (oldest dropped first). Default 500. */
  readonly historyLimit?: number;
  /** How long a typing indicator shows without a reply, ms (WhatsApp: up to 25 s). Default 25 000. */
  readonly typingMs?: number;
  readonly now?: () => number;
  /** Approved templates by name: shown with their wording and button labels, as the phone shows them. */
  readonly templates?: Readonly<Record<string, ApprovedTemplate>>;
}

/** The simulated phones' chats, fed by the Graph API stand-in's events; see {@link createSimulatorHub}. */
export interface SimulatorHub {
  readonly phones: readonly SimulatedPhone[];
  phone(id: string): SimulatedPhone | undefined;
  /** The phone's chat, oldest first. */
  history(phoneId: string): readonly ChatItem[];
  /** A clinic or patient message by wamid, with the phone it belongs to. */
  find(phoneId: string, id: string): ChatItem | undefined;
  /** Adds a message the simulated patient just sent (status `sent`) and tells the page. */
  addPatientMessage(item: Omit<ChatItem, 'from' | 'status' | 'at'> & { readonly at?: number }): ChatItem;
  /** Moves a message forward (`delivered` once our webhook said 200, `failed` if it never did). */
  setStatus(phoneId: string, id: string, status: ChatStatus): void;
  /** Clinic messages of the phone the patient has not read yet. */
  unread(phoneId: string): readonly ChatItem[];
  subscribe(listener: (event: HubEvent) => void): () => void;
  /** Stops listening to the stand-in. */
  close(): void;
}

const RANK: Readonly<Record<ChatStatus, number>> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Keeps what each simulated phone shows, from the Graph API stand-in's own events, as a phone would
 * see it: clinic messages when Meta accepts them (`message`), their ticks from the same status changes
 * Meta reports (`status`), and the patient's own ticks turning blue with the typing indicator when the
 * service marks a message read (`read-receipt`). It never reads the service's internals.
 */
export function createSimulatorHub(options: SimulatorHubOptions): SimulatorHub {
  const { graph, phones } = options;
  const now = options.now ?? Date.now;
  const limit = options.historyLimit ?? 500;
  const typingMs = options.typingMs ?? 25_000;
  const chats = new Map<string, ChatItem[]>(phones.map((p) => [p.id, []]));
  const byId = new Map<string, ChatItem>();
  const typing = new Map<string, NodeJS.Timeout>();
  const listeners = new Set<(event: HubEvent) => void>();

  const emit = (event: HubEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // One broken page connection must not stop the others.
      }
    }
  };

  const push = (item: ChatItem) => {
    const chat = chats.get(item.phoneId);
    if (chat === undefined) return;
    chat.push(item);
    byId.set(item.id, item);
    for (const dropped of chat.splice(0, Math.max(0, chat.length - limit))) byId.delete(dropped.id);
    emit({ type: 'item', item });
  };

  const advance = (item: ChatItem, status: ChatStatus, errorCode?: number) => {
    if (RANK[status] <= RANK[item.status]) return;
    item.status = status;
    if (errorCode !== undefined) item.errorCode = errorCode;
    emit({
      type: 'status',
      phoneId: item.phoneId,
      id: item.id,
      status,
      ...(errorCode !== undefined ? { errorCode } : {}),
    });
  };

  const setTyping = (phoneId: string, on: boolean) => {
    const timer = typing.get(phoneId);
    if (timer !== undefined) clearTimeout(timer);
    typing.delete(phoneId);
    if (on) {
      const off = setTimeout(() => setTyping(phoneId, false), typingMs);
      off.unref?.();
      typing.set(phoneId, off);
    }
    if (on || timer !== undefined) emit({ type: 'typing', phoneId, on });
  };

  const phoneOf = (m: StandinMessage): SimulatedPhone | undefined =>
    phones.find(
      (p) =>
        (m.to !== undefined && p.user.waId !== undefined && m.to.replace(/^\+/, '') === p.user.waId) ||
        (m.recipient !== undefined && p.user.userId !== undefined && m.recipient === p.user.userId),
    );

  const unsubscribe = [
    graph.on('message', (m) => {
      const phone = phoneOf(m);
      if (phone === undefined) return;
      setTyping(phone.id, false);
      const quoted = m.body.context === undefined ? undefined : byId.get(m.body.context.message_id);
      push({
        ...renderOutbound(m.body, options.templates ?? {}),
        id: m.wamid,
        phoneId: phone.id,
        from: 'clinic',
        at: m.receivedAt.getTime(),
        status: 'sent',
        ...(quoted !== undefined ? { quote: { id: quoted.id, text: quoted.text } } : {}),
      });
      // Meta may have decided already (the 24-hour rule fails a message right after accepting it).
      if (m.status !== 'accepted' && m.status !== 'sent') {
        const item = byId.get(m.wamid);
        if (item !== undefined) advance(item, m.status, m.failure?.code);
      }
    }),
    graph.on('status', ({ wamid, status, message }) => {
      const item = byId.get(wamid);
      if (item !== undefined) advance(item, status, message.failure?.code);
    }),
    graph.on('read-receipt', ({ messageId, typing: withTyping }) => {
      const item = byId.get(messageId);
      if (item === undefined || item.from !== 'patient') return;
      // Reading a message marks everything before it read too, as on a phone.
      const chat = chats.get(item.phoneId) ?? [];
      for (const earlier of chat) {
        if (earlier.from === 'patient' && earlier.at <= item.at && earlier.status !== 'failed')
          advance(earlier, 'read');
      }
      if (withTyping) setTyping(item.phoneId, true);
    }),
  ];

  return {
    phones,
    phone: (id) => phones.find((p) => p.id === id),
    history: (phoneId) => chats.get(phoneId) ?? [],
    find(phoneId, id) {
      const item = byId.get(id);
      return item?.phoneId === phoneId ? item : undefined;
    },
    addPatientMessage(input) {
      const item: ChatItem = { ...input, from: 'patient', status: 'sent', at: input.at ?? now() };
      push(item);
      return item;
    },
    setStatus(phoneId, id, status) {
      const item = byId.get(id);
      if (item !== undefined && item.phoneId === phoneId) advance(item, status);
    },
    unread: (phoneId) =>
      (chats.get(phoneId) ?? []).filter(
        (i) => i.from === 'clinic' && (i.status === 'sent' || i.status === 'delivered'),
      ),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const off of unsubscribe) off();
      for (const timer of typing.values()) clearTimeout(timer);
      typing.clear();
      listeners.clear();
    },
  };
}

type Rendered = Pick<ChatItem, 'kind' | 'text'> &
  Partial<Pick<ChatItem, 'header' | 'footer' | 'options' | 'listButton'>>;

/** What a phone shows for a Cloud API send request. */
function renderOutbound(
  body: SendMessageRequest,
  templates: Readonly<Record<string, ApprovedTemplate>>,
): Rendered {
  switch (body.type) {
    case 'text':
      return { kind: 'text', text: body.text.body };
    case 'interactive': {
      const i = body.interactive;
      const frame = {
        ...(i.header !== undefined ? { header: i.header.text } : {}),
        ...(i.footer !== undefined ? { footer: i.footer.text } : {}),
      };
      if (i.type === 'button') {
        return {
          kind: 'buttons',
          text: i.body.text,
          ...frame,
          options: i.action.buttons.map((b) => ({ id: b.reply.id, title: b.reply.title })),
        };
      }
      return {
        kind: 'list',
        text: i.body.text,
        ...frame,
        listButton: i.action.button,
        options: i.action.sections.flatMap((s) =>
          s.rows.map((r) => ({
            id: r.id,
            title: r.title,
            ...(r.description !== undefined ? { description: r.description } : {}),
          })),
        ),
      };
    }
    case 'template': {
      // The send carries the name and parameters; the wording is what the clinic had approved.
      const approved = templates[body.template.name];
      const params = (body.template.components ?? []).flatMap((c) =>
        c.type === 'body' ? c.parameters.map((p) => p.text) : [],
      );
      const replies = (body.template.components ?? []).flatMap((c) =>
        c.type === 'button' ? c.parameters.map((p) => ({ index: Number(c.index), payload: p.payload })) : [],
      );
      return {
        kind: 'template',
        text:
          approved === undefined
            ? [body.template.name, ...params].join(' · ')
            : fillTemplate(approved.body, params),
        options: replies.map(({ index, payload }) => ({
          id: payload,
          title: approved?.buttons[index] ?? quickReplyTitle(payload),
        })),
      };
    }
    default:
      return { kind: 'other', text: '' };
  }
}

/**
 * A readable label for a quick-reply payload of a template the simulator has no wording for: the
 * action word, `reengage:continue` → "Continue", `reminder:keep:<appointment id>` → "Keep".
 */
function quickReplyTitle(payload: string): string {
  const parts = payload.split(':');
  const word = (parts.length > 1 ? parts[1] : parts[0]) ?? payload;
  return word.charAt(0).toUpperCase() + word.slice(1).replace(/[_-]/g, ' ');
}

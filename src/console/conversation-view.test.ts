import { describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION } from '../jobs/conversation-envelope.ts';
import { readConversationView, satsColour, sortQueue } from './conversation-view.ts';
import { html } from './html.ts';

const NOW = 1_800_000_000_000;

function envelope(engine: unknown, lastInboundAt = NOW) {
  return {
    envelopeVersion: ENVELOPE_VERSION,
    identity: { key: 'k', waId: '254700000001', profileName: 'Display' },
    language: 'en',
    lastInboundAt,
    transcript: [],
    engine,
  };
}

describe('conversation view', () => {
  it('colours urgency like SATS', () => {
    expect([5, 4, 3, 2, 1, null].map(satsColour)).toEqual([
      'red',
      'orange',
      'yellow',
      'green',
      'green',
      'none',
    ]);
  });

  it('survives an engine state it does not fully understand', () => {
    const view = readConversationView(
      'k',
      envelope({ state: 'SOMETHING_NEW', triage: 'garbled', extra: 1 }),
      NOW,
    );
    expect(view).toMatchObject({
      state: 'SOMETHING_NEW',
      urgency: null,
      colour: 'none',
      profileName: 'Display',
    });
    expect(readConversationView('k', envelope(null), NOW)?.state).toBe('UNKNOWN');
    expect(readConversationView('k', { not: 'an envelope' }, NOW)).toBeNull();
  });

  it('reports a handover only while it lasts', () => {
    const engine = { state: 'HANDOVER', handover: { since: NOW - 10, until: NOW + 10 } };
    expect(readConversationView('k', envelope(engine), NOW)?.handover).not.toBeNull();
    expect(readConversationView('k', envelope(engine), NOW + 20)?.handover).toBeNull();
  });

  it('sorts the most urgent first, untriaged last, staff-held and recent first within a level', () => {
    const v = (ref: string, urgency: number | null, at: number, handover = false) => ({
      ...(readConversationView('k', envelope({ state: 'X' }, at), NOW) as NonNullable<
        ReturnType<typeof readConversationView>
      >),
      ref,
      urgency: urgency as 1 | 2 | 3 | 4 | 5 | null,
      handover: handover ? { since: 0, until: NOW + 1 } : null,
    });
    const sorted = sortQueue([v('a', 2, 5), v('b', null, 9), v('c', 5, 1), v('d', 2, 9), v('e', 2, 1, true)]);
    expect(sorted.map((r) => r.ref)).toEqual(['c', 'e', 'd', 'a', 'b']);
  });
});

describe('html', () => {
  it('escapes interpolations but not nested html', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${['&', html`<br>`]}${undefined}${false}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&amp;<br></p>',
    );
  });
});

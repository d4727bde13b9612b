import { bsuidUser, phoneUser, usernameUser, type WhatsAppUser } from '../graph-api/webhook-builder.ts';

/** What kind of WhatsApp user a simulated phone plays (a key of the simulator's chrome strings). */
export type PhoneKind = 'phone' | 'french' | 'bsuid' | 'family' | 'username';

/** One simulated phone in the simulator's list. */
export interface SimulatedPhone {
  /** Opaque id used in URLs and events: never the number or a name. */
  readonly id: string;
  /** The WhatsApp identity this phone's webhooks carry. */
  readonly user: WhatsAppUser;
  /** Shown in the phone list: the number as a person would write it, or the @username. */
  readonly label: string;
  readonly kind: PhoneKind;
  /** WhatsApp's default avatar: one person, or a group (the shared family phone). */
  readonly avatar: 'person' | 'group';
  /**
   * People who write from this one WhatsApp identity (a shared family phone). The simulator lets you
   * pick who is typing; the webhook is the same either way, exactly as on a real shared phone.
   */
  readonly members?: readonly string[];
}

/**
 * The demo phones: a Kenyan phone-number user, a French-speaking phone, a BSUID-era user who still
 * shares a number, a family phone shared by two people, and a username user whose number WhatsApp
 * hides (no `wa_id`, no `from`). Numbers are in ranges no real subscriber is expected to use in a demo.
 */
export const DEMO_PHONES: readonly SimulatedPhone[] = [
  {
    id: 'phone-1',
    user: phoneUser('254712345678', 'Amina'),
    label: '+254 712 345 678',
    kind: 'phone',
    avatar: 'person',
  },
  {
    id: 'phone-2',
    user: phoneUser('221771234567', 'Fatou'),
    label: '+221 77 123 45 67',
    kind: 'french',
    avatar: 'person',
  },
  {
    id: 'phone-3',
    user: bsuidUser({ userId: 'KE.13491208655302741918', waId: '254722000111', name: 'Joseph' }),
    label: '+254 722 000 111',
    kind: 'bsuid',
    avatar: 'person',
  },
  {
    id: 'phone-4',
    user: phoneUser('254733000222', 'Kamau family'),
    label: '+254 733 000 222',
    kind: 'family',
    avatar: 'group',
    members: ['Wanjiru', 'Otieno'],
  },
  {
    id: 'phone-5',
    user: usernameUser({ userId: 'KE.20417733589100264411', username: 'lulu.k', name: 'Lulu' }),
    label: '@lulu.k',
    kind: 'username',
    avatar: 'person',
  },
];

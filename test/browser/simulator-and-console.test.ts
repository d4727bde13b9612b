import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import Fastify from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '../../src/console/console-plugin.ts';
import { loadCatalogues } from '../../src/i18n/catalogues.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { DEMO_PHONES } from '../../src/sandbox/simulator/demo-phones.ts';
import { pseudonym } from '../../src/shared/hash.ts';
import type { Harness } from '../support/whatsapp-harness.ts';
import {
  ARTIFACTS,
  launchChromium,
  type Prompt,
  Simulator,
  screenshot,
  startUiService,
} from './browser-kit.ts';

const t = createTranslator(loadCatalogues());
const TOKEN = 'browser-test-admin-token';
const EMERGENCY = '112';
/** Polls wait as long as element waits do: the machine may be busy. */
const WAIT = { timeout: 30_000 };
const DOCS = new URL('../../docs/', import.meta.url);
/** A 1×1 PNG. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let h: Harness;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let sim: Simulator;
/** The two screenshots for the README (docs/), taken at the right moment by the tests below. */
const forDocs: { simulator?: string; console?: string } = {};

beforeAll(async () => {
  const started = await startUiService({ ADMIN_TOKEN: TOKEN });
  h = started.h;
  base = started.base;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
  context.setDefaultTimeout(WAIT.timeout);
  page = await context.newPage();
  sim = new Simulator(page);
  await sim.open(base);
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  // The README's screenshots are committed: refreshed on request only, so a test run leaves the tree clean.
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS, { recursive: true });
    if (forDocs.simulator !== undefined)
      await copyFile(forDocs.simulator, new URL('screenshot-simulator.png', DOCS));
    if (forDocs.console !== undefined)
      await copyFile(forDocs.console, new URL('screenshot-console.png', DOCS));
  }
});

const phone = (id: string) => {
  const found = DEMO_PHONES.find((p) => p.id === id);
  if (found === undefined) throw new Error(`no demo phone ${id}`);
  return found;
};

/** Signs in through the console's form (a fresh page in the same browser context). */
async function openConsole(): Promise<Page> {
  const staff = await context.newPage();
  const first = await staff.goto(`${base}/console`);
  expect(first?.status()).toBe(401);
  await staff.locator('#token').fill(TOKEN);
  await Promise.all([staff.waitForURL(`${base}/console`), staff.locator('.login-form button').click()]);
  return staff;
}

describe('the WhatsApp simulator and the staff console in a real browser', () => {
  it('books an appointment by tapping and typing in the simulator, and the booking is in the EHR', async () => {
    const en = (key: string, params?: Record<string, string>) => t.t('en', key, params);
    await sim.pickPhone('phone-1');
    await sim.type('Hello');
    const consent = await sim.nextPrompt(null);
    expect(await sim.row(consent.id).locator('.text').textContent()).toBe(
      en('consent.ask', { clinic: h.runtime.config.clinic.name, number: EMERGENCY }),
    );
    await sim.tap(consent.id, en('consent.yes'));
    await sim.clinicSays(en('identify.ask_name'));
    await sim.type('Amina Otieno');
    await sim.clinicSays(en('identify.ask_dob', { name: 'Amina' }));
    await sim.type('14/03/1985');
    const sex = await sim.nextPrompt(consent.id);
    await sim.tap(sex.id, en('sex.female'));
    const check = await sim.nextPrompt(sex.id);
    await sim.tap(check.id, en('identify.confirm_yes'));
    await sim.clinicSays(en('symptoms.ask'));
    await sim.type('I have had a cough and a fever for three days');

    // Triage questions (yes/no buttons) until the slot list arrives.
    let prompt: Prompt = await sim.nextPrompt(check.id);
    for (let i = 0; i < 10 && prompt.kind !== 'list'; i++) {
      const answer = prompt.options.includes(en('result.self_care_book'))
        ? en('result.self_care_book')
        : en('answer.no');
      expect(prompt.options).toContain(answer);
      await sim.tap(prompt.id, answer);
      prompt = await sim.nextPrompt(prompt.id);
    }
    expect(prompt.kind).toBe('list');
    expect(prompt.options.length).toBeGreaterThan(1);
    await sim.pickFromList(prompt.id, 1);

    const confirm = await sim.nextPrompt(prompt.id);
    expect(await sim.row(confirm.id).locator('.text').textContent()).toContain('Amina Otieno');
    // The patient's answers have been read by the service (blue ticks from its mark-as-read).
    await page.locator('.row.patient').last().locator('.ticks[data-status="read"]').waitFor();
    forDocs.simulator = await screenshot(page, 'a-simulator-mid-conversation');

    await sim.tap(confirm.id, en('confirm.book'));
    const booked = await sim.clinicSays('Your appointment is booked');
    expect(await booked.locator('.text').textContent()).toContain('Amina Otieno');
    await screenshot(page, 'a-simulator-booked');

    // The booking is a real appointment in the (embedded FHIR) EHR.
    const waId = phone('phone-1').user.waId ?? '';
    const patients = await h.ehr.findPatientsByWhatsApp({ key: waId, waId });
    expect(patients.map((p) => p.givenName)).toEqual(['Amina']);
    expect(
      await h.ehr.listUpcomingAppointments(patients[0]?.id ?? '', new Date().toISOString()),
    ).toHaveLength(1);
    // Showing the bot's messages made the phone read them: `read` status webhooks reached /webhook.
    expect(h.graph.statusDeliveries.some((d) => d.status === 'read' && d.httpStatus === 200)).toBe(true);
  });

  it('an emergency message gets the emergency advice with the number, and no booking', async () => {
    const fr = (key: string, params?: Record<string, string>) => t.t('fr', key, params);
    await sim.pickPhone('phone-2');
    await sim.type('Mon fils fait des convulsions et ne se réveille pas');
    const advice = await sim.nextPrompt(null);
    const text = await sim.row(advice.id).locator('.text').textContent();
    expect(text).toBe(fr('emergency.advice', { number: EMERGENCY }));
    expect(text).toContain(EMERGENCY);
    expect(advice.options).toEqual([fr('emergency.choice_safe'), fr('emergency.choice_restart')]);
    await screenshot(page, 'b-simulator-emergency');

    // The turn is committed with the advice: no slot list, no booking, in the chat or the session.
    const waId = phone('phone-2').user.waId ?? '';
    const stored = await h.runtime.store.loadSession(waId);
    expect(stored).not.toBeNull();
    const engine = (stored as { data: { engine: { state: string; booking: unknown; offer: unknown } } }).data
      .engine;
    expect(engine.state).toBe('EMERGENCY');
    expect(engine.booking).toBeNull();
    expect(engine.offer).toBeNull();
    expect(await page.locator('.row.clinic[data-kind="list"]').count()).toBe(0);
  });

  it('staff take over in the console: the bot goes silent, the staff reply reaches the phone, then hand back', async () => {
    const en = (key: string, params?: Record<string, string>) => t.t('en', key, params);
    const lulu = phone('phone-5');
    await sim.pickPhone('phone-5');
    await sim.type('Hello');
    await sim.nextPrompt(null);

    const staff = await openConsole();
    // Today's queue, most urgent first: the emergency (red, 5) above the booking, the new chat last.
    await staff.locator('.queue tbody tr').nth(2).waitFor();
    const colours = await staff
      .locator('.queue tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.className));
    expect(colours[0]).toBe('row-red');
    expect(colours.at(-1)).toBe('row-none');
    await expect.poll(() => staff.locator('.queue tbody tr.row-red .sats').textContent(), WAIT).toBe('5');
    forDocs.console = await screenshot(staff, 'c-console-queue');

    const ref = pseudonym(lulu.user.userId ?? '');
    await staff.locator(`.queue tr[data-ref="${ref}"] a.open`).click();
    await staff.waitForURL(`${base}/console/c/${ref}`);
    await staff.locator('#window-state.window-open').waitFor();
    await staff.locator('#takeover').click();
    await staff.locator('#handback').waitFor();

    // The patient writes while staff hold the chat: the turn is processed (the console shows it) with
    // no answer from the bot in the same committed turn, and none on the phone.
    await sim.type('Is anyone there? I need to talk to a nurse');
    await staff.locator('#transcript .msg-in', { hasText: 'Is anyone there?' }).waitFor();
    expect(await staff.locator('#transcript .msg').last().getAttribute('class')).toContain('msg-in');
    expect(await page.locator('.row[data-from]').last().getAttribute('data-from')).toBe('patient');

    const reply = 'Hello, this is nurse Achieng from the clinic. How can I help you today?';
    await staff.locator('#reply-text').fill(reply);
    await staff.locator('#reply-send').click();
    const received = await sim.clinicSays(reply);
    expect(await received.locator('.text').textContent()).toBe(reply);
    await staff.locator('#transcript .msg-staff', { hasText: 'nurse Achieng' }).waitFor();
    await screenshot(staff, 'c-console-conversation');
    await screenshot(page, 'c-simulator-staff-reply');

    await staff.locator('#handback').click();
    await sim.clinicSays(en('handover.back'));
    await staff.locator('#takeover').waitFor();
    await staff.close();
  });

  it('the console refuses a missing or wrong token with 401', async () => {
    const ref = pseudonym(phone('phone-1').user.waId ?? '');
    for (const headers of [
      {},
      { authorization: 'Bearer not-the-token' },
      { cookie: 'omrs_console=forged' },
    ]) {
      for (const path of ['/console', '/console/live', '/console/api/queue', `/console/c/${ref}`]) {
        const res = await fetch(`${base}${path}`, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      }
      const post = await fetch(`${base}/console/c/${ref}/takeover`, { method: 'POST', headers });
      expect(post.status).toBe(401);
    }
    const ok = await fetch(`${base}/console/api/queue`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    // Conversations are named by pseudonyms only: no phone number or BSUID in the API's answer.
    const body = JSON.stringify(await ok.json());
    for (const p of DEMO_PHONES) {
      for (const id of [p.user.waId, p.user.userId]) if (id !== undefined) expect(body).not.toContain(id);
    }

    // A fresh browser (no cookie): the sign-in page, 401; a wrong token stays out.
    const stranger = await browser.newContext();
    const p = await stranger.newPage();
    expect((await p.goto(`${base}/console/c/${ref}`))?.status()).toBe(401);
    await p.locator('#token').fill('wrong-token-wrong-token');
    const [refused] = await Promise.all([
      p.waitForResponse((r) => r.url() === `${base}/console/login` && r.request().method() === 'POST'),
      p.locator('.login-form button').click(),
    ]);
    expect(refused.status()).toBe(401);
    await p.locator('.error').waitFor();
    await screenshot(p, 'd-console-refused');
    await stranger.close();

    // No ADMIN_TOKEN configured: the console is disabled, 401 for everyone.
    const app = Fastify();
    await app.register(
      consolePlugin({
        token: undefined,
        runtime: () => h.runtime,
        clinic: { name: 'Clinic', timeZone: 'UTC' },
      }),
    );
    for (const authorization of [undefined, 'Bearer ', `Bearer ${TOKEN}`]) {
      const res = await app.inject({
        url: '/console',
        headers: { accept: 'text/html', ...(authorization !== undefined ? { authorization } : {}) },
      });
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('disabled');
    }
    await app.close();
  });

  it('a shared family phone, a BSUID user, a photo and the chrome language switch', async () => {
    const en = (key: string, params?: Record<string, string>) => t.t('en', key, params);
    // Two people on one number: the simulator says who typed, the webhook is the same identity.
    await sim.pickPhone('phone-4');
    await page.locator('#typist-select').selectOption('Otieno');
    await sim.type('Hello');
    await expect
      .poll(() => page.locator('.row.patient .typist-label').last().textContent(), WAIT)
      .toBe('Otieno');
    const consent = await sim.nextPrompt(null);
    expect(consent.options).toContain(en('consent.yes'));

    // A photo: uploaded to the stand-in, sent as an `image` webhook with the media id.
    await mkdir(ARTIFACTS, { recursive: true });
    const photo = new URL('photo.png', ARTIFACTS).pathname;
    await writeFile(photo, TINY_PNG);
    await page.locator('#photo').setInputFiles(photo);
    await page.locator('.row.patient[data-kind="image"] img.photo').waitFor();
    await page.locator('.row.patient[data-kind="image"] .ticks[data-status="read"]').waitFor();
    const familyKey = phone('phone-4').user.waId ?? '';
    await expect
      .poll(async () => JSON.stringify((await h.runtime.store.loadSession(familyKey))?.data ?? null), WAIT)
      .toContain('[image]');
    await screenshot(page, 'e-simulator-family-photo');

    // A BSUID user: the conversation is keyed by the business-scoped id; replies reach the phone.
    await sim.pickPhone('phone-3');
    await sim.type('Hi');
    await sim.nextPrompt(null);
    expect(await h.runtime.store.loadSession(phone('phone-3').user.userId ?? '')).not.toBeNull();

    // The chrome language follows the switch, and stays after a reload (server-rendered).
    await page.locator('#lang').selectOption('fr');
    await expect
      .poll(() => page.locator('#text').getAttribute('placeholder'), WAIT)
      .toBe('Écrire un message');
    await page.reload();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('.phones-title').textContent()).toBe('Téléphones simulés');
    // The chats are still there after the reload (kept by the server, not the page).
    await sim.pickPhone('phone-3');
    await page.locator('.row.clinic').first().waitFor();
    await page.locator('#lang').selectOption('en');
  });

  it('keeps phone numbers and names out of the logs', () => {
    const logs = h.logLines().join('\n');
    for (const p of DEMO_PHONES) {
      if (p.user.waId !== undefined) expect(logs).not.toContain(p.user.waId);
    }
    for (const name of ['Amina', 'Otieno', 'Achieng', 'Lulu']) expect(logs).not.toContain(name);
  });
});

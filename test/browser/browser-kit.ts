import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type Harness, startHarness } from '../support/whatsapp-harness.ts';

/** Where screenshots go (gitignored; CI keeps them as artefacts). */
export const ARTIFACTS = new URL('../artifacts/browser/', import.meta.url);

/** Debian's chromium, headless, with nothing running in the background that could slow a test. */
export function launchChromium(): Promise<Browser> {
  // launch() gives every run a fresh temporary profile (user-data-dir).
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The real service in sandbox mode on a free loopback port, with the simulator and the console. */
export async function startUiService(
  env: Record<string, string> = {},
): Promise<{ h: Harness; base: string; token: string | undefined }> {
  const h = await startHarness(env);
  return { h, base: `http://127.0.0.1:${h.runtime.config.port}`, token: h.consoleToken };
}

/** Saves a full-page screenshot as test/artifacts/browser/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = new URL(`${name}.png`, ARTIFACTS).pathname;
  await page.screenshot({ path });
  return path;
}

/** What a clinic message with choices offers. */
export interface Prompt {
  readonly id: string;
  readonly kind: 'buttons' | 'list' | 'template';
  readonly options: string[];
}

/** Drives the simulator page the way a person would: clicking phones, typing, tapping. */
export class Simulator {
  constructor(readonly page: Page) {}

  async open(base: string): Promise<void> {
    await this.page.goto(`${base}/`);
    await this.page.locator('#phones .phone').first().waitFor();
  }

  async pickPhone(phoneId: string): Promise<void> {
    await this.page.locator(`.phone[data-phone="${phoneId}"]`).click();
    await this.page.locator(`.phone[data-phone="${phoneId}"].active`).waitFor();
  }

  /** Types a message and sends it with Enter; resolves once its bubble is on screen. */
  async type(text: string): Promise<void> {
    const before = await this.page.locator('.row.patient').count();
    await this.page.locator('#text').fill(text);
    await this.page.locator('#text').press('Enter');
    await this.page.locator('.row.patient').nth(before).waitFor();
  }

  /** The latest clinic bubble whose text contains `text` (waits for it). */
  async clinicSays(text: string, timeout = 30_000): Promise<Locator> {
    const row = this.page.locator('.row.clinic', { hasText: text }).last();
    await row.waitFor({ timeout });
    return row;
  }

  /**
   * Waits until the newest clinic message with choices is not `previousId` and returns it: the bot's
   * next question after an answer.
   */
  async nextPrompt(previousId: string | null, timeout = 30_000): Promise<Prompt> {
    const handle = await this.page.waitForFunction(
      (previous) => {
        const rows = Array.from(document.querySelectorAll('.row.clinic')).filter((r) =>
          r.querySelector('.reply-btn, .list-open'),
        );
        const last = rows.at(-1) as HTMLElement | undefined;
        if (last === undefined || last.dataset.id === previous) return null;
        return { id: last.dataset.id, kind: last.dataset.kind };
      },
      previousId,
      { timeout },
    );
    const found = (await handle.jsonValue()) as { id: string; kind: Prompt['kind'] };
    const row = this.row(found.id);
    const options =
      found.kind === 'list'
        ? await this.listOptions(found.id)
        : await row.locator('.reply-btn').allTextContents();
    return { id: found.id, kind: found.kind, options };
  }

  row(id: string): Locator {
    return this.page.locator(`.row[data-id="${id}"]`);
  }

  /** Taps the reply button titled exactly `title` under message `id`. */
  async tap(id: string, title: string): Promise<void> {
    const before = await this.page.locator('.row.patient').count();
    await this.row(id).getByRole('button', { name: title, exact: true }).click();
    await this.page.locator('.row.patient').nth(before).waitFor();
  }

  private async listOptions(id: string): Promise<string[]> {
    await this.row(id).locator('.list-open').click();
    const titles = await this.page.locator('#sheet .sheet-row-title').allTextContents();
    await this.page.locator('#sheet-close').click();
    return titles;
  }

  /** Opens the list of message `id`, picks row number `index` (0-based) and sends it. */
  async pickFromList(id: string, index: number): Promise<void> {
    const before = await this.page.locator('.row.patient').count();
    await this.row(id).locator('.list-open').click();
    await this.page.locator('#sheet .sheet-row').nth(index).click();
    await this.page.locator('#sheet-send').click();
    await this.page.locator('#sheet').waitFor({ state: 'hidden' });
    await this.page.locator('.row.patient').nth(before).waitFor();
  }
}

import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import { loadConfig } from './load-config.ts';

const production = {
  WHATSAPP_ACCESS_TOKEN: 'EAAG-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_APP_SECRET: 'app-secret',
  WHATSAPP_VERIFY_TOKEN: 'verify-me',
  EMERGENCY_NUMBER: '999',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (isAppError(err, 'CONFIG_INVALID')) return (err.details?.problems as string[]) ?? [];
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts in sandbox mode with local defaults when no WhatsApp credentials are given', () => {
    const config = loadConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.redis).toBeUndefined();
    expect(config.whatsapp.appSecret).toBe('sandbox-app-secret');
    expect(config.clinic.emergencyNumber).toBe('112');
    expect(Object.isFrozen(config.whatsapp.templates)).toBe(true);
  });

  it('uses the given credentials and Meta defaults in production mode', () => {
    const config = loadConfig({ ...production, REDIS_URL: 'redis://127.0.0.1:6379', PORT: '8080' });
    expect(config.sandbox).toBe(false);
    expect(config.port).toBe(8080);
    expect(config.redis?.url).toBe('redis://127.0.0.1:6379');
    expect(config.whatsapp.apiBaseUrl).toBe('https://graph.facebook.com');
    expect(config.whatsapp.apiVersion).toBe('v25.0');
    expect(config.clinic.emergencyNumber).toBe('999');
  });

  it('lists every problem at once, by variable name', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'localhost:6379',
      WHATSAPP_API_VERSION: '25',
      CLINIC_TIMEZONE: 'Mars/Olympus',
      DEDUPE_TTL_DAYS: '2',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'PORT',
        'LOG_LEVEL',
        'REDIS_URL',
        'WHATSAPP_API_VERSION',
        'CLINIC_TIMEZONE',
        'DEDUPE_TTL_DAYS',
      ]),
    );
  });

  it('refuses half-configured WhatsApp credentials and a missing emergency number', () => {
    const problems = problemsOf({ WHATSAPP_ACCESS_TOKEN: 'x' });
    expect(problems.join('\n')).toMatch(/WHATSAPP_APP_SECRET: required/);
    expect(problems.join('\n')).toMatch(/WHATSAPP_PHONE_NUMBER_ID: required/);
    expect(problems.join('\n')).toMatch(/EMERGENCY_NUMBER: required/);
  });

  it('parses template language codes and rejects bad ones', () => {
    expect(
      loadConfig({ WHATSAPP_TEMPLATE_LANGUAGES: 'pt:pt_PT,sw:sw' }).whatsapp.templates.languages.pt,
    ).toBe('pt_PT');
    expect(problemsOf({ WHATSAPP_TEMPLATE_LANGUAGES: 'xx:en' })[0]).toMatch(/^WHATSAPP_TEMPLATE_LANGUAGES/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '', WHATSAPP_APP_SECRET: '' }).sandbox).toBe(true);
  });

  it('reads REMINDER_HOURS_BEFORE: 24 by default, 0 turns reminders off, a bad value is named', () => {
    expect(loadConfig({}).reminders.hoursBefore).toBe(24);
    expect(loadConfig({ REMINDER_HOURS_BEFORE: '0' }).reminders.hoursBefore).toBe(0);
    expect(loadConfig({ REMINDER_HOURS_BEFORE: '48' }).reminders.hoursBefore).toBe(48);
    expect(problemsOf({ REMINDER_HOURS_BEFORE: '-1' }).join('\n')).toMatch(/^REMINDER_HOURS_BEFORE:/m);
    expect(problemsOf({ REMINDER_HOURS_BEFORE: 'soon' }).join('\n')).toMatch(/^REMINDER_HOURS_BEFORE:/m);
  });
});

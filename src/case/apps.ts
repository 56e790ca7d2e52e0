/** The apps the advice knows how to talk about ("how to get it" differs per app). */
export type AppId =
  | 'instagram'
  | 'snapchat'
  | 'whatsapp'
  | 'tiktok'
  | 'facebook'
  | 'discord'
  | 'telegram'
  | 'sms'
  | 'email';

const PATTERNS: readonly (readonly [AppId, RegExp])[] = [
  ['instagram', /insta/i],
  ['snapchat', /snap/i],
  ['whatsapp', /whats/i],
  ['tiktok', /tik\s*tok/i],
  ['facebook', /facebook|messenger|\bmeta\b/i],
  ['discord', /discord/i],
  ['telegram', /telegram/i],
  ['sms', /\bsms\b|\bmms\b|texto/i],
  ['email', /e-?mail|courriel|\beml\b/i],
];

/** The app a platform name, an exhibit's app or a chat format names ("Instagram", "sms-backup"…). */
export function detectApp(name: string | undefined): AppId | undefined {
  if (!name) return undefined;
  return PATTERNS.find(([, pattern]) => pattern.test(name))?.[0];
}

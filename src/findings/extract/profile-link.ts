import type { Extractor, TextMatch } from '../../model/findings.js';

/** Profile links of the platforms sextortion goes through; the path is the account. */
const PROFILE_LINKS: readonly { platform: string; pattern: RegExp; canonical: string }[] = [
  {
    platform: 'Instagram',
    pattern: /\b(?:https?:\/\/)?(?:www\.)?instagram\.com\/([A-Za-z0-9_.]{1,30})/g,
    canonical: 'https://instagram.com/',
  },
  {
    platform: 'Snapchat',
    pattern: /\b(?:https?:\/\/)?(?:www\.)?snapchat\.com\/add\/([A-Za-z0-9_.-]{1,30})/g,
    canonical: 'https://snapchat.com/add/',
  },
  {
    platform: 'TikTok',
    pattern: /\b(?:https?:\/\/)?(?:www\.)?tiktok\.com\/@([A-Za-z0-9_.]{1,30})/g,
    canonical: 'https://tiktok.com/@',
  },
  {
    platform: 'Telegram',
    pattern: /\b(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z0-9_]{3,32})/g,
    canonical: 'https://t.me/',
  },
  {
    platform: 'WhatsApp',
    pattern: /\b(?:https?:\/\/)?wa\.me\/\+?(\d{6,15})/g,
    canonical: 'https://wa.me/',
  },
  {
    platform: 'Facebook',
    pattern:
      /\b(?:https?:\/\/)?(?:www\.|m\.)?(?:facebook|fb)\.com\/((?:profile\.php\?id=\d+)|[A-Za-z0-9.]{1,50})/g,
    canonical: 'https://facebook.com/',
  },
];

/** Paths that are pages of the platform, not accounts (instagram.com/reel/…, facebook.com/watch). */
const NOT_ACCOUNTS = new Set([
  'p',
  'reel',
  'reels',
  'stories',
  'explore',
  'tv',
  'accounts',
  'direct',
  'share',
  'sharer',
  'watch',
  'groups',
  'events',
  'marketplace',
  'login',
  'help',
  'privacy',
  'legal',
  'about',
]);

/** Links to a profile (instagram.com/…, snapchat.com/add/…, tiktok.com/@…, t.me/…, wa.me/…, facebook.com/…). */
export const profileLinkExtractor: Extractor = {
  name: 'profile-link',
  mayMatch: (text) => /\.(?:com|me)\//i.test(text),
  extract(text) {
    const matches: TextMatch[] = [];
    for (const { platform, pattern, canonical } of PROFILE_LINKS) {
      for (const match of text.matchAll(pattern)) {
        const account = (match[1] as string).replace(/\.+$/, '');
        if (NOT_ACCOUNTS.has(account.toLowerCase())) continue;
        const value = match[0].slice(
          0,
          match[0].length - ((match[1] as string).length - account.length),
        );
        matches.push({
          kind: 'profile-link',
          value,
          normalized: `${canonical}${platform === 'Facebook' ? account : account.toLowerCase()}`,
          validity: 'unverified',
          start: match.index,
          end: match.index + value.length,
          detail: platform,
        });
      }
    }
    return matches;
  },
};

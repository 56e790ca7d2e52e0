/** Time zones of the places a French case may be in, and the region their phone numbers use. */
const REGION_OF_ZONE: Readonly<Record<string, string>> = {
  'Europe/Paris': 'FR',
  'Europe/Monaco': 'MC',
  'Europe/Brussels': 'BE',
  'Europe/Luxembourg': 'LU',
  'Europe/Zurich': 'CH',
  'Europe/London': 'GB',
  'America/Cayenne': 'GF',
  'America/Martinique': 'MQ',
  'America/Guadeloupe': 'GP',
  'America/St_Barthelemy': 'BL',
  'America/Marigot': 'MF',
  'America/Miquelon': 'PM',
  'Indian/Reunion': 'RE',
  'Indian/Mayotte': 'YT',
  'Pacific/Noumea': 'NC',
  'Pacific/Tahiti': 'PF',
  'Pacific/Wallis': 'WF',
  'America/Montreal': 'CA',
  'America/Toronto': 'CA',
};

/** The region for phone numbers written without +country: the case's zone's, France otherwise. */
export function regionOfTimeZone(timeZone: string): string {
  return REGION_OF_ZONE[timeZone] ?? 'FR';
}

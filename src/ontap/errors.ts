// Why a poll of one endpoint failed: the reasons ontap_scrape_errors_total counts by.

export const ERROR_REASONS = ['timeout', 'connect', 'tls', 'auth', 'http_4xx', 'http_5xx', 'bad_response'] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DriveNotConfigured } from '../../app/_components/drive-export';
import { isPublicRequest } from '../../server/http/session-gate';

// The e2e server always has a (fake) Google configured, so the unconfigured rendering is checked
// here; driveStatus's own answer for that case is in tests/drive/connect.test.ts.
describe('DriveNotConfigured', () => {
  it('tells the person what the administrator must set, and offers nothing to click', () => {
    const html = renderToStaticMarkup(createElement(DriveNotConfigured, { missing: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'] }));
    expect(html).toContain('Export to Google Drive is not set up on this server');
    expect(html).toContain('administrator');
    expect(html).toContain('GOOGLE_CLIENT_ID');
    expect(html).toContain('GOOGLE_CLIENT_SECRET');
    expect(html).not.toMatch(/<button|<a /);
  });

  it('names only the variable still missing', () => {
    const html = renderToStaticMarkup(createElement(DriveNotConfigured, { missing: ['GOOGLE_CLIENT_SECRET'] }));
    expect(html).toContain('GOOGLE_CLIENT_SECRET');
    expect(html).not.toContain('GOOGLE_CLIENT_ID');
  });
});

describe('the session gate and the site icon', () => {
  it('lets a signed-out browser fetch the icon the sign-in page links', () => {
    expect(isPublicRequest('/icon.svg')).toBe(true);
    expect(isPublicRequest('/favicon.ico')).toBe(true);
  });

  it('opens nothing else with it', () => {
    for (const path of ['/icon.svg/settings', '/icons', '/favicon.ico.json', '/settings', '/api/trpc/expert.list']) {
      expect(isPublicRequest(path), path).toBe(false);
    }
  });
});

/**
 * End to end: each of the guideline's documents, in both languages, opened in
 * headless Chromium (test/support/browser.ts). The page must log no errors and
 * load nothing but itself, its stylesheet must set an A4 page, it must print
 * to an A4 PDF of at least one page, and a screenshot of it is saved:
 * test-artifacts/document-<kind>-<locale>.html and .png (and the .pdf).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument, type ComplaintExport, type DocumentKind, type DocumentLocale } from '../src/index.js';
import { ARTIFACTS, launchBrowser, newRecordedPage, saveScreenshot } from './support/browser.js';
import { runStory } from './support/documents.js';

const cases: [DocumentKind, DocumentLocale][] = [
  ['registration', 'zh'],
  ['registration', 'en'],
  ['remedyConfirmation', 'zh'],
  ['remedyConfirmation', 'en'],
  ['followUp', 'zh'],
  ['followUp', 'en'],
];

/** A4 in PDF points (210 × 297 mm); Chromium rounds the media box to its own units. */
const A4 = { width: (210 / 25.4) * 72, height: (297 / 25.4) * 72 };

describe('documents in headless Chromium', () => {
  let browser: Browser;
  let record: ComplaintExport;

  beforeAll(async () => {
    const s = await runStory();
    record = await s.exportOf();
    mkdirSync(ARTIFACTS, { recursive: true });
    // Throws if no Chromium can be launched: this test is never skipped.
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(cases)('%s (%s): renders cleanly, prints to an A4 PDF, leaves a screenshot', async (kind, locale) => {
    const name = `document-${kind}-${locale}`;
    const file = join(ARTIFACTS, `${name}.html`);
    writeFileSync(file, renderDocument(kind, record, { locale, timeZone: 'Asia/Shanghai', currency: 'CNY', organization: locale === 'zh' ? '某某家电有限公司' : 'Acme Home Appliances Ltd' }));
    const url = pathToFileURL(file).href;
    const { page, requests, errors } = await newRecordedPage(browser, { viewport: { width: 900, height: 1200 } });
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok()).toBe(true);

    // The stylesheet was applied: an A4 @page rule, and the form table laid out.
    // (An expression string: the tests are compiled without the DOM library.)
    const pageSizes = (await page.evaluate(
      "[...document.styleSheets].flatMap((s) => [...s.cssRules]).filter((r) => r instanceof CSSPageRule).map((r) => r.style.getPropertyValue('size'))",
    )) as string[];
    expect(pageSizes.map((s) => s.toLowerCase())).toEqual(['a4']);
    const table = await page.locator('table.form').boundingBox();
    expect(table!.width).toBeGreaterThan(600);
    expect(table!.height).toBeGreaterThan(300);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe(
      { registration: { zh: '客户投诉登记表', en: 'Customer complaint registration form' }, remedyConfirmation: { zh: '投诉处理方案确认书', en: 'Confirmation of the complaint resolution' }, followUp: { zh: '客户满意度回访表', en: 'Customer satisfaction follow-up form' } }[kind][locale],
    );

    const pdf = await page.pdf({ format: 'A4' });
    writeFileSync(join(ARTIFACTS, `${name}.pdf`), pdf);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const pages = text.match(/\/Type\s*\/Page(?![a-z])/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThanOrEqual(1);
    for (const [w, h] of boxes) {
      expect(Math.abs(w! - A4.width)).toBeLessThan(1.5);
      expect(Math.abs(h! - A4.height)).toBeLessThan(1.5);
    }

    const png = await saveScreenshot(page, name);
    expect(png).toBe(join(ARTIFACTS, `${name}.png`));
    expect(existsSync(png)).toBe(true);

    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.context().close();
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from '../../setup/browser';

/**
 * Chromium as an agent's browser with a headset: fake microphone and speaker (`--use-fake-device-for-media-stream`,
 * permission granted), the lab's self-signed WSS certificate accepted, loopback ICE allowed (the pjsip lab's
 * README, "WebRTC on loopback"). The page is our built console; nothing of the phone is stubbed.
 */
export interface PhoneBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * What the test reads back from the page without touching the console's code: every RTCPeerConnection the page
 * makes (for getStats), and when the phone bar and the card changed state (a MutationObserver, browser clock =
 * this machine's clock).
 */
const WATCH = `
(() => {
  const lab = window.__lab = { pcs: [], marks: [] };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); lab.pcs.push(this); }
  };
  const last = {};
  const mark = (what, value) => {
    if (value == null || last[what] === value) return;
    last[what] = value;
    lab.marks.push({ what: what + ':' + value, at: Date.now() });
  };
  const look = () => {
    const bar = document.querySelector('[data-test="phone-bar"]');
    mark('registration', bar && bar.getAttribute('data-registration'));
    mark('line', bar && bar.getAttribute('data-line'));
    mark('fault', bar && bar.getAttribute('data-fault'));
    const card = document.querySelector('[data-test="answer-state"]');
    mark('card', card ? card.getAttribute('data-state') : 'none');
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-registration', 'data-line', 'data-fault', 'data-state'] });
  lab.audio = async () => {
    const pc = lab.pcs[lab.pcs.length - 1];
    if (!pc) return null;
    const out = { sent: 0, received: 0, lost: 0, at: Date.now() };
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'audio') out.sent = s.packetsSent;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') { out.received = s.packetsReceived; out.lost = s.packetsLost; }
    });
    return out;
  };
  // Clicks the card's answer and returns when audio flows both ways (browser clock), or null after 10 s.
  lab.answerAndWaitAudio = async (selector) => {
    const clicked = Date.now();
    document.querySelector(selector).click();
    while (Date.now() - clicked < 10000) {
      const a = await lab.audio();
      if (a && a.sent > 0 && a.received > 0) return { clicked, flowing: a.at };
      await new Promise((r) => setTimeout(r, 10));
    }
    return { clicked, flowing: null };
  };
})();
`;

/** `fakeMicrophone: false`: no permission granted, as an agent who refused the microphone prompt. */
export async function launchPhoneBrowser(o: { fakeMicrophone?: boolean } = {}): Promise<PhoneBrowser> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-phone-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--ignore-certificate-errors', ...(o.fakeMicrophone === false ? ['--deny-permission-prompts'] : ['--use-fake-ui-for-media-stream']), '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
    ],
  });
  await context.addInitScript(WATCH);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context, page,
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Mark { what: string; at: number }

export const marks = (page: Page): Promise<Mark[]> => page.evaluate(() => (window as unknown as { __lab: { marks: Mark[] } }).__lab.marks);

/** The first mark `what` at or after `since`, waiting for it. */
export async function markAfter(page: Page, what: string, since: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await marks(page)).find((m) => m.what === what && m.at >= since);
    if (found) return found.at;
    if (Date.now() > deadline) throw new Error(`no ${what} in the browser within ${timeoutMs} ms (marks: ${JSON.stringify((await marks(page)).slice(-8))})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const audio = (page: Page): Promise<{ sent: number; received: number; lost: number } | null> =>
  page.evaluate(() => (window as unknown as { __lab: { audio(): Promise<{ sent: number; received: number; lost: number } | null> } }).__lab.audio());

export const answerAndWaitAudio = (page: Page, selector: string): Promise<{ clicked: number; flowing: number | null }> =>
  page.evaluate((sel) => (window as unknown as { __lab: { answerAndWaitAudio(s: string): Promise<{ clicked: number; flowing: number | null }> } }).__lab.answerAndWaitAudio(sel), selector);

/**
 * Logs in through the console's form and waits for the agent's status bar, whatever the state: an agent whose
 * softphone cannot register is rightly `paused` (no_phone), not `available`.
 */
export async function consoleLogin(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', password);
  await page.click('[data-test=login-submit]');
  await page.waitForSelector('[data-test=status-bar] [data-test=agent-state]');
}

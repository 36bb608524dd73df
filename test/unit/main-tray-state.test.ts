import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_TOOLTIP_LENGTH, trayModel, type TrayInput, type TrayMenuItem } from '../../src/main/tray-state.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const base: TrayInput = {
  gateway: { state: 'running', url: 'http://127.0.0.1:3013', demo: false },
  account: { loggedIn: true, needsLogin: false, email: 'me@example.com' },
  openAtLogin: false,
  now: NOW,
};

function actions(menu: TrayMenuItem[]): string[] {
  return menu.flatMap((item) => (item.kind === 'action' || item.kind === 'checkbox' ? [item.action] : []));
}

describe('tray state', () => {
  test('running and logged in: green, says where and who, offers stop, log out and copy', () => {
    const model = trayModel(base);
    assert.equal(model.icon, 'running');
    assert.equal(model.tooltip, 'Thalamus — running on 127.0.0.1:3013 · me@example.com');
    assert.deepEqual(actions(model.menu), ['open', 'logout', 'copy-env', 'stop', 'toggle-open-at-login', 'quit']);
    assert.deepEqual(model.menu[0], { kind: 'status', label: 'running on 127.0.0.1:3013 · me@example.com' });
    assert.deepEqual(model.menu.find((item) => item.kind === 'action' && item.action === 'copy-env'), {
      kind: 'action',
      action: 'copy-env',
      label: 'Copy Claude Code environment',
      enabled: true,
    });
  });

  test('not logged in: needs-login icon on the demo backend, offers log in', () => {
    const model = trayModel({ ...base, gateway: { ...base.gateway, demo: true }, account: { loggedIn: false, needsLogin: false } });
    assert.equal(model.icon, 'needs-login');
    assert.equal(model.tooltip, 'Thalamus — not logged in: demo backend on 127.0.0.1:3013');
    assert.ok(actions(model.menu).includes('login') && !actions(model.menu).includes('logout'));
  });

  test('a refresh that failed asks to log in again, even with a stored account', () => {
    const model = trayModel({ ...base, account: { loggedIn: true, needsLogin: true, email: 'me@example.com' } });
    assert.equal(model.icon, 'needs-login');
    assert.equal(model.tooltip, 'Thalamus — log in to Cursor again');
    assert.ok(actions(model.menu).includes('login'));
  });

  test('a failed gateway is red whatever the account, with its reason, and offers start', () => {
    const model = trayModel({
      ...base,
      gateway: { state: 'error', demo: false, error: 'Port 3013 is already in use by another program.' },
      account: { loggedIn: false, needsLogin: true },
    });
    assert.equal(model.icon, 'error');
    assert.equal(model.tooltip, 'Thalamus — gateway failed: Port 3013 is already in use by another program.');
    assert.ok(actions(model.menu).includes('start') && !actions(model.menu).includes('stop'));
    const copy = model.menu.find((item) => item.kind === 'action' && item.action === 'copy-env');
    assert.equal(copy?.kind === 'action' && copy.enabled, false, 'nothing to copy without a gateway');
  });

  test('stopped: grey, offers start', () => {
    const model = trayModel({ ...base, gateway: { state: 'stopped', demo: false } });
    assert.equal(model.icon, 'stopped');
    assert.equal(model.tooltip, 'Thalamus — gateway stopped');
    assert.ok(actions(model.menu).includes('start'));
  });

  test('starting: offers stop, not start', () => {
    const model = trayModel({ ...base, gateway: { state: 'starting', demo: false } });
    assert.equal(model.tooltip, 'Thalamus — starting…');
    assert.ok(actions(model.menu).includes('stop') && !actions(model.menu).includes('start'));
  });

  test('a recent failed turn turns the icon red; an old one does not', () => {
    const recent = trayModel({ ...base, lastError: { message: 'Cursor is overloaded right now.', at: new Date(NOW.getTime() - 60_000) } });
    assert.equal(recent.icon, 'error');
    assert.equal(recent.tooltip, 'Thalamus — Cursor is overloaded right now.');
    const old = trayModel({ ...base, lastError: { message: 'Cursor is overloaded right now.', at: new Date(NOW.getTime() - 10 * 60_000) } });
    assert.equal(old.icon, 'running');
  });

  test('open at login is a checkbox with the current setting', () => {
    const item = trayModel({ ...base, openAtLogin: true }).menu.find((entry) => entry.kind === 'checkbox');
    assert.deepEqual(item, { kind: 'checkbox', action: 'toggle-open-at-login', label: 'Open at login', checked: true });
  });

  test('the tooltip fits the Windows limit', () => {
    const model = trayModel({ ...base, gateway: { state: 'error', demo: false, error: 'x'.repeat(500) } });
    assert.equal(model.tooltip.length, MAX_TOOLTIP_LENGTH);
    assert.ok(model.tooltip.endsWith('…'));
  });
});

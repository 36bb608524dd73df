// Importing an existing Cursor login, read-only: cursor-agent's auth.json and the Cursor IDE's
// state.vscdb (generated here with sql.js; one held open in WAL mode by the sqlite3 CLI, as the
// running IDE would), then renewing it against the fake.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import initSqlJs from 'sql.js';
import { startFakeCursor, type FakeCursor } from '../../src/fake-cursor/index.js';
import type { CursorAuthService } from '../../src/proxy/auth/cursor-auth-service.js';
import { cursorAgentFileSource, cursorIdeSource } from '../../src/proxy/auth/login-import.js';
import { FastClock, authOnFake, removeDir, renewalCalls, tempConfigDir } from '../helpers/auth.js';

let fake: FakeCursor;
let dir: string;
let cursorHome: string;
let auth: CursorAuthService | undefined;

before(async () => (fake = await startFakeCursor()));
after(() => fake.close());
beforeEach(async () => {
  dir = await tempConfigDir();
  cursorHome = await tempConfigDir();
});
afterEach(async () => {
  await auth?.close();
  auth = undefined;
  await removeDir(dir);
  await removeDir(cursorHome);
});

/** A state.vscdb shaped like the IDE's: an ItemTable of key/value rows. */
async function writeStateDb(path: string, rows: Record<string, string>): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
  for (const [key, value] of Object.entries({ 'workbench.panel.width': '300', ...rows })) db.run('INSERT INTO ItemTable (key, value) VALUES (?, ?)', [key, value]);
  await writeFile(path, db.export());
  db.close();
}

const hasSqliteCli = spawnSync('sqlite3', ['-version']).status === 0;

/**
 * The sqlite3 CLI holding `path` open in WAL mode with `sql` committed but not checkpointed, as a
 * running IDE does; `close()` ends it (which checkpoints).
 */
async function holdInWalMode(path: string, sql: string): Promise<{ close(): Promise<void> }> {
  const cli = spawn('sqlite3', [path], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  cli.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  cli.stdin.write(`PRAGMA journal_mode=WAL;\nPRAGMA wal_autocheckpoint=0;\n${sql}\n.print held\n`);
  while (!output.includes('held')) await once(cli.stdout, 'data');
  return {
    async close() {
      cli.stdin.end();
      await once(cli, 'exit');
    },
  };
}

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('importing an existing Cursor login', () => {
  it("imports the Cursor IDE's state.vscdb read-only, and renews with its refresh token", async () => {
    const dbPath = join(cursorHome, 'state.vscdb');
    const tokens = fake.auth.issueTokens({ email: 'ide@example.com', ttlSeconds: 60 });
    await writeStateDb(dbPath, {
      'cursorAuth/accessToken': tokens.accessToken,
      'cursorAuth/refreshToken': tokens.refreshToken,
      'cursorAuth/cachedEmail': 'ide@example.com',
    });
    const before = await sha256(dbPath);
    auth = await authOnFake(fake, dir, { clock: new FastClock(), importSources: [cursorAgentFileSource(join(cursorHome, 'missing.json')), cursorIdeSource(dbPath)] });

    const account = await auth.importExisting();
    assert.deepEqual([account.method, account.email, account.loggedIn], ['import-cursor-ide', 'ide@example.com', true]);
    assert.equal(await sha256(dbPath), before, 'the IDE database is not modified');
    const renewed = await auth.getAccessToken();
    assert.notEqual(renewed, tokens.accessToken);
    assert.deepEqual(renewalCalls(fake).at(-1), { path: '/auth/exchange_user_api_key', status: 200, credential: 'refresh-token' });
  });

  it('reads the newest login from a state.vscdb the running IDE holds in WAL mode', { skip: !hasSqliteCli && 'needs the sqlite3 CLI (apt: sqlite3)' }, async () => {
    const dbPath = join(cursorHome, 'state.vscdb');
    const stale = fake.auth.issueTokens({ email: 'ide@example.com' });
    const fresh = fake.auth.issueTokens({ email: 'ide@example.com' });
    await writeStateDb(dbPath, { 'cursorAuth/accessToken': stale.accessToken, 'cursorAuth/refreshToken': stale.refreshToken });
    const ide = await holdInWalMode(
      dbPath,
      `UPDATE ItemTable SET value = '${fresh.accessToken}' WHERE key = 'cursorAuth/accessToken';` +
        `UPDATE ItemTable SET value = '${fresh.refreshToken}' WHERE key = 'cursorAuth/refreshToken';`,
    );
    try {
      const files = [dbPath, `${dbPath}-wal`];
      const before = await Promise.all(files.map(sha256));
      const login = await cursorIdeSource(dbPath).read();
      assert.deepEqual([login?.accessToken, login?.refreshToken], [fresh.accessToken, fresh.refreshToken]);
      assert.deepEqual(await Promise.all(files.map(sha256)), before, 'neither the database nor its log is modified');
    } finally {
      await ide.close();
    }
  });

  it("imports cursor-agent's auth.json first, and exchanges an API key found there", async () => {
    const agentFile = join(cursorHome, 'cursor', 'auth.json');
    await mkdir(join(cursorHome, 'cursor'));
    fake.auth.addApiKey('key_agent_1', { email: 'agent@example.com' });
    await writeFile(agentFile, JSON.stringify({ apiKey: 'key_agent_1' }));
    const dbPath = join(cursorHome, 'state.vscdb');
    await writeStateDb(dbPath, { 'cursorAuth/accessToken': fake.auth.issueTokens().accessToken });
    auth = await authOnFake(fake, dir, { importSources: [cursorAgentFileSource(agentFile), cursorIdeSource(dbPath)] });

    const account = await auth.importExisting();
    assert.deepEqual([account.method, account.email], ['import-cursor-agent', 'agent@example.com']);
    assert.equal(renewalCalls(fake).at(-1)?.credential, 'api-key');
  });

  it('imports an auth.json with access and refresh tokens as they are', async () => {
    const agentFile = join(cursorHome, 'auth.json');
    const tokens = fake.auth.issueTokens({ email: 'file@example.com' });
    await writeFile(agentFile, JSON.stringify(tokens));
    auth = await authOnFake(fake, dir, { importSources: [cursorAgentFileSource(agentFile)] });
    assert.equal((await auth.importExisting()).email, 'file@example.com');
    assert.equal(await auth.getAccessToken(), tokens.accessToken);
  });

  it('says where it looked when there is nothing usable', async () => {
    const agentFile = join(cursorHome, 'auth.json');
    await writeFile(agentFile, JSON.stringify({ accessToken: fake.auth.issueTokens({ ttlSeconds: -60 }).accessToken }));
    const emptyDb = join(cursorHome, 'state.vscdb');
    await writeStateDb(emptyDb, {});
    auth = await authOnFake(fake, dir, {
      importSources: [cursorAgentFileSource(agentFile), cursorIdeSource(emptyDb), cursorIdeSource(join(cursorHome, 'none.vscdb'))],
    });
    await assert.rejects(auth.importExisting(), (error: Error) => {
      assert.match(error.message, /No Cursor login could be imported/);
      assert.match(error.message, /auth\.json: its access token has expired and it has no refresh token/);
      assert.match(error.message, /state\.vscdb: not found/);
      assert.match(error.message, /none\.vscdb: not found/);
      return true;
    });
    assert.equal(auth.account().loggedIn, false);
  });
});

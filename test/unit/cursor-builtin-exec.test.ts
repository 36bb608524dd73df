import { create } from '@bufbuild/protobuf';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExecServerMessageSchema } from '../../src/gen/agent/v1/exec_pb.js';
import { refuseBuiltinExec } from '../../src/proxy/cursor/builtin-exec.js';

const cases = (exec: ReturnType<typeof refuseBuiltinExec>) => exec.messages.map((m) => m.message.case);

describe('refuseBuiltinExec', () => {
  it('answers read with ReadResult.rejected, then stream_close', () => {
    const refusal = refuseBuiltinExec(
      create(ExecServerMessageSchema, { id: 5, execId: 'x', message: { case: 'readArgs', value: { path: '/etc/passwd' } } }),
      'use Read',
    );
    assert.equal(refusal.tool, 'read');
    assert.deepEqual(cases(refusal), ['execClientMessage', 'execClientControlMessage']);
    const [result, close] = refusal.messages;
    assert.ok(result.message.case === 'execClientMessage');
    assert.equal(result.message.value.id, 5);
    assert.equal(result.message.value.execId, 'x');
    const read = result.message.value.message;
    assert.ok(read.case === 'readResult' && read.value.result.case === 'rejected');
    assert.deepEqual([read.value.result.value.path, read.value.result.value.reason], ['/etc/passwd', 'use Read']);
    assert.ok(close.message.case === 'execClientControlMessage' && close.message.value.message.case === 'streamClose');
    assert.equal(close.message.value.message.value.id, 5);
  });

  it('throws for execs with no typed rejection, with no stream_close after', () => {
    for (const kind of ['fetchArgs', 'recordScreenArgs', 'computerUseArgs', 'listMcpResourcesExecArgs'] as const) {
      const refusal = refuseBuiltinExec(create(ExecServerMessageSchema, { id: 9, message: { case: kind, value: {} } }), 'no');
      assert.deepEqual(cases(refusal), ['execClientControlMessage']);
      const control = refusal.messages[0].message;
      assert.ok(control.case === 'execClientControlMessage' && control.value.message.case === 'throw');
      assert.deepEqual([control.value.message.value.id, control.value.message.value.error], [9, 'no']);
    }
  });

  it('throws for an exec kind this proto does not know (a newer server)', () => {
    const refusal = refuseBuiltinExec(create(ExecServerMessageSchema, { id: 3 }), 'no');
    assert.equal(refusal.tool, 'unknown');
    assert.deepEqual(cases(refusal), ['execClientControlMessage']);
  });

  it('is not used for client tools or the request context', () => {
    assert.throws(() => refuseBuiltinExec(create(ExecServerMessageSchema, { message: { case: 'mcpArgs', value: {} } }), 'no'));
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { RunningService, startService } from '../support/service';

const spec = JSON.parse(readFileSync(resolve(__dirname, '../../../openapi/openapi.json'), 'utf8'));
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, any>).map(([method, operation]) => ({ path, method, operation })),
);

describe('the documented contract', () => {
  let db: TestDatabase;
  let service: RunningService;

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ role: 'api', env: db.env });
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  test('Swagger UI is served at /docs, with the same document the repository holds', async () => {
    const page = await fetch(`${service.url}/docs`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /swagger-ui/i);
    const served = await (await fetch(`${service.url}/docs/openapi.json`)).json();
    assert.deepEqual(Object.keys((served as typeof spec).paths).sort(), Object.keys(spec.paths).sort());
  });

  test('no parameter has an example value, which Swagger UI would send; examples are in the descriptions', () => {
    for (const { path, method, operation } of operations) {
      for (const parameter of (operation.parameters ?? []) as Record<string, any>[]) {
        const where = `${method.toUpperCase()} ${path} ${parameter.name}`;
        assert.equal(parameter.example, undefined, where);
        assert.equal(parameter.examples, undefined, where);
        assert.equal(parameter.schema?.example, undefined, where);
        assert.equal(parameter.schema?.default, undefined, where);
      }
    }
    const submit = spec.paths['/client/{cid}/process/audio'].post.parameters as Record<string, any>[];
    assert.match(submit.find((p) => p.name === 'agentId')?.description, /Example: agent-042$/);
    assert.doesNotMatch(JSON.stringify(submit.find((p) => p.name === 'Idempotency-Key')), /example/i);
  });

  test('every operation has an id, a summary, an example success and its error responses', () => {
    assert.equal(operations.length, 22, 'the seven of the contract, the timeline (by token and by signed link), the two health probes, the history, delete, cancel and reprocess, and the seven of webhooks');
    // Swagger UI draws a binary image/* answer as a picture, not as source text.
    for (const id of ['getProcessTimeline', 'getSignedTimeline']) {
      const { operation } = operations.find((o) => o.operation.operationId === id)!;
      assert.deepEqual(operation.responses['200'].content, { 'image/svg+xml': { schema: { type: 'string', format: 'binary' } } }, id);
    }
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(operation.operationId, `${where} has an operationId`);
      assert.ok(operation.summary, `${where} has a summary`);
      const successes = Object.keys(operation.responses).filter((code) => code.startsWith('2'));
      assert.equal(successes.length, 1, `${where} documents its success`);
      const errors = Object.keys(operation.responses).filter((code) => !code.startsWith('2'));
      assert.ok(errors.length > 0, `${where} documents its errors`);
      for (const code of errors) {
        const content = operation.responses[code].content?.['application/json'];
        assert.ok(content?.example || content?.schema, `${where} ${code} has a body`);
      }
      if (path.startsWith('/client/')) assert.deepEqual(operation.security, [{ 'X-Auth-Token': [] }], `${where} declares X-Auth-Token`);
    }
  });

  test('the upload is a multipart binary field named file, and the 503 body is the exact one', () => {
    const submit = spec.paths['/client/{cid}/process/audio'].post;
    const body = submit.requestBody.content['multipart/form-data'].schema;
    assert.deepEqual(body.required, ['file']);
    assert.equal(body.properties.file.format, 'binary');
    assert.equal(submit.responses['503'].content['application/json'].example.message, 'The service is not available at the moment. Please try again later.');
    assert.equal(spec.components.securitySchemes['X-Auth-Token'].in, 'header');
  });
});

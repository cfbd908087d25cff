import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { WalletError, serializeError } from '../../lib/errors';
import { MAX_FRAME_BYTES } from '../../lib/wire';
import { TssError, httpStatus } from './errors';
import type { TssNode } from './node';
import { wantsRecords } from './sse';

const hexString = { type: 'string', pattern: '^0x([0-9a-f]{2})*$', maxLength: 2_100_000 } as const;

const envelopeBody = {
  type: 'object',
  additionalProperties: false,
  required: [
    'version',
    'senderAccount',
    'senderX25519',
    'recipientX25519',
    'nonce',
    'ciphertext',
    'signature',
  ],
  properties: {
    version: { type: 'integer' },
    senderAccount: hexString,
    senderX25519: hexString,
    recipientX25519: hexString,
    nonce: hexString,
    ciphertext: hexString,
    signature: hexString,
  },
} as const;

const subscribeBody = {
  type: 'object',
  additionalProperties: false,
  // `signature` or `mac`, exactly one: lib/wire's strict decoding refuses both or neither.
  required: ['partyId', 'sessionId', 'account', 'timestamp'],
  properties: {
    partyId: { type: 'string', minLength: 1, maxLength: 64 },
    sessionId: hexString,
    account: hexString,
    timestamp: { type: 'integer', minimum: 0 },
    signature: hexString,
    mac: hexString,
  },
} as const;

const signatureBody = {
  type: 'object',
  additionalProperties: false,
  required: ['message', 'account'],
  properties: {
    message: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
    account: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
    blockNumber: { type: 'integer', minimum: 0, maximum: 4_294_967_295 },
  },
} as const;

function errorBody(error: WalletError | { name: string; code: string; message: string }) {
  return { error: error instanceof WalletError ? serializeError(error) : error };
}

/**
 * The HTTP face of a `TssNode` (routes of docs/tss.md). Every JSON body is checked against its schema
 * (strictly: no coercion, no unknown fields) before the node sees it; every refusal is a 4xx with a
 * typed error body, and nothing a client sends can stop the server.
 */
export function buildServer(node: TssNode, health: () => Record<string, unknown>): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 4 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) {
      return reply
        .code(400)
        .send(
          errorBody({ name: 'TssError', code: 'BAD_REQUEST', message: `Invalid request: ${error.message}` }),
        );
    }
    if (error instanceof WalletError) {
      const status = httpStatus(error);
      if (status >= 500) console.error(`internal error: ${error.message}`);
      return reply.code(status).send(errorBody(error));
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) console.error(`internal error: ${error.message}`);
    return reply.code(status).send(
      errorBody({
        name: 'TssError',
        code: status >= 500 ? 'INTERNAL' : 'BAD_REQUEST',
        message: status >= 500 ? 'Internal error' : error.message,
      }),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(
      errorBody({
        name: 'TssError',
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${request.url}`,
      }),
    ),
  );

  app.get('/health', async () => health());

  app.post('/user/new', { schema: { body: envelopeBody } }, async (request) => {
    await node.userNew(request.body);
    return { accepted: true };
  });

  app.post('/user/tx', { schema: { body: envelopeBody } }, async (request) => node.userTx(request.body));

  app.post('/validator/replicate_share', { schema: { body: envelopeBody } }, async (request) => {
    await node.replicateShare(request.body);
    return { stored: true };
  });

  app.post('/signer/ot_setup', { schema: { body: envelopeBody } }, async (request) => {
    await node.otSetup(request.body);
    return { accepted: true };
  });

  app.post('/signer/new_party', async (request, reply) => {
    if (!(request.body instanceof Uint8Array)) {
      throw new TssError('The body must be a SCALE OCWMessage sent as application/octet-stream');
    }
    const sessions = await node.newParty(request.body);
    return sessions === 0 ? reply.code(204).send() : reply.code(200).send({ sessions });
  });

  app.post('/signer/subscribe_to_me', { schema: { body: subscribeBody } }, async (request, reply) => {
    const attach = await node.subscribe(request.body);
    reply.hijack();
    attach(reply.raw, wantsRecords(request.headers.accept));
  });

  app.post('/signer/message', { bodyLimit: MAX_FRAME_BYTES }, async (request) => {
    if (!(request.body instanceof Uint8Array)) {
      throw new TssError('The body must be a protocol frame sent as application/octet-stream');
    }
    const body = request.body;
    await node.message(new Uint8Array(body.buffer, body.byteOffset, body.length));
    return { accepted: true };
  });

  app.post('/signer/signature', { schema: { body: signatureBody } }, async (request, reply) => {
    const result = await node.signature(request.body);
    if (!result) {
      return reply.code(404).send(
        errorBody({
          name: 'TssError',
          code: 'NOT_FOUND',
          message: 'No signature of this account for this hash (yet)',
        }),
      );
    }
    if (result.status === 'failed') {
      const error = new TssError(`Signing failed: ${result.failure.reason}`, {
        code: 'SESSION_FAILED',
        details: { failure: result.failure },
      });
      return reply.code(409).send(errorBody(error));
    }
    return reply.code(202).type('text/plain').send(result.signature);
  });

  return app;
}

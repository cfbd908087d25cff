import { describe, expect, it } from 'vitest';
import { deserializeError, registerError, serializeError, WalletError } from './index';

class ConstraintViolation extends WalletError {
  constructor(message: string, options: { code?: 'CONSTRAINT'; details?: Record<string, unknown> } = {}) {
    super(message, { code: 'CONSTRAINT', ...options });
  }
}
registerError(ConstraintViolation);

describe('typed errors across a boundary', () => {
  it('rebuild the registered class with its code and details', () => {
    const sent = new ConstraintViolation('recipient is denied', { details: { validator: 'group-0' } });
    const received = deserializeError(JSON.parse(JSON.stringify(serializeError(sent))));
    expect(received).toBeInstanceOf(ConstraintViolation);
    expect(received).toMatchObject({
      code: 'CONSTRAINT',
      message: 'recipient is denied',
      details: { validator: 'group-0' },
    });
  });

  it('turn foreign exceptions into INTERNAL wallet errors', () => {
    expect(serializeError(new RangeError('x'))).toEqual({
      name: 'WalletError',
      code: 'INTERNAL',
      message: 'x',
    });
    expect(serializeError('plain')).toEqual({ name: 'WalletError', code: 'INTERNAL', message: 'plain' });
  });

  it('fall back to WalletError for unknown names and malformed values', () => {
    const unknown = deserializeError({ name: 'Nope', code: 'X', message: 'm' });
    expect(unknown.constructor).toBe(WalletError);
    expect(unknown.code).toBe('X');
    expect(deserializeError(42).message).toBe('Malformed error');
  });
});

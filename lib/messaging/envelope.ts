import { type SerializedError } from '../errors';
import { InvalidRequest } from './errors';

/** A request crossing any boundary: page → content → background, or popup → background. */
export interface RequestEnvelope {
  id: string;
  method: string;
  params?: unknown;
}

/** The single answer to a request. */
export type ResponseEnvelope = { id: string; result: unknown } | { id: string; error: SerializedError };

/** A pushed event on a subscription the request `id` opened. */
export interface EventEnvelope {
  id: string;
  event: unknown;
}

export type ServerEnvelope = ResponseEnvelope | EventEnvelope;

const MAX_ID_LENGTH = 64;
const MAX_METHOD_LENGTH = 64;

/** Strict check of an incoming request envelope; anything else is an `InvalidRequest`. */
export function parseRequestEnvelope(value: unknown): RequestEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequest('A request must be an object');
  }
  const { id, method, params } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new InvalidRequest('A request needs a string id of 1 to 64 characters');
  }
  if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
    throw new InvalidRequest('A request needs a method name', { details: { id } });
  }
  return { id, method, params };
}

export function isResponse(envelope: ServerEnvelope): envelope is ResponseEnvelope {
  return 'result' in envelope || 'error' in envelope;
}

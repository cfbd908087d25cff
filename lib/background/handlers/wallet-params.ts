import { InvalidRequest } from '../../messaging/errors';

/** The popup's params as an object; anything else is an `InvalidRequest`. */
export function paramsObject(params: unknown): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidRequest('Parameters must be an object');
  }
  return params as Record<string, unknown>;
}

export function stringParam(params: unknown, field: string, maxLength = 4096): string {
  const value = paramsObject(params)[field];
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new InvalidRequest(`"${field}" must be a string of at most ${maxLength} characters`, {
      details: { field },
    });
  }
  return value;
}

import type { ApiErrorCode, ApiErrorData, ApiIssue } from '../../common/api-contract';

/** An error a handler means to show to the renderer; anything else becomes a generic 'internal' error. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { status?: number; issues?: ApiIssue[] } = {},
  ) {
    super(message);
  }

  toData(): ApiErrorData {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

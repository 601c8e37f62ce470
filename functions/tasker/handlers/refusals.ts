import { HttpError } from '../../shared/http/errors';
import { Refusal, type RefusalKind } from '../domain/refusal';

const STATUS: Record<RefusalKind, number> = {
  malformed: 400,
  invalid: 422,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

/** Runs a use case and turns its refusals into HTTP errors; anything else stays a 500. */
export async function answering<T>(useCase: () => Promise<T>): Promise<T> {
  try {
    return await useCase();
  } catch (error) {
    if (error instanceof Refusal)
      throw new HttpError(STATUS[error.kind], error.code, error.message);
    throw error;
  }
}

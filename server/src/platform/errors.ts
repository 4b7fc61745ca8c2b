/**
 * Domain error classes. They know nothing of HTTP: the error middleware maps each class to a status
 * through one table (platform/http/error-middleware.ts). Every error carries a stable code
 * (SCREAMING_SNAKE) and a message in Chinese that names what and which id was wrong. The code is one
 * declared in shared/src/<cap>/<cap>.errors.ts (ErrorCode): a throw site cannot invent one.
 */
import type { ErrorCode } from '@shared/error-codes';

export type { ErrorCode };
export type ErrorDetails = Record<string, unknown> | Array<Record<string, unknown>>;

export abstract class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: ErrorDetails) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that does not parse or breaks a rule about the input itself (400). */
export class ValidationError extends DomainError {}
/** Not signed in, token expired or revoked (401). */
export class UnauthenticatedError extends DomainError {}
/** Signed in but the role does not allow the action (403). */
export class ForbiddenError extends DomainError {}
/** Missing, or outside the caller's data scope: both answer the same (404). */
export class NotFoundError extends DomainError {}
/** The state of a record forbids the action: approve twice, overlapping booking (409). */
export class ConflictError extends DomainError {}
/** Too many requests in a window (429). */
export class RateLimitedError extends DomainError {}
/** An outside system (WeChat, a terminal, the supervision platform) failed or timed out (502/504). */
export class UpstreamError extends DomainError {}
export class UpstreamTimeoutError extends DomainError {}
/** Service cannot serve right now (503), e.g. a dependency is down. */
export class UnavailableError extends DomainError {}

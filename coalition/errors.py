"""One exception root for the whole package.

    CoalitionError (500)
    ├── UsageError (400)          a caller asked for something malformed
    ├── UnauthorizedError (401)   no credentials, or expired or unknown ones
    ├── ForbiddenError (403)      valid credentials that do not permit the request
    ├── NotFoundError (404)       a reference, list or edition that is not there
    ├── ConflictError (409)       the request contradicts what is stored
    ├── PayloadTooLargeError (413) a request body over the configured limit
    ├── RateLimitedError (429)    too many requests for one token; retry after `retry_after` s
    └── InputError (422)          a file or record could not be read
        ├── HostileInputError     refused on purpose: entity expansion, external entities, huge fields
        └── FormatError           no importer recognises the file, or the forced one does not fit

Every error carries an HTTP status so that the API maps them in one place, and a
message that names the file, record or value and says how to fix it.
"""

from __future__ import annotations


class CoalitionError(Exception):
    status = 500

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(CoalitionError):
    status = 400


class UnauthorizedError(CoalitionError):
    status = 401


class ForbiddenError(CoalitionError):
    status = 403


class NotFoundError(CoalitionError):
    status = 404


class ConflictError(CoalitionError):
    status = 409


class PayloadTooLargeError(CoalitionError):
    status = 413


class RateLimitedError(CoalitionError):
    status = 429

    def __init__(self, message: str, *, retry_after: float = 1.0,
                 where: str | None = None) -> None:
        super().__init__(message, where=where)
        self.retry_after = retry_after


class InputError(CoalitionError):
    status = 422


class HostileInputError(InputError):
    pass


class FormatError(InputError):
    pass


# Other names the API layer uses for the same errors.
AuthenticationError = UnauthorizedError
PermissionDenied = ForbiddenError
RateLimited = RateLimitedError
PayloadTooLarge = PayloadTooLargeError

// http_error.h: the one place where a Status becomes an HTTP status and a JSON error body.
//
// Every error the API returns, from a handler, the router or the authorisation check, goes
// through HttpStatusFor and ErrorBody, so clients see one shape:
//   {"error": {"code": "not_found", "message": "camera gate does not exist"}}
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace custos::api {

// NotFound 404, InvalidArgument 400, PermissionDenied 403, Unauthenticated 401,
// FailedPrecondition and AlreadyExists 409, OutOfRange 416 (only unsatisfiable byte
// ranges produce it in the API), ResourceExhausted and Unavailable 503, anything else 500.
int HttpStatusFor(StatusCode code);
// The stable, lower-case code clients may switch on: "not_found", "invalid_argument", ...
std::string_view ErrorCode(StatusCode code);
// The JSON body for `status`. Internal errors keep their message out of the body (it may
// name files or SQL); it goes to the log instead.
std::string ErrorBody(const Status& status);
// The body for an error the router raises without a Status code of its own (405).
std::string ErrorBody(std::string_view code, std::string_view message);

}  // namespace custos::api

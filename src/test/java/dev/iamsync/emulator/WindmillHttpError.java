package dev.iamsync.emulator;

/**
 * Unwinds a route with a finished non-2xx answer, the way Windmill's handlers return {@code Err(Error)}.
 * It carries no message and no stack trace: it is control flow inside the emulator, never reported.
 */
final class WindmillHttpError extends RuntimeException {

    private final WindmillResponse response;

    WindmillHttpError(WindmillResponse response) {
        super(null, null, false, false);
        this.response = response;
    }

    WindmillResponse response() {
        return response;
    }

    static WindmillHttpError badRequest(String message) {
        return new WindmillHttpError(WindmillResponse.error(400, "Bad request", message));
    }

    static WindmillHttpError notFound(String message) {
        return new WindmillHttpError(WindmillResponse.error(404, "Not found", message));
    }

    static WindmillHttpError notAuthorized(String message) {
        return new WindmillHttpError(WindmillResponse.error(401, "Not authorized", message));
    }

    static WindmillHttpError internal(String message) {
        return new WindmillHttpError(WindmillResponse.error(500, "Internal", message));
    }

    /** A PostgreSQL error surfaced through sqlx, which Windmill maps to 400. */
    static WindmillHttpError database(String postgresMessage) {
        return new WindmillHttpError(
                WindmillResponse.error(400, "Sql error", "error returned from database: " + postgresMessage));
    }

    /** One of axum's extractor rejections (JSON body, query string): plain text, no Windmill prefix. */
    static WindmillHttpError rejection(int status, String message) {
        return new WindmillHttpError(WindmillResponse.text(status, message));
    }
}

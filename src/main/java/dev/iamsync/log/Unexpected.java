package dev.iamsync.log;

import java.util.Arrays;

/**
 * Describes an exception nobody planned for without its message, which may quote anything (a header with the
 * token, a response body): its type and the first place in our code it passed through are enough to find it.
 */
public final class Unexpected {
    private static final String OUR_PACKAGE = "dev.iamsync.";

    private Unexpected() {
    }

    public static String describe(Throwable e) {
        StackTraceElement where = Arrays.stream(e.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith(OUR_PACKAGE))
                .findFirst()
                .orElse(e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null);
        return "unexpected " + e.getClass().getName() + (where == null ? "" : " at " + where)
                + " (message withheld: it could quote a secret)";
    }
}

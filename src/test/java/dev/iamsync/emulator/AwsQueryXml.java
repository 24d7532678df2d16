package dev.iamsync.emulator;

/** Builds AWS query-protocol XML: action responses and {@code ErrorResponse} documents. */
final class AwsQueryXml {
    static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private AwsQueryXml() {
    }

    /** Wraps an action's result elements: {@code <XResponse><XResult>..</XResult><ResponseMetadata>..}. */
    static String response(String namespace, String action, String resultElements, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<" + action + "Response xmlns=\"" + namespace + "\">"
                + "<" + action + "Result>" + resultElements + "</" + action + "Result>"
                + "<ResponseMetadata>" + element("RequestId", requestId) + "</ResponseMetadata>"
                + "</" + action + "Response>\n";
    }

    static String error(String namespace, AwsServiceException error, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ErrorResponse xmlns=\"" + namespace + "\"><Error>"
                + element("Type", error.faultType())
                + element("Code", error.errorCode())
                + element("Message", error.getMessage())
                + "</Error>" + element("RequestId", requestId) + "</ErrorResponse>\n";
    }

    static String element(String name, Object value) {
        return "<" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

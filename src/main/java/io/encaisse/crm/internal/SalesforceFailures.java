package io.encaisse.crm.internal;

import java.util.stream.Collectors;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/** Which Salesforce failures a retry can fix. */
final class SalesforceFailures {

    private SalesforceFailures() {
    }

    /**
     * Permanent: a 4xx answer about this request (INVALID_FIELD, JSON_PARSER_ERROR, NOT_FOUND for an unknown
     * external id field, STRING_TOO_LONG, ...): sending the same payload again gives the same answer.
     * Transient: no answer at all (status 0: I/O, timeout), 5xx, and the 4xx that are about the moment or the
     * session rather than the payload: 401 (the component already renewed the session once; wrong credentials hold
     * every customer back alike, and pushes resume once they are fixed), 408, 429 and 403 REQUEST_LIMIT_EXCEEDED
     * (the org's API allocation, restored over the day).
     */
    static boolean isPermanent(Throwable failure) {
        if (!(failure instanceof SalesforceException e)) {
            return false;
        }
        int status = e.getStatusCode();
        if (status < 400 || status >= 500) {
            return false;
        }
        if (status == 401 || status == 408 || status == 429) {
            return false;
        }
        return !(status == 403 && hasErrorCode(e, "REQUEST_LIMIT_EXCEEDED"));
    }

    /** "INVALID_FIELD: No such column 'X' on sobject of type Account [X]" (one line per Salesforce error). */
    static String describe(SalesforceException e) {
        if (e.getErrors() == null || e.getErrors().isEmpty()) {
            return "HTTP " + e.getStatusCode() + ": " + e.getMessage();
        }
        return e.getErrors().stream().map(SalesforceFailures::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(RestError error) {
        String fields = error.getFields() == null || error.getFields().isEmpty() ? "" : " " + error.getFields();
        return error.getErrorCode() + ": " + error.getMessage() + fields;
    }

    private static boolean hasErrorCode(SalesforceException e, String code) {
        return e.getErrors() != null && e.getErrors().stream().anyMatch(err -> code.equals(err.getErrorCode()));
    }
}

package io.encaisse.crm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.junit.jupiter.api.Test;

class SalesforceFailuresTest {

    static SalesforceException answer(int status, String code) {
        return new SalesforceException(List.of(new RestError(code, "message of " + code, List.of("X__c"))), status);
    }

    @Test
    void rejectionsOfThePayloadArePermanent() {
        assertThat(SalesforceFailures.isPermanent(answer(400, "INVALID_FIELD"))).isTrue();
        assertThat(SalesforceFailures.isPermanent(answer(400, "JSON_PARSER_ERROR"))).isTrue();
        assertThat(SalesforceFailures.isPermanent(answer(404, "NOT_FOUND"))).isTrue();
        assertThat(SalesforceFailures.isPermanent(answer(403, "INSUFFICIENT_ACCESS"))).isTrue();
    }

    @Test
    void outagesSessionsAndLimitsAreTransient() {
        assertThat(SalesforceFailures.isPermanent(answer(503, "SERVER_UNAVAILABLE"))).isFalse();
        assertThat(SalesforceFailures.isPermanent(answer(500, "UNKNOWN_EXCEPTION"))).isFalse();
        assertThat(SalesforceFailures.isPermanent(new SalesforceException("connection refused", 0))).isFalse();
        assertThat(SalesforceFailures.isPermanent(answer(401, "INVALID_SESSION_ID"))).isFalse();
        assertThat(SalesforceFailures.isPermanent(answer(403, "REQUEST_LIMIT_EXCEEDED"))).isFalse();
        assertThat(SalesforceFailures.isPermanent(answer(429, "TOO_MANY_REQUESTS"))).isFalse();
        assertThat(SalesforceFailures.isPermanent(new IOException("reset"))).isFalse();
        assertThat(SalesforceFailures.isPermanent(null)).isFalse();
    }

    @Test
    void describesEachErrorWithCodeMessageAndFields() {
        assertThat(SalesforceFailures.describe(answer(400, "INVALID_FIELD")))
                .isEqualTo("INVALID_FIELD: message of INVALID_FIELD [X__c]");
        assertThat(SalesforceFailures.describe(new SalesforceException("boom", 502))).startsWith("HTTP 502: ");
    }
}

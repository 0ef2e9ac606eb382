package io.encaisse.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.HubTestBase;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The shared error handling of routes/error-handling.yaml, end to end: no retry for a permanent failure, a dead letter, and the API. */
class DeadLetterFlowTest extends HubTestBase {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @Test
    void aPermanentFailureIsRecordedOnceWithItsReasonAndStaysFailed() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        if (camel.getRoute("test.permanent") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:test-permanent").routeId("test.permanent").routeConfigurationId("encaisse-errors")
                            .process(e -> {
                                attempts.incrementAndGet();
                                throw new PermanentFailure("Salesforce rejected field Foo__c");
                            });
                }
            });
        }
        Exchange result = producer.send("direct:test-permanent", e -> e.getIn().setBody("{\"customer\":\"C-42\"}"));

        assertThat(result.getException()).isInstanceOf(PermanentFailure.class); // not swallowed
        assertThat(attempts).hasValue(1); // no redelivery of a permanent failure
        JsonNode items = api().get("/api/v1/dead-letters?routeId=test.permanent").json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("reason").asText()).isEqualTo("Salesforce rejected field Foo__c");
        assertThat(items.get(0).get("payloadExcerpt").asText()).contains("C-42");
        assertThat(items.get(0).get("exceptionType").asText()).isEqualTo(PermanentFailure.class.getName());
    }
}

package io.encaisse.crm.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.AbstractDescribedSObjectBase;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.api.dto.SObjectDescription;
import org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * camel-salesforce 4.17.0 (plain Camel, no Spring) against {@link SalesforceEmulator}.
 */
class CamelSalesforceAgainstEmulatorTest {

    static final String UPSERT_URI =
            "salesforce:upsertSObject?sObjectName=Account&sObjectIdName=Encaisse_Customer_Id__c&rawPayload=true";

    private SalesforceEmulator sf;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void setUp() {
        sf = new SalesforceEmulator().start();
    }

    @AfterEach
    void tearDown() {
        if (camel != null) {
            camel.stop();
        }
        sf.close();
    }

    /** The component configuration the hub uses; Spring Boot equivalents are in the report. */
    private SalesforceComponent component(AuthenticationType type) {
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(sf.baseUrl()); // plain http is accepted, no extra option needed
        component.setClientId(sf.clientId());
        component.setClientSecret(sf.clientSecret());
        if (type == AuthenticationType.USERNAME_PASSWORD) {
            component.setUserName(sf.username());
            component.setPassword(sf.password());
        }
        component.setAuthenticationType(type);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        component.setConfig(config);
        return component;
    }

    private void startCamel(SalesforceComponent component, RouteBuilder... routes) throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent("salesforce", component);
        for (RouteBuilder route : routes) {
            camel.addRoutes(route);
        }
        camel.start();
        template = camel.createProducerTemplate();
    }

    private Exchange upsert(String endpoint, String customerId, String json) {
        return template.send(endpoint, ex -> {
            ex.getIn().setBody(json);
            ex.getIn().setHeader("sObjectIdValue", customerId);
        });
    }

    private long tokenRequests() {
        return sf.requests().stream().filter(r -> r.path().equals("/services/oauth2/token")).count();
    }

    @Test
    void loginAtStartupThenUpsertCreatesAndUpdates() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));

        // lazyLogin=false: the component logs in when the context starts, and that is all it calls
        assertThat(sf.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /services/oauth2/token");
        assertThat(sf.requests().get(0).body()).contains("grant_type=password", "format=json");

        Exchange first = upsert(UPSERT_URI, "C-001", "{\"Name\":\"ACME\",\"Encaisse_Outstanding__c\":1200.00}");
        assertThat(first.getException()).isNull();
        // note: camel-salesforce puts the status in CamelHttpResponseCode as a String ("201")
        assertThat(first.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo("201");
        assertThat(first.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(201);
        assertThat(first.getMessage().getBody(String.class)).contains("\"created\":true");
        assertThat(sf.account("C-001")).containsEntry("Name", "ACME");
        assertThat((BigDecimal) sf.account("C-001").get("Encaisse_Outstanding__c")).isEqualByComparingTo("1200.00");
        String id = (String) sf.account("C-001").get("Id");

        Exchange second = upsert(UPSERT_URI, "C-001", "{\"Name\":\"ACME SA\",\"Encaisse_Outstanding__c\":0}");
        assertThat(second.getException()).isNull();
        assertThat(second.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(second.getMessage().getBody(String.class)).contains("\"created\":false", id);
        assertThat(sf.account("C-001")).containsEntry("Name", "ACME SA").containsEntry("Id", id);
        assertThat((BigDecimal) sf.account("C-001").get("Encaisse_Outstanding__c")).isEqualByComparingTo("0");
        assertThat(sf.accountCount()).isEqualTo(1);

        SalesforceEmulator.RecordedRequest patch = sf.requests().get(1);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo("/services/data/v62.0/sobjects/Account/Encaisse_Customer_Id__c/C-001");
        assertThat(patch.header("Authorization")).startsWith("Bearer ");
        assertThat(patch.header("Content-Type")).startsWith("application/json");

        camel.stop();
        // on stop the session revokes its token
        assertThat(sf.requests().get(sf.requests().size() - 1).path()).isEqualTo("/services/oauth2/revoke");
        camel = null;
    }

    @Test
    void clientCredentialsFlow() throws Exception {
        startCamel(component(AuthenticationType.CLIENT_CREDENTIALS));
        assertThat(sf.requests().get(0).body()).contains("grant_type=client_credentials");
        Exchange ex = upsert(UPSERT_URI, "C-CC", "{\"Name\":\"Client creds\"}");
        assertThat(ex.getException()).isNull();
        assertThat(sf.account("C-CC")).containsEntry("Name", "Client creds");
    }

    @Test
    void lazyLoginDefersTokenRequestToFirstCall() throws Exception {
        SalesforceComponent component = component(AuthenticationType.USERNAME_PASSWORD);
        component.setLazyLogin(true);
        startCamel(component);
        assertThat(tokenRequests()).isZero();
        assertThat(upsert(UPSERT_URI, "C-L", "{\"Name\":\"Lazy\"}").getException()).isNull();
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void wrongPasswordFailsContextStartWithInvalidGrant() {
        SalesforceComponent component = component(AuthenticationType.USERNAME_PASSWORD);
        component.setPassword("wrong");
        assertThatThrownBy(() -> startCamel(component))
                .hasRootCauseInstanceOf(SalesforceException.class)
                .rootCause().satisfies(e -> {
                    SalesforceException se = (SalesforceException) e;
                    assertThat(se.getStatusCode()).isEqualTo(400);
                    assertThat(se.getErrors()).extracting(RestError::getErrorCode).containsExactly("invalid_grant");
                });
    }

    @Test
    void expiredSessionIsRenewedTransparently() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));
        assertThat(upsert(UPSERT_URI, "C-001", "{\"Name\":\"ACME\"}").getException()).isNull();

        sf.expireAllTokens();
        sf.clearRequests();
        Exchange ex = upsert(UPSERT_URI, "C-001", "{\"Name\":\"ACME renewed\"}");

        assertThat(ex.getException()).isNull();
        assertThat(sf.account("C-001")).containsEntry("Name", "ACME renewed");
        // 401 INVALID_SESSION_ID -> new token (no revoke of the dead one) -> replay of the same PATCH
        assertThat(sf.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "PATCH /services/data/v62.0/sobjects/Account/Encaisse_Customer_Id__c/C-001",
                "POST /services/oauth2/token",
                "PATCH /services/data/v62.0/sobjects/Account/Encaisse_Customer_Id__c/C-001");
    }

    @Test
    void invalidFieldSurfacesAsSalesforceExceptionWithStatusAndErrorCode() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));
        Exchange ex = upsert(UPSERT_URI, "C-002", "{\"Name\":\"ACME\",\"Bogus__c\":1}");

        SalesforceException e = ex.getException(SalesforceException.class);
        assertThat(e).isNotNull();
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrors()).hasSize(1);
        RestError error = e.getErrors().get(0);
        assertThat(error.getErrorCode()).isEqualTo("INVALID_FIELD");
        assertThat(error.getMessage()).contains("Bogus__c");
        assertThat(error.getFields()).containsExactly("Bogus__c");
        assertThat(sf.account("C-002")).isNull();

        // request-reply API: the same exception arrives wrapped in CamelExecutionException
        assertThatThrownBy(() -> template.requestBodyAndHeader(UPSERT_URI, "{\"Bogus__c\":1}", "sObjectIdValue", "C-002"))
                .hasCauseInstanceOf(SalesforceException.class);
    }

    @Test
    void badJsonAndUnknownExternalIdField() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));
        SalesforceException badJson = upsert(UPSERT_URI, "C-3", "{\"Name\":").getException(SalesforceException.class);
        assertThat(badJson.getStatusCode()).isEqualTo(400);
        assertThat(badJson.getErrors().get(0).getErrorCode()).isEqualTo("JSON_PARSER_ERROR");

        Exchange ex = upsert("salesforce:upsertSObject?sObjectName=Account&sObjectIdName=Name&rawPayload=true",
                "ACME", "{\"Phone\":\"1\"}");
        // 404 becomes NoSuchSObjectException, a SalesforceException subclass
        SalesforceException notFound = ex.getException(SalesforceException.class);
        assertThat(notFound).isInstanceOf(org.apache.camel.component.salesforce.api.NoSuchSObjectException.class);
        assertThat(notFound.getStatusCode()).isEqualTo(404);
        assertThat(notFound.getErrors().get(0).getErrorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void requestLimitExceededIs403() throws Exception {
        sf.withDailyApiRequestLimit(1);
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));
        assertThat(upsert(UPSERT_URI, "C-1", "{\"Name\":\"A\"}").getException()).isNull();
        SalesforceException e = upsert(UPSERT_URI, "C-1", "{\"Name\":\"B\"}").getException(SalesforceException.class);
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void serverErrorsAreNotRetriedByTheComponentButByARedeliveryPolicy() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD), new RouteBuilder() {
            @Override
            public void configure() {
                // the hub's policy: 5xx transient -> retry, 4xx permanent -> no retry (dead letter)
                onException(SalesforceException.class)
                        .onWhen(exchange -> exchange.getException(SalesforceException.class).getStatusCode() >= 500)
                        .maximumRedeliveries(3).redeliveryDelay(10);
                from("direct:push").to(UPSERT_URI);
            }
        });

        sf.failNextRequests(1);
        SalesforceException direct = upsert(UPSERT_URI, "C-1", "{\"Name\":\"A\"}").getException(SalesforceException.class);
        assertThat(direct.getStatusCode()).isEqualTo(503);
        assertThat(direct.getErrors().get(0).getErrorCode()).isEqualTo("SERVER_UNAVAILABLE");
        assertThat(sf.account("C-1")).isNull();

        sf.failNextRequests(2);
        sf.clearRequests();
        Exchange retried = upsert("direct:push", "C-1", "{\"Name\":\"A\"}");
        assertThat(retried.getException()).isNull();
        assertThat(sf.account("C-1")).containsEntry("Name", "A");
        assertThat(sf.requests()).hasSize(3);

        sf.clearRequests();
        Exchange permanent = upsert("direct:push", "C-1", "{\"Bogus__c\":1}");
        assertThat(permanent.getException(SalesforceException.class).getStatusCode()).isEqualTo(400);
        assertThat(sf.requests()).hasSize(1);
    }

    /**
     * Minimal hand-written DTO; camel-salesforce's collections operations need typed sObjects, not raw JSON.
     * camel does not fill attributes.type for such classes (generated DTOs do it themselves), and Salesforce
     * rejects collection records without it, so the constructor sets it.
     */
    public static class Account extends AbstractDescribedSObjectBase {
        @JsonProperty("Encaisse_Customer_Id__c")
        private String customerId;
        @JsonProperty("Encaisse_Outstanding__c")
        private BigDecimal outstanding;

        public Account() {
            getAttributes().setType("Account");
        }

        Account(String customerId, String name, String outstanding) {
            this();
            this.customerId = customerId;
            this.outstanding = new BigDecimal(outstanding);
            setName(name);
        }

        @Override
        public SObjectDescription description() {
            SObjectDescription description = new SObjectDescription();
            description.setName("Account");
            return description;
        }
    }

    static final String COLLECTIONS_URI =
            "salesforce:compositeUpsertSObjectCollections?sObjectName=Account&sObjectIdName=Encaisse_Customer_Id__c";

    @Test
    void compositeUpsertSObjectCollections() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));
        assertThat(upsert(UPSERT_URI, "C-2", "{\"Name\":\"Before\"}").getException()).isNull();
        sf.clearRequests();

        List<Account> records = List.of(new Account("C-1", "One", "10.50"), new Account("C-2", "Two", "20"));
        @SuppressWarnings("unchecked")
        List<UpsertSObjectResult> results = template.requestBodyAndHeader(COLLECTIONS_URI, records,
                "allOrNone", true, List.class);

        assertThat(results).extracting(UpsertSObjectResult::getCreated).containsExactly(true, false);
        assertThat(results).allSatisfy(r -> assertThat(r.getSuccess()).isTrue());
        assertThat(results.get(1).getId()).isEqualTo(sf.account("C-2").get("Id"));
        assertThat(sf.account("C-1")).containsEntry("Name", "One");
        assertThat(sf.account("C-2")).containsEntry("Name", "Two");
        SalesforceEmulator.RecordedRequest request = sf.requests().get(0);
        assertThat(request.method() + " " + request.path())
                .isEqualTo("PATCH /services/data/v62.0/composite/sobjects/Account/Encaisse_Customer_Id__c");
        assertThat(request.body()).contains("\"allOrNone\":true", "\"type\":\"Account\"");
    }

    @Test
    void collectionsPerRecordErrorsAndAllOrNoneEndpointOptionIgnored() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));
        Account bad = new Account("C-2", "Two", "1");
        bad.setOwnerId("005000000000001"); // OwnerId is not in the emulator's Account field list
        List<Account> records = List.of(new Account("C-1", "One", "1"), bad);

        // camel-salesforce 4.17.0: allOrNone=true as an ENDPOINT option is not sent (it is missing from
        // SalesforceEndpointConfig.toValueMap()); only the "allOrNone" message header reaches the request body.
        @SuppressWarnings("unchecked")
        List<UpsertSObjectResult> results = template.requestBody(COLLECTIONS_URI + "&allOrNone=true", records, List.class);
        assertThat(sf.requests().get(sf.requests().size() - 1).body()).contains("\"allOrNone\":false");
        assertThat(results.get(0).getSuccess()).isTrue();
        assertThat(results.get(1).getSuccess()).isFalse();
        // per-record errors use "statusCode"; camel maps it onto RestError.errorCode
        assertThat(results.get(1).getErrors()).extracting(RestError::getErrorCode).containsExactly("INVALID_FIELD");
        assertThat(sf.account("C-1")).isNotNull();
        assertThat(sf.account("C-2")).isNull();
    }

    @Test
    void externalIdValueIsUrlEncoded() throws Exception {
        startCamel(component(AuthenticationType.USERNAME_PASSWORD));
        assertThat(upsert(UPSERT_URI, "C 001/é+x", "{\"Name\":\"Odd\"}").getException()).isNull();
        assertThat(sf.account("C 001/é+x")).containsEntry("Name", "Odd");
        List<SalesforceEmulator.RecordedRequest> requests = sf.requests();
        assertThat(requests.get(requests.size() - 1).path()).endsWith("/Encaisse_Customer_Id__c/C%20001%2F%C3%A9%2Bx");
    }
}

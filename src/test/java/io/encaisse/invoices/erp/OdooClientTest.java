package io.encaisse.invoices.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.invoices.internal.erp.OdooClient;
import io.encaisse.invoices.internal.erp.OdooDomain;
import io.encaisse.invoices.internal.erp.OdooRpcException;
import io.encaisse.invoices.internal.erp.OdooUnavailableException;
import io.encaisse.shared.PermanentFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON-RPC client against {@link OdooEmulator}: answers, Odoo's errors, and which of them are worth a retry. */
class OdooClientTest {

    static OdooEmulator odoo;

    @BeforeAll
    static void start() {
        odoo = new OdooEmulator().start();
        for (long id = 1; id <= 5; id++) {
            odoo.put("res.partner", id, Map.of("name", "P" + id, "ref", "R" + id, "customer_rank", id == 5 ? 0 : 1,
                    "credit_limit", new BigDecimal("1234.56"), "currency_id", List.of(1, "EUR")));
        }
        odoo.put("res.partner", 6, Map.of("name", "Archived", "customer_rank", 1, "active", false));
        odoo.put("res.partner", 7, Map.of("name", "Contact", "customer_rank", 1, "parent_id", List.of(1, "P1")));
    }

    @AfterAll
    static void stop() {
        odoo.close();
    }

    static OdooClient client(String password) {
        return new OdooClient(new ErpProperties.Odoo(true, odoo.url() + "/", OdooEmulator.DATABASE, OdooEmulator.LOGIN, password,
                200, "1m", Duration.ofSeconds(5), "odoo-partner.jsonata", "odoo-invoice.jsonata"));
    }

    @Test
    void searchReadHonoursDomainFieldsLimitAndOrder() {
        OdooClient c = client(OdooEmulator.API_KEY);
        assertThat(c.uid()).isEqualTo(OdooEmulator.UID);
        List<ObjectNode> page = c.searchRead("res.partner", OdooDomain.CUSTOMERS, List.of("ref", "credit_limit", "currency_id"), 3,
                "id desc");
        assertThat(page).extracting(r -> r.get("id").asLong()).containsExactly(4L, 3L, 2L);
        assertThat(page.get(0).get("credit_limit").decimalValue()).isEqualByComparingTo("1234.56");
        assertThat(page.get(0).get("currency_id").get(1).asText()).isEqualTo("EUR");
        assertThat(page.get(0).has("name")).as("only the fields asked").isFalse();
        assertThat(c.read("res.partner", List.of(7L), List.of("parent_id")).get(0).get("parent_id").get(0).asLong()).isEqualTo(1);
    }

    @Test
    void aBadPasswordIsAPermanentFailure() {
        assertThatThrownBy(() -> client("wrong").uid()).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("Odoo refused the login").hasMessageContaining("ENCAISSE_ERP_ODOO_PASSWORD");
    }

    @Test
    void aPasswordChangedAfterLoginAnswersAccessDeniedAndForgetsTheSession() {
        OdooClient c = client(OdooEmulator.API_KEY);
        c.uid();
        odoo.failNextRpc(1, "odoo.exceptions.AccessDenied", "Access Denied");
        assertThatThrownBy(() -> c.searchRead("res.partner", List.of(), List.of("name"), 1, "id"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("odoo.exceptions.AccessDenied: Access Denied");
        odoo.clearCalls();
        c.searchRead("res.partner", List.of(), List.of("name"), 1, "id");
        assertThat(odoo.calls().get(0).method()).isEqualTo("login");
    }

    @Test
    void aModelTheUserMayNotReadAndAnUnknownFieldArePermanent() {
        OdooClient c = client(OdooEmulator.API_KEY);
        odoo.deny("account.move");
        try {
            assertThatThrownBy(() -> c.searchRead("account.move", List.of(), List.of("name"), 1, "id"))
                    .isInstanceOf(PermanentFailure.class).hasMessageContaining("odoo.exceptions.AccessError")
                    .hasMessageContaining("(account.move)");
        } finally {
            odoo.allow("account.move");
        }
        assertThatThrownBy(() -> c.searchRead("res.partner", List.of(), List.of("no_such_field"), 1, "id"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("ValueError")
                .hasMessageContaining("Invalid field 'no_such_field' on model 'res.partner'");
    }

    @Test
    void aBadGatewayOrAServerHiccupIsWorthARetry() {
        OdooClient c = client(OdooEmulator.API_KEY);
        c.uid();
        odoo.failNextHttp(1, 502);
        assertThatThrownBy(() -> c.searchRead("res.partner", List.of(), List.of("name"), 1, "id"))
                .isInstanceOf(OdooUnavailableException.class).hasMessageContaining("HTTP 502");
        odoo.failNextRpc(1, "psycopg2.errors.SerializationFailure", "could not serialize access");
        assertThatThrownBy(() -> c.searchRead("res.partner", List.of(), List.of("name"), 1, "id"))
                .isInstanceOf(OdooRpcException.class).isNotInstanceOf(PermanentFailure.class);
        assertThat(c.searchRead("res.partner", List.of(), List.of("name"), 1, "id")).hasSize(1);
    }
}

package io.encaisse.invoices.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encaisse.invoices.internal.erp.OdooDomain;
import io.encaisse.invoices.internal.erp.OdooDomain.Cursor;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "updated since" keyset: the domain sent to Odoo and how the cursor moves. */
class OdooDomainTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDateTime T = LocalDateTime.of(2026, 11, 20, 9, 15, 44);

    static ObjectNode record(long id, String writeDate) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("write_date", writeDate);
        return r;
    }

    @Test
    void withoutCursorTheBaseDomainAlone() throws Exception {
        assertThat(JSON.writeValueAsString(OdooDomain.since(OdooDomain.CUSTOMER_INVOICES, null))).isEqualTo(
                "[[\"move_type\",\"in\",[\"out_invoice\",\"out_refund\"]],[\"state\",\"in\",[\"posted\",\"cancel\"]]]");
    }

    @Test
    void afterACursorTheLaterSecondsOrTheSameSecondWithAHigherId() throws Exception {
        List<Object> domain = OdooDomain.since(OdooDomain.CUSTOMERS, new Cursor(T, 1200));
        assertThat(JSON.writeValueAsString(domain)).isEqualTo("[\"|\",[\"parent_id\",\"=\",false],[\"is_company\",\"=\",true],[\"customer_rank\",\">\",0],"
                + "\"|\",[\"write_date\",\">=\",\"2026-11-20 09:15:45\"],"
                + "\"&\",[\"write_date\",\">=\",\"2026-11-20 09:15:44\"],[\"id\",\">\",1200]]");
    }

    @Test
    void theCursorMovesToTheLastRecordOfThePage() {
        Cursor before = new Cursor(T, 1200);
        assertThat(OdooDomain.after(before, List.of(record(1201, "2026-11-20 09:15:44"), record(17, "2026-11-20 09:16:02"))))
                .isEqualTo(new Cursor(T.plusSeconds(18), 17));
        assertThat(OdooDomain.after(before, List.of())).isSameAs(before);
        assertThat(OdooDomain.after(null, List.of())).isNull();
        assertThat(OdooDomain.after(null, List.of(record(5, "2026-11-20 09:15:44")))).isEqualTo(new Cursor(T, 5));
    }

    @Test
    void aPageThatDoesNotAdvanceIsRefusedRatherThanReadForever() {
        Cursor before = new Cursor(T, 1200);
        assertThatThrownBy(() -> OdooDomain.after(before, List.of(record(1200, "2026-11-20 09:15:44"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not advance");
        assertThatThrownBy(() -> OdooDomain.after(before, List.of(record(1300, "2026-11-20 09:15:43"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void odooDatetimes() {
        assertThat(OdooDomain.parseDateTime("2026-11-20 09:15:44")).isEqualTo(T);
        assertThat(OdooDomain.parseDateTime("2026-11-20 09:15:44.123456")).as("fractions ignored").isEqualTo(T);
        assertThat(OdooDomain.format(T)).isEqualTo("2026-11-20 09:15:44");
        assertThatThrownBy(() -> OdooDomain.parseDateTime("20/11/2026")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Cursor(T, 2)).isGreaterThan(new Cursor(T, 1)).isLessThan(new Cursor(T.plusSeconds(1), 0));
    }
}

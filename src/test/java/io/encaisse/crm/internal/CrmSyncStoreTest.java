package io.encaisse.crm.internal;

import io.encaisse.support.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** crm_account_sync on a real PostgreSQL with the real migrations. */
class CrmSyncStoreTest {

    static JdbcTemplate jdbc;
    static CrmSyncStore store;
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final Duration LEASE = AccountPush.LEASE;

    @BeforeAll
    static void migrate() {
        DriverManagerDataSource ds = new DriverManagerDataSource(TestPostgres.jdbcUrl("crm_store"), "postgres", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        store = new CrmSyncStore(jdbc);
    }

    static UUID customer() {
        return UUID.randomUUID();
    }

    List<CrmSyncStore.Claim> claim(Instant now) {
        return store.claim(1000, now, LEASE);
    }

    List<CrmSyncStore.Claim> claimOf(UUID id, Instant now) {
        return claim(now).stream().filter(c -> c.customerId().equals(id)).toList();
    }

    @Test
    void aBurstOfRequestsIsOnePendingRow() {
        UUID id = customer();
        store.requestPush(id, "C-1", T0);
        store.requestPush(id, "C-1", T0.plusMillis(1));
        store.requestPush(id, "C-1", T0.plusMillis(2));
        assertThat(jdbc.queryForObject("select count(*) from crm_account_sync where customer_id = ?", Integer.class, id)).isEqualTo(1);
        CrmSyncStore.Row row = store.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo("PENDING");
        assertThat(row.requestSeq()).isEqualTo(3);
        assertThat(row.requestedAt()).isEqualTo(T0.plusMillis(2));
    }

    @Test
    void requestsInOneBatchAreTheSameAsOneByOne() {
        UUID known = customer();
        UUID fresh = customer();
        store.requestPush(known, "C-B1", T0);
        store.requestPushAll(List.of(known, fresh), List.of("C-B1", "C-B2"), T0.plusSeconds(1));
        assertThat(store.find(known).orElseThrow().requestSeq()).isEqualTo(2);
        assertThat(store.find(fresh).orElseThrow().requestSeq()).isEqualTo(1);
        assertThat(store.find(fresh).orElseThrow().status()).isEqualTo("PENDING");
        assertThat(store.find(fresh).orElseThrow().requestedAt()).isEqualTo(T0.plusSeconds(1));
        store.requestPushAll(List.of(), List.of(), T0.plusSeconds(2));
        assertThat(store.find(known).orElseThrow().requestSeq()).isEqualTo(2);
    }

    @Test
    void aClaimedRowIsNotClaimedAgainUntilItsLeaseIsOver() {
        UUID id = customer();
        store.requestPush(id, "C-2", T0);
        assertThat(claimOf(id, T0)).hasSize(1);
        assertThat(claimOf(id, T0.plusSeconds(60))).isEmpty();
        // the push never finished (crash, restart, Salesforce down): the row is still PENDING and is taken again
        assertThat(store.find(id).orElseThrow().status()).isEqualTo("PENDING");
        assertThat(claimOf(id, T0.plus(LEASE).plusSeconds(1))).hasSize(1);
    }

    @Test
    void sentOnlyForTheRequestThatWasPushed() {
        UUID id = customer();
        store.requestPush(id, "C-3", T0);
        CrmSyncStore.Claim claim = claimOf(id, T0).get(0);
        store.requestPush(id, "C-3", T0.plusSeconds(1)); // the position changed during the push
        store.markSent(claim, "h1", "001000000000001AAA", T0.plusSeconds(2));
        CrmSyncStore.Row row = store.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo("PENDING");
        assertThat(row.payloadHash()).isEqualTo("h1");
        assertThat(row.crmRecordId()).isEqualTo("001000000000001AAA");
        // and the newer request is claimable at once
        CrmSyncStore.Claim next = claimOf(id, T0.plusSeconds(3)).get(0);
        store.markSent(next, "h2", null, T0.plusSeconds(4));
        row = store.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo("SENT");
        assertThat(row.crmRecordId()).isEqualTo("001000000000001AAA"); // kept when the answer has no id
        assertThat(row.pushedAt()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void failedStaysFailedUntilTheNextRequestOrTheDailyRefresh() {
        UUID id = customer();
        store.requestPush(id, "C-4", T0);
        store.markFailed(claimOf(id, T0).get(0), "INVALID_FIELD: No such column");
        assertThat(store.find(id).orElseThrow().status()).isEqualTo("FAILED");
        assertThat(claimOf(id, T0.plus(LEASE).plusSeconds(1))).isEmpty();

        assertThat(store.requestAll(T0.plusSeconds(10))).isPositive();
        CrmSyncStore.Row row = store.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo("PENDING");
        assertThat(row.lastError()).isEqualTo("INVALID_FIELD: No such column"); // until a push succeeds
        store.markSent(claimOf(id, T0.plusSeconds(11)).get(0), "h", "001000000000002AAA", T0.plusSeconds(12));
        assertThat(store.find(id).orElseThrow().lastError()).isNull();
    }
}

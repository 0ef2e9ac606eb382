package io.encaisse;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.support.HubTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class BootTest extends HubTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migratesTheSchemaOnARealPostgres() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class)).isGreaterThanOrEqualTo(8);
    }
}

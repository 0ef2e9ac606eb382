package io.encaisse.invoices.internal.erp.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.ErpFileImportView;
import io.encaisse.invoices.ErpFileImports;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table erp_file_import: one report per file. */
@Repository
class ErpFileImportStore implements ErpFileImports {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    ErpFileImportStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void save(ErpFileImportView r) {
        String rejections;
        try {
            rejections = json.writeValueAsString(r.rejections());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update("""
                insert into erp_file_import (id, file_name, profile, kind, status, reason, rows_read, created, updated, unchanged,
                    rejected, rejections, received_at, finished_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                r.id(), abbreviate(r.fileName(), 255), r.profile(), r.kind(), r.status(), r.reason(), r.rowsRead(), r.created(),
                r.updated(), r.unchanged(), r.rejected(), rejections, Timestamp.from(r.receivedAt()), Timestamp.from(r.finishedAt()));
    }

    @Override
    public List<ErpFileImportView> latest(int limit) {
        return jdbc.query("select * from erp_file_import order by received_at desc, id limit ?", (rs, i) -> view(rs, false), limit);
    }

    @Override
    public Optional<ErpFileImportView> find(UUID id) {
        return jdbc.query("select * from erp_file_import where id = ?", (rs, i) -> view(rs, true), id).stream().findFirst();
    }

    private ErpFileImportView view(ResultSet rs, boolean withRejections) throws SQLException {
        List<ErpFileImportView.RowRejection> rejections = List.of();
        if (withRejections) {
            try {
                rejections = json.readValue(rs.getString("rejections"), new TypeReference<>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("erp_file_import.rejections is not JSON", e);
            }
        }
        return new ErpFileImportView(rs.getObject("id", UUID.class), rs.getString("file_name"), rs.getString("profile"),
                rs.getString("kind"), rs.getString("status"), rs.getString("reason"), rs.getInt("rows_read"), rs.getInt("created"),
                rs.getInt("updated"), rs.getInt("unchanged"), rs.getInt("rejected"), rejections,
                rs.getTimestamp("received_at").toInstant(), rs.getTimestamp("finished_at").toInstant());
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

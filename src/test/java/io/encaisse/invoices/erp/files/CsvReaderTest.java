package io.encaisse.invoices.erp.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.encaisse.invoices.internal.erp.files.CsvReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    record Rec(int line, List<String> fields) {
    }

    static List<Rec> read(String text, char delimiter) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(text), delimiter, '"')) {
            List<String> f;
            while ((f = r.next()) != null) {
                out.add(new Rec(r.line(), f));
            }
        }
        return out;
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        List<Rec> recs = read("a;b;c\r\n\"x;y\";\"say \"\"hi\"\"\";\"two\r\nlines\"\r\n1;;3\r\n", ';');
        assertThat(recs).containsExactly(
                new Rec(1, List.of("a", "b", "c")),
                new Rec(2, List.of("x;y", "say \"hi\"", "two\r\nlines")),
                new Rec(4, List.of("1", "", "3")));
    }

    @Test
    void lfCrAndAMissingFinalLineBreakAllEndRecords() throws IOException {
        assertThat(read("a,b\nc,d\re,f", ',')).containsExactly(new Rec(1, List.of("a", "b")), new Rec(2, List.of("c", "d")),
                new Rec(3, List.of("e", "f")));
    }

    @Test
    void byteOrderMarkDroppedBlankLinesEmptyAndEmptyQuotedFieldKept() throws IOException {
        assertThat(read("\uFEFFid,name\n\n\"\",x\n", ',')).containsExactly(new Rec(1, List.of("id", "name")), new Rec(2, List.of()),
                new Rec(3, List.of("", "x")));
        assertThat(read("a,\n", ',')).containsExactly(new Rec(1, List.of("a", "")));
    }

    @Test
    void anUnclosedQuoteIsABrokenFileNamingItsLine() {
        assertThatThrownBy(() -> read("a,b\n1,\"open\n2,3\n", ',')).isInstanceOf(CsvReader.CsvException.class)
                .hasMessageContaining("Line 2").hasMessageContaining("not closed");
    }
}
